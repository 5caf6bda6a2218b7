#!/usr/bin/env python3
"""Take the screenshots of the main pages into docs/screenshots/ (page-<name>.png, 1280×900).

Runs the browser test ``tests/browser/test_screenshots.py`` with AVANCE_SCREENSHOTS=1: the
2023 demonstration year and its accounts are loaded into a throw-away test database and
served by a live server on loopback; Debian's Chromium (/usr/bin/chromium) opens each page
signed in as the account that uses it. Nothing outside docs/screenshots/ is written.

    .venv/bin/python scripts/screenshots.py            # all pages
    .venv/bin/python scripts/screenshots.py -k login   # extra arguments go to pytest
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    env = {**os.environ, "AVANCE_SCREENSHOTS": "1", "AVANCE_TESTING": "1"}
    env.pop("DATABASE_URL", None)  # the in-memory SQLite test database (see tests/browser)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        str(ROOT / "tests" / "browser" / "test_screenshots.py"),
        *argv,
    ]
    return subprocess.call(command, cwd=ROOT, env=env)  # noqa: S603 - our own interpreter


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
