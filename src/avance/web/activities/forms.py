"""Forms of the activity editor: the activity itself and its inline parts.

Forms only collect and check input; the scope of the user decides which units and
organisations are offered, and figure consistency is checked by ``figures.check_figure``
(through ``Figure.clean``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from avance.accounts.scope import scope_of
from avance.capture.activities.checks import BINDINGS, binding_choices, normalize_figure
from avance.capture.activities.models import (
    FIGURE_FIELDS,
    Activity,
    Evidence,
    Figure,
    Footnote,
    Partner,
    PartnerRole,
)
from avance.capture.people.models import Roster
from avance.catalogs.bodies.models import Body, Session, SessionKind
from avance.catalogs.directory.models import Organization, Unit
from avance.catalogs.planning.models import StrategicObjective
from avance.catalogs.territory.models import Municipality, State
from avance.core.forms import ParentConstraintsMixin
from avance.documents.reports.queries import open_year


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "year",
            "kind",
            "title",
            "objective",
            "budget_program",
            "unit",
            "reporting_organization",
            "start_date",
            "end_date",
            "narrative",
            "sessions",
            "states",
            "municipalities",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "narrative": forms.Textarea(attrs={"rows": 8, "data-narrative": "true"}),
            "states": forms.CheckboxSelectMultiple,
            "sessions": forms.SelectMultiple(attrs={"size": 8}),
            "municipalities": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(user)
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        if not self.instance.pk:
            self.fields["year"].initial = open_year(scope.institution_id)
            # A new activity belongs to the institution its author works in.
            self.instance.institution_id = scope.institution_id
        institution = self.instance.institution_id
        self.fields["objective"].queryset = StrategicObjective.objects.filter(
            institution=institution
        )
        self.fields["sessions"].queryset = Session.objects.filter(
            body__institution=institution
        ).select_related("body")
        self.fields["sessions"].label_from_instance = lambda session: session.label
        self.fields["states"].queryset = State.objects.all()
        self.fields["unit"].queryset = Unit.objects.filter(institution=institution)
        self.fields["reporting_organization"].queryset = Organization.objects.exclude(
            kind="institute"
        )
        if not scope.is_administrator:
            if scope.unit_ids:
                self.fields["unit"].queryset = Unit.objects.filter(
                    institution=institution, pk__in=scope.unit_ids
                )
                self.fields["unit"].required = True
            else:
                del self.fields["unit"]
            if scope.organization_ids and not scope.unit_ids:
                self.fields["reporting_organization"].queryset = Organization.objects.filter(
                    pk__in=scope.organization_ids
                )
                self.fields["reporting_organization"].required = True
            else:
                del self.fields["reporting_organization"]
        # Municipalities are offered within the chosen states: 2,478 options in one list
        # would not be usable with a keyboard or a screen reader.
        state_codes = self._chosen_states()
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            state__in=state_codes
        ).select_related("state")
        self.fields["municipalities"].label_from_instance = lambda m: f"{m.name} ({m.state})"
        self.fields["municipalities"].help_text = _(
            "Se ofrecen los municipios de las entidades elegidas; marque entidades y pulse "
            "«Actualizar vista previa» o guarde para ver sus municipios."
        )

    def _chosen_states(self) -> list[str]:
        if self.is_bound:
            return [code for code in self.data.getlist(self.add_prefix("states")) if code]
        if self.instance.pk:
            return [s.pk for s in self.instance.states.all()]
        return []

    def clean(self):
        cleaned = super().clean()
        municipalities = cleaned.get("municipalities")
        states = cleaned.get("states")
        if municipalities and states is not None:
            chosen = {s.pk for s in states}
            outside = [m for m in municipalities if m.state_id not in chosen]
            if outside:
                self.add_error(
                    "municipalities",
                    _("Hay municipios de entidades no elegidas: %s.")
                    % ", ".join(m.name for m in outside),
                )
        return cleaned


PARAMS = ("roster", "by", "body", "kind", "role")  # the parameters a form offers as lists
REQUIRED_PARAMS = {"roster.count": ("roster",), "body.members": ("body",)}


class PartnerForm(ParentConstraintsMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["organization", "role", "position"]


class FigureForm(ParentConstraintsMixin, forms.ModelForm):
    """A figure: typed (with its parts by sex) or computed, the computation's parameters
    chosen from lists (the JSON the figure stores is written here, never typed)."""

    binding = forms.ChoiceField(label=_("cálculo"), required=False)
    roster = forms.ChoiceField(label=_("padrón (si se calcula de un padrón)"), required=False)
    by = forms.ChoiceField(
        label=_("contar el padrón"),
        required=False,
        choices=[("", _("por sexo")), ("states", _("por entidad de residencia"))],
    )
    body = forms.ChoiceField(label=_("órgano (si son sus integrantes)"), required=False)
    kind = forms.ChoiceField(
        label=_("solo sesiones de tipo"),
        required=False,
        choices=[("", _("todas")), *SessionKind.choices],
    )
    role = forms.ChoiceField(
        label=_("solo participantes con papel"),
        required=False,
        choices=[("", _("todos")), *PartnerRole.choices],
    )

    class Meta:
        model = Figure
        fields = FIGURE_FIELDS
        widgets = {"binding_params": forms.HiddenInput()}

    def __init__(self, *args, institution_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["binding"].choices = [("", "—"), *binding_choices()]
        rosters = Roster.objects.filter(institution_id=institution_id).order_by("name")
        names = list(rosters.values_list("name", flat=True).distinct())
        self.fields["roster"].choices = [("", "—"), *((n, n) for n in names)]
        bodies = Body.objects.filter(institution_id=institution_id).order_by("name")
        self.fields["body"].choices = [
            ("", "—"),
            *((b.acronym or b.name, b.acronym or b.name) for b in bodies),
        ]
        params = self.instance.binding_params or {}
        for name in PARAMS:
            self.fields[name].initial = params.get(name, "")
            value = str(params.get(name, ""))
            # A value stored before (or by a command) stays offered.
            if value and value not in dict(self.fields[name].choices):
                self.fields[name].choices = [*self.fields[name].choices, (value, value)]
        for name in ("total", "women", "men", "other", "unspecified"):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def _post_clean(self):
        # Figure.clean reads the measure; without one the form already has its error.
        if self.cleaned_data.get("measure") is None:
            return
        super()._post_clean()

    def clean(self):
        cleaned = super().clean()
        # The computation's parameters, from the lists of the binding chosen.
        binding = cleaned.get("binding") or ""
        params = {}
        for name in BINDINGS[binding].params if binding in BINDINGS else ():
            if cleaned.get(name):
                params[name] = cleaned[name]
        for name in REQUIRED_PARAMS.get(binding, ()):
            if name not in params:
                self.add_error(name, _("Elija uno para este cálculo."))
        cleaned["binding_params"] = params
        if cleaned.get("measure") and cleaned.get("source") == "entered":
            # Only the parts captured: the total is their sum (when the measure says so).
            probe = Figure(
                measure=cleaned["measure"],
                source="entered",
                **{k: cleaned.get(k) for k in ("total", "women", "men", "other", "unspecified")},
            )
            normalize_figure(probe)
            if probe.total != cleaned.get("total"):
                cleaned["total"] = probe.total
        return cleaned


class FootnoteForm(ParentConstraintsMixin, forms.ModelForm):
    class Meta:
        model = Footnote
        fields = ["key", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class EvidenceForm(forms.ModelForm):
    url = forms.URLField(label=_("enlace"), max_length=1000, assume_scheme="https")

    class Meta:
        model = Evidence
        fields = ["url", "description"]


class InlineFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Quitar esta fila")


def _inline(model, form, extra=1):
    return forms.inlineformset_factory(
        Activity,
        model,
        form=form,
        formset=InlineFormSet,
        extra=extra,
        can_delete=True,
        max_num=200,
        validate_max=True,
    )


PartnerFormSet = _inline(Partner, PartnerForm)
FigureFormSet = _inline(Figure, FigureForm)
FootnoteFormSet = _inline(Footnote, FootnoteForm)
EvidenceFormSet = _inline(Evidence, EvidenceForm)

FORMSETS = (
    ("partners", PartnerFormSet, _("Organizaciones participantes")),
    ("figures", FigureFormSet, _("Cifras")),
    ("footnotes", FootnoteFormSet, _("Notas al pie")),
    ("evidence", EvidenceFormSet, _("Evidencias")),
)


def comment_form(label, *, required: bool = True) -> type[forms.Form]:
    """A review step's form: one comment (required for what must say why)."""
    field = forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3 if required else 2}),
        required=required,
        max_length=5000,
    )
    return type("CommentForm", (forms.Form,), {"comment": field})


