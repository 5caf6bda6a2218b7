"""The setup forms of an institution's administrator: every record belongs to the
institution the administrator works in, set here and never chosen in the form."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from avance.accounts.models import Membership, Role, SignsAs
from avance.catalogs.bodies.models import Agreement, Body, Session
from avance.catalogs.directory import logos
from avance.catalogs.directory.models import Institution, InstitutionKind, Organization, Unit
from avance.catalogs.planning.models import BudgetAllocation, StrategicObjective
from avance.catalogs.territory.models import State
from avance.core.forms import ParentConstraintsMixin
from avance.documents.reports.models import Signatory

YEAR_ATTRS = {"min": 2000, "max": 2100}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def username_field(label) -> forms.RegexField:
    """A username as Django's accounts take it."""
    return forms.RegexField(
        label=label,
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letras, números y . @ + - _ (sin espacios)."),
    )


class InstitutionForm(forms.ModelForm):
    """A form of the institution the administrator works in: what it offers to choose is
    that institution's."""

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution


class OwnedForm(ParentConstraintsMixin, InstitutionForm):
    """A record of the institution: its ``institution`` is set before validation, so that the
    model's constraints (a unit's name unique within its institution…) are errors of the
    form, not of the database."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.institution = self.institution


class UnitForm(OwnedForm):
    class Meta:
        model = Unit
        fields = ["name", "acronym", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(institution=self.institution)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class ObjectiveForm(OwnedForm):
    class Meta:
        model = StrategicObjective
        fields = ["number", "title", "programme", "start_year", "end_year"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "start_year": forms.NumberInput(attrs=YEAR_ATTRS),
            "end_year": forms.NumberInput(attrs=YEAR_ATTRS),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and start > end:
            self.add_error("end_year", _("El periodo termina antes de empezar."))
        return cleaned


class AllocationForm(OwnedForm):
    class Meta:
        model = BudgetAllocation
        fields = [
            "program",
            "year",
            "approved",
            "modified",
            "accrued",
            "paid",
            "exercised",
            "rules_published",
            "name_in_year",
        ]
        widgets = {
            "year": forms.NumberInput(attrs=YEAR_ATTRS),
            "rules_published": DATE_WIDGET,
        }
        help_texts = {"approved": _("Pesos. Deje vacío lo que aún no se conoce.")}

    def clean(self):
        cleaned = super().clean()
        for name in ("approved", "modified", "accrued", "paid", "exercised"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Un monto no puede ser negativo."))
        return cleaned


class ProfileForm(forms.Form):
    """The institution's name and acronym (its directory entry) and the identification the
    public account prints: branch, entity key and logo."""

    name = forms.CharField(label=_("Nombre"), max_length=255)
    acronym = forms.CharField(label=_("Siglas"), max_length=40)
    branch = forms.CharField(
        label=_("Ramo"), max_length=80, required=False, help_text=_("Por ejemplo: Ramo 47")
    )
    entity_key = forms.CharField(
        label=_("Clave de la entidad"),
        max_length=12,
        required=False,
        help_text=_("Por ejemplo: HHE"),
    )
    logo = forms.FileField(
        label=_("Logotipo"),
        required=False,
        help_text=_(
            "PNG o JPEG, hasta 1 MB y 2000 × 2000 píxeles. Se imprime arriba del encabezado "
            "del PDF y del DOCX; las ediciones ya firmadas no cambian."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Quitar el logotipo actual"), required=False)

    def __init__(self, *args, institution: Institution, **kwargs):
        self.institution = institution
        organization = institution.organization
        kwargs.setdefault(
            "initial",
            {
                "name": organization.name,
                "acronym": organization.acronym,
                "branch": institution.branch,
                "entity_key": institution.entity_key,
            },
        )
        super().__init__(*args, **kwargs)
        if not institution.logo:
            del self.fields["remove_logo"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = Organization.objects.filter(name__iexact=name).exclude(
            pk=self.institution.organization_id
        )
        if taken.exists():
            raise ValidationError(_("Otra organización del directorio ya se llama así."))
        return name

    def clean_logo(self) -> ContentFile | None:
        """The upload checked with Pillow, under a name of ours (never the uploader's)."""
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        image, name = logos.checked_upload(upload)
        return ContentFile(image.data, name=name)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("logo") and cleaned.get("remove_logo"):
            raise ValidationError(
                _("Suba un logotipo nuevo o marque «Quitar el logotipo actual», no ambos.")
            )
        return cleaned

    def save(self) -> None:
        institution = self.institution
        fields = ["branch", "entity_key"]
        replaced = institution.logo.name
        with transaction.atomic():
            organization = institution.organization
            organization.name = self.cleaned_data["name"]
            organization.acronym = self.cleaned_data["acronym"].strip()
            organization.save(update_fields=["name", "acronym"])
            institution.branch = self.cleaned_data["branch"].strip()
            institution.entity_key = self.cleaned_data["entity_key"].strip()
            if self.cleaned_data.get("logo"):
                upload = self.cleaned_data["logo"]
                institution.logo.save(upload.name, upload, save=False)
                fields.append("logo")
            elif self.cleaned_data.get("remove_logo"):
                institution.logo = ""
                fields.append("logo")
            institution.save(update_fields=fields)
            if replaced and "logo" in fields:
                # Signed editions keep their own rendered bytes: nothing else uses the file.
                storage = institution.logo.storage
                transaction.on_commit(lambda: storage.delete(replaced))


class InviteForm(forms.Form):
    """A person and the role they hold in the institution. A new username makes an account
    without a password, which its owner sets from the invitation link."""

    username = username_field(_("Usuario"))
    first_name = forms.CharField(label=_("Nombre"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Apellidos"), max_length=150, required=False)
    email = forms.EmailField(label=_("Correo electrónico"), required=False)
    role = forms.ChoiceField(label=_("Papel"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Unidad (analistas)"), queryset=Unit.objects.none(), required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Organización (enlaces)"),
        queryset=Organization.objects.exclude(institution__isnull=False).order_by("name"),
        required=False,
    )
    signs_as = forms.ChoiceField(
        label=_("Firma como (firmantes)"),
        choices=[("", "—"), *SignsAs.choices],
        required=False,
    )
    post = forms.CharField(label=_("Cargo (firmantes)"), max_length=255, required=False)

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["unit"].queryset = Unit.objects.filter(institution=institution)

    def clean(self):
        cleaned = super().clean()
        membership = Membership(
            institution=self.institution,
            role=cleaned.get("role") or "",
            unit=cleaned.get("unit"),
            organization=cleaned.get("organization"),
            signs_as=cleaned.get("signs_as") or "",
            post=cleaned.get("post") or "",
        )
        try:
            membership.clean()  # an analyst has a unit, a liaison an organisation…
        except ValidationError as error:
            self.add_error(None, error)  # its fields are this form's
        self.membership = membership
        return cleaned

    def save(self):
        """The user (made now, or the one with that username) and their new role; whether
        the account is new."""
        users = get_user_model()
        user, created = users.objects.get_or_create(
            username=self.cleaned_data["username"],
            defaults={
                "first_name": self.cleaned_data["first_name"],
                "last_name": self.cleaned_data["last_name"],
                "email": self.cleaned_data["email"],
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        self.membership.user = user
        self.membership.save()
        return user, created


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["role", "name", "post", "position", "user"]

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        users = (
            get_user_model()
            .objects.filter(memberships__institution=institution, memberships__role=Role.SIGNATORY)
            .distinct()
        )
        self.fields["user"].queryset = users
        self.fields["user"].help_text = _(
            "La persona con papel de firmante en la institución que firma en este lugar."
        )


class NewInstitutionForm(forms.Form):
    """An institution the current one coordinates, and the person who will administer it."""

    name = forms.CharField(label=_("Nombre"), max_length=255)
    acronym = forms.CharField(label=_("Siglas"), max_length=40)
    kind = forms.ChoiceField(
        label=_("Tipo"),
        choices=[
            (k, label) for k, label in InstitutionKind.choices if k != InstitutionKind.NATIONAL
        ],
    )
    state = forms.ModelChoiceField(
        label=_("Entidad"), queryset=State.objects.order_by("common_name"), required=False
    )
    admin_username = username_field(_("Usuario de quien la administrará"))
    admin_name = forms.CharField(label=_("Nombre de esa persona"), max_length=150, required=False)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Organization.objects.filter(name__iexact=name).exists():
            raise ValidationError(_("Ya hay una organización con ese nombre en el directorio."))
        return name

    def clean_acronym(self):
        acronym = self.cleaned_data["acronym"].strip()
        if Institution.objects.filter(organization__acronym__iexact=acronym).exists():
            raise ValidationError(_("Otra institución ya usa esas siglas."))
        return acronym

    def save(self, coordinator: Institution):
        """The institution, its directory entry and its administrator (made without a
        password when new); returns (institution, user, whether the user is new)."""
        kind = self.cleaned_data["kind"]
        organization = Organization.objects.create(
            name=self.cleaned_data["name"],
            acronym=self.cleaned_data["acronym"],
            kind={"imef": "imef", "imm": "imm"}.get(kind, "autonomous"),
            state=self.cleaned_data["state"],
        )
        institution = Institution.objects.create(
            organization=organization, kind=kind, coordinator=coordinator
        )
        user, created = get_user_model().objects.get_or_create(
            username=self.cleaned_data["admin_username"],
            defaults={"first_name": self.cleaned_data["admin_name"]},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.create(user=user, institution=institution, role=Role.ADMINISTRATOR)
        return institution, user, created


class OrganizationForm(forms.ModelForm):
    """An entry of the shared directory (an agency, a company, a civil-society organisation):
    every institution may add one; only the national institute's administrators change one
    that exists, since every institution reads it."""

    website = forms.URLField(label=_("sitio web"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "acronym", "kind", "state", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The kinds of an institution's own entry are made with the institution.
        self.fields["kind"].choices = [
            (k, label) for k, label in self.fields["kind"].choices if k not in ("institute",)
        ]


class BodyForm(OwnedForm):
    class Meta:
        model = Body
        fields = ["name", "acronym", "kind", "installed_on", "members"]
        widgets = {"installed_on": DATE_WIDGET, "members": forms.SelectMultiple(attrs={"size": 10})}
        help_texts = {
            "members": _("Mantenga oprimida la tecla Ctrl (⌘ en Mac) para elegir varias."),
            "acronym": _("Con ellas la narrativa nombra al órgano, por ejemplo SNIMH."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        members.queryset = Organization.objects.order_by("name")
        members.label_from_instance = lambda o: f"{o.name} ({o.acronym})" if o.acronym else o.name


class SessionForm(InstitutionForm):
    class Meta:
        model = Session
        fields = ["body", "kind", "number", "date", "place", "notes"]
        widgets = {"date": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(institution=self.institution)


class AgreementForm(InstitutionForm):
    class Meta:
        model = Agreement
        fields = ["session", "key", "text", "responsible", "due_on", "status", "follow_up"]
        widgets = {
            "due_on": DATE_WIDGET,
            "text": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(
            body__institution=self.institution
        ).select_related("body")
        self.fields["session"].label_from_instance = lambda session: session.label
