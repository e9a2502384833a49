"""Routing a request down the page tree in one query for the pages along its path, where Wagtail's
Page.route reads two a step (the child by its slug, then its specific page). The pages found, and
each page served with what its template shows, are remembered for the pages' version
(site_project.fragments): until anything changes, the next request for them asks nothing.
"""

from django.http import Http404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from site_project.fragments import remembered, remembered_each


def route_along(page, request, path_components):
    """The route Wagtail's would find from `page` (a BasePage), or None to let Wagtail route: at
    the first page along the path whose class routes otherwise (sub-page routes), that page is
    asked, and its own routing comes back here for the rest of the path."""
    if not path_components:
        return None
    pages = _pages_along(page, path_components)
    base = page.url_path
    for depth in range(1, len(path_components) + 1):
        child = pages.get(base + "/".join(path_components[:depth]) + "/")
        if child is None:
            raise Http404
        child._cached_parent_obj = page
        remaining = path_components[depth:]
        if _routes_itself(child, remaining):
            return _specific(child, parent=page).route(request, remaining)
        if not remaining:
            child = _specific(child, parent=page)
            if not child.live:
                raise Http404
            return RouteResult(child)
        page = child
    return None


def _specific(page, parent):
    """The page as its own class, with what its class names in `served_with` (related rows its
    template shows) read alongside."""
    specific = remembered(("served-page", page.pk), lambda: _read_specific(page))
    specific._cached_parent_obj = parent
    return specific


def _read_specific(page):
    cls = page.specific_class
    related = getattr(cls, "served_with", None)
    if cls is None or related is None:
        return page.specific
    return (
        cls.objects.select_related(*related.get("select", ()))
        .prefetch_related(*related.get("prefetch", ()))
        .get(pk=page.pk)
    )


def _pages_along(page, path_components):
    """The pages at each prefix of the path below `page`, by URL path (None where there is none: a
    path below a page that routes itself, such as a tour's session): when a page along the way
    routes itself and then hands back, the rest is known already."""
    prefixes = [
        page.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)
    ]

    def read(keys):
        along = Page.objects.filter(
            url_path__in=[prefix for _, prefix in keys], path__startswith=page.path, depth__gt=page.depth
        )
        found = {found.url_path: found for found in along}
        return {key: found.get(key[1]) for key in keys}

    pages = remembered_each([("page-at", prefix) for prefix in prefixes], read)
    return {prefix: pages[("page-at", prefix)] for prefix in prefixes}


def _routes_itself(page, remaining):
    """Whether the page's own class would answer the rest of the path rather than a child page."""
    cls = page.specific_class
    if cls is None or cls.route is page_route():
        return False
    if not issubclass(cls, RoutablePageMixin):
        return True  # a route of its own: ask it
    if not page.live:
        return False
    sub_path = "/" + "".join(f"{component}/" for component in remaining)
    for candidate in (sub_path, sub_path.rstrip("/") or "/"):  # the second for files such as rili.ics
        try:
            cls.get_resolver().resolve(candidate)
        except Http404:
            continue
        return True
    return False


def page_route():
    from home.models import BasePage

    return BasePage.route
