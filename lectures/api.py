"""The API's lecture sessions (/api/v2/sessions/): read-only, the coming ones unless a date range is
asked for, filtered by tour, team, town, venue kind, date and state, found by the site's search."""

import datetime
import re

from django.db.models import Prefetch

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from rest_framework.filters import BaseFilterBackend

from home.api_views import BadInputMixin, BoundedPagination
from home.search.results import SiteSearch
from lectures.models import LectureTeamPage, Session, SessionState, Speaker, TourPage, VenueKind
from lectures.search import SessionKind
from stories.models import Town

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
MAX_ID = 2**31 - 1
ORDERS = {"start": ("date", "start", "number"), "-start": ("-date", "-start", "-number")}


def find_row(rows, raw, label):
    """The row of `rows` whose id or slug is `raw`; a 400 naming `label` when there is none."""
    if raw.isdigit() and int(raw) <= MAX_ID:
        row = rows.filter(pk=int(raw)).first()
    else:
        row = rows.filter(slug=raw).first() if SLUG.fullmatch(raw) else None
    if row is None:
        raise BadRequestError(f"没有这个{label}：{raw[:40]}。")
    return row


def choices(raw, choices_class, param):
    """Comma-separated values of a TextChoices; a 400 listing the allowed ones otherwise."""
    values = raw.split(",")
    if unknown := [value for value in values if value not in choices_class.values]:
        allowed = "、".join(f"{choice.value}（{choice.label}）" for choice in choices_class)
        raise BadRequestError(f"{param} 不认识“{unknown[0][:20]}”，可选：{allowed}。")
    return values


def day(raw, param):
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise BadRequestError(f"{param} 要是 2026-12-03 这样的日期。") from error


class SessionFilter(BaseFilterBackend):
    """The listing's filters. Without date_from or date_to, the coming sessions only (today's and
    later, not yet held), as 宣讲 lists them."""

    def filter_queryset(self, request, queryset, view):
        params = request.GET
        if tour := params.get("tour"):
            queryset = queryset.filter(tour=find_row(TourPage.objects.live().public(), tour, "巡讲"))
        if team := params.get("team"):
            queryset = queryset.filter(team=find_row(LectureTeamPage.objects.live().public(), team, "宣讲团"))
        if town := params.get("town"):
            queryset = queryset.filter(town=find_row(Town.objects.all(), town, "乡镇（街道）"))
        if kind := params.get("kind"):
            queryset = queryset.filter(venue_kind__in=choices(kind, VenueKind, "kind"))
        if state := params.get("state"):
            queryset = queryset.filter(state__in=choices(state, SessionState, "state"))
        date_from, date_to = params.get("date_from"), params.get("date_to")
        if not (date_from or date_to):
            return queryset.upcoming()
        if date_from:
            queryset = queryset.filter(date__gte=day(date_from, "date_from"))
        if date_to:
            queryset = queryset.filter(date__lte=day(date_to, "date_to"))
        return queryset


class SessionSearchFilter(BaseFilterBackend):
    """?search= as the site's search finds sessions (宣讲场次: topic, speakers, venue, town, in Chinese
    words), the listing still in order of time."""

    def filter_queryset(self, request, queryset, view):
        query = request.GET.get("search", "").strip()
        if not query:
            return queryset
        found = SessionKind().search(SiteSearch(query))
        return queryset.filter(pk__in=[session.pk for session in found])


class SessionOrdering(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order", "start")
        if order not in ORDERS:
            raise BadRequestError("order 只能是 start（从早到晚）或 -start（从晚到早）。")
        return queryset.order_by(*ORDERS[order])


class SessionsAPIViewSet(BadInputMixin, BaseAPIViewSet):
    """Lecture sessions of live, public tours, paginated like Wagtail's listings."""

    model = Session
    name = "sessions"
    pagination_class = BoundedPagination
    filter_backends = [SessionFilter, SessionSearchFilter, SessionOrdering]
    known_query_parameters = frozenset(
        ["limit", "offset", "fields", "order", "search", "format", "_"]
        + ["tour", "team", "town", "kind", "state", "date_from", "date_to"]
    )
    meta_fields = [*BaseAPIViewSet.meta_fields, "html_url", "ics_url"]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        *("html_url", "ics_url", "topic", "starts_at", "ends_at", "state", "town", "venue"),
    ]

    def get_queryset(self):
        speakers = Prefetch("speakers", queryset=Speaker.objects.select_related("profile").order_by("name"))
        return Session.objects.visible().select_related("tour", "team", "town").prefetch_related(speakers)

    def check_query_parameters(self, queryset):
        """Only the parameters above: a session's fields are not filters here."""
        if unknown := set(self.request.GET) - self.known_query_parameters:
            raise BadRequestError(f"不认识的查询参数：{', '.join(sorted(unknown))[:200]}。")

    def filter_queryset(self, queryset):
        # A session's own address (detail, find) answers whatever its date and state.
        return super().filter_queryset(queryset) if self.action == "listing_view" else queryset
