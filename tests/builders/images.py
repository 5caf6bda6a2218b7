"""Images made in the test (no binary file in the repository): logos and what is not one."""

from __future__ import annotations

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
)


def image_bytes(width: int = 300, height: int = 100, fmt: str = "PNG", color="#a4161a") -> bytes:
    """A plain image: a coloured band with a white square, so that a raster shows it."""
    image = Image.new("RGB", (width, height), color)
    side = min(width, height) // 2
    image.paste("white", (side // 2, side // 2, side // 2 + side, side // 2 + side))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def noisy_png(min_bytes: int) -> bytes:
    """A valid PNG larger than ``min_bytes`` (random pixels do not compress)."""
    side = int((min_bytes / 3) ** 0.5) + 20
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name: str = "logo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)
