"""The narrative editor in Chromium: a figure or a note call inserted from a menu; pasting
from Word keeps what the report prints, the footnote marks become calls and the notes
footnote rows."""

from __future__ import annotations

import pytest

from avance.capture.activities.tests.test_pasting import WORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_pasting_word_html_into_the_narrative(page_as, demo_site):
    page = page_as("analista")
    page.goto(demo_site.path("activities:create"))
    narrative = page.locator("#id_narrative")
    narrative.fill("Antes. ")
    narrative.evaluate(
        """(element, html) => {
            element.focus();
            element.setSelectionRange(element.value.length, element.value.length);
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Se capacitó a 81,961 mujeres[1] en 32 entidades.");
            element.dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
            );
        }""",
        WORD,
    )
    page.wait_for_function(
        "() => document.querySelector('#id_narrative').value.includes('[^nota1]')"
    )
    assert narrative.input_value() == "Antes. Se capacitó a 81,961 mujeres[^nota1] en 32 entidades."
    keys = page.locator("fieldset[data-formset='footnotes'] input[name$='-key']")
    texts = page.locator("fieldset[data-formset='footnotes'] [name$='-text']")
    filled = [(keys.nth(i).input_value(), texts.nth(i).input_value()) for i in range(keys.count())]
    assert ("nota1", "Listas de asistencia.") in filled
    assert (
        "Notas al pie agregadas desde el texto pegado: 1;" in page.locator("#pegado").inner_text()
    )
    # The live preview prints the call as a note.
    page.locator("#vista-previa sup a", has_text="1/").wait_for()


def test_a_figure_and_a_note_are_inserted_from_menus(page_as, demo_site):
    page = page_as("analista")
    page.goto(demo_site.path("activities:create"))
    page.locator("#id_figures-0-name").fill("capacitadas")
    page.locator("#id_footnotes-0-key").fill("fuente")
    narrative = page.locator("#id_narrative")
    narrative.fill("Se capacitó a ")
    narrative.evaluate("e => e.setSelectionRange(e.value.length, e.value.length)")
    page.get_by_label("Cifra", exact=True).select_option("{{ capacitadas.mujeres }}")
    page.get_by_role("button", name="Insertar la cifra").click()
    narrative.evaluate("e => e.setSelectionRange(e.value.length, e.value.length)")
    page.get_by_role("button", name="Insertar la llamada").click()
    assert narrative.input_value() == "Se capacitó a {{ capacitadas.mujeres }}[^fuente]"
