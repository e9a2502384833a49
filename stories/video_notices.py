"""What the video upload form has to tell the editor, shown as admin messages after wagtailmedia's views."""

import contextvars
import functools

from django.contrib import messages
from django.urls import path, re_path

from wagtailmedia.views import media

_request = contextvars.ContextVar("video_upload_request", default=None)


def tell_editor(message):
    """A warning on the editor's next admin page; wagtailmedia does not hand its forms the request."""
    request = _request.get()
    if request is not None:
        messages.warning(request, message)


def _with_notices(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        token = _request.set(request)
        try:
            return view(request, *args, **kwargs)
        finally:
            _request.reset(token)

    return wrapped


# The same paths as wagtailmedia's add and edit, resolved first (see wagtail_hooks), so names and
# reverse() stay wagtailmedia's.
urlpatterns = [
    re_path(r"^media/(?P<media_type>audio|video|media)/add/$", _with_notices(media.add)),
    path("media/edit/<int:media_id>/", _with_notices(media.edit)),
]
