"""The setup area of an institution's administrator: a year set up without the Django admin.
Thin: the forms and the sections say what each record holds."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from avance.accounts.access import require
from avance.accounts.models import Membership
from avance.catalogs.directory.models import Institution, InstitutionKind, Organization
from avance.core.exporters import LIST_FORMATS, ListExporter
from avance.core.http import attachment
from avance.documents.reports import services
from avance.documents.reports.models import Signatory
from avance.documents.reports.queries import open_year
from avance.web.exports import export_links
from avance.web.institutions import current_institution, year_param
from avance.web.setup import forms
from avance.web.setup.sections import SECTIONS, checklist, draft_edition


def year_of(request) -> int:
    return year_param(request, open_year(current_institution(request).pk))


@require("accounts.set_up")
def index(request):
    institution, year = current_institution(request), year_of(request)
    return render(
        request,
        "setup/index.html",
        {
            "institution": institution,
            "year": year,
            "steps": checklist(institution, year),
            "sections": SECTIONS.values(),
        },
    )


@require("accounts.set_up")
def profile(request):
    institution = current_institution(request)
    form = forms.ProfileForm(request.POST or None, request.FILES or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Se guardó el perfil de la institución."))
        return redirect("setup:index")
    return render(request, "setup/form.html", {"form": form, "title": _("Perfil y encabezado")})


def _shown(request, section) -> tuple[QuerySet, str]:
    """The section's records of the current institution, narrowed as the URL asks."""
    records = section.records(current_institution(request))
    chosen = request.GET.get("estado", "")
    if chosen in dict(section.choices()):
        records = records.filter(**{section.filter_by: chosen})
    else:
        chosen = ""
    return records, chosen


@require("accounts.set_up")
def section_list(request, key: str):
    section = _section(key)
    records, chosen = _shown(request, section)
    rows = [(record, section.values(record)) for record in records]
    query = urlencode({"estado": chosen}) if chosen else ""
    return render(
        request,
        "setup/list.html",
        {
            "section": section,
            "rows": rows,
            "key": key,
            "chosen": chosen,
            "exports": export_links("setup:export", key, query=query),
        },
    )


class SectionExporter(ListExporter):
    """Exactly what a section's list shows."""

    def __init__(self, section, records):
        self.section, self.records = section, records
        self.filename = self.sheet_title = section.key

    def headers(self):
        return [str(header) for header, _attr in self.section.columns]

    def rows(self):
        for record in self.records:
            yield self.section.values(record)


@require("accounts.set_up")
def section_export(request, key: str, fmt: str):
    section = _section(key)
    if fmt not in LIST_FORMATS:
        raise Http404
    records, _chosen = _shown(request, section)
    return attachment(**SectionExporter(section, records).render(fmt)._asdict())


def _section(key: str):
    if key not in SECTIONS:
        raise Http404
    return SECTIONS[key]


@require("accounts.set_up")
def section_edit(request, key: str, pk: int | None = None):
    section = _section(key)
    institution = current_institution(request)
    instance = None
    if pk is not None:
        instance = get_object_or_404(section.records(institution), pk=pk)
    form = section.form(request.POST or None, instance=instance, institution=institution)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Guardado."))
        return redirect("setup:list", key=key)
    title = section.title
    return render(
        request,
        "setup/form.html",
        {"form": form, "title": title, "back": reverse("setup:list", args=[key])},
    )


@require("accounts.set_up")
def people(request):
    """The people with a role in the institution, and the form to invite one."""
    institution = current_institution(request)
    form = forms.InviteForm(request.POST or None, institution=institution)
    invitation = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user, created = form.save()
        if created or not user.has_usable_password():
            invitation = _invitation(request, user)
        messages.success(request, _("%(user)s tiene ahora ese papel.") % {"user": user})
        form = forms.InviteForm(institution=institution)
    roles = (
        Membership.objects.filter(institution=institution)
        .select_related("user", "unit", "organization")
        .order_by("user__username", "role")
    )
    return render(
        request,
        "setup/people.html",
        {"form": form, "roles": roles, "invitation": invitation},
    )


def _invitation(request, user) -> str:
    """The link with which ``user`` chooses a password (Django's password-reset token)."""
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return request.build_absolute_uri(reverse("accounts:invitation", args=[uid, token]))


@require("accounts.set_up")
def institutions(request):
    """The institutions this one coordinates, and the form to add one with its administrator."""
    coordinator = current_institution(request)
    form = forms.NewInstitutionForm(request.POST or None)
    invitation = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            institution, user, _created = form.save(coordinator)
        if not user.has_usable_password():
            invitation = _invitation(request, user)
        messages.success(
            request,
            _("Se dio de alta %(institution)s; %(user)s la administra.")
            % {"institution": institution, "user": user},
        )
        form = forms.NewInstitutionForm()
    coordinated = (
        Institution.objects.filter(coordinator=coordinator)
        .select_related("organization__state")
        .order_by("organization__name")
    )
    return render(
        request,
        "setup/institutions.html",
        {"form": form, "coordinated": coordinated, "invitation": invitation},
    )


@require("accounts.set_up")
def organizations(request):
    """The shared directory: search it, add an entry; the national institute's
    administrators also correct existing ones."""
    query = " ".join(request.GET.get("q", "").split())[:100]
    found = Organization.objects.exclude(institution__isnull=False).select_related("state")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
    instance = None
    national = current_institution(request).kind == InstitutionKind.NATIONAL
    pk = request.GET.get("organizacion")
    if pk and national:
        instance = get_object_or_404(found, pk=pk)
    form = forms.OrganizationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        organization = form.save()
        messages.success(request, _("Se guardó %(name)s.") % {"name": organization})
        return redirect("setup:organizations")
    return render(
        request,
        "setup/organizations.html",
        {
            "form": form,
            "organizations": found.order_by("name")[:50],
            "query": query,
            "can_change": national,
            "editing": instance,
        },
    )


@require("accounts.set_up")
@require_POST
def remove_role(request, pk: int):
    institution = current_institution(request)
    membership = get_object_or_404(Membership, pk=pk, institution=institution)
    if membership.user_id == request.user.pk and membership.role == "admin":
        messages.error(request, _("No puede quitarse a sí mismo la administración."))
    else:
        membership.delete()
        messages.success(request, _("Se quitó el papel."))
    return redirect("setup:people")


@require("accounts.set_up")
def signatories(request):
    """The signatories of the year's edition that is being composed."""
    institution, year = current_institution(request), year_of(request)
    edition = draft_edition(institution, year)
    pk = request.GET.get("firmante")
    instance = None
    if edition is not None and pk:
        instance = get_object_or_404(Signatory, pk=pk, edition=edition)
    form = None
    if edition is not None:
        form = forms.SignatoryForm(request.POST or None, instance=instance, institution=institution)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_signatory(
                    edition=edition, signatory=form.save(commit=False), user=request.user
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Se guardó el firmante."))
            return redirect(reverse("setup:signatories") + f"?ejercicio={year}")
    return render(
        request,
        "setup/signatories.html",
        {
            "edition": edition,
            "year": year,
            "form": form,
            "signatories": edition.signatories.select_related("user") if edition else [],
        },
    )
