"""Dates as Chinese readers write them, in Asia/Shanghai."""

import datetime

from django.utils import timezone

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")  # Monday first, as datetime.weekday() counts


def start_of_day(date):
    """A date's first moment in Shanghai, for what wants a date-time of a day."""
    return datetime.datetime.combine(date, datetime.time(), tzinfo=timezone.get_default_timezone())


def _local(value):
    return timezone.localtime(value) if isinstance(value, datetime.datetime) else value


def weekday(value):
    """周四."""
    return f"周{WEEKDAYS[value.weekday()]}"


def chinese_date(value):
    """2026年12月3日 周四; a datetime in Shanghai's date. Nothing for no date."""
    if not value:
        return ""
    value = _local(value)
    return f"{value.year}年{value.month}月{value.day}日 {weekday(value)}"


def short_date(value):
    """12月3日 周四: a date inside a schedule whose year is already said."""
    if not value:
        return ""
    value = _local(value)
    return f"{value.month}月{value.day}日 {weekday(value)}"
