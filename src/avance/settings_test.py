"""Settings for the test suite: the normal settings in test mode, plus test-only switches."""

import os

os.environ.setdefault("AVANCE_TESTING", "1")
# Browser tests drive a live server and touch the ORM from the same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from avance.settings import *  # noqa: F403
from avance.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
AXES_ENABLED = False  # tests of throttling switch it on explicitly
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Several runs may share one server: give each its own test database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_avance_{os.getpid()}"}
