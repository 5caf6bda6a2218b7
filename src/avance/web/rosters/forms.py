from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from avance.accounts.scope import scope_of
from avance.capture.people.models import Roster
from avance.capture.people.queries import roster_activities_for
from avance.catalogs.directory.models import Unit


class RosterForm(forms.ModelForm):
    """A new roster: its activity among those the user captures; its unit, when it has no
    activity, among the user's units (any for administrators; none for liaisons, whose
    rosters belong to their organisation)."""

    class Meta:
        model = Roster
        fields = ["name", "kind", "year", "activity", "unit", "description"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = (
            roster_activities_for(user).order_by("-year", "title").only("id", "title", "year")
        )
        self.fields["activity"].label_from_instance = lambda a: f"{a.year} · {a.title}"
        scope = self.scope = scope_of(user)
        units = Unit.objects.filter(institution=scope.institution_id)
        if not scope.is_administrator:
            units = units.filter(pk__in=scope.unit_ids)
        if units.exists():
            self.fields["unit"].queryset = units
            self.fields["unit"].help_text = _(
                "Sus analistas ven el padrón e importan a él. Si el padrón tiene actividad, "
                "es la unidad de la actividad."
            )
            if len(scope.unit_ids) == 1:
                self.fields["unit"].initial = next(iter(scope.unit_ids))
        else:
            del self.fields["unit"]

    def clean(self):
        data = super().clean()
        # Without an activity an analyst of several units says which one keeps the roster
        # (otherwise it would belong to nobody the analyst is).
        several = len(self.scope.unit_ids) > 1 and not self.scope.is_administrator
        if several and not data.get("activity") and not data.get("unit"):
            self.add_error("unit", _("Elija la unidad a la que pertenece el padrón."))
        return data


class LinkForm(forms.Form):
    """The activity a roster counts people for, among those the user captures in the
    roster's institution (empty: none)."""

    activity = forms.ModelChoiceField(
        label=_("Actividad"),
        queryset=None,
        required=False,
        empty_label=_("Ninguna"),
    )

    def __init__(self, *args, user, roster, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        field.queryset = (
            roster_activities_for(user)
            .filter(institution=roster.institution_id)
            .order_by("-year", "title")
            .only("id", "title", "year", "institution_id", "unit_id", "reporting_organization_id")
        )
        field.label_from_instance = lambda a: f"{a.year} · {a.title}"
        field.initial = roster.activity_id


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo (CSV o XLSX)"),
        help_text=_(
            "Columnas reconocidas: CURP, Sexo, Entidad, Fecha de conclusión, Organización."
        ),
    )
    skip_invalid = forms.BooleanField(
        label=_("Importar las filas válidas y reportar las demás"),
        required=False,
        help_text=_("Sin esta opción, un archivo con cualquier fila con errores no importa nada."),
    )
    token = forms.RegexField(regex=r"^[a-f0-9]{32}$", required=False, widget=forms.HiddenInput)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.AVANCE_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("El archivo pesa %(size)s MB; el máximo es %(limit)s MB.")
                % {"size": f"{upload.size / 1048576:,.1f}", "limit": f"{limit / 1048576:,.1f}"}
            )
        return upload
