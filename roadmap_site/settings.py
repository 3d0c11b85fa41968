"""Settings for Pantau RB, read from environment variables (see .env.example)."""

from pathlib import Path

from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured

from roadmap_site.env import database_config, env_admins, env_bool, env_int, env_list, env_str, read_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
read_env_file(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY or (not DEBUG and SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("SECRET_KEY must be set to a real secret when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "import_export",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "core",
    "roadmap",
    "indicators",
    "actionplan",
    "accounts",
    "perbup",
    "monev",
    "notifications",
    "pmprb",
    "dashboards",
    "snapshots",
]

MIDDLEWARE = [
    # Notices requests through a proxy while BEHIND_TLS_PROXY is off (a log line and a deploy check).
    "core.proxy.ForwardedForWatch",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A GET request reads each data version of the cache's keys once (core/cache.py)
    "core.cache.RequestVersions",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PermissionBackend",
]

ROOT_URLCONF = "roadmap_site.urls"

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
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "roadmap_site.wsgi.application"

if not DEBUG and not env_str("DATABASE_URL"):
    # A server must name its database; only development falls back to a local SQLite file.
    raise ImproperlyConfigured("DATABASE_URL must be set when DEBUG is off (see .env.example and docs/deploy.md).")
DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections, checked before each request's first query: after a database restart
        # only the requests in flight fail, not the next ones on stale connections.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Off: years and ids ("2019") must not become "2.019"; large amounts use |intcomma explicitly.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))

# Evidence files live outside the static tree and are never served by the static handler.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE are spooled here, not in /tmp: what a killed worker
# leaves behind is found and removed by `manage.py orphan_files` (ORPHAN_GRACE_MINUTES after it was written).
UPLOAD_SPOOL_DIR = env_str("UPLOAD_SPOOL_DIR") or str(MEDIA_ROOT / "tmp")
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "core.storage.SpoolingUploadHandler",
]
# Files younger than this are never called orphans: their upload may still be in its transaction.
ORPHAN_GRACE_MINUTES = env_int("ORPHAN_GRACE_MINUTES", 60)
# An import's upload waiting between its preview and "Terapkan" (core/pending.py) expires after this many
# hours; `orphan_files` removes it then. (WORKBOOK_PREVIEW_HOURS is the name it had for the roadmap workbook.)
PENDING_UPLOAD_HOURS = env_int("PENDING_UPLOAD_HOURS", env_int("WORKBOOK_PREVIEW_HOURS", 24))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

DJANGO_TABLES2_TEMPLATE = "tables/bootstrap5_rows.html"
# Fields with errors carry Bootstrap's is-invalid (core.forms).
FORM_RENDERER = "core.forms.FormRenderer"
# Message levels as the stylesheet's alert classes (an error is red, not unstyled grey).
MESSAGE_TAGS = {
    message_constants.DEBUG: "secondary",
    message_constants.INFO: "info",
    message_constants.SUCCESS: "success",
    message_constants.WARNING: "warning",
    message_constants.ERROR: "danger",
}

# Where the Perbup text and the fixtures transcribed from it live.
PERBUP_FIXTURES_DIR = BASE_DIR / "fixtures"
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Photos chosen in the report form become one PDF (core.photos) no larger than EVIDENCE_MAX_BYTES;
# each photo as sent by the phone may be up to PHOTO_MAX_BYTES, and at most PHOTO_MAX_COUNT at once.
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 25 * 1024 * 1024)
PHOTO_MAX_COUNT = env_int("PHOTO_MAX_COUNT", 20)
# An uploaded Excel template: the file, and what its parts may declare unpacked (a zip bomb stops here).
EXCEL_MAX_BYTES = env_int("EXCEL_MAX_BYTES", 5 * 1024 * 1024)
EXCEL_MAX_UNPACKED_BYTES = env_int("EXCEL_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
# Days before the deadline on which send_reminders e-mails OPDs with missing reports.
REMINDER_DAYS_BEFORE_DEADLINE = env_int("REMINDER_DAYS_BEFORE_DEADLINE", 7)
# E-mail (notifications, reminders, "Lupa sandi"): the console in development, SMTP in production.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "pantau-rb@pasuruankab.go.id")
# Work outside the request (the e-mail outbox): Django's Tasks API (django-tasks) with its database
# backend, so the queue lives in the same database and needs no other service. `manage.py db_worker`
# runs the jobs (`make run` starts one beside the development server; production: docs/deploy.md).
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": ["default"]}}
# Outbox retries: 1, 2, 4 … minutes after each failure, at most 6 hours apart, then given up (visible in
# the admin under "E-mail keluar", where the administrator can send again).
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_MAX_RETRY_SECONDS = env_int("OUTBOX_MAX_RETRY_SECONDS", 6 * 3600)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 12)
# A message claimed longer ago than this by a worker that never finished is sent again by send_outbox.
OUTBOX_SENDING_TIMEOUT_SECONDS = env_int("OUTBOX_SENDING_TIMEOUT_SECONDS", 600)
# The address links in e-mails point to (no trailing slash needed).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Bagian Organisasi's address, copied on reminders for reports past the deadline.
BAGIAN_ORGANISASI_EMAIL = env_str("BAGIAN_ORGANISASI_EMAIL", "organisasi@pasuruankab.go.id")
# Data upload limit: the largest evidence file plus form fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The dashboards' read models live in Django's cache under keys that carry the data versions (core/cache.py;
# the versions themselves are rows of the database). Redis when REDIS_URL is set, else the database cache: one
# table of the same database, so every process of every app server shares it with nothing more to run. (A file
# cache would be shared by the processes of one machine only, LocMemCache by one process: core.E001 refuses it
# when DEBUG=0.) The cache is an optimisation: when Redis is down or slow, pages are computed without it.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "pantau-rb"),
            # A stopped or paused Redis costs a quarter of a second, then the cache is left alone a while
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pantau_rb_cache",
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "pantau-rb"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}
RESULTS_CACHE_ALIAS = "default"
# How long an entry of an old version lingers before the cache drops it; never a staleness bound.
RESULTS_CACHE_SECONDS = env_int("RESULTS_CACHE_SECONDS", 3600)
# Admin imports (OPD registry, user accounts): all or nothing, only for users who may add the model.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Their file between preview and confirmation is a pending upload like every other import's (core/pending.py).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "core.pending.TemporaryStorage"
# The public transparency page (verified achievements only) is off unless switched on.
PUBLIC_DASHBOARD = env_bool("PUBLIC_DASHBOARD", default=False)

