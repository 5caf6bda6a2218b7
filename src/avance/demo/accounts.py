"""Demonstration accounts, one per role: created only in demo mode, refused otherwise."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from avance.accounts.models import Membership, Role, SignsAs
from avance.accounts.scope import forget_scope
from avance.catalogs.directory.models import (
    Organization,
    OrganizationKind,
    Unit,
    default_institution,
)

DEMO_PASSWORD = "avance-demo"  # noqa: S105 - published in README; demo mode only


class DemoModeRequired(RuntimeError):
    """Demonstration accounts exist only when the application runs in demo mode."""


# username, first name, last name, role, scope key (see _scope), signs as
DEMO_ACCOUNTS: list[tuple[str, str, str, str, str, str]] = [
    ("analista", "Ana", "Analista (demo)", Role.ANALYST, "unit", ""),
    ("revisora", "Rebeca", "Revisora (demo)", Role.REVIEWER, "", ""),
    ("elaboro", "Misael", "Firmante que elabora (demo)", Role.SIGNATORY, "", SignsAs.PREPARED),
    ("reviso", "Regina", "Firmante que revisa (demo)", Role.SIGNATORY, "", SignsAs.REVIEWED),
    (
        "autorizo",
        "Fernando",
        "Firmante que autoriza (demo)",
        Role.SIGNATORY,
        "",
        SignsAs.AUTHORIZED,
    ),
    ("enlace_federal", "Elena", "Enlace federal (demo)", Role.LIAISON, "federal", ""),
    ("enlace_imef", "Inés", "Enlace IMEF (demo)", Role.LIAISON, "imef", ""),
]

DEMO_IMEF = ("Instituto de las Mujeres del Estado de Aguascalientes (demo)", "IMEA", "01")


def require_demo_mode() -> None:
    """Raise DemoModeRequired unless settings.DEMO_MODE is on."""
    if not settings.DEMO_MODE:
        raise DemoModeRequired(
            "Las cuentas de demostración solo se crean en modo demostración (AVANCE_DEMO=true)."
        )


def _scope(key: str) -> dict:
    if key == "unit":
        institution = default_institution()
        unit = Unit.objects.filter(institution=institution).order_by("pk").first()
        if unit is None:
            unit, _c = Unit.objects.get_or_create(
                institution=institution, name="Unidad de demostración", defaults={"acronym": "UD"}
            )
        return {"unit": unit}
    if key == "federal":
        org = Organization.objects.filter(kind=OrganizationKind.FEDERAL_AGENCY).order_by("pk")
        return {"organization": org.first()}
    if key == "imef":
        name, acronym, state = DEMO_IMEF
        org = Organization.objects.filter(kind=OrganizationKind.STATE_WOMEN_INSTANCE).first()
        if org is None:
            org, _c = Organization.objects.get_or_create(
                name=name,
                defaults={
                    "acronym": acronym,
                    "kind": OrganizationKind.STATE_WOMEN_INSTANCE,
                    "state_id": state,
                },
            )
        return {"organization": org}
    return {}


@transaction.atomic
def create_demo_accounts() -> list[tuple[str, str]]:
    """Create (or reset) one account per role; returns ``[(username, role label)]``.

    Refused (DemoModeRequired) unless in demo mode. Side effects: users and memberships;
    the demo editions' signatories are linked to the signatory accounts by role.
    """
    require_demo_mode()
    from avance.documents.reports.models import Signatory

    user_model = get_user_model()
    created = []
    for username, first, last, role, scope_key, signs_as in DEMO_ACCOUNTS:
        user, _c = user_model.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        post = ""
        signatory = None
        if signs_as:
            signatory = (
                Signatory.objects.filter(role=signs_as, edition__institution=default_institution())
                .order_by("-edition__year")
                .first()
            )
        if signatory is not None:
            # The account is the person the demo edition names: same name, same post.
            user.first_name, user.last_name, post = signatory.name, "", signatory.post
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.filter(user=user).delete()
        if signatory is not None:
            Signatory.objects.filter(role=signs_as, user__isnull=True).update(user=user)
        Membership.objects.create(
            user=user, role=role, signs_as=signs_as, post=post, **_scope(scope_key)
        )
        forget_scope(user)
        created.append((username, str(Role(role).label)))
    return created


# The demonstration network (``network2023``): username, first name, last name, institution
# acronym, [(role, signs as)]. Analysts capture for their institution's first unit; a
# signatory is the person its edition names for that place.
NETWORK_ACCOUNTS: list[tuple[str, str, str, str, list[tuple[str, str]]]] = [
    ("imef_admin", "Adriana", "Administración IMEF (demo)", "IEM-DEMO", [(Role.ADMINISTRATOR, "")]),
    ("imef_analista", "Alma", "Analista IMEF (demo)", "IEM-DEMO", [(Role.ANALYST, "")]),
    ("imef_revisora", "Rosa", "Revisora IMEF (demo)", "IEM-DEMO", [(Role.REVIEWER, "")]),
    ("imef_elabora", "Elsa", "", "IEM-DEMO", [(Role.SIGNATORY, SignsAs.PREPARED)]),
    ("imef_autoriza", "Aurora", "", "IEM-DEMO", [(Role.SIGNATORY, SignsAs.AUTHORIZED)]),
    (
        "imm_a_titular",
        "Teresa",
        "",
        "IMM-DEMO-A",
        [(Role.ADMINISTRATOR, ""), (Role.ANALYST, ""), (Role.SIGNATORY, SignsAs.AUTHORIZED)],
    ),
    (
        "imm_b_titular",
        "Beatriz",
        "",
        "IMM-DEMO-B",
        [(Role.ADMINISTRATOR, ""), (Role.ANALYST, ""), (Role.SIGNATORY, SignsAs.AUTHORIZED)],
    ),
]


@transaction.atomic
def create_network_accounts() -> list[tuple[str, str]]:
    """Create (or reset) the accounts of the demonstration network; returns
    ``[(username, "ACRONYM: role, role")]``. Refused (DemoModeRequired) unless in demo mode;
    call it after the network is loaded. Side effects: users, their memberships, and the
    network editions' signatories linked to them."""
    require_demo_mode()
    from avance.catalogs.directory.models import Institution
    from avance.documents.reports.models import Signatory

    user_model = get_user_model()
    created = []
    for username, first, last, acronym, roles in NETWORK_ACCOUNTS:
        institution = Institution.objects.get(organization__acronym=acronym)
        user, _c = user_model.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.is_active = first, last, True
        user.set_password(DEMO_PASSWORD)
        Membership.objects.filter(user=user).delete()
        for role, signs_as in roles:
            scope, post = {}, ""
            if role == Role.ANALYST:
                scope = {"unit": Unit.objects.filter(institution=institution).order_by("pk")[0]}
            if signs_as:
                place = Signatory.objects.filter(
                    role=signs_as, edition__institution=institution
                ).first()
                if place is not None:
                    user.first_name, user.last_name, post = place.name, "", place.post
                    Signatory.objects.filter(
                        role=signs_as, edition__institution=institution
                    ).update(user=user)
            Membership.objects.create(
                user=user, institution=institution, role=role, signs_as=signs_as, post=post, **scope
            )
        user.save()
        forget_scope(user)
        labels = ", ".join(str(Role(role).label) for role, _s in roles)
        created.append((username, f"{acronym}: {labels}"))
    return created


