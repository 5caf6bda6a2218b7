"""Correcting validated work: ask to reopen an activity with a reason; a reviewer reopens it
(back to draft, reviewed again) or refuses with a reason. Thin: ``review.services`` decides."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from avance.accounts.access import require
from avance.review import services
from avance.web.activities.forms import DecisionForm, ReopeningForm
from avance.web.activities.views import apply_transition


def _comment(form) -> str:
    return form.cleaned_data["comment"] if form.is_valid() else ""


@require_POST
@require("activities.request_reopening")
def request_reopening(request, pk: int):
    form = ReopeningForm(request.POST)

    def action(activity):
        services.request_reopening(activity=activity, user=request.user, reason=_comment(form))
        messages.success(
            request, _("Se pidió reabrir la actividad; una persona de revisión lo decidirá.")
        )

    apply_transition(request, pk, action)
    return redirect("activities:detail", pk=pk)


@require_POST
@require("activities.decide_reopening")
def reopen(request, pk: int):
    form = DecisionForm(request.POST)

    def action(activity):
        services.reopen_activity(activity=activity, user=request.user, comment=_comment(form))
        messages.success(request, _("La actividad volvió a borrador para corregirla."))

    apply_transition(request, pk, action)
    return redirect("activities:detail", pk=pk)


@require_POST
@require("activities.decide_reopening")
def refuse(request, pk: int):
    form = DecisionForm(request.POST)

    def action(activity):
        services.refuse_reopening(activity=activity, user=request.user, comment=_comment(form))
        messages.success(request, _("No se reabrió la actividad; sigue validada."))

    apply_transition(request, pk, action)
    return redirect("activities:detail", pk=pk)
