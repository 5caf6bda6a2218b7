"""Pages of the activity registry. Thin: scope from ``queries``, rules from ``rules``,
state changes from ``services``; every object is fetched through ``activities_for``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from avance.accounts.access import require
from avance.capture.activities.models import (
    Activity,
    Figure,
    Partner,
    ReviewComment,
    ReviewStatus,
)
from avance.capture.activities.pasting import from_html, from_text
from avance.capture.activities.queries import activities_for, activity_history
from avance.capture.people.queries import rosters_for
from avance.catalogs.bodies.models import Session
from avance.catalogs.territory.models import Municipality
from avance.figures.resolve import resolve_figures
from avance.review import services
from avance.web.activities import listing
from avance.web.activities.forms import (
    FORMSETS,
    ActivityForm,
    DecisionForm,
    ReopeningForm,
    SendBackForm,
    ValidateForm,
    build_preview,
    saved_sentence,
)
from avance.web.exports import export_links

PAGE_SIZE = 25


@require("activities.view_activity")
def activity_list(request):
    """The activities the user may see, filtered, sorted and paginated (newest year first)."""
    activity_filter, ids = listing.shown(request)
    # The page's ids are chosen first (the index alone) and only those rows are joined:
    # joined before the offset, a late page joins every row before it.
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("pagina"))
    page_ids = list(page.object_list)
    rows = activities_for(request.user).filter(pk__in=page_ids)
    rows = rows.select_related("objective", "unit", "reporting_organization")
    page.object_list = listing.with_labels(listing.in_order(rows, page_ids))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "activities/list.html",
        {
            "filter": activity_filter,
            "page": page,
            "query": query.urlencode(),
            "headers": listing.headers(request),
            "exports": export_links("activities:export", query=query.urlencode()),
            "can_add": request.user.has_perm("activities.add_activity"),
            "can_bulk": request.user.has_perm("activities.review_activity"),
        },
    )


def _detail_relations() -> list:
    # One query per relation: the related rows come joined (select_related) in each.
    figures = Figure.objects.select_related("measure", "entered_by", "activity")
    return [
        Prefetch("figures", queryset=figures),
        "footnotes",
        "states",
        Prefetch("sessions", queryset=Session.objects.select_related("body")),
        Prefetch("partners", queryset=Partner.objects.select_related("organization")),
        "evidence",
        Prefetch("municipalities", queryset=Municipality.objects.select_related("state")),
        Prefetch("review_comments", queryset=ReviewComment.objects.select_related("author")),
    ]


def _reopening(user, activity) -> dict:
    """What the page offers on a validated activity: ask to reopen it, or decide a request."""
    if activity.status != ReviewStatus.VALIDATED:
        return {}
    pending = services.pending_reopening(activity)
    decides = user.has_perm("activities.decide_reopening", activity)
    return {
        "reopening": pending,
        "can_request_reopening": pending is None
        and user.has_perm("activities.request_reopening", activity),
        "can_decide_reopening": pending is not None
        and decides
        and pending.requested_by_id != user.pk,
        "reopening_form": ReopeningForm(auto_id="id_reopen_%s"),
        "decision_form": DecisionForm(auto_id="id_decide_%s"),
    }


@require("activities.view_activity")
def activity_detail(request, pk: int):
    """An activity with its figures; each figure has the anchor ``#cifra-<name>``."""
    activity = get_object_or_404(
        activities_for(request.user)
        .select_related("objective", "budget_program", "unit", "reporting_organization")
        .prefetch_related(*_detail_relations()),
        pk=pk,
    )
    resolved = resolve_figures(activity.figures.all())
    rows = [(figure, resolved.get(figure.pk)) for figure in activity.figures.all()]
    sentence = saved_sentence(activity, resolved)
    user = request.user
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "figures": rows,
            "preview": sentence,
            "can_change": user.has_perm("activities.change_activity", activity),
            "can_submit": user.has_perm("activities.submit_activity", activity),
            "can_review": user.has_perm("activities.review_activity", activity),
            "can_validate": user.has_perm("activities.validate_activity", activity)
            and user.pk not in (activity.submitted_by_id, activity.changed_by_id),
            # Both forms have a «comment» field: distinct ids keep each label on its own box.
            "send_back_form": SendBackForm(auto_id="id_send_back_%s"),
            "validate_form": ValidateForm(auto_id="id_validate_%s"),
            **_reopening(user, activity),
            "rosters": list(rosters_for(user).filter(activity=activity).order_by("name"))
            if user.has_perm("people.view_roster")
            else None,
        },
    )


def _formsets(data, instance, form):
    """The inline formsets of the activity; a figure chooses among the rosters and bodies of
    the activity's institution (the form's)."""
    institution = form.instance.institution_id
    return {
        name: formset_class(
            data,
            instance=instance,
            prefix=name,
            **({"form_kwargs": {"institution_id": institution}} if name == "figures" else {}),
        )
        for name, formset_class, _label in FORMSETS
    }


RELATIONS = ("sessions", "states", "municipalities")  # kept in Activity's history records


