import re
from urllib.parse import urlencode

from django.db.models import F
from django.shortcuts import render
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from site_project.fragments import remembered

from .pagination import paginate
from .search.results import SiteSearch

MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")  # PostgreSQL refuses NUL in any text


def count_hit(query):
    """Today's count of a search (搜索推荐 lists the popular ones): one UPDATE once it has a row.
    Shanghai's day, where Wagtail's add_hit would take UTC's (and miss the row after 16:00 UTC)."""
    date = timezone.localdate()
    today = QueryDailyHits.objects.filter(query__query_string=normalise_query_string(query), date=date)
    if not today.update(hits=F("hits") + 1):
        Query.get(query).add_hit(date=date)


def search(request):
    query = " ".join(CONTROL_CHARACTERS.sub(" ", request.GET.get("q", "")).split())
    notices = []
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        notices.append(f"搜索词太长，只按前 {MAX_QUERY_LENGTH} 个字搜索。")
    site_search = SiteSearch(query, request.GET.get("type", ""))
    if request.GET.get("type") and site_search.kind is None:
        notices.append("没有这种内容类型，下面是全部结果。")
    context = {"search_query": query, "kind": site_search.kind, "notices": notices}
    if not query:
        notices.append("请输入要找的内容，如人物姓名、乡镇、村名或专栏标题。")
    elif not site_search.words:
        notices.append("搜索词里没有文字或数字，请换个词试试。")
    else:
        # A search asked again (a shared link, a popular name) is answered from what the first found,
        # until anything changes.
        kind_slug = site_search.kind.slug if site_search.kind else ""
        results = paginate(request, site_search.results(), RESULTS_PER_PAGE, key=("search", query, kind_slug))
        first_page_of_everything = site_search.kind is None and results.number == 1
        context.update(
            results=results,
            facets=remembered(("search-facets", query), site_search.facets),
            promotions=site_search.promotions() if first_page_of_everything else [],
            query_string=urlencode({"q": query}),
            pagination_query=urlencode(
                {"q": query, "type": site_search.kind.slug} if site_search.kind else {"q": query}
            ),
        )
        if first_page_of_everything and "page" not in request.GET:
            count_hit(query)
    return render(request, "home/search.html", context)
