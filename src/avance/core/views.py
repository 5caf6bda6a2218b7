from django.shortcuts import render

from avance.accounts.access import authenticated
from avance.reports.models import Edition


@authenticated
def home(request):
    """The landing page of a signed-in user."""
    editions = Edition.objects.order_by("-year", "-number")[:10]
    return render(request, "core/home.html", {"editions": editions})
