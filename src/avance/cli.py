"""The ``avance`` console script: Django's command line with Avance's settings.

``avance report …``, ``avance demo …``, ``avance catalog …`` and ``avance roster …`` are
management commands of the project's apps; ``avance --help`` lists them with Django's own.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avance.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["avance", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