DEMO_CAPTURE_PREFIX = "[Demostración]"
DEMO_CAPTURE_YEAR = 2023

# username of the author, kind, title (after the prefix), narrative, submitted to review?
DEMO_CAPTURES: list[tuple[str, str, str, str, bool]] = [
    (
        "analista",
        "training",
        "Taller de planeación con perspectiva de género (borrador de la unidad)",
        "Borrador de demostración: la unidad registra un taller que todavía no envía a revisión.",
        False,
    ),
    (
        "analista",
        "meeting",
        "Reunión de seguimiento con enlaces de género (enviada a revisión)",
        "Actividad de demostración enviada a revisión: la revisora puede validarla o "
        "devolverla con observaciones.",
        True,
    ),
    (
        "enlace_federal",
        "meeting",
        "Mesa de trabajo de la dependencia (borrador del enlace federal)",
        "Borrador de demostración de la dependencia federal del enlace.",
        False,
    ),
    (
        "enlace_imef",
        "event",
        "Jornada estatal por la igualdad (borrador del enlace de la IMEF)",
        "Borrador de demostración de la instancia de las mujeres en la entidad.",
        False,
    ),
]


def demo_capture_title(title: str) -> str:
    return f"{DEMO_CAPTURE_PREFIX} {title}"


@transaction.atomic
def create_demo_captures() -> list[str]:
    """Give the demo accounts work to do: drafts and one activity awaiting review.

    These records are not part of the reference report: their titles start with
    «[Demostración]» and none is validated, so no report counts them. Idempotent: an existing
    capture (same year and title) is left as it is. Refused (DemoModeRequired) outside demo
    mode; call it after ``create_demo_accounts``. Side effects: activities created by the
    accounts (with their history entries) and, for the submitted one, a review step.
    Returns the titles created now.
    """
    require_demo_mode()
    from avance.capture.activities.models import Activity
    from avance.review.services import submit_activity

    user_model = get_user_model()
    created = []
    for username, kind, title, narrative, submit in DEMO_CAPTURES:
        title = demo_capture_title(title)
        if Activity.objects.filter(year=DEMO_CAPTURE_YEAR, title=title).exists():
            continue
        user = user_model.objects.get(username=username)
        membership = Membership.objects.filter(user=user).get()
        activity = Activity(
            institution_id=membership.institution_id,
            year=DEMO_CAPTURE_YEAR,
            kind=kind,
            title=title,
            narrative=narrative,
            unit=membership.unit,
            reporting_organization=membership.organization,
            created_by=user,
        )
        activity._history_user = user  # no request here: say who in the audit trail
        activity.save()
        if submit:
            submit_activity(activity=activity, user=user)
        created.append(title)
    return created
