"""PDF edition: the print HTML laid out by WeasyPrint, with footnotes at the foot of the page.

Fonts are named explicitly ("DejaVu Sans", in the body and in the page's margin boxes) because
the glyphs of the report (❖ U+2756, ➤ U+27A4) are missing from most fonts. Rendering never
touches the network: the URL fetcher refuses anything but inline ``data:`` resources.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from avance.reports.document import Document
from avance.reports.renderers import filename, register
from avance.reports.renderers.html import document_html, stylesheet

PAGE_SIZES = {"a4": "A4", "letter": "letter"}


class LocalOnlyFetcher(URLFetcher):
    """Refuse every resource that is not inline: no network access while rendering."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            raise ValueError(f"recurso externo rechazado: {url[:80]}")
        return super().fetch(url, headers)


def _css_string(text: str) -> str:
    """A CSS string literal holding ``text`` verbatim (quotes, backslashes, newlines escaped)."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_()/áéíóúüñÁÉÍÓÚÜÑ" else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def page_css(page_size: str) -> str:
    size = PAGE_SIZES.get(page_size.lower())
    if size is None:
        raise ValueError(page_size)
    before, between = _("Página %(page)s de %(pages)s").split("%(page)s")
    between = between.split("%(pages)s")[0]
    return (
        f"@page {{ size: {size}; @bottom-center {{ content: {_css_string(before)} counter(page) "
        f"{_css_string(between)} counter(pages); }} }}"
    )


def pdf_bytes(document: Document, *, page_size: str = "A4", watermark: str | None = None) -> bytes:
    markup = document_html(document, standalone=True, print_mode=True, watermark=watermark)
    html = HTML(string=str(markup), base_url="about:blank", url_fetcher=LocalOnlyFetcher())
    stylesheets = [
        CSS(string=stylesheet("report-print.css"), url_fetcher=LocalOnlyFetcher()),
        CSS(string=page_css(page_size)),
    ]
    return html.write_pdf(stylesheets=stylesheets, uncompressed_pdf=False)


@register("pdf")
def render_pdf(
    document: Document,
    *,
    page_size: str = "A4",
    watermark: str | None = None,
    **_options,
) -> tuple[str, str, bytes]:
    content = pdf_bytes(document, page_size=page_size, watermark=watermark)
    return filename(document, "pdf"), "application/pdf", content
