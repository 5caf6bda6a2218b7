from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from avance.accounts.access import require
from avance.activities.figures import resolve_figures
from avance.activities.models import Activity, Figure


@require("activities.view_activity")
def activity_detail(request, pk: int):
    """An activity with its figures; each figure has the anchor ``#cifra-<name>``."""
    figures = Figure.objects.select_related("measure", "entered_by", "activity")
    activity = get_object_or_404(
        Activity.objects.select_related("objective", "budget_program", "unit").prefetch_related(
            Prefetch("figures", queryset=figures),
            "footnotes",
            "states",
            "sessions__body",
            "partners__organization",
            "evidence",
            "municipalities__state",
        ),
        pk=pk,
    )
    resolved = resolve_figures(activity.figures.all())
    rows = [(figure, resolved.get(figure.pk)) for figure in activity.figures.all()]
    return render(request, "activities/detail.html", {"activity": activity, "figures": rows})