def _save_with_relations(activity: Activity, form) -> None:
    """Save the activity and its relations as one history entry (who comes from the request).

    simple-history writes a record for every add or remove of a relation (up to six per
    save); here the relations are set without records and the activity is saved after
    them, so that one record holds the new fields and the new relations. A new activity
    needs its id before its relations: it gets its «+» record first and, when relations
    were chosen, a «~» record with them.
    """
    adding = activity._state.adding
    if adding:
        activity.save()
    activity.skip_history_when_saving = True
    try:
        form.save_m2m()
    finally:
        del activity.skip_history_when_saving
    if not adding or any(form.cleaned_data.get(name) for name in RELATIONS):
        activity.save()


def _save(request, form, formsets) -> Activity:
    with transaction.atomic():
        activity = form.save(commit=False)
        if activity.created_by_id is None:
            activity.created_by = request.user
        activity.changed_by = request.user
        _save_with_relations(activity, form)
        for name, formset in formsets.items():
            formset.instance = activity
            objects = formset.save(commit=False)
            for obj in formset.deleted_objects:
                obj.delete()
            for obj in objects:
                if name == "figures" and obj.source == "entered":
                    obj.entered_by = request.user
                obj.save()
    return activity


def _editor(request, *, instance: Activity | None):
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, instance=instance, user=request.user)
    formsets = _formsets(data, instance or Activity(), form)
    preview = None
    if data is not None:
        if "_preview" in data:
            preview = build_preview(form=form, formsets=formsets, instance=instance)
        elif form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            activity = _save(request, form, formsets)
            messages.success(request, _("Actividad guardada."))
            return redirect("activities:detail", pk=activity.pk)
        else:
            messages.error(request, _("Revise los campos marcados."))
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "formsets": [(formsets[name], label) for name, _fs, label in FORMSETS],
            "activity": instance,
            "preview": preview,
        },
    )


@require("activities.add_activity")
def activity_create(request):
    return _editor(request, instance=None)


@require("activities.change_activity")
def activity_edit(request, pk: int):
    activity = get_object_or_404(activities_for(request.user), pk=pk)
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    return _editor(request, instance=activity)


@require("activities.add_activity")
def narrative_preview(request):
    """The live preview: the narrative rendered from the (unsaved) form, as an HTML fragment."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _preview(request, instance=None)


@require("activities.change_activity")
def narrative_preview_existing(request, pk: int):
    """The live preview of the edit page: the formsets' saved rows belong to this activity."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    activity = get_object_or_404(activities_for(request.user), pk=pk)
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    return _preview(request, instance=activity)


def _preview(request, *, instance: Activity | None):
    form = ActivityForm(request.POST, instance=instance, user=request.user)
    formsets = _formsets(request.POST, instance or Activity(), form)
    preview = build_preview(form=form, formsets=formsets, instance=instance)
    return render(request, "activities/_preview.html", {"preview": preview})


def apply_transition(request, pk: int, action) -> Activity:
    """Run a review ``action`` on an activity the user sees; its refusal becomes a message."""
    activity = get_object_or_404(activities_for(request.user), pk=pk)
    try:
        action(activity)
    except ValidationError as error:  # TransitionError too
        messages.error(request, " ".join(error.messages))
    except services.OwnWorkError as error:  # four eyes: the reason is shown, not a bare 403
        messages.error(request, str(error))
    return activity


@require_POST
@require("activities.submit_activity")
def activity_submit(request, pk: int):
    def action(activity):
        services.submit_activity(activity=activity, user=request.user)
        messages.success(request, _("Actividad enviada a revisión."))

    apply_transition(request, pk, action)
    return redirect("activities:detail", pk=pk)


@require_POST
@require("activities.validate_activity")
def activity_validate(request, pk: int):
    form = ValidateForm(request.POST)

    def action(activity):
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        services.validate_activity(activity=activity, user=request.user, comment=comment)
        messages.success(request, _("Actividad validada."))

    apply_transition(request, pk, action)
    return redirect("activities:detail", pk=pk)


@require_POST
@require("activities.review_activity")
def activity_send_back(request, pk: int):
    form = SendBackForm(request.POST)

    def action(activity):
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        services.send_back_activity(activity=activity, user=request.user, comment=comment)
        messages.success(request, _("Actividad devuelta con observaciones."))

    apply_transition(request, pk, action)
    return redirect("activities:detail", pk=pk)


@require_safe  # the audit trail is read here, never written
@require("activities.view_history")
def activity_history_page(request, pk: int):
    """Every recorded change of the activity and its parts: who, when, before and after."""
    activity = get_object_or_404(activities_for(request.user), pk=pk)
    return render(
        request,
        "activities/history.html",
        {"activity": activity, "entries": activity_history(activity)},
    )


@require_POST
@require("activities.add_activity")
def narrative_paste(request):
    """What a narrative keeps of a paste (``html`` or ``text``): JSON ``{"text", "notes"}``,
    each note ``{"key", "text"}`` (the editor's script inserts the text and adds the notes)."""
    markup = request.POST.get("html", "")
    pasted = from_html(markup) if markup.strip() else from_text(request.POST.get("text", ""))
    notes = [{"key": key, "text": text} for key, text in pasted.notes]
    return JsonResponse({"text": pasted.text, "notes": notes})
