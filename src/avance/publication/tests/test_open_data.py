"""Open data: only published rosters, only suppressed counts, safe in every format."""

from __future__ import annotations

import csv
import io
import json

import lxml.html
import pytest
from django.urls import reverse

from avance.capture.activities.models import Activity
from avance.capture.people.importing import import_roster
from avance.capture.people.models import Roster
from avance.documents.reports.models import Edition
from tests.builders.editions_world import build_edition_world, validated
from tests.builders.rosters import csv_bytes, people

pytestmark = pytest.mark.django_db

HOSTILE = "=2+3*cmd|' /C calc'!A0"


def _roster(name, activity, rows):
    roster = Roster.objects.create(
        name=name, kind="training", year=activity.year, activity=activity
    )
    result = import_roster(roster=roster, data=csv_bytes(rows), file_name="f.csv")
    assert result.imported == len(rows)
    return roster


@pytest.fixture
def published():
    """Four rosters; only the two of validated 2023 activities are published once 2023's
    edition is signed."""
    world = build_edition_world()
    rows = people(30, seed=11)
    # Nine people of a hostile organisation (visible), one of a named small one (hidden).
    rows = [(*r[:4], HOSTILE) for r in rows[:9]] + [(*rows[9][:4], "Secreta A.C.")] + rows[10:]
    _roster("Curso <b>grande</b>", world.first, rows)
    _roster("Taller pequeño", world.second, people(3, seed=12))
    draft = Activity.objects.create(year=2023, kind="training", title="Borrador")
    _roster("De un borrador", draft, people(10, seed=13))
    older = validated(world.world, "Acción de 2022", "Texto.")
    Activity.objects.filter(pk=older.pk).update(year=2022)
    older.refresh_from_db()
    _roster("De 2022", older, people(10, seed=14))
    return world


def _csv(client) -> list[list[str]]:
    response = client.get(reverse("open_data:export", args=["csv-comas"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_nothing_is_published_before_the_year_is_signed(client, published):
    assert _csv(client)[1:] == []
    assert json.loads(client.get(reverse("open_data:json")).content)["padrones"] == []
    html = client.get(reverse("open_data:index")).content.decode()
    assert "Aún no hay padrones publicados." in html


def test_signed_year_publishes_its_validated_rosters_with_small_cells_hidden(client, published):
    Edition.objects.filter(pk=published.edition.pk).update(status="signed")
    rows = _csv(client)
    assert rows[0] == [
        "Ejercicio", "Institución", "Padrón", "Tipo", "Actividad", "Desglose", "Categoría",
        "Personas",
    ]  # fmt: skip
    body = rows[1:]
    assert {row[2] for row in body} == {"Curso <b>grande</b>", "Taller pequeño"}
    # No visible cell is a small count, and the small roster shows no number at all.
    visible = [int(row[7]) for row in body if row[7] != ""]
    assert visible and all(n == 0 or n >= 5 for n in visible)
    # Empty cells (0) say nothing about anybody and stay; no other number of it is shown.
    assert all(row[7] in ("", "0") for row in body if row[2] == "Taller pequeño")
    big = [row for row in body if row[2] == "Curso <b>grande</b>"]
    totals = {row[7] for row in big if row[6] == "Total"}
    assert totals == {"30"}  # the same total in every breakdown
    # Organisation names: the hostile one is visible and neutralised; a hidden one is not named.
    organizations = {row[6]: row[7] for row in big if row[5] == "Organización"}
    assert organizations["'" + HOSTILE] == "9"
    assert "Secreta A.C." not in {row[6] for row in body}
    assert organizations["Otras organizaciones (dato reservado)"] == ""


def test_json_and_page_say_the_same(client, published, settings):
    settings.AVANCE_SUPPRESSION_THRESHOLD = 5
    Edition.objects.filter(pk=published.edition.pk).update(status="signed")
    payload = json.loads(client.get(reverse("open_data:json")).content)
    assert payload["umbral_de_supresion"] == 5
    small = next(p for p in payload["padrones"] if p["padron"] == "Taller pequeño")
    assert small["total"] is None and set(small["by_sex"].values()) <= {None, 0}
    big = next(p for p in payload["padrones"] if p["padron"] == "Curso <b>grande</b>")
    assert big["total"] == 30 and big["by_sex"]["Total"] == 30

    response = client.get(reverse("open_data:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>grande</b>" not in html and "Curso &lt;b&gt;grande&lt;/b&gt;" in html
    tree = lxml.html.fromstring(html)
    captions = tree.xpath("//section[@class='padron-publicado'][1]//table/caption/text()")
    assert captions == ["Sexo", "Entidad de residencia", "Grupo de edad", "Organización"]
    hidden = tree.xpath("//td[@class='num'][span[@title='Dato reservado']]")
    assert hidden  # shown as «*» with a spoken label


def test_threshold_comes_from_settings(client, published, settings):
    Edition.objects.filter(pk=published.edition.pk).update(status="signed")
    settings.AVANCE_SUPPRESSION_THRESHOLD = 1  # nothing is small: the true counts
    payload = json.loads(client.get(reverse("open_data:json")).content)
    small = next(p for p in payload["padrones"] if p["padron"] == "Taller pequeño")
    assert small["total"] == 3
