import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from avance import settings as avance_settings


def test_env_bool_rejects_unknown_values(monkeypatch):
    monkeypatch.setenv("AVANCE_X", "quizá")
    with pytest.raises(ImproperlyConfigured):
        avance_settings.env_bool("AVANCE_X")


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("", True)])
def test_env_bool_parses_known_values(monkeypatch, raw, expected):
    monkeypatch.setenv("AVANCE_X", raw)
    assert avance_settings.env_bool("AVANCE_X", default=True) is expected


def test_env_reads_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n", encoding="utf-8")
    monkeypatch.setenv("AVANCE_Y_FILE", str(secret))
    assert avance_settings.env("AVANCE_Y") == "s3cr3t"


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AVANCE_", "DJANGO_"))}
    env.update(extra)
    return env


def test_production_settings_require_a_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import avance.settings"],
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "AVANCE_SECRET_KEY is required" in result.stderr


def test_cli_help_lists_avance_commands():
    result = subprocess.run(
        [sys.executable, "-m", "avance", "help"],
        env=_clean_env(AVANCE_TESTING="1"),
        capture_output=True,
        text=True,
        check=True,
    )
    for command in ("report", "demo", "catalog"):
        assert f"    {command}\n" in result.stdout


def test_figure_clean_without_measure_leaves_the_error_to_the_form():
    from avance.capture.activities.models import Figure

    Figure(name="x", total=3).clean()  # no crash: the required field reports it


def test_dates_print_the_mexican_way():
    import datetime

    from django.utils import formats, translation

    with translation.override("es-mx"):
        assert formats.date_format(datetime.date(2023, 10, 9)) == "9 de octubre de 2023"
        assert formats.number_format(81961, force_grouping=True) == "81,961"
