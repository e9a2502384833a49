"""Serving uploads from this process, for the embedded set-up where no nginx stands in front."""

import mimetypes

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware

# Types a browser may show inline; anything else an editor uploads is sent as a download, so an
# uploaded HTML or SVG file can never run script on the site's origin.
INLINE_TYPES = ("image/", "video/", "audio/", "text/vtt")


def shown_inline(content_type):
    return content_type.startswith(INLINE_TYPES) and content_type != "image/svg+xml"


def add_media_headers(headers, path, url):
    if not shown_inline(mimetypes.guess_type(path)[0] or ""):
        headers["Content-Disposition"] = "attachment"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Accept-Ranges"] = "bytes"


class MediaFilesMiddleware:
    """Serves MEDIA_ROOT with WhiteNoise: HTTP Range (206/416), ETag, cache headers.

    iOS Safari and WeChat's browser play video only from a server that answers Range.
    Files are looked up on each request, so uploads made after start-up are found.
    Documents are left to Wagtail's view, which checks their collection's privacy.
    """

    def __init__(self, get_response):
        if not settings.SERVE_MEDIA:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.documents_prefix = f"{settings.MEDIA_URL}documents/"
        self.files = WhiteNoise(
            None,
            root=settings.MEDIA_ROOT,
            prefix=settings.MEDIA_URL,
            autorefresh=True,
            max_age=settings.MEDIA_MAX_AGE,
            add_headers_function=add_media_headers,
            mimetypes={".vtt": "text/vtt"},  # subtitles; WhiteNoise does not know the type
        )

    def __call__(self, request):
        if request.path_info.startswith(self.documents_prefix):
            return self.get_response(request)
        media_file = self.files.find_file(request.path_info)
        if media_file is None:
            return self.get_response(request)
        return WhiteNoiseMiddleware.serve(media_file, request)