SendBackForm = comment_form(_("Observaciones para quien captura"))
ValidateForm = comment_form(_("Comentario (opcional)"), required=False)
ReopeningForm = comment_form(_("Qué debe corregirse y por qué"))
DecisionForm = comment_form(_("Respuesta (obligatoria si no se reabre)"), required=False)


# --- live preview -------------------------------------------------------------------------


class _Related:
    """Stands in for a related manager: ``.all()`` returns values typed in the form."""

    def __init__(self, items):
        self._items = list(items)

    def all(self):
        return self._items


class PreviewActivity:
    """An activity as the form currently describes it, saved or not (never saved)."""

    def __init__(
        self, *, pk, institution_id, year, start_date, end_date, states, sessions, partners, figures
    ):
        self.pk = pk
        self.institution_id = institution_id
        self.year = year
        self.start_date = start_date
        self.end_date = end_date
        self.states = _Related(states)
        self.sessions = _Related(sessions)
        self.partners = _Related(partners)
        self.figures = _Related(figures)


def _valid_rows(formset) -> list[dict]:
    """Cleaned rows of an inline formset that are filled in, valid and not deleted."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        if not form.is_valid():
            continue
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append(data)
    return rows


def build_preview(*, form, formsets, instance: Activity | None) -> dict:
    """Render the narrative and the footnotes as they will print, from the form's data.

    Uses the values typed in the form, saved or not; figures whose rows are invalid are
    left out, so the preview warns that the narrative cites a missing figure.
    Returns ``{"segments", "notes", "problems", "figures_invalid"}``; no side effects.
    """
    from avance.figures.resolve import activity_context, resolve_figures

    form.is_valid()  # populate cleaned_data; errors are shown by the form itself
    data = getattr(form, "cleaned_data", {}) or {}
    narrative = form.data.get(form.add_prefix("narrative"), "")
    partners = [
        Partner(organization=row["organization"], role=row["role"], position=row["position"])
        for row in _valid_rows(formsets["partners"])
        if row.get("organization")
    ]
    year = data.get("year") or (instance.year if instance else None) or 0
    figures = []
    for index, row in enumerate(_valid_rows(formsets["figures"]), start=1):
        figure = Figure(
            name=row["name"],
            measure=row["measure"],
            source=row.get("source") or "entered",
            binding=row.get("binding") or "",
            binding_params=row.get("binding_params") or {},
            **{k: row.get(k) for k in ("total", "women", "men", "other", "unspecified")},
            note=row.get("note") or "",
        )
        figure.pk = -index  # a key for this preview only; the object is never saved
        figures.append(figure)
    preview = PreviewActivity(
        pk=instance.pk if instance else None,
        institution_id=form.instance.institution_id,
        year=year,
        start_date=data.get("start_date"),
        end_date=data.get("end_date"),
        states=data.get("states") or [],
        sessions=data.get("sessions") or [],
        partners=partners,
        figures=figures,
    )
    for figure in figures:
        # Bindings read ``figure.activity``; point it at the form's activity, not the database.
        Figure.activity.field.set_cached_value(figure, preview)
    resolved = resolve_figures(figures)
    context = activity_context(preview, resolved)
    note_texts = {row["key"]: row["text"] for row in _valid_rows(formsets["footnotes"])}
    sentence = finished(narrative, context, note_texts)
    invalid = sum(1 for f in formsets["figures"].forms if f.has_changed() and not f.is_valid())
    return {**sentence, "figures_invalid": invalid}


def finished(narrative: str, context: dict, note_texts: dict[str, str]) -> dict:
    """The narrative as it will print: its segments (each note call numbered in order of
    first citation), the notes' segments and the problems found.
    Returns ``{"segments", "notes", "problems"}``."""
    from avance.figures.narrative import NoteRef, Problem, render

    segments, problems = render(narrative, context)
    notes, numbers = [], {}
    for segment in segments:
        if isinstance(segment, NoteRef):
            if segment.key not in note_texts:
                problems.append(
                    Problem(
                        f"[^{segment.key}]",
                        _("No existe la nota al pie «%s» en esta actividad.") % segment.key,
                    )
                )
                continue
            if segment.key not in numbers:
                numbers[segment.key] = len(numbers) + 1
                note_segments, note_problems = render(note_texts[segment.key], context)
                notes.append((numbers[segment.key], note_segments))
                problems.extend(note_problems)
    numbered = [
        (segment, numbers.get(segment.key) if isinstance(segment, NoteRef) else None)
        for segment in segments
    ]
    return {"segments": numbered, "notes": notes, "problems": problems}


def saved_sentence(activity: Activity, resolved: dict) -> dict:
    """The saved activity's narrative as it will print (figures and footnotes prefetched),
    with the names of its figures (the page links a figure to its row)."""
    from avance.figures.resolve import activity_context

    context = activity_context(activity, resolved)
    notes = {note.key: note.text for note in activity.footnotes.all()}
    sentence = finished(activity.narrative, context, notes)
    return {
        **sentence,
        "figures_invalid": 0,
        "figure_names": {f.name for f in activity.figures.all()},
    }
