"""What turns a cell's text into a field's value, or raises CellProblem saying in Chinese why not.

Each function here makes a parser (text -> value) for a Column of a Sheet.
"""

import datetime
import re
import unicodedata

from home.sheets.reading import match_key

DATE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?(?:\s+00:00:00)?")
TIME = re.compile(r"([0-9]{1,2})\s*[:：]\s*([0-9]{2})(?:[:：]00)?")


class CellProblem(ValueError):
    """A cell's value is not acceptable; the message says why."""


def max_length(model, name):
    """The limit a sheet holds a text to: the model field's own."""
    return model._meta.get_field(name).max_length


def text(limit, *, missing=None):
    """Text of at most `limit` characters; required when `missing` says what to ask for."""

    def parse(value):
        if not value and missing:
            raise CellProblem(missing)
        if len(value) > limit:
            raise CellProblem(f"不能超过 {limit} 个字，现在有 {len(value)} 个字。")
        return value

    return parse


def named(choices, *, missing, unknown, key=match_key):
    """One of `choices` ({name: value}), matched by `key`; `unknown` is formatted with the text
    and the allowed names."""
    by_key = {key(name): value for name, value in choices.items()}
    allowed = "、".join(choices)

    def parse(value):
        if not value:
            raise CellProblem(missing.format(allowed=allowed))
        if key(value) not in by_key:
            raise CellProblem(unknown.format(text=value, allowed=allowed))
        return by_key[key(value)]

    return parse


def names(separators, limit, *, label, ignore=()):
    """The distinct names in a cell split by `separators`, each at most `limit` characters."""

    def parse(value):
        found = [name for name in separators.split(value) if name and name not in ignore]
        found = list(dict.fromkeys(found))
        for name in found:
            if len(name) > limit:
                raise CellProblem(f"{label}“{name[:10]}…”超过 {limit} 个字。")
        return found

    return parse


def year(first, last, *, missing):
    def parse(value):
        if not value:
            raise CellProblem(missing)
        match = re.fullmatch(r"([0-9]{4})(?:\.0+)?年?", unicodedata.normalize("NFKC", value))
        if match is None or not first <= int(match[1]) <= last:
            raise CellProblem(f"“{value}”不是 {first} 至 {last} 之间的四位年份。")
        return int(match[1])

    return parse


def optional_number(label):
    """A positive whole number (Excel's 7.0 too), or None for an empty cell."""

    def parse(value):
        if not value:
            return None
        match = re.fullmatch(r"([0-9]{1,6})(?:\.0+)?", unicodedata.normalize("NFKC", value))
        if match is None or int(match[1]) == 0:
            raise CellProblem(f"{label}“{value}”要是正整数，或者留空。")
        return int(match[1])

    return parse


def date(value):
    """2026-12-03, 2026/12/3, 2026.12.03, 2026年12月3日, in full-width digits too."""
    return _matched(
        DATE,
        value,
        missing="请填写日期，如 2026-12-03。",
        unreadable=f"认不出日期“{value}”，请写成 2026-12-03、2026/12/3 或 2026年12月3日。",
        impossible=f"没有“{value}”这一天。",
        make=lambda match: datetime.date(*map(int, match.groups())),
    )


def time(value):
    """9:00, 09:00, ０９：００."""
    return _matched(
        TIME,
        value,
        missing="请填写时间，如 9:00。",
        unreadable=f"认不出时间“{value}”，请写成 9:00 或 14:30。",
        impossible=f"没有“{value}”这个时间。",
        make=lambda match: datetime.time(int(match[1]), int(match[2])),
    )


def _matched(pattern, value, *, missing, unreadable, impossible, make):
    if not value:
        raise CellProblem(missing)
    match = pattern.fullmatch(unicodedata.normalize("NFKC", value))
    if match is None:
        raise CellProblem(unreadable)
    try:
        return make(match)
    except ValueError as error:  # a day or an hour that does not exist: 2026-02-30, 25:00
        raise CellProblem(impossible) from error
