from django.core.paginator import Paginator

from site_project.fragments import remembered


def paginate(request, items, per_page, key=None):
    """The page of `items` asked for by ?page=; a missing or bad number gives the nearest page.

    With a `key` naming what `items` holds (one key, the same items), the page's items are read once
    for the pages' version (site_project.fragments), for each page number asked in plain digits."""
    number = request.GET.get("page")
    if key is None or not (number is None or (number.isdigit() and len(number) <= 4)):
        return Paginator(items, per_page).get_page(number)
    return remembered(("page-of", key, per_page, number), lambda: _read(items, per_page, number))


def _read(items, per_page, number):
    page = Paginator(items, per_page).get_page(number)  # counts the items
    page.object_list = list(page.object_list)
    return page
