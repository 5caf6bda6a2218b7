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


def _act(request, pk: int, form_class, service, success: str, *, keyword: str = "comment"):
    """Run ``service`` on the activity with the form's comment (passed as ``keyword``); its
    refusal is a message. Back to the activity's page."""
    form = form_class(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""

    def action(activity):
        service(activity=activity, user=request.user, **{keyword: comment})
        messages.success(request, success)

    apply_transition(request, pk, action)
    return redirect("activities:detail", pk=pk)


@require_POST
@require("activities.request_reopening")
def request_reopening(request, pk: int):
    return _act(
        request,
        pk,
        ReopeningForm,
        services.request_reopening,
        _("Se pidió reabrir la actividad; una persona de revisión lo decidirá."),
        keyword="reason",
    )


@require_POST
@require("activities.decide_reopening")
def reopen(request, pk: int):
    return _act(
        request,
        pk,
        DecisionForm,
        services.reopen_activity,
        _("La actividad volvió a borrador para corregirla."),
    )


@require_POST
@require("activities.decide_reopening")
def refuse(request, pk: int):
    return _act(
        request,
        pk,
        DecisionForm,
        services.refuse_reopening,
        _("No se reabrió la actividad; sigue validada."),
    )
