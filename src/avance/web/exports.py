"""Links to the list formats of an export (XLSX, CSV with «;», CSV with «,»), for templates."""

from __future__ import annotations

from django.urls import reverse

from avance.core.exporters import list_format_choices


def export_links(url_name: str, *args, query: str = "") -> list[tuple[str, str]]:
    """(label, URL) of each list format; the URL's last argument is the format."""
    suffix = f"?{query}" if query else ""
    return [
        (label, reverse(url_name, args=[*args, fmt]) + suffix)
        for fmt, label in list_format_choices()
    ]