# -- Security --------------------------------------------------------------------------------
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one
# address, further attempts are refused for AXES_COOLOFF_HOURS.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
# Username and address together: a stranger's failures never lock the real user out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.throttling.client_username"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)
# How many proxies in front of the app append to X-Forwarded-For (nginx alone: 1; a load balancer in
# front of nginx: 2). The client's address is the entry that many places from the right.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if BEHIND_TLS_PROXY:
    # nginx or a load balancer terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# Content security policy (django-csp): everything from this server only; no CDN, no inline script.
# Inline *styles* are allowed for progress-bar widths and the SVG charts' embedded styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Static files are served by WhiteNoise from STATIC_ROOT (after collectstatic) with hashed names.
# Evidence files (MEDIA_ROOT) are never served here: only the access-checked download views read them.
STORAGES = {
    # A file saved in a transaction that rolls back is deleted again (core/storage.py).
    "default": {"BACKEND": "core.storage.TransactionalFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# -- Operations ------------------------------------------------------------------------------
# Errors go to stderr (the service manager's journal) with the path and the user; with ADMINS set
# and DEBUG off, each server error is also mailed to them.
ADMINS = env_admins("ADMINS")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "roadmap_site.logging.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(method)s %(path)s user=%(user)s] %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
            "filters": ["request_context"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": ["stderr", "mail_admins"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["stderr", "mail_admins"], "level": "WARNING", "propagate": False},
        "axes": {"level": "WARNING"},  # not a banner on every management command
        "weasyprint": {"level": "WARNING"},  # not a line per layout step of every PDF
        "fontTools": {"level": "WARNING"},
    },
}
