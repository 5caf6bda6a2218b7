"""The institution's logo from the setup area's profile: a PNG or JPEG within bounds, stored
under a name of ours, refused in Spanish otherwise, and removable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from avance.catalogs.directory.models import Institution
from tests.builders import images, pages

KIND = "El logotipo debe ser una imagen PNG o JPEG de hasta 1 MB."
SIDE = "El logotipo debe medir hasta 2000 × 2000 píxeles."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post_profile(client, **extra):
    institute = client.world.institute
    data = {"name": institute.name, "acronym": institute.acronym, "branch": "Ramo 47"}
    return client.post(reverse("setup:profile"), {**data, **extra})


def stored(client) -> Institution:
    return Institution.objects.get(pk=client.world.institute.pk)


def test_the_profile_form_sends_files(admin_client):
    page = pages.html(admin_client.get(reverse("setup:profile")))
    assert re.search(r'<form[^>]*enctype="multipart/form-data"', page)
    assert 'accept="image/png,image/jpeg"' in page
    assert "remove_logo" not in page  # nothing to remove yet


@pytest.mark.parametrize("fmt,extension", [("PNG", ".png"), ("JPEG", ".jpg")])
def test_a_png_or_jpeg_logo_is_stored_under_a_name_of_ours(admin_client, settings, fmt, extension):
    data = images.image_bytes(fmt=fmt)
    response = post_profile(admin_client, logo=images.upload(data, "../../mi logo <x>.gif"))
    assert response.status_code == 302
    logo = stored(admin_client).logo
    assert re.fullmatch(rf"institutions/logos/[0-9a-f]{{32}}\{extension}", logo.name)
    path = Path(settings.MEDIA_ROOT) / logo.name
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    "data,message",
    [
        (b"%PDF-1.4 no es una imagen", KIND),
        (images.SVG, KIND),
        (images.image_bytes(fmt="GIF"), KIND),
        (images.noisy_png(1024 * 1024 + 1), KIND),
        (images.image_bytes(2001, 50), SIDE),
        (images.image_bytes(50, 2400), SIDE),
    ],
    ids=["not-an-image", "svg", "gif", "over-1-mb", "too-wide", "too-tall"],
)
def test_what_is_not_a_small_png_or_jpeg_is_refused_in_spanish(admin_client, data, message):
    response = post_profile(admin_client, logo=images.upload(data, "logo.png"))
    assert response.status_code == 200
    assert message in pages.html(response)
    assert not stored(admin_client).logo
    assert stored(admin_client).branch == ""  # nothing of the form was saved


def test_a_logo_is_replaced_or_removed_and_its_old_file_deleted(
    admin_client, settings, django_capture_on_commit_callbacks
):
    media = Path(settings.MEDIA_ROOT)
    post_profile(admin_client, logo=images.upload(images.image_bytes()))
    first = stored(admin_client).logo.name
    assert "remove_logo" in pages.html(admin_client.get(reverse("setup:profile")))

    both = post_profile(
        admin_client, logo=images.upload(images.image_bytes(fmt="JPEG")), remove_logo="on"
    )
    assert "Suba un logotipo nuevo o marque «Quitar el logotipo actual», no ambos." in (
        pages.html(both)
    )

    with django_capture_on_commit_callbacks(execute=True):
        post_profile(admin_client, logo=images.upload(images.image_bytes(fmt="JPEG")))
    second = stored(admin_client).logo.name
    assert second.endswith(".jpg") and second != first
    assert not (media / first).exists() and (media / second).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_profile(admin_client, remove_logo="on")
    assert response.status_code == 302
    assert not stored(admin_client).logo
    assert not (media / second).exists()
    assert stored(admin_client).history.first().logo == ""  # the history keeps the change
