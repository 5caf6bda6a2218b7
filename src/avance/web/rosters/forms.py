from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from avance.capture.activities.models import Activity
from avance.capture.people.models import Roster


class RosterForm(forms.ModelForm):
    class Meta:
        model = Roster
        fields = ["name", "kind", "year", "activity", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.order_by("-year", "title").only(
            "id", "title", "year"
        )
        self.fields["activity"].label_from_instance = lambda a: f"{a.year} · {a.title}"


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
