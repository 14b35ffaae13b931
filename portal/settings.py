"""Settings of the work-relief portal, driven by environment variables.

Production differs from the demo only by its variables (see README, "Environment").
With only DJANGO_DEBUG=1 set (the demo command does it) the portal runs on its embedded
default: a SQLite file, Celery eager, generated keys for demo data.
"""

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set unless DJANGO_DEBUG is on.")
    SECRET_KEY = "insecure-demo-key-only-for-debug-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105

# Personal data (ID numbers, bank cards, phones) at rest: comma-separated Fernet keys, newest
# first, and the key of the blind index; neither may be SECRET_KEY. portal.pii checks them at
# start-up (PortalConfig.ready), so a production server with a bad key does not start. The
# demo, in debug, runs on development keys derived from a fixed text and says so in the log.
PII_ENCRYPTION_KEYS = env_list("PII_ENCRYPTION_KEYS")
PII_INDEX_KEY = os.environ.get("PII_INDEX_KEY", "").strip()
PII_DEVELOPMENT_KEYS = DEBUG and not PII_ENCRYPTION_KEYS and not PII_INDEX_KEY
if PII_DEVELOPMENT_KEYS:
    _seed = "work-relief-portal development personal-data key, never for production"
    PII_ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(hashlib.sha256(f"{_seed}/encryption".encode()).digest()).decode()
    ]
    PII_INDEX_KEY = hashlib.sha256(f"{_seed}/index".encode()).hexdigest()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The apps that plug into the portal shell, lowest layer first: each may import `portal` and
# the apps before it, never one after it (the import-linter contracts in pyproject.toml list
# them in the same order, top first). portal/urls.py mounts the `urls` and `api` modules of
# each one that has them; adding an app is one entry here (and one in those contracts).
PORTAL_APPS = ["projects", "supervision", "labor", "wages", "reports"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "portal",
    *PORTAL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'demo.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "login"
# The throttle comes first: it refuses a locked-out user and address before the password is
# checked, and counts the failures of the backends after it.
AUTHENTICATION_BACKENDS = [
    "portal.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("DJANGO_FAST_PASSWORD_HASHER", default=False):
    # Tests only: hashing is not what they measure.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- login throttling (django-axes) --------------------------------------------------------
# After LOGIN_FAILURE_LIMIT wrong passwords for one user name from one address, that pair is
# locked out for LOGIN_COOLOFF_MINUTES (counted from the last failed try). An administrator
# lifts a lockout at once in /admin/ (Axes › Access attempts: delete the user's row) or with
# `manage.py axes_reset_username NAME`. The lockout page tells the user when to try again.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.login_throttle.client_ip_address"
# Behind the reverse proxy every request comes from the proxy's address; the proxy passes the
# client's own in this header (nginx: X-Real-IP). Set it only where the application can be
# reached through the proxy alone: anyone who can reach it directly could forge the header.
LOGIN_CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")

# --- language and time --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and media ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if not env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- security (production values; `manage.py check --deploy` is clean with them) ----------
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own): scripts, styles, fonts and images from the portal's
# own static files only, no inline script or style, no framing. data: images are Bootstrap's
# and Swagger UI's icons inside their CSS. Templates put behaviour in portal/static/portal/*.js.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Request bodies. The proxy in front refuses any body over 25 MB before it reaches the
# application (deploy/nginx.conf) and each form checks its own file limit (documents 20 MB,
# workbooks EXCEL_LIMITS). Here: the form fields of one request, files aside, may not pass
# 2 MB (the largest form, a meeting with its action items, is a few KB); an uploaded file
# over 2.5 MB is streamed to a temporary file instead of being held in a worker's memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
# Eager (tasks run in the caller) when no broker is configured; tests may force it either way.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A background job (import, export, report) whose worker died mid-way is handed out again by
# the broker; after this many runs it is marked failed instead (portal.jobs.job_run).
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))

# --- cache: shared by web and workers (the progress of imports); in-process when no Redis ------
CACHE_URL = os.environ.get(
    "CACHE_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Quarter-end and year-end report schedules join this table when reports exist.
CELERY_BEAT_SCHEDULE: dict = {}

# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api_permissions.ScopePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api_permissions.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "以工代赈协调平台 API",
    "DESCRIPTION": "施工单位工资系统推送台账、上级单位拉取统计数据所用的接口。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would load an image from swagger.io (no internet, and the CSP).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RegionLevelEnum": "portal.models.RegionLevel",
        "OrganizationKindEnum": "portal.models.OrganizationKind",
        "ProjectLevelEnum": "projects.models.ProjectLevel",
        "StageKindEnum": "projects.models.StageKind",
    },
}

# --- logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Login throttling: failures and lockouts (user name and address masked), not every
        # successful login nor the start-up banner of each command.
        "axes": {"level": "WARNING"},
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# --- files from users ---------------------------------------------------------------------------
# Every uploaded workbook goes through portal.excel: these bound what it accepts and the child
# process that parses it (memory and CPU time are capped by the kernel; the wall clock too).
EXCEL_LIMITS = {
    "max_bytes": int(os.environ.get("EXCEL_MAX_BYTES", 10 * 1024 * 1024)),
    "max_rows": int(os.environ.get("EXCEL_MAX_ROWS", 200_000)),
    "max_columns": int(os.environ.get("EXCEL_MAX_COLUMNS", 100)),
    "max_unpacked_bytes": int(os.environ.get("EXCEL_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)),
    "parse_memory_bytes": int(os.environ.get("EXCEL_PARSE_MEMORY_BYTES", 1024 * 1024 * 1024)),
    "parse_seconds": int(os.environ.get("EXCEL_PARSE_SECONDS", 60)),
}
