"""Pasting from Word into the narrative, in Chromium: the text keeps what the report prints,
the footnote marks become calls and the notes become footnote rows."""

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
