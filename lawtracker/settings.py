"""Lawtracker settings, read from the environment.

Development defaults (DEBUG on, SQLite in ./var/) need no configuration; production
(DJANGO_DEBUG unset or false) refuses to start without DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS, and is served over HTTPS unless DJANGO_HTTPS=false.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LAWTRACKER_VAR_DIR", BASE_DIR / "var"))
# The database, uploaded imports and the cache live here: a new machine's first
# `migrate` needs the directory before SQLite can create its file in it.
VAR_DIR.mkdir(mode=0o750, parents=True, exist_ok=True)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def local_secret_key(path: Path) -> str:
    """A random key kept in var/ for development; never a value from the repository."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def env_list(name: str) -> list[str]:
    return [item.strip() for item in env_str(name).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
else:
    SECRET_KEY = SECRET_KEY or local_secret_key(VAR_DIR / "secret_key")
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A form refused as possibly forged gets the site's own page, saying what to do.
CSRF_FAILURE_VIEW = "lawtracker.views.csrf_failure"

# Production speaks HTTPS (behind a proxy that terminates TLS) unless DJANGO_HTTPS=false
# for plain HTTP on one machine, as `bin/serve` runs a local instance. DJANGO_SECURE_COOKIES
# is the variable's former name, still read so no deployment breaks.
HTTPS = env_bool(
    "DJANGO_HTTPS" if env_str("DJANGO_HTTPS") else "DJANGO_SECURE_COOKIES", default=not DEBUG
)

INSTALLED_APPS = [
    # The admin, every list of it checking its query string (lawtracker/adminsite.py).
    "lawtracker.adminsite.TrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "csp",
    # The read-only JSON API for the firm's other tools (lawtracker/api.py): a token a
    # user, the pages' permissions, an OpenAPI schema.
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "lawtracker",
    "instruments",
    "enforcement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered here, before the policy and the private cache below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lawtracker.middleware.PolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lawtracker.middleware.LanguageMiddleware",
    "lawtracker.middleware.NulRefusedMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lawtracker.middleware.PrivateCacheMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change the admin and the pages save.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lawtracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lawtracker" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lawtracker.context_processors.data_freshness",
            ],
        },
    },
]

WSGI_APPLICATION = "lawtracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'lawtracker.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The import worker writes a long file in one transaction: with a write-ahead log the
    # pages keep reading meanwhile, and other writes wait their turn instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 60,
    }

# Admin imports are checked and written by `manage.py db_worker`, outside the web request
# (bin/serve starts it beside gunicorn); the queue is a table in the same database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Seconds one check or import may hold the worker; past it the job stops and writes nothing.
LAWTRACKER_IMPORT_TIME_LIMIT = int(env_str("LAWTRACKER_IMPORT_TIME_LIMIT") or 15 * 60)
# Import progress, written by the worker and read by every web worker: on disk in var/.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
    }
}

# django-axes checks every login (the front end's and the admin's) before the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated wrong passwords lock that user name, never an address: the office shares one
# NAT address, and one person's typos must not lock everyone out. Administrators unlock
# in the admin (Access attempts) or with `manage.py axes_reset_username NAME`.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Failures and lockouts are logged (as warnings, to the console) naming the user name and
# address, so IT can tell whom to unlock; django-axes never logs the password typed.
AXES_SENSITIVE_PARAMETERS = []
# The admin lists attempts through lawtracker/admin.py, to superusers only.
AXES_ENABLE_ADMIN = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language a user picks is remembered for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files uploaded for import wait here for the worker and the confirmation, and are
    # kept as imported: on disk beside the database, where the import worker and every
    # gunicorn worker find them (never a worker's /tmp).
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "imports"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Lets runserver and the test client serve app static files without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-import-export: a file is imported whole or not at all.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# A working day's session that also ends when the browser closes.
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_SSL_REDIRECT = True
    # The proxy in front terminates TLS and says so in this header (it must set it).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SILENCED_SYSTEM_CHECKS = [
    # Joining the browsers' HSTS preload list is a decision for the firm's whole domain,
    # not for one internal app, so its `preload` flag is not sent.
    "security.W021",
    # Lockout by user name only is deliberate (see AXES_LOCKOUT_PARAMETERS above).
    "axes.W006",
]

# Our pages run no inline script or style: every asset is a file the app serves itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The narrow exception, on the admin's pages only (lawtracker.middleware.PolicyMiddleware):
# library templates there carry a few fixed inline attributes, allowed by their exact
# hashes; 'unsafe-hashes' lets no other inline style or handler run.
ADMIN_CONTENT_SECURITY_POLICY_REPLACE = {
    "style-src": [
        SELF,
        UNSAFE_HASHES,
        # django-simple-history's history list: <p class="paginator" style="border-top: 0">
        "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        # django-import-export's export form: style="padding: 0;", style="font-weight: bold;"
        "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA='",
        "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",
    ],
    "script-src": [
        SELF,
        UNSAFE_HASHES,
        # django-import-export's "select all" fields box: onchange="onSelectToggleChange(event)"
        "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
    ],
}

# An import file over either limit is refused before any of its rows is read: its size in
# bytes, and its rows of records (under the header).
LAWTRACKER_IMPORT_MAX_BYTES = int(env_str("LAWTRACKER_IMPORT_MAX_BYTES") or 20 * 1024 * 1024)
LAWTRACKER_IMPORT_MAX_ROWS = int(env_str("LAWTRACKER_IMPORT_MAX_ROWS") or 50_000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # The API's own views say who reads (lawtracker.api.ReadsTheTracker); any other is
    # closed to those not logged in.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lawtracker API",
    "DESCRIPTION": (
        "Read-only: China's cyber and data law instruments, enforcement cases with their "
        "penalties and citations, and campaigns. Send `Authorization: Token <key>` "
        "(`manage.py api_token USER`); each list takes its page's filters."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # One name in the schema for a set of choices several fields share.
    "ENUM_NAME_OVERRIDES": {"PrecisionEnum": "lawtracker.dates.Precision"},
}

# Mail (the saved searches' digests): written as files in var/mail/ unless an SMTP server
# is named; DJANGO_EMAIL_BACKEND=console prints them instead.
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST")
EMAIL_PORT = int(env_str("DJANGO_EMAIL_PORT") or 587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 30  # seconds: a mail server that hangs fails that digest alone
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}[env_str("DJANGO_EMAIL_BACKEND") or ("smtp" if EMAIL_HOST else "file")]
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL") or "lawtracker@localhost"
# Where the tracker is reached, for the links in mails (pages and feeds use the request's).
LAWTRACKER_BASE_URL = env_str("LAWTRACKER_BASE_URL") or "http://127.0.0.1:8000"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
