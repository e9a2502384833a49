"""What every endpoint of the site's API shares: a malformed query is a 400 with a Chinese message,
never a 500, and pagination bounded to what a listing can hold."""

import re

from django.core.exceptions import FieldError, ValidationError
from django.db import DataError
from django.http import Http404

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

from rest_framework import status
from rest_framework.response import Response

# What a malformed query string makes Wagtail's API raise deep down (a filter value that is no date,
# an id that is no number, an offset no database can hold, a NUL byte PostgreSQL refuses).
BAD_INPUT = (ValueError, OverflowError, ValidationError, FieldError, DataError)
MAX_OFFSET = 1_000_000
BAD_QUERY = "查询参数不正确。"

# Wagtail's API explains a bad query in English; the reader of ours reads Chinese. Anything not
# listed here is BAD_QUERY.
WAGTAIL_MESSAGES = [(re.compile(pattern, re.DOTALL), chinese) for pattern, chinese in [
    (r"unknown fields: (.*)", "没有这些字段：{0}。"),
    (r"query parameter is not an operation or a recognised field: (.*)", "不认识的查询参数：{0}。"),
    (r"fields error: .*", "fields 参数的格式不正确，应如 fields=title,town 或 fields=*。"),
    (r"'(.*)' does not support nested fields", "字段 {0} 没有下级字段。"),
    (r"type doesn't exist", "没有这种页面类型（type）。"),
    (r"(\w+) must be a positive integer", "{0} 要是正整数。"),
    (r"limit cannot be higher than (\d+)", "limit 不能大于 {0}。"),
    (r"field filter error\. '(.*)' is not a valid value for (\w+) .*", "{1} 的值“{0}”不正确。"),
    (r"field filter error\. null characters are not allowed for (\w+)", "{0} 里不能有空字符。"),
    (r"cannot order by '(.*)' .*", "不能按 {0} 排序。"),
    (r"random ordering .*", "随机排序（order=random）不能与别的排序或 offset 同用。"),
    (r"(?:parent|ancestor|descendant|translation_of) page doesn't exist", "没有这个页面。"),
    (r"filtering by tag with a search query is not supported", "搜索时不能同时按标签筛选。"),
    (r"cannot filter by '(.*)' while searching .*", "搜索时不能按 {0} 筛选。"),
    (r"filtering by descendant_of with child_of is not supported", "descendant_of 和 child_of 不能同用。"),
    (r"rich_text_format must be one of (.*), got .*", "rich_text_format 只能是 {0}。"),
]]  # fmt: skip


def chinese_message(error):
    """Wagtail's message of a BadRequestError in Chinese; ours are Chinese already."""
    message = str(error)
    for pattern, chinese in WAGTAIL_MESSAGES:
        if match := pattern.fullmatch(message):
            return chinese.format(*(group[:100] for group in match.groups()))
    return message if re.search(r"[\u4e00-\u9fff]", message) else BAD_QUERY


class BadInputMixin:
    """A malformed query is the caller's mistake: 400 with a message in Chinese, never 500; a 404 says
    so in Chinese too."""

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": "没有找到这项内容。"}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError):
            return Response({"message": chinese_message(exc)}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, BAD_INPUT):
            return Response({"message": BAD_QUERY}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


class BoundedPagination(WagtailPagination):
    """Wagtail's, refusing an offset beyond any listing (SQLite cannot even compare such a number)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset 不能大于 {MAX_OFFSET}。")
        return super().paginate_queryset(queryset, request, view)
