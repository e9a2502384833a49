"""The site's private sections (pages with a view restriction, and what lies below them), read once
per version of the pages instead of on every listing and every page served."""

from django.db.models import Q

from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from site_project.fragments import remembered


def private_sections():
    """(id, path, depth) of each page with a view restriction."""
    return remembered(
        "private-sections",
        lambda: list(
            PageViewRestriction.objects.values_list("page_id", "page__path", "page__depth").distinct()
        ),
    )


def alias_paths():
    """The tree paths of alias pages: below one, Wagtail's own reading of view restrictions applies."""
    return remembered(
        "alias-paths",
        lambda: list(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)),
    )


def view_restrictions_of(page):
    """As Page.get_view_restrictions(), without reading the page's ancestors."""
    ids = [pk for pk, path, _ in private_sections() if page.path.startswith(path)]
    return PageViewRestriction.objects.filter(page_id__in=ids)  # no query when empty


def in_alias(page):
    return page.alias_of_id is not None or any(page.path.startswith(path) for path in alias_paths())


class SitePageQuerySet(PageQuerySet):
    def private_q(self):
        q = Q()
        for _, path, depth in private_sections():
            q |= Q(path__startswith=path, depth__gte=depth)
        return q if q else Q(pk__in=[])


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


def site_pages():
    """All pages, as Page.objects, with public() reading the private sections remembered."""
    return SitePageQuerySet(Page)


def is_shown(page):
    """Whether the public sees `page`: live and in no private section (asks the database nothing)."""
    return page.live and not any(page.path.startswith(path) for _, path, _ in private_sections())
