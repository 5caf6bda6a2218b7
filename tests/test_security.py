"""Security properties of the pages: CSP without inline script, templates free of inline
script and style, secure cookies and HSTS outside debug/demo/test, failed-login throttling."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.builders.world import PASSWORD, make_user

SRC = Path(__file__).resolve().parent.parent / "src" / "avance"


@pytest.mark.django_db
def test_csp_header_forbids_inline_script(client):
    response = client.get(reverse("accounts:login"))
    policy = response.headers["Content-Security-Policy"]
    directives = {
        part.strip().split()[0]: part.strip().split()[1:]
        for part in policy.split(";")
        if part.strip()
    }
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


@pytest.mark.django_db
def test_pages_send_frame_and_sniffing_protection(client):
    response = client.get(reverse("accounts:login"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def _templates() -> list[Path]:
    # The pages (Jinja2, jinja2/ folders), the widgets and documents (templates/ folders).
    return sorted(
        p
        for p in SRC.rglob("*.html")
        if p.is_file() and {"templates", "jinja2"} & set(p.relative_to(SRC).parts)
    )


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\s on[a-z]+\s*=", re.IGNORECASE | re.VERBOSE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_templates_are_found():
    names = {p.name for p in _templates()}
    assert {"base.html", "list.html", "form.html"} <= names


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(SRC)))
def test_template_has_no_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    # Documents rendered to PDF outside the browser may carry their own <style>; pages may not.
    is_document = "/reports/document" in str(path) or path.name.startswith("document")
    problems = []
    if INLINE_SCRIPT.search(text):
        problems.append("a <script> without src")
    if EVENT_HANDLER.search(text):
        problems.append("an on*= event-handler attribute")
    if STYLE_ATTRIBUTE.search(text):
        problems.append("a style= attribute")
    if STYLE_ELEMENT.search(text) and not is_document:
        problems.append("a <style> element")
    if JS_URL.search(text):
        problems.append("a javascript: URL")
    assert problems == []


def test_template_scanner_catches_inline_script():
    sample = '<p onclick="x()">a</p><script>alert(1)</script><div style="color:red">'
    assert INLINE_SCRIPT.search(sample)
    assert EVENT_HANDLER.search(sample)
    assert STYLE_ATTRIBUTE.search(sample)
    assert not INLINE_SCRIPT.search('<script src="/static/a.js" defer></script>')


PROBE = """
import json
from django.conf import settings
import django
django.setup()
print(json.dumps({name: getattr(settings, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_HTTPONLY",
    "SECURE_CONTENT_TYPE_NOSNIFF", "AXES_ENABLED",
]}))
"""


def _settings_with(env: dict) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AVANCE_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(env, DJANGO_SETTINGS_MODULE="avance.settings")
    result = subprocess.run(  # noqa: S603 - our own interpreter and a constant program
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_production_settings_are_secure(tmp_path):
    values = _settings_with({"AVANCE_SECRET_KEY": "x" * 50, "AVANCE_DATA_DIR": str(tmp_path)})
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "AXES_ENABLED": True,
    }


def test_demo_settings_relax_only_https(tmp_path):
    values = _settings_with({"AVANCE_DEMO": "true", "AVANCE_DATA_DIR": str(tmp_path)})
    assert (values["SESSION_COOKIE_SECURE"], values["SECURE_SSL_REDIRECT"]) == (False, False)
    assert (values["SECURE_HSTS_SECONDS"], values["AXES_ENABLED"]) == (0, True)


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_login_is_locked_after_five_failures(client):
    make_user("analista_x")
    url = reverse("accounts:login")
    assert settings.AXES_FAILURE_LIMIT == 5
    statuses = [
        client.post(url, {"username": "analista_x", "password": "equivocada"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    # Locked: even the right password is refused now.
    response = client.post(url, {"username": "analista_x", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_login_succeeds_after_fewer_failures(client):
    make_user("analista_y")
    url = reverse("accounts:login")
    for _ in range(3):
        client.post(url, {"username": "analista_y", "password": "equivocada"})
    response = client.post(url, {"username": "analista_y", "password": PASSWORD})
    assert response.status_code == 302
