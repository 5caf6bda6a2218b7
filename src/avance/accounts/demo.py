"""Demonstration accounts, one per role: created only in demo mode, refused otherwise."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from avance.accounts.models import Membership, Role, SignsAs
from avance.accounts.scope import forget_scope
from avance.directory.models import Organization, OrganizationKind, Unit

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
        unit = Unit.objects.order_by("pk").first()
        if unit is None:
            institute = Organization.objects.filter(kind=OrganizationKind.INSTITUTE).first()
            if institute is None:
                raise DemoModeRequired("Cargue primero los datos de demostración.")
            unit, _c = Unit.objects.get_or_create(
                organization=institute, name="Unidad de demostración", defaults={"acronym": "UD"}
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
    from avance.reports.models import Signatory

    user_model = get_user_model()
    created = []
    for username, first, last, role, scope_key, signs_as in DEMO_ACCOUNTS:
        user, _c = user_model.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        post = ""
        signatory = None
        if signs_as:
            signatory = Signatory.objects.filter(role=signs_as).order_by("-edition__year").first()
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
