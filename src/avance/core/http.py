"""Responses shared by every download of the application."""

from __future__ import annotations

from django.http import HttpResponse


def attachment(
    content: bytes, *, filename: str, content_type: str, sha256: str | None = None
) -> HttpResponse:
    """``content`` as a file to save, with its length and, when known, its SHA-256."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(content))
    if sha256:
        response["ETag"] = f'"{sha256}"'
        response["X-Content-SHA256"] = sha256
    return response
