"""What a page shows, read from its HTML.

The pages are Jinja2 templates (decision 0013): Django's test client records the context of
its own template language only, so tests assert on what a user sees, the page itself.
"""

from __future__ import annotations

import re
from html import unescape

from django.urls import reverse

_PK = "987654321"


def html(response) -> str:
    return response.content.decode()


def _links(name: str, text: str, *args) -> list[tuple[int, str]]:
    """(pk, unescaped text) of each link to the URL ``name`` with a pk as last argument."""
    pattern = re.escape(reverse(name, args=[*args, _PK])).replace(_PK, r"(\d+)")
    return [
        (int(pk), unescape(label)) for pk, label in re.findall(f'href="{pattern}">(.*?)</a>', text)
    ]


def section(response, labelled_by: str) -> str | None:
    """The HTML of ``<section aria-labelledby=...>``; None when the page has no such section."""
    found = re.search(
        rf'<section[^>]*aria-labelledby="{labelled_by}"[^>]*>(.*?)</section>', html(response), re.S
    )
    return found.group(1) if found else None


def linked_activities(text: str) -> list[tuple[int, str]]:
    """(pk, title) of each activity a piece of a page links to, in order."""
    return _links("activities:detail", text)


def listed_activities(response) -> list[tuple[int, str]]:
    """(pk, title) of the rows of the activities list page."""
    table = re.search(r'<table class="activities">(.*?)</table>', html(response), re.S)
    return linked_activities(table.group(1)) if table else []


def home_work(response) -> dict[str, list[tuple[int, str]] | None]:
    """The home page's pending work: for each section, (pk, text) of its links (activities,
    or editions to sign), or None when the page does not show the section."""
    sections = {
        "to_capture": section(response, "por-capturar"),
        "to_review": section(response, "por-revisar"),
        "to_sign": section(response, "por-firmar"),
    }
    return {
        key: None
        if text is None
        else (_links("reports:edition", text) if key == "to_sign" else linked_activities(text))
        for key, text in sections.items()
    }


def select_options(response, name: str) -> list[str]:
    """The values of the options of the page's ``<select name=...>``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html(response), re.S)
    assert select, f"no <select name={name!r}>"
    return [unescape(value) for value in re.findall(r'<option value="([^"]*)"', select.group(1))]


def field_errors(response, auto_id: str) -> list[str]:
    """The errors shown under a form field (``<ul class="errorlist" id="<auto_id>_error">``)."""
    found = re.search(
        rf'<ul class="errorlist" id="{auto_id}_error">(.*?)</ul>', html(response), re.S
    )
    return [unescape(e) for e in re.findall(r"<li>(.*?)</li>", found.group(1))] if found else []
