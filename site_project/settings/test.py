"""The pytest suite: fast hasher, plain static storage, media in a throw-away folder.

DATABASE_URL and REDIS_URL still apply, so the same suite runs on PostgreSQL with Redis.
"""

import tempfile

from .base import *  # noqa: F403
from .base import REDIS_URL

SECRET_KEY = "test-only-not-secret"
DEMO_ADMIN_PASSWORD = DEMO_STAFF_PASSWORD = ""  # whatever a developer's .env holds
DEMO_SITE = True
# Not the test client's host (testserver): a URL made from the request's host shows.
SITE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://localhost"
# Django's test client logs in without a request, which django-axes refuses: the login tests turn
# it on (tests/home/test_logins.py), and the production-server tests run with it.
AXES_ENABLED = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="tongdu-test-media-")
SERVE_MEDIA = True
# Tests see what a change does at once; the page cache's own tests turn it on.
PAGE_CACHE_SECONDS = 0
# A task runs at once, inside the request; the worker's own tests queue them in the database.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Live-server threads must not keep connections open: PostgreSQL cannot drop a test database in use.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = "tongdu-test"  # noqa: F405
else:  # one process: its own memory
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Static files straight from the apps' folders: the suite never runs collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
