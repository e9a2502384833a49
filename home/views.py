import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page

MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10


# Punctuation means nothing to a reader's query but is syntax to FTS5 and tsquery.
NON_WORD = re.compile(r"[^\w]+")


def search(request):
    query = request.GET.get("q", "").strip()
    message = ""
    results = None
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        message = f"搜索词太长，只按前 {MAX_QUERY_LENGTH} 个字搜索。"
    terms = NON_WORD.sub(" ", query).strip()
    if query and not terms:
        message = "搜索词里没有文字或数字，请换个词试试。"
    elif terms:
        pages = Page.objects.live().public().search(terms, operator="and")
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        Query.get(query).add_hit()
    else:
        message = "请输入要找的内容，如人物姓名、乡镇或专栏标题。"
    return render(
        request,
        "home/search.html",
        {
            "search_query": query,
            "results": results,
            "message": message,
            "pagination_query": urlencode({"q": query}),
        },
    )
