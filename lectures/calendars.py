"""Lecture sessions as iCalendar (RFC 5545): one session to add to a calendar, feeds to subscribe to."""

import copy
import datetime
import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, http_date, quote_etag

from wagtail.url_routing import RouteResult

from icalendar import Calendar, Event, Timezone, vDuration

from home.dates import chinese_date
from lectures.models.sessions import SessionState

# UIDs name the session by its primary key under a fixed domain, never the request's host, the
# tour's slug or the time: calendar apps match updates to the event they hold by UID alone, so
# anything that can change in a UID would leave subscribers with a stale copy and a duplicate.
UID_DOMAIN = "xuanjiang.tongdu-xianfeng.daye"
PRODID = "-//Daye Tongdu Xianfeng//Lecture Schedule//ZH-CN"
TIMEZONE = "Asia/Shanghai"
CITY = "大冶市"
REFRESH_INTERVAL = datetime.timedelta(hours=6)
MAX_AGE = 600  # seconds a browser or proxy may reuse a response
CONTENT_TYPE = "text/calendar; charset=utf-8"
SUMMARY_PREFIXES = {SessionState.CANCELLED: "【已取消】", SessionState.MOVED: "【已改期】"}


class CalendarRoutesMixin:
    """Lets a RoutablePageMixin page serve routes that end in a file name, such as ``rili.ics``.

    Wagtail adds a slash to every sub-path before resolving it, so ``rili.ics`` would never match
    (wagtail#3653); the site's urls must also pass paths ending in .ics to Wagtail's serve view.
    """

    def route(self, request, path_components):
        if self.live and path_components and path_components[-1].endswith(".ics"):
            try:
                match = self.resolve_subpage("/" + "/".join(path_components))
            except Http404:
                pass
            else:
                request.routable_resolver_match = match
                return RouteResult(self, args=(match.func, match.args, match.kwargs))
        return super().route(request, path_components)


def session_uid(session):
    return f"xuanjiang-session-{session.pk}@{UID_DOMAIN}"


def event_response(request, session):
    """One session as an .ics download, for 添加到日历."""
    calendar = _calendar([session_event(request, session)])
    filename = f"{session.tour.slug}-{session.number}.ics"
    return _response(calendar.to_ical(), _last_change([session]), filename, attachment=True)


def feed_response(request, name, sessions, filename):
    """A calendar feed of `sessions` to subscribe to, named `name` in the reader's calendar app.

    Cancelled sessions stay in the feed with STATUS:CANCELLED, so subscribed calendars drop them.
    """
    # Drawn once per version of the sessions: a feed of a few thousand events takes seconds. A
    # renamed speaker or team shows once the entry expires, as soon as clients refetch anyway. Its
    # URLs name SITE_URL, whichever host the request came in by; the cache outlives a change of it.
    key = f"{settings.SITE_URL}{request.path}|{name}|{sessions.version()}"  # no query string
    cache_key = "lectures.feed." + hashlib.sha256(key.encode()).hexdigest()
    body, last_change = cache.get(cache_key, (None, None))
    if body is None:
        listed = list(sessions.for_listing().in_order())
        events = [session_event(request, session) for session in listed]
        calendar = _calendar(events)
        calendar.calendar_name = name  # NAME and X-WR-CALNAME
        calendar.add("X-WR-TIMEZONE", TIMEZONE)
        calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
        body, last_change = calendar.to_ical(), _last_change(listed)
        cache.set(cache_key, (body, last_change), MAX_AGE)
    return _response(body, last_change, filename, attachment=False)


def session_event(request, session):
    """The VEVENT of a session; expects its tour, team, town and speakers loaded (`for_listing`)."""
    url = session.get_full_url(request)
    return Event.new(
        uid=session_uid(session),
        # DTSTAMP from the last change rather than now: the same data gives the same bytes, so
        # the ETag holds until something changes.
        stamp=_utc(session.updated_at),
        created=_utc(session.created_at),
        last_modified=_utc(session.updated_at),
        sequence=session.sequence,
        start=session.starts_at,
        end=session.ends_at,
        summary=SUMMARY_PREFIXES.get(session.state, "") + session.topic,
        status="CANCELLED" if session.is_cancelled else "CONFIRMED",
        location=f"{CITY}{session.town} {session.venue}",
        categories=[session.get_venue_kind_display()],
        description=_description(session, url),
        url=url,
    )


def _description(session, url):
    lines = [f"宣讲团：{session.team.title}"]
    speakers = session.speakers_with_titles()
    if speakers:
        lines.append(f"主讲人：{speakers}")
    if session.state == SessionState.MOVED and session.previous_date:
        start, end = session.previous_start, session.previous_end
        lines.append(f"原定时间：{chinese_date(session.previous_date)} {start:%H:%M}—{end:%H:%M}")
    if session.is_cancelled and session.cancel_reason:
        lines.append(f"取消原因：{session.cancel_reason}")
    if session.notes:
        lines.append(f"备注：{session.notes}")
    lines.append(f"详情：{url}")
    return "\n".join(lines)


def _calendar(events):
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add_component(_timezone())
    for event in events:
        calendar.add_component(event)
    return calendar


def _timezone():
    # A copy, so that no calendar can change the one this process keeps.
    return copy.deepcopy(_shanghai())


@functools.cache
def _shanghai():
    """VTIMEZONE for Asia/Shanghai, built once per process (icalendar computes it from zoneinfo)."""
    return Timezone.from_tzid(
        TIMEZONE, first_date=datetime.date(2000, 1, 1), last_date=datetime.date(2100, 1, 1)
    )


def _utc(moment):
    return moment.astimezone(datetime.UTC)


def _last_change(sessions):
    """The newest change of what the events show: the sessions, their tours and their teams (loaded
    with them); None for no session."""
    moments = [
        moment
        for session in sessions
        for moment in (session.updated_at, session.tour.last_published_at, session.team.last_published_at)
        if moment
    ]
    return max(moments, default=None)


def _response(body, last_change, filename, attachment):
    """The calendar as text/calendar, cacheable, with its validators: Django's
    ConditionalGetMiddleware answers 304 from them, to pages from the page cache as well."""
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response.headers["Content-Disposition"] = content_disposition_header(attachment, filename)
    # A hash of the body, as well as the newest change: a session deleted or moved to another team,
    # or a speaker renamed, changes a feed without a newer timestamp in it. A client that sends
    # both gets its If-None-Match checked first (RFC 9110).
    response.headers["ETag"] = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    if last_change:
        response.headers["Last-Modified"] = http_date(last_change.timestamp())
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
