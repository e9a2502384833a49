"""The full-page cache for readers: what an anonymous reader is sent is kept in the default cache
(files in `make run`, Redis in production) and sent again to the next, until anything a
page shows changes.

Purging is by generation: every cache key carries the pages' version, and purge_pages() moves it on
once the change is committed, which drops every cached page at once (pages list each other — home,
indexes, tags, rolls, feeds — so a change rarely concerns one page). Requests with a session
cookie (editors, a reader who unlocked a private page), and responses that set a cookie (a CSRF
token, a message), that are not 200 or that say private are never kept; nor is anything under
/admin/ (previews included), /documents/ or /api/.
"""

import contextvars
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import get_cache_key, learn_cache_key

VERSION_KEY = "pages-version"
NEVER_CACHED = ("/admin/", "/documents/", "/api/")
# A reader's browser asks again after a minute: a purge reaches it then.
BROWSER_SECONDS = 60
# Headers that vary by reader but not the page an anonymous reader gets: the site speaks one
# language, and without a session cookie the page reads no session.
NOT_VARYING = {"cookie", "accept-language"}


# The version the current request reads at; None outside a request.
_request_version = contextvars.ContextVar("pages_version", default=None)


def pages_version():
    """The pages' version the current request reads at (None outside a request): what is kept for
    it stays right until anything a page shows changes."""
    return _request_version.get()


def purge_pages(*args, **kwargs):
    """Drops every cached page and fragment, at once and again when the current transaction commits
    (a signal receiver as well): a request that read the old rows under the new version meanwhile
    keeps what it drew under a version the commit leaves behind."""
    _move_version_on()
    transaction.on_commit(_move_version_on)


def _move_version_on():
    version = time.time_ns()
    cache.set(VERSION_KEY, version, None)
    if _request_version.get() is not None:  # the purging request reads its own change next
        _request_version.set(version)


def purge_on_change(*models):
    """Purges the pages whenever one of these is saved or deleted."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(purge_pages, sender=model, dispatch_uid=f"purge_pages.{model._meta.label}")


def _current_version():
    return cache.get_or_set(VERSION_KEY, time.time_ns, None)


def _for_the_cache(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(NEVER_CACHED)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _keepable(response):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        and response.get("Vary", "").strip() != "*"
    )


class FetchFromPageCacheMiddleware:
    """After the static and media files in MIDDLEWARE: answers from the cache before the rest of the
    middleware and the view run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set(_current_version())
        try:
            return self._fetch_or_get_response(request)
        finally:
            _request_version.reset(token)

    def _fetch_or_get_response(self, request):
        if not _for_the_cache(request):
            return self.get_response(request)
        prefix = f"pages.{pages_version()}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        response = cache.get(key) if key else None
        if response is None:
            request.page_cache_prefix = prefix  # for UpdatePageCacheMiddleware to keep the answer
            return self.get_response(request)
        response["Age"] = str(max(0, int(time.time() - response.page_cached_at)))
        return response


class UpdatePageCacheMiddleware:
    """First in MIDDLEWARE: keeps what the view answered, with every other middleware's headers
    but those that do not concern an anonymous reader's page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        prefix = getattr(request, "page_cache_prefix", None)
        if prefix is None or request.method != "GET" or not _keepable(response):
            return response
        _for_readers(response).page_cached_at = time.time()
        seconds = settings.PAGE_CACHE_SECONDS
        # Rendered already: Django renders a template response before the middleware sees it.
        cache.set(learn_cache_key(request, response, seconds, prefix, cache=cache), response, seconds)
        return response


def _for_readers(response):
    varying = [name.strip() for name in response.get("Vary", "").split(",") if name.strip()]
    kept = [name for name in varying if name.lower() not in NOT_VARYING]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]
    response["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    return response
