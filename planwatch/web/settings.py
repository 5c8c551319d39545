"""Django settings, read from the typed registry in ``planwatch.config`` — nothing set here by hand.

SQLite under PLANWATCH_DATA_DIR by default, PostgreSQL when DATABASE_URL is given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from planwatch import config
from planwatch.config import ConfigError

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(config.get("PLANWATCH_DATA_DIR")).resolve()
DEBUG = config.get("PLANWATCH_DEBUG")

_DEV_KEY = "planwatch-development-only-key-never-use-in-production-0000"
_PLACEHOLDERS = {"", "changeme", "change-me", "secret", "dev", "test"}


def _secret_key() -> str:
    key = config.get("PLANWATCH_SECRET_KEY")
    if key in _PLACEHOLDERS or len(key) < 32:
        if DEBUG:
            return _DEV_KEY
        raise ConfigError(
            "PLANWATCH_SECRET_KEY 未设置或过短（至少 32 个字符）",
            "PLANWATCH_SECRET_KEY is missing, a placeholder or shorter than 32 characters",
        )
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in config.get("PLANWATCH_ALLOWED_HOSTS").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "planwatch.web.regions",
    "planwatch.web.accounts",
    "planwatch.web.audit",
    "planwatch.web.plans",
    "planwatch.web.monitoring",
    "planwatch.web.projects",
    "planwatch.web.supervision",
    "planwatch.web.portal",
    "planwatch.web.api",
    "planwatch.web.jobs",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "planwatch.web.requestid.RequestIdMiddleware",  # first: every log line inside carries the id
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the headers too: every response carries them.
    "csp.middleware.CSPMiddleware",
    "planwatch.web.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware's slot; the language comes from the set_language cookie only.
    "planwatch.web.language.CookieLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "planwatch.web.errors.PlanwatchErrorMiddleware",
    # Last: it turns the locked-out login that a view rendered into a 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "planwatch.web.urls"
WSGI_APPLICATION = "planwatch.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "autoescape": True,
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "planwatch.web.menu.roles",
            ],
        },
    }
]


# SQLite: a write transaction takes the write lock when it begins (never an upgrade that fails
# under a concurrent writer), and readers run beside the one writer (WAL).
_SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}


def _database() -> dict[str, Any]:
    url = config.get("DATABASE_URL")
    if url:
        db: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
        if db["ENGINE"].endswith("sqlite3"):  # e.g. a worker pointed at another data file
            db.setdefault("OPTIONS", {}).update(_SQLITE_OPTIONS)
        if db["ENGINE"].endswith("postgresql") and config.get("PLANWATCH_DB_PREPARE") > 0:
            # Parameters bound by the server, and a statement repeated on a connection planned
            # once: planning is most of PostgreSQL's work for the short queries of a request.
            db.setdefault("OPTIONS", {}).update(
                server_side_binding=True, prepare_threshold=config.get("PLANWATCH_DB_PREPARE")
            )
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "planwatch.sqlite3",
        "OPTIONS": dict(_SQLITE_OPTIONS),
        # A file, not memory, so that a worker process started by a test sees the test's rows.
        "TEST": {"NAME": DATA_DIR / "test.sqlite3"},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Long work (imports, evaluation runs over many plans, reports) is queued as rows of the same
# database and run by `planwatch worker` (django-tasks; Django 6 ships it as django.tasks), so the
# default set-up needs no other server. Each job's limits are in planwatch.web.jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Argon2 first: new passwords are hashed with it; older hashes still verify and are upgraded.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): failures are rows of the axes tables, never cache entries that
# other traffic could evict, and they count per account and client address together, so users
# behind one proxy do not lock each other out. The address is the trusted proxy's header.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = config.get("PLANWATCH_LOGIN_MAX_ATTEMPTS")
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends 15 minutes after it began
AXES_CLIENT_IP_CALLABLE = "planwatch.web.accounts.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "planwatch.web.accounts.throttling.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False
CLIENT_IP_HEADER = config.get("PLANWATCH_CLIENT_IP_HEADER")
OPENAPI_PUBLIC = config.get("PLANWATCH_OPENAPI_PUBLIC")


# Cached evaluations and public pages must not depend on which worker, or which host, a
# request lands on. Behind one PostgreSQL the web tier scales out, so the cache
# lives in the database (a table made by the migrations); a single SQLite host uses files.
def _cache() -> dict:
    kind = config.get("PLANWATCH_CACHE") or (
        "database" if DATABASES["default"]["ENGINE"].endswith("postgresql") else "file"
    )
    if kind == "database":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "planwatch_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 4},
        }
    if kind == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    raise ConfigError(
        f"PLANWATCH_CACHE 只能是 database 或 file（当前：{kind}）",
        f"PLANWATCH_CACHE must be 'database' or 'file', not {kind!r}",
    )


CACHES = {"default": _cache()}

# Sessions and CSRF: HttpOnly everywhere, Secure when served over HTTPS, short sessions.
_SECURE = config.get("PLANWATCH_SECURE_COOKIES")
SESSION_COOKIE_SECURE = _SECURE
CSRF_COOKIE_SECURE = _SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_FAILURE_VIEW = "planwatch.web.portal.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from this site's own files: no inline script, no handler attributes, no eval
# (the pages keep their behaviour in static/planwatch/*.js). Inline style attributes stay
# allowed because ECharts writes them into its charts' tooltips; style elements do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],  # browsers without -elem/-attr
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if _SECURE:
    SECURE_SSL_REDIRECT = False  # TLS is terminated by the proxy in front
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 3600

# Uploads: evidence attachments and Excel files; the type check lives in the forms.
MAX_UPLOAD_BYTES = config.get("PLANWATCH_MAX_UPLOAD_MB") * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/media/"  # never served directly: attachments go through a permission-checked view

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Chinese is the source language (the msgids); English lives in locale/en, compiled to .mo by
# planwatch.web.locale_build at set-up time. The choice is remembered for a year.
LOCALE_PATHS = [WEB_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = _SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files (our CSS/JS and the npm-installed htmx/echarts) are served by the same process
# through WhiteNoise, straight from the app's static dirs: no CDN, no collectstatic step.
STATIC_URL = "/static/"
STATIC_ROOT = None
STATICFILES_DIRS = [WEB_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 3600

# Every line names its request; every 500 is written with its traceback (django.request logs
# it at ERROR, which Django's own configuration prints only under DEBUG).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "planwatch.web.requestid.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [request %(request_id)s] %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "loggers": {
        "planwatch": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
