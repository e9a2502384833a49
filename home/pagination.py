from django.core.paginator import Paginator


def paginate(request, items, per_page):
    """The page of `items` asked for by ?page=; a missing or bad number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
