"""The full-page cache for readers: what an anonymous reader is sent is kept in the default cache
(files in `make run`, Redis in production) and sent again to the next, until anything a
page shows changes.

Purging is by generation: every kept page carries the pages' version it was drawn at, and
purge_pages() moves the version on once the change is committed, which drops every cached page at
once (pages list each other — home, indexes, tags, rolls, feeds — so a change rarely concerns one
page). A hit is one read of the cache: the version and the page, together. Each process also keeps
the pages it last sent and the version in its own memory, and reads the shared cache again for a
page once LOCAL_VERSION_SECONDS have passed since it last read the version there: a hit in a surge
is then no round trip to Redis at all, and a purge in another process reaches this one within that
time (the purging process sees its own at once). Requests with a session
cookie (editors, a reader who unlocked a private page), and responses that set a cookie (a CSRF
token, a message), that are not 200 or that say private are never kept; nor is anything under
/admin/ (previews included), /documents/ or /api/.
"""

import contextvars
import hashlib
import pickle
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "pages-version"
NEVER_CACHED = ("/admin/", "/documents/", "/api/")
# A reader's browser asks again after a minute: a purge reaches it then.
BROWSER_SECONDS = 60
# Headers that vary by reader but not the page an anonymous reader gets: the site speaks one
# language, and without a session cookie the page reads no session.
NOT_VARYING = {"cookie", "accept-language"}
LOCAL_VERSION_SECONDS = 1.0
LOCAL_PAGES = 300


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


class _LocalCopies:
    """This process's copies of the version and of the pages it sent last. Pages are kept pickled:
    each hit answers with a response of its own, which the middleware outside may change."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pages = OrderedDict()
        self._version, self._read_at = None, float("-inf")

    def version(self):
        """The version read from the shared cache less than LOCAL_VERSION_SECONDS ago, or None."""
        if time.monotonic() - self._read_at < LOCAL_VERSION_SECONDS:
            return self._version
        return None

    def read(self, version):
        self._version, self._read_at = version, time.monotonic()

    def page(self, key, version):
        with self._lock:
            kept = self._pages.get(key)
            if kept is None or kept[0] != version:
                return None
            self._pages.move_to_end(key)
        return kept[0], kept[1], pickle.loads(kept[2])  # noqa: S301 (pickled by this process)

    def forget(self):
        with self._lock:
            self._pages.clear()
            self._version, self._read_at = None, float("-inf")

    def keep(self, key, entry):
        version, kept_at, response = entry
        copy = (version, kept_at, pickle.dumps(response, pickle.HIGHEST_PROTOCOL))
        with self._lock:
            self._pages[key] = copy
            self._pages.move_to_end(key)
            while len(self._pages) > LOCAL_PAGES:
                self._pages.popitem(last=False)


_local = _LocalCopies()


def forget_local_copies():
    """After the shared cache is emptied in this process: its local copies go with it."""
    _local.forget()


def _move_version_on():
    version = time.time_ns()
    cache.set(VERSION_KEY, version, None)
    _local.read(version)
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


def _page_key(request):
    return "pages." + hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()


def _varying(response):
    return [name.strip() for name in response.get("Vary", "").split(",") if name.strip()]


def _keepable(response):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        # Kept by address alone: a page that differs by another header is drawn each time.
        and all(name.lower() in NOT_VARYING for name in _varying(response))
    )


class FetchFromPageCacheMiddleware:
    """Next to UpdatePageCacheMiddleware: answers from the cache before the rest of the middleware
    and the view run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return self.get_response(request)  # files, served below: no page and no version
        if _for_the_cache(request):
            key = _page_key(request)
            version = _local.version()
            entry = version and _local.page(key, version)
            if not entry:
                found = cache.get_many([VERSION_KEY, key])
                version = found.get(VERSION_KEY) or _current_version()
                _local.read(version)
                entry = found.get(key)
                if entry and entry[0] == version:
                    _local.keep(key, entry)
            kept_version, kept_at, response = entry or (None, None, None)
            if kept_version == version:
                response["Age"] = str(max(0, int(time.time() - kept_at)))
                return response
            # For UpdatePageCacheMiddleware to keep the answer under the version it was drawn at: a
            # change committed meanwhile moves the version on, and leaves this copy behind.
            request.page_cache_entry = (key, version)
        else:
            version = _current_version()
        token = _request_version.set(version)
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


class UpdatePageCacheMiddleware:
    """First in MIDDLEWARE: keeps what the view answered, with every other middleware's headers
    but those that do not concern an anonymous reader's page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        entry = getattr(request, "page_cache_entry", None)
        if entry is None or request.method != "GET" or not _keepable(response):
            return response
        key, version = entry
        if "Vary" in response:
            del response["Vary"]
        response["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
        # Rendered already: Django renders a template response before the middleware sees it.
        entry = (version, time.time(), response)
        cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        _local.keep(key, entry)
        return response
