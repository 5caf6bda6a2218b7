"""A small world for the edition tests: validated activities with figures and three signatories.

Builds on ``accounts.testing.build_world`` (one user per role) and adds two more signatory
accounts so that elaboró, revisó and autorizó are three different people.
"""

from __future__ import annotations

from dataclasses import dataclass

from avance.accounts.models import Role
from avance.capture.activities.models import Activity, Figure
from avance.catalogs.planning.models import StrategicObjective
from avance.documents.reports.models import Edition, Signatory
from tests.builders.world import World, build_world, make_user


@dataclass
class EditionWorld:
    world: World
    edition: Edition
    first: Activity  # objective 1, figure «capacitadas» (women 150, men 100)
    second: Activity  # objective 1
    third: Activity  # objective 2
    signers: dict  # role → user

    @property
    def users(self) -> dict:
        return self.world.users


def validated(world: World, title: str, narrative: str, *, objective=None, position=0, **figure):
    activity = Activity.objects.create(
        year=2023,
        kind="training",
        title=title,
        objective=objective or world.objective,
        unit=world.unit,
        narrative=narrative,
        position=position,
    )
    if figure:
        Figure.objects.create(activity=activity, measure=world.measure, **figure)
    Activity.objects.filter(pk=activity.pk).update(status="validated")
    activity.refresh_from_db()
    return activity


def build_edition_world(*, with_signatories: bool = True) -> EditionWorld:
    world = build_world()
    objective_two = StrategicObjective.objects.create(
        institution=world.institute, number=2, title="Objetivo dos", start_year=2020, end_year=2024
    )
    first = validated(
        world,
        "Capacitación en igualdad",
        "Se capacitó a {{ capacitadas.total }} personas ({{ capacitadas.mujeres }} mujeres).",
        position=1,
        name="capacitadas",
        total=250,
        women=150,
        men=100,
    )
    second = validated(world, "Reunión con la red", "Se reunió la red de enlaces.", position=2)
    third = validated(
        world, "Campaña nacional", "Se difundió la campaña.", objective=objective_two, position=3
    )
    edition = Edition.objects.create(
        year=2023,
        institution=world.institute,
        heading="INTRODUCCIÓN",
        introduction="En {{ ejercicio }}.",
    )
    signers = {
        "elaboro": world.users["signatory"],
        "reviso": make_user("firmante_reviso", {"role": Role.SIGNATORY, "signs_as": "reviso"}),
        "autorizo": make_user(
            "firmante_autorizo", {"role": Role.SIGNATORY, "signs_as": "autorizo"}
        ),
    }
    if with_signatories:
        people = {
            "autorizo": ("Dra. Autoriza Prueba", "Titular de Administración"),
            "elaboro": ("C.P. Elabora Prueba", "Director de Finanzas"),
            "reviso": ("Mtra. Revisa Prueba", "Directora de Planeación"),
        }
        for position, (role, (name, post)) in enumerate(people.items()):
            Signatory.objects.create(
                edition=edition,
                role=role,
                name=name,
                post=post,
                position=position,
                user=signers[role],
            )
    return EditionWorld(
        world=world, edition=edition, first=first, second=second, third=third, signers=signers
    )


def sign_in_order(ew: EditionWorld) -> None:
    """Every signatory signs the edition, in order, through the service."""
    from avance.documents.reports import services

    for role in ("elaboro", "reviso", "autorizo"):
        services.sign_edition(
            edition=ew.edition,
            user=ew.signers[role],
            content_sha256=services.content_hash(edition=ew.edition),
        )
