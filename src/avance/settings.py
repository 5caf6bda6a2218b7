"""Avance settings: one module, driven by environment variables through strict helpers.

Every setting that differs between a laptop, CI and production is read from the environment;
a malformed value fails loudly at start-up instead of being guessed.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    """Read a variable, or the content of the file named by NAME_FILE (for secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    normalized = value.strip().lower()
    if normalized in {"1", "true", "yes", "on"}:
        return True
    if normalized in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = env_bool("AVANCE_DEBUG", False)
# Demo mode allows the demonstration accounts and a built-in pseudonym key; it is refused
# nowhere else.
DEMO_MODE = env_bool("AVANCE_DEMO", False)
TESTING = env_bool("AVANCE_TESTING", False)

SECRET_KEY = env("AVANCE_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or DEMO_MODE or TESTING:
        SECRET_KEY = "avance-insecure-development-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "AVANCE_SECRET_KEY is required outside demo, debug and test mode."
        )

ALLOWED_HOSTS = env_list("AVANCE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("AVANCE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_filters",
    "axes",
    "csp",
    # The layers of the flow, lowest first (docs/architecture.md).
    "avance.core",
    "avance.accounts",
    "avance.catalogs.territory",
    "avance.catalogs.directory",
    "avance.catalogs.planning",
    "avance.catalogs.bodies",
    "avance.capture.activities",
    "avance.capture.people",
    "avance.review",
    "avance.figures",
    "avance.documents.reports",
    "avance.publication",
    "avance.web",
    "avance.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "avance.accounts.middleware.ActiveInstitutionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "avance.urls"
WSGI_APPLICATION = "avance.wsgi.application"

_context_processors = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "avance.web.context_processors.site",
    "avance.web.institutions.institution",
]
TEMPLATES = [
    # The pages: Jinja2, from the apps' jinja2/ folders (decision 0013).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "avance.web.templating.environment",
            "context_processors": _context_processors,
        },
    },
    # Django's template language: the admin, and the report documents (documents layer).
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": _context_processors},
    },
]

DATA_DIR = Path(env("AVANCE_DATA_DIR", str(Path.cwd() / "var")) or "var")
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'avance.sqlite3'}",
        conn_max_age=env_int("AVANCE_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work together (the web preview while an import runs).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server rather than inlined by psycopg: the same statement text
    # for every call, which psycopg prepares on the server after a few executions, so that
    # PostgreSQL stops planning the pages' queries again on every request.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "server_side_binding", env_bool("AVANCE_DB_SERVER_SIDE_BINDING", True)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "es-mx"
# Spanish of Mexico whatever the browser asks for (dates, numbers, messages): a language is
# offered only once its catalog is complete (decision 0006).
LANGUAGES = [("es-mx", _("Español (México)"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("AVANCE_TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["avance.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if TESTING:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE or TESTING
# Local runs serve from the source folders; no collectstatic, no scan of STATIC_ROOT.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS

# Uploads: bounded in size; larger files are refused before they are read.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("AVANCE_UPLOAD_MAX_MEMORY", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
AVANCE_UPLOAD_MAX_BYTES = env_int("AVANCE_UPLOAD_MAX_BYTES", 200 * 1024 * 1024)

# Security: on by default, relaxed only for plain-HTTP local use (debug, demo, tests).
SECURE = not (DEBUG or DEMO_MODE or TESTING) or env_bool("AVANCE_FORCE_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions: every process sees a logout or a new password at once.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SECURE and env_bool("AVANCE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: no inline script, no third-party origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Failed-login throttling (django-axes): 5 failures lock a username+IP pair for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AVANCE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AVANCE_LOGIN_THROTTLE", True)

# Pseudonymisation key for personal identifiers (CURP). Required outside demo and test mode;
# checked where it is used so that commands that never touch people still run.
AVANCE_PSEUDONYM_KEY = env("AVANCE_PSEUDONYM_KEY") or (
    "avance-demo-pseudonym-key" if (DEMO_MODE or TESTING) else None
)
# Small-cell suppression threshold for anything published outside the institute.
AVANCE_SUPPRESSION_THRESHOLD = env_int("AVANCE_SUPPRESSION_THRESHOLD", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("AVANCE_LOG_LEVEL", "WARNING")},
}
