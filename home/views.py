from urllib.parse import urlencode

from django.shortcuts import render

from wagtail.contrib.search_promotions.models import Query

from .pagination import paginate
from .search.results import SiteSearch, search_kinds
from .search.segmenter import current_segmenter

MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10


def search(request):
    query = " ".join(request.GET.get("q", "").split())
    kind = {kind.slug: kind for kind in search_kinds()}.get(request.GET.get("type", ""))
    context = {"search_query": query, "kind": kind, "notices": []}
    notices = context["notices"]
    if len(query) > MAX_QUERY_LENGTH:
        query = context["search_query"] = query[:MAX_QUERY_LENGTH]
        notices.append(f"搜索词太长，只按前 {MAX_QUERY_LENGTH} 个字搜索。")
    if request.GET.get("type") and kind is None:
        notices.append("没有这种内容类型，下面是全部结果。")
    if not query:
        notices.append("请输入要找的内容，如人物姓名、乡镇、村名或专栏标题。")
    elif not current_segmenter().query_words(query):
        notices.append("搜索词里没有文字或数字，请换个词试试。")
    else:
        site_search = SiteSearch(query, kind)
        context.update(
            results=paginate(request, site_search.results(), RESULTS_PER_PAGE),
            facets=site_search.facets(),
            promotions=site_search.promotions() if kind is None and "page" not in request.GET else [],
            query_string=urlencode({"q": query}),
            pagination_query=urlencode({"q": query, "type": kind.slug} if kind else {"q": query}),
        )
        if kind is None and "page" not in request.GET:
            Query.get(query).add_hit()
    return render(request, "home/search.html", context)
