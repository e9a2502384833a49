"""The cache in front of the app — nginx, a CDN — purged through wagtail.contrib.frontend_cache
(WAGTAILFRONTENDCACHE, set from FRONTEND_CACHE_URL; README › Production). Without one, nothing here
runs a query or sends anything.

Wagtail's app purges a page's own URL when it is published or unpublished, before the change
commits. Pages here list each other, so beside each purge of the page cache (site_project.page_cache)
the apps' receivers purge from the front cache, once the change commits, the URLs that show it
most: the pages it is on, and the listings (the home page and every section), each with its routes
and filtered views that take what the change concerns (a year's roll, a tag's page, a town's
calendar, a column's stories, a session's page), and the sitemap. Any other page that shows it (a
listing's second page, a story naming a renamed town) is as old as the front cache keeps it at
most: the app's max-age, a minute.

Each app says what its changes show on (purge_front_cache_on_change); site_project knows no app.
"""

import threading
from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

# What a change to an instance of a model shows on: model → [instance → (pages, arguments)].
_SHOWN_ON = defaultdict(list)
# This thread's purge until its transaction commits, gathered from every change in it: a
# spreadsheet of sessions purges each URL once. A rolled-back change's URLs wait for the thread's
# next commit (a needless purge, never a missed one).
_pending = threading.local()


def _configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_front_cache(*pages, **arguments):
    """Purges, once the transaction commits, the URLs of `pages` and of the listings, each with its
    routes and filtered views: those taking no argument, and those taking one of `arguments`, which
    name a route's parameter, a route or a filter (year=[2026], tag=["dang-yuan"], number=[12]);
    and the sitemap."""
    if not _configured():
        return
    if not hasattr(_pending, "batch"):
        _pending.batch, _pending.arguments = PurgeBatch(), defaultdict(set)
    for page in pages:
        _add_page(_pending.batch, page, arguments)
    for name, values in arguments.items():
        _pending.arguments[name].update(values)
    # robust: the change is committed whatever happens to its purge.
    transaction.on_commit(_purge, robust=True)


def purge_front_cache_on_change(*models, shown_on=None):
    """Purges the front cache whenever an instance of one of `models` changes: the listings, and
    the pages and arguments `shown_on(instance)` returns, e.g. `lambda column: ((), {"column":
    [column.slug]})`. A page's publishing, unpublishing and moving reach the receiver through the
    home app's, for every page; another model's receiver is connected here (saved, deleted)."""
    for model in models:
        if shown_on is not None:
            _SHOWN_ON[model].append(shown_on)
        if not issubclass(model, Page):
            for signal in (post_save, post_delete):
                signal.connect(purge_front_cache_receiver, sender=model)


def purge_front_cache_receiver(sender, instance=None, action="post_", **kwargs):
    """Signal receiver: a page's own URLs, what a change to `instance` shows on, and the listings.
    For m2m_changed, once the rows have changed."""
    if not _configured() or not action.startswith("post_"):
        return
    pages, arguments = [], defaultdict(set)
    if isinstance(instance, Page):
        instance = instance.specific  # post_page_move sends the plain page
        pages.append(instance)
    for shown_on in _SHOWN_ON[type(instance)]:
        other_pages, other_arguments = shown_on(instance)
        pages += other_pages
        for name, values in other_arguments.items():
            arguments[name].update(values)
    # One call: outside a transaction (publishing is not in one) each call is sent at once.
    purge_front_cache(*pages, **arguments)


def _purge():
    """Sends this thread's purge with the listings': the first callback of a commit does, the
    others find nothing left."""
    batch = vars(_pending).pop("batch", None)
    if batch is None:
        return
    arguments = vars(_pending).pop("arguments")
    for site in Site.objects.select_related("root_page"):
        root = site.root_page.specific
        for page in [root, *root.get_children().live().specific()]:
            _add_page(batch, page, arguments)
        batch.add_url(f"{site.root_url}/sitemap.xml")
    batch.purge()


def _add_page(batch, page, arguments):
    url = page.get_full_url(batch)  # the batch keeps the sites' root paths for the next
    if url is not None:
        batch.add_urls(url + path for path in _paths(page, arguments))


def _paths(page, arguments):
    """The page's own path, its routes' (every route without a parameter, and those with one for
    each value of the argument of the parameter's or the route's name) and its filtered listings'
    (`?tag=…`) that take an argument."""
    paths = {""}
    if isinstance(page, RoutablePageMixin):
        for route in page.get_subpage_urls():
            parameters = list(route.pattern.regex.groupindex)
            if not route.pattern.regex.groups:
                paths.add(page.reverse_subpage(route.name))
            elif len(parameters) == 1:
                values = arguments.get(parameters[0]) or arguments.get(route.name) or ()
                paths.update(_reverse(page, route.name, {parameters[0]: value}) for value in values)
    for facet in getattr(page, "filter_facets", ()):  # home.filters
        paths.update(f"?{urlencode({facet.param: value})}" for value in arguments.get(facet.param, ()))
    paths.discard(None)
    return paths


def _reverse(page, name, kwargs):
    try:
        return page.reverse_subpage(name, kwargs=kwargs)
    except NoReverseMatch:  # a value the route does not take: nothing to purge
        return None
