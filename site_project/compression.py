"""Readers' pages compressed in both ways of running (nginx in front passes them through as they
are): Django's gzip, which pads each answer with random bytes against BREACH. Nothing that holds a
secret is compressed: no admin page (CSRF tokens), no answer to a session, none that sets a cookie;
nor anything but text (media, already compressed, keeps its byte ranges)."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = {"text/html", "text/plain", "text/calendar", "application/xml", "application/json"}


class ReaderGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if (
            response.get("Content-Type", "").split(";")[0].strip() not in TEXT_TYPES
            or request.path.startswith("/admin/")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or response.cookies
        ):
            return response
        return super().process_response(request, response)
