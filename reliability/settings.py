"""Settings for the source-reliability app: one module, fed by environment variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# Development is the default, so a fresh checkout runs as is; production sets
# DEBUG=0 together with a real SECRET_KEY and ALLOWED_HOSTS.
DEBUG = env_bool("DEBUG", True)
DEV_SECRET_KEY = "dev-only-secret-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: the development key is refused when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin modules are found when the URLs are loaded (urls.py), not whenever Django starts: they
    # import the scoring pipeline and the API, which cost `analyze` and every command half its start.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",  # the worker's queue (TASKS_BACKEND=database); unused tables with the inline default
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "articles",
    "reliability",
    "reliability.api",
    "reliability.signals_out",
    "reliability.disputes",
    "reliability.doublereview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server (gunicorn in production), before any other work.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reliability.urls"
WSGI_APPLICATION = "reliability.wsgi.application"

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
            ],
            "builtins": ["reliability.templatetags.labels"],
        },
    },
]

# SQLite is the embedded default; production points DATABASE_URL at PostgreSQL,
# e.g. postgres://postgres@127.0.0.1:5432/reliability
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes or threads writing at once (gunicorn's workers, runserver's threads): a
    # transaction takes the write lock when it begins and waits for it, instead of failing with
    # "database is locked" when it first writes after reading.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The dispute form's and the dashboard tokens' rate limits are counted in this cache, so every process
# must share it: Redis in production (CACHE_URL=redis://host:6379/0), whose counters are atomic. Without
# CACHE_URL, a table in the database (`manage.py createcachetable`, which scripts/setup runs): shared
# too, but its increments are a read and a write, so simultaneous calls may be counted once.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif not CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_table",
            # An increment rewrites the entry with this timeout, so it must outlast the longest window
            # (a day); and culling at the default 300 entries would drop live counters.
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must be redis://, rediss:// or unix:// (or unset), not {CACHE_URL!r}"
    )
# Sets one app's keys apart from another's on a shared Redis (the tests use one of their own).
CACHES["default"]["KEY_PREFIX"] = env_str("CACHE_KEY_PREFIX")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production `collectstatic` writes compressed files with content hashes in their names, which
# whitenoise serves with far-future cache headers; development (and the tests) read the source folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Development serves static files from the source folders as they change; production from STATIC_ROOT.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
# Sign-in throttling (django-axes, both sign-in pages): after LOGIN_FAILURE_LIMIT wrong passwords for one
# username, or from one address (REMOTE_ADDR, as for the dispute form), signing in is refused for
# LOGIN_LOCKOUT_MINUTES, even with the right password. Failures are rows in the database, so every
# process sees them; the admin's "Access attempts" lists the locks and deleting one lifts it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "reliability.review.access.locked_out"
# Every page may load scripts, styles and images from this server only (the API docs too: Swagger UI and
# Redoc come from drf-spectacular-sidecar's static files), and run no inline script unless it carries
# the page's nonce (`request.csp_nonce`); none does today. Inline styles stay allowed: Swagger UI, Redoc
# and htmx set them, and a style cannot run code. Images may be data: URLs (Swagger UI's icons), Redoc
# starts its search worker from a blob.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "worker-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "review:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Without DEBUG the app is assumed to sit behind HTTPS; each of these can be
# turned down from the environment for an internal deployment.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Ingestion: a single article (a text or HTML file, or one JSON line) larger
# than this is refused rather than parsed.
INGEST_MAX_ARTICLE_BYTES = env_int("INGEST_MAX_ARTICLE_BYTES", 2 * 1024 * 1024)
MODEL_DIR = Path(env_str("MODEL_DIR", str(BASE_DIR / "var" / "models")))

# Background tasks run inline unless a worker backend is configured (see README, "Production"):
# TASKS_BACKEND=database queues them in the database for `manage.py db_worker`.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}
# A long job (analysis, reanalysis, the ingest of an upload) is split into batches of this many articles
# (or lines of the upload) that any number of workers take in parallel (README, "Production").
JOB_BATCH_SIZE = env_int("JOB_BATCH_SIZE", 100)
# A batch whose worker has written no progress for this long is taken for dead and queued again.
JOB_BATCH_LEASE_SECONDS = env_int("JOB_BATCH_LEASE_SECONDS", 60)

# Webhooks (README, "Signal export and webhooks"): attempts per delivery, the first wait between them
# (doubling after each), and each POST's timeout, short so a slow receiver cannot hold the worker. With
# the inline backend the first attempt is made inside the request that moved the score, so it gets a
# shorter timeout still, and the others are left to `manage.py send_webhooks`.
WEBHOOK_ATTEMPTS = env_int("WEBHOOK_ATTEMPTS", 3)
WEBHOOK_BACKOFF_SECONDS = float(env_str("WEBHOOK_BACKOFF_SECONDS", "2"))
WEBHOOK_TIMEOUT_SECONDS = float(env_str("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOK_INLINE_TIMEOUT_SECONDS = float(env_str("WEBHOOK_INLINE_TIMEOUT_SECONDS", "1"))
# Receivers on loopback, private, link-local or multicast addresses are refused (a subscription could
# otherwise make this server call its own network); a test or an internal deployment may allow them.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
# Who the JSON-LD names as the reviewer of outlets and claims.
SIGNALS_ORGANISATION = env_str("SIGNALS_ORGANISATION", "Source reliability")
# Files editors upload for ingest (jobs page) wait here for the worker; each must be under the limit.
UPLOAD_DIR = Path(env_str("UPLOAD_DIR", str(BASE_DIR / "var" / "uploads")))
INGEST_MAX_UPLOAD_BYTES = env_int("INGEST_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# With the inline backend an upload's job runs inside the request: it may bring at most this many
# articles to ingest and analyse (50 real ones: 8 s on a loaded machine), far from gunicorn's timeout.
INGEST_INLINE_MAX_ARTICLES = env_int("INGEST_INLINE_MAX_ARTICLES", 50)

# A form's fields (files apart) beyond this are refused with 400 before they are read: room for an article
# body saved in the admin (INGEST_MAX_ARTICLE_BYTES) and its form. A JSON body to the API, far smaller
# (an override is a few lines), is refused beyond API_MAX_JSON_BYTES.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", INGEST_MAX_ARTICLE_BYTES + 512 * 1024)
API_MAX_JSON_BYTES = env_int("API_MAX_JSON_BYTES", 64 * 1024)

# The REST API for dashboards (README, "REST API"): dashboard tokens read, signed-in editors also write
# overrides; anonymous callers get 401. Token calls are throttled per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "reliability.api.access.DashboardTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["reliability.api.access.ReadOrOverride"],
    "DEFAULT_THROTTLE_CLASSES": ["reliability.api.access.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env_str("API_TOKEN_RATE", "600/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["reliability.api.parsing.JSONParser", "rest_framework.parsers.FormParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "reliability.api.pages.Pages",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Source reliability API",
    "DESCRIPTION": (
        "Outlet scores, claims with their attribution and support, contradictions, score history and the "
        "editors' audit log, for dashboards. Authenticate with `Authorization: Token <key>` (a dashboard "
        "token, read-only) or a signed-in editor's session. Times are ISO 8601 in UTC. The claims and "
        "score-history lists also stream as CSV or JSON lines (`?format=csv`, `?format=jsonl`)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs pages answer only those the API itself answers (401 to anyone else): they
    # describe every filter and field, which is no business of an anonymous caller.
    "SERVE_PERMISSIONS": ["reliability.api.access.ReadOrOverride"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True, "persistAuthorization": True},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {"LabelEnum": "reliability.models.LABEL_CHOICES"},
}

# The public dispute form (README, "Publisher replies"): a form sent sooner than this after it was opened
# is taken for a bot, one open longer has expired; each network address may send a few an hour, and each
# contact may have only a few disputes awaiting a decision.
DISPUTES_MIN_FILL_SECONDS = env_int("DISPUTES_MIN_FILL_SECONDS", 3)
DISPUTES_FORM_MAX_AGE = env_int("DISPUTES_FORM_MAX_AGE", 2 * 3600)
DISPUTES_PER_IP_PER_HOUR = env_int("DISPUTES_PER_IP_PER_HOUR", 5)
DISPUTES_MAX_OPEN_PER_CONTACT = env_int("DISPUTES_MAX_OPEN_PER_CONTACT", 3)
