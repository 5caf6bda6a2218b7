"""The next edition shows what changed since the signed one: paragraphs added and removed,
figures whose printed value changed."""

from __future__ import annotations

from django.urls import reverse

from avance.capture.activities.models import Activity, Figure
from avance.documents.reports import services
from avance.documents.reports.changes import Paragraph, changes_since_previous, compare
from avance.web.tests.test_edition_pages import sign_all
from tests.builders import pages


def test_compare_paragraphs_and_figures():
    before = {
        "markdown": "Intro.\n\nSe capacitó a 250 personas.\n\nSe reunió la red.",
        "figures": [
            {"reference": "a1.capacitadas", "text": "250"},
            {"reference": "x", "text": "3"},
        ],
    }
    after = {
        "markdown": "Intro.\n\nSe capacitó a 260 personas.\n\nSe reunió la red.\n\nNueva.",
        "figures": [
            {"reference": "a1.capacitadas", "text": "260"},
            {"reference": "y", "text": "1"},
        ],
    }
    paragraphs, figures = compare(before, after)
    assert paragraphs == [
        Paragraph("removed", "Se capacitó a 250 personas."),
        Paragraph("added", "Se capacitó a 260 personas."),
        Paragraph("added", "Nueva."),
    ]
    assert [(f.reference, f.before, f.after) for f in figures] == [
        ("a1.capacitadas", "250", "260"),
        ("y", "", "1"),
        ("x", "3", ""),
    ]
    assert compare(before, before) == ([], [])


def test_the_next_edition_shows_the_changed_figure_and_sentence(client, ew):
    sign_all(client, ew)
    client.force_login(ew.users["administrator"])
    client.post(reverse("reports:edition_open"), {"year": 2023})
    following = ew.edition.institution.editions.get(number=2)
    assert changes_since_previous(following).none

    Figure.objects.filter(activity=ew.first, name="capacitadas").update(total=260, women=160)
    Activity.objects.filter(pk=ew.second.pk).update(narrative="Se reunió la red dos veces.")
    changes = changes_since_previous(following)
    assert {(f.before, f.after) for f in changes.figures} >= {("250", "260"), ("150", "160")}

    detail = pages.html(client.get(reverse("reports:edition", args=[following.pk])))
    url = reverse("reports:edition_changes", args=[following.pk])
    assert url in detail
    page = pages.html(client.get(url))
    assert "Se reunió la red dos veces." in page and "<del>" in page
    # The signed edition kept its frozen text.
    ew.edition.refresh_from_db()
    signed = services.signed_file(edition=ew.edition, fmt="md")
    assert "Se reunió la red de enlaces." in bytes(signed.content).decode()
    # The first edition has nothing before it.
    response = client.get(reverse("reports:edition_changes", args=[ew.edition.pk]))
    assert response.status_code == 404
