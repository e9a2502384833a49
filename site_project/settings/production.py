"""Production: behind nginx (or any TLS proxy), several workers, nothing kept in one process."""

from django.core.exceptions import ImproperlyConfigured

from pythonjsonlogger.core import RESERVED_ATTRS

from .base import *  # noqa: F403
from .base import env

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production (see .env.example).")
# Every absolute link names it and every migrate moves the Site to it: no default fits a real site.
if not env("SITE_URL", default=""):
    raise ImproperlyConfigured(
        "SITE_URL must be set in production: the public origin, e.g. https://www.example.cn."
    )

DEBUG = False

# HTTPS_ONLY=false is for `make run` on http://127.0.0.1 only; every public deployment is HTTPS.
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
if HTTPS_ONLY:
    for _policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):  # noqa: F405
        _policy["DIRECTIVES"]["upgrade-insecure-requests"] = True
CSRF_COOKIE_HTTPONLY = True  # the admin reads its token from the page, not the cookie

# Every admin account logs in with a second factor (django-otp; see home.security.two_factor).
TWO_FACTOR_REQUIRED = True

# One JSON line a request (site_project/request_log.py) and per error, traceback included, each with
# the request's id, on stdout for journald; a request that fails is mailed to ADMINS as well, once
# per kind of error every ten minutes.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
        # Ten minutes between two mails of one kind of error, per process.
        "once_per_kind": {"()": "site_project.log_format.OncePerKind", "seconds": 600},
    },
    "formatters": {
        "json": {
            "()": "site_project.log_format.JsonFormatter",
            "fmt": ["asctime", "levelname", "name", "request_id", "message"],
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "exc_info": "traceback",
            },
            # Django passes the request object along with its errors; the line has what matters of it.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["once_per_kind"],
        },
    },
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django": {"handlers": ["stdout", "mail_admins"], "propagate": False},
        "django.request": {"level": "ERROR"},  # a 404 or 403 is in its request's line already
        "django_guid": {"level": "WARNING"},  # it tells of every id it makes
        "site_project.requests": {"level": "INFO"},
    },
}
