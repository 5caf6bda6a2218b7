from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from avance.reports.models import Edition


@login_required
def home(request):
    """The landing page of a signed-in user."""
    editions = Edition.objects.order_by("-year", "-number")[:10]
    return render(request, "core/home.html", {"editions": editions})
