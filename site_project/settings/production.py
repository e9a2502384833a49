"""Production: behind nginx (or any TLS proxy), several workers, nothing kept in one process."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production (see .env.example).")

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
