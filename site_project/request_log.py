"""One log line per request (logger `site_project.requests`; JSON in production): method, path,
status, duration, user and client, under the request's id, which django-guid's middleware (next in
MIDDLEWARE) takes from a trusted proxy's X-Request-ID or makes, and sends back in that header."""

import logging
import time
import urllib.parse

from django.conf import settings
from django.db import DatabaseError

from home.security.logins import client_ip

logger = logging.getLogger("site_project.requests")

# The URL arguments (a password-reset link's token) and query parameters whose value is a secret.
SECRET_URL_ARGUMENTS = {"token"}
SECRET_PARAMETERS = {"password", "token", "secret", "key", "signature", "code"}
HIDDEN = "***"


def logged_path(request):
    """The path and query string, with every secret in them replaced by ***."""
    path = request.path
    match = request.resolver_match  # None when no view was reached (a cached page, a file)
    if match:
        for name in SECRET_URL_ARGUMENTS & match.kwargs.keys():
            path = path.replace(f"/{match.kwargs[name]}/", f"/{HIDDEN}/")
    query = request.META.get("QUERY_STRING", "")
    if query:
        pairs = [pair.partition("=") for pair in query.split("&")]
        path += "?" + "&".join(
            f"{name}={HIDDEN}"
            if urllib.parse.unquote_plus(name).lower() in SECRET_PARAMETERS
            else name + eq + value
            for name, eq, value in pairs
        )
    return path


def user_id(request):
    user = getattr(request, "user", None)  # not set on a cached page or a file
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:  # the database is away: the line is written all the same
        return None


class RequestLogMiddleware:
    """First in MIDDLEWARE, outside the page cache: a page served from it is logged too. Only a trusted
    proxy's X-Request-ID is passed on to django-guid; anyone else's is dropped, and a new id made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("REMOTE_ADDR") not in settings.TRUSTED_PROXIES:
            request.META.pop("HTTP_X_REQUEST_ID", None)
        started = time.perf_counter()
        response = self.get_response(request)
        path = logged_path(request)
        logger.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user_id(request),
                "client": client_ip(request),
            },
        )
        return response
