import re

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html

from home import dates
from home.sites import absolute_url
from lectures import schedule
from lectures.models import LectureIndexPage
from site_project.fragments import remembered

register = template.Library()


@register.inclusion_tag("lectures/components/next_lectures.html")
def next_lectures(count=4):
    """The home page's 宣讲 section: the next sessions across live tours; nothing when none is coming."""
    index, sessions = remembered(
        ("next-lectures", count, timezone.localdate()), lambda: _next_sessions(count)
    )
    return {"index": index, "sessions": sessions}


def _next_sessions(count):
    index = LectureIndexPage.objects.live().first()
    if index is None:
        return None, []
    return index, list(index.sessions().upcoming().for_listing().in_order()[:count])


def feed_addresses(url):
    """The https address of a calendar feed and the webcal:// one that phones subscribe to."""
    absolute = absolute_url(url)
    return absolute, re.sub(r"^https?://", "webcal://", absolute)


@register.inclusion_tag("lectures/components/calendar_subscribe.html")
def calendar_subscribe(url, name):
    """Subscribe (webcal://) and download (https) links for the feed at `url`, named 订阅{name}日历."""
    https, webcal = feed_addresses(url)
    return {"https": https, "webcal": webcal, "name": name}


@register.simple_tag
def calendar_alternate(url, title):
    """A <link rel="alternate"> to a calendar feed, for the page head."""
    https, _ = feed_addresses(url)
    return format_html('<link rel="alternate" type="text/calendar" title="{}" href="{}">', title, https)


@register.simple_tag
def lectures_stylesheet():
    """The <link> to the lecture CSS, for the head of every page that shows a schedule or a session."""
    return format_html('<link rel="stylesheet" href="{}">', static("lectures/css/lectures.css"))


register.filter("short_date", dates.short_date)


@register.filter
def day_anchor(date):
    """The id of a date's heading in a schedule list: day-2026-12-03."""
    return schedule.day_anchor(date) if date else ""
