"""Settings for the test suite: the real settings with a test key and a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
# The suite runs with DEBUG off, as production does; without DATABASE_URL it uses SQLite (in memory).
os.environ.setdefault("DATABASE_URL", "sqlite:///" + os.path.join(os.path.dirname(__file__), "..", "test.sqlite3"))

from roadmap_site.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
UPLOAD_SPOOL_DIR = str(MEDIA_ROOT / "tmp")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run in the process at enqueue time (after the commit); tests of the worker path choose the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The test suite renders templates without running collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
SECURE_SSL_REDIRECT = False
STATIC_ROOT = BASE_DIR / "test-artifacts" / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
if not REDIS_URL:  # noqa: F405
    # The database cache's entries would roll back with each test's transaction while the versions did
    # too, yet a flushed database (transactional tests) restarts its versions: a cache outside the database,
    # cleared before every test (tests/conftest.py), keeps tests apart. The live-server tests use the real one.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(BASE_DIR / "test-artifacts" / f"cache-{os.getpid()}"),  # noqa: F405
        }
    }
