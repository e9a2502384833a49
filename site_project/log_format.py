"""The production logs' line: python-json-logger's JSON, with the time in ISO 8601 on Shanghai time."""

import datetime
import zoneinfo

from django.conf import settings

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line; `asctime` is e.g. 2026-12-03T09:00:00.123+08:00 (the library's own
    timestamp is UTC, and logging's %z lacks the colon)."""

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging.Formatter's name)
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        return datetime.datetime.fromtimestamp(record.created, zone).isoformat(timespec="milliseconds")
