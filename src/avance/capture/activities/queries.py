"""Scoped querysets: the ONE way pages, exports and APIs list or fetch activities.

Fetching through ``activities_for(user)`` is what makes another organisation's record answer
404: it is simply not in the user's queryset.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from avance.accounts.scope import scope_of
from avance.capture.activities.models import Activity, ReviewStatus

EDITABLE_STATES = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


def activities_for(user) -> QuerySet[Activity]:
    """Activities ``user`` may see.

    Only the activities of the institution the user works in: its administrators, analysts,
    reviewers and signatories see every one (analysts edit only their unit's; see
    ``rules.py``); a liaison only those its organisation reports; anyone else none.
    """
    scope = scope_of(user)
    if scope.institution_id is None:
        return Activity.objects.none()
    own = Activity.objects.filter(institution_id=scope.institution_id)
    if scope.sees_whole_institute:
        return own
    if scope.organization_ids:
        return own.filter(reporting_organization__in=scope.organization_ids)
    return Activity.objects.none()


def editable_by(user, queryset: QuerySet[Activity] | None = None) -> QuerySet[Activity]:
    """Activities ``user`` captures: its unit's (analyst) or organisation's (liaison)."""
    scope = scope_of(user)
    queryset = activities_for(user) if queryset is None else queryset
    if scope.is_administrator:
        return queryset
    if not (scope.unit_ids or scope.organization_ids):
        return queryset.none()
    condition = Q(pk__in=[])
    if scope.unit_ids:
        condition |= Q(unit__in=scope.unit_ids)
    if scope.organization_ids:
        condition |= Q(reporting_organization__in=scope.organization_ids)
    return queryset.filter(condition)


def pending_work_for(user) -> dict[str, QuerySet[Activity]]:
    """The activities waiting for ``user``, by kind of work (for the home page)."""
    scope = scope_of(user)
    out: dict[str, QuerySet[Activity]] = {}
    if scope.unit_ids or scope.organization_ids:
        mine = editable_by(user) if not scope.is_administrator else None
        if mine is not None:
            out["to_capture"] = mine.filter(status__in=EDITABLE_STATES)
    if scope.has("reviewer"):
        out["to_review"] = activities_for(user).filter(status=ReviewStatus.SUBMITTED)
        # Validated work someone asked to correct: a reviewer reopens it or says why not.
        out["to_reopen"] = activities_for(user).filter(
            status=ReviewStatus.VALIDATED, reopening_requests__status="pending"
        )
    return out


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded save or deletion of the activity or one of its parts."""

    when: datetime.datetime
    who: str
    kind: str  # «+» created, «~» changed, «-» deleted
    model: str
    label: str
    reason: str
    changes: tuple[Change, ...]


def _display(record, field) -> str:
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    if field.is_relation:
        try:
            return str(getattr(record, field.name))
        except field.related_model.DoesNotExist:
            return f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


# Activity's many-to-many fields kept with each of its historical records (see models.py):
# field, history model of its rows, related object on a row, its select_related path
M2M_HISTORY = (
    ("states", "HistoricalActivity_states", "state", "state"),
    ("municipalities", "HistoricalActivity_municipalities", "municipality", "municipality__state"),
    ("sessions", "HistoricalActivity_sessions", "session", "session__body"),
)


def _related_at(records) -> dict[int, dict[str, str]]:
    """history_id → {m2m field: «A, B» as of that record}; one query per field."""
    from django.apps import apps

    ids = [record.history_id for record in records]
    out: dict[int, dict[str, list[str]]] = {i: {} for i in ids}
    for field, model_name, attr, path in M2M_HISTORY:
        rows = apps.get_model("activities", model_name).objects.filter(history_id__in=ids)
        for row in rows.select_related(path):
            related = getattr(row, attr)
            out[row.history_id].setdefault(field, []).append(
                str(related) if related is not None else f"#{getattr(row, attr + '_id')}"
            )
    return {
        i: {field: ", ".join(sorted(names)) for field, names in by_field.items()}
        for i, by_field in out.items()
    }


# Fields that say who, when and whose rather than what: each entry already shows its author
# and date, and an activity never leaves the institution it was captured in.
BOOKKEEPING = {
    "id",
    "institution",
    "activity",
    "updated_at",
    "created_at",
    "created_by",
    "changed_by",
    "submitted_by",
}


def activity_history(activity: Activity) -> list[HistoryEntry]:
    """The audit trail of an activity and its figures, footnotes and partners, newest first.

    Reads django-simple-history's tables (one query per model, whatever the length); each
    entry lists the fields that differ from the previous record of the same object.
    """
    from avance.capture.activities.models import Figure, Footnote, Partner

    sources = [
        (Activity, Activity.history.filter(id=activity.pk)),
        (Figure, Figure.history.filter(activity_id=activity.pk)),
        (Footnote, Footnote.history.filter(activity_id=activity.pk)),
        (Partner, Partner.history.filter(activity_id=activity.pk)),
    ]
    entries: list[HistoryEntry] = []
    for model, records in sources:
        fields = [
            f
            for f in model._meta.concrete_fields
            if f.name not in BOOKKEEPING
            and not f.generated  # computed from the other fields, not kept in the history
        ]
        related = [f.name for f in fields if f.is_relation]
        previous: dict[int, object] = {}
        rows = list(records.select_related("history_user", *related).order_by("history_id"))
        m2m = _related_at(rows) if model is Activity else {}
        m2m_labels = [
            (name, str(Activity._meta.get_field(name).verbose_name)) for name, *_ in M2M_HISTORY
        ]
        for record in rows:
            before = previous.get(record.id)
            changes = []
            for field in fields:
                after_text = _display(record, field)
                before_text = _display(before, field) if before is not None else "—"
                if before is None and after_text == "—":
                    continue
                if before_text != after_text:
                    changes.append(Change(str(field.verbose_name), before_text, after_text))
            if model is Activity:
                # A deletion keeps no relations (the rows went with the activity): no change.
                after_m2m = m2m[record.history_id] if record.history_type != "-" else None
                before_m2m = m2m[before.history_id] if before is not None else {}
                for name, label in m2m_labels if after_m2m is not None else ():
                    before_text = before_m2m.get(name) or "—"
                    after_text = after_m2m.get(name) or "—"
                    if before_text != after_text:
                        changes.append(Change(label, before_text, after_text))
            user = record.history_user
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=(user.get_full_name() or user.get_username()) if user else "—",
                    kind=record.history_type,
                    model=str(model._meta.verbose_name),
                    label=str(getattr(record, "name", "") or getattr(record, "key", "") or ""),
                    reason=record.history_change_reason or "",
                    changes=tuple(changes),
                )
            )
            previous[record.id] = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
