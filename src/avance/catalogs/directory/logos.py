"""An institution's logo: a PNG or JPEG image, small enough to print on every document.

Only raster formats Pillow reads are taken (never SVG, which can carry scripts), and the
stored name is ours (``logo_path``), never the uploader's.
"""

from __future__ import annotations

import io
import logging
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

logger = logging.getLogger(__name__)

MAX_BYTES = 1024 * 1024
MAX_SIDE = 2000
# Pillow's format name → content type, and the extension each is stored with.
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg"}
KIND_MESSAGE = _("El logotipo debe ser una imagen PNG o JPEG de hasta 1 MB.")
SIDE_MESSAGE = _("El logotipo debe medir hasta %(max)s × %(max)s píxeles.")


@dataclass(frozen=True)
class LogoImage:
    """A checked logo: its bytes as uploaded, its content type and its size in pixels."""

    data: bytes
    content_type: str
    width: int  # pixels
    height: int


def inspect(data: bytes, *, decode: bool = True) -> LogoImage:
    """The image in ``data`` if it is a PNG or JPEG within the bounds; ValidationError (Spanish)
    otherwise. With ``decode`` the pixels are decoded too, so that a truncated or corrupt
    upload is refused at once and not when a document is printed."""
    if len(data) > MAX_BYTES:
        raise ValidationError(KIND_MESSAGE, code="logo_size")
    try:
        # Only the header is read here: the size is checked before any pixel is decoded.
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            fmt, (width, height) = image.format, image.size
            if width > MAX_SIDE or height > MAX_SIDE:
                raise ValidationError(SIDE_MESSAGE, code="logo_side", params={"max": MAX_SIDE})
            if decode:
                image.load()
    except Image.DecompressionBombError as error:
        raise ValidationError(SIDE_MESSAGE, code="logo_side", params={"max": MAX_SIDE}) from error
    except (OSError, ValueError, SyntaxError) as error:  # UnidentifiedImageError included
        raise ValidationError(KIND_MESSAGE, code="logo_kind") from error
    return LogoImage(data, FORMATS[fmt], width, height)


def checked_upload(upload) -> tuple[LogoImage, str]:
    """A logo uploaded from a form: the image and the name it is stored under
    (``logo.png``/``logo.jpg``: the uploader's file name is never kept)."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(KIND_MESSAGE, code="logo_size")  # not read at all
    upload.seek(0)
    image = inspect(upload.read(MAX_BYTES + 1))
    return image, f"logo.{EXTENSIONS[image.content_type]}"


def logo_path(instance, filename: str) -> str:
    """Where a logo is stored under MEDIA_ROOT: a random name with the checked format's
    extension (``checked_upload`` names the file), nothing the uploader typed."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    extension = f".{extension}" if extension in EXTENSIONS.values() else ""
    return f"institutions/logos/{uuid.uuid4().hex}{extension}"


def read(institution) -> LogoImage | None:
    """The institution's logo as documents print it, or None when it has none. A stored file
    that is missing or no longer valid is left out of the documents (and logged): a logo
    never stops a document from printing."""
    if not institution.logo:
        return None
    try:
        with institution.logo.storage.open(institution.logo.name, "rb") as stored:
            # The header only: checked in full when it was uploaded.
            return inspect(stored.read(MAX_BYTES + 1), decode=False)
    except (OSError, ValidationError):
        logger.warning("institution %s: logo %s unreadable", institution.pk, institution.logo.name)
        return None
