"""The production logs' line: python-json-logger's JSON, with the time in ISO 8601 on Shanghai time;
and the filter that keeps the admins' mails to one per kind of error."""

import datetime
import logging
import time
import zoneinfo

from django.conf import settings

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line; `asctime` is e.g. 2026-12-03T09:00:00.123+08:00 (the library's own
    timestamp is UTC, and logging's %z lacks the colon)."""

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging.Formatter's name)
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        return datetime.datetime.fromtimestamp(record.created, zone).isoformat(timespec="milliseconds")


class OncePerKind(logging.Filter):
    """Lets a record of a kind through once every `seconds` in this process: the first, then none
    until the interval is past. A kind is the exception's type and message, or the message's
    template: while the database is away every request fails with the same error, and the admins
    get one mail, not one per request (each an SMTP round trip inside the request)."""

    def __init__(self, seconds=600):
        super().__init__()
        self.seconds = seconds
        self.last_let_through = {}

    def filter(self, record):
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            kind = (type(error).__qualname__, str(error))
        else:
            kind = (record.name, str(record.msg))
        now = time.monotonic()
        if now - self.last_let_through.get(kind, -self.seconds) < self.seconds:
            return False
        self.last_let_through[kind] = now
        return True
