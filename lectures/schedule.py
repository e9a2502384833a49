"""A tour's schedule as month calendars: weeks of days, each day with its sessions."""

import calendar
import itertools
from dataclasses import dataclass, field

from home.dates import WEEKDAYS


@dataclass
class Day:
    date: object
    sessions: list = field(default_factory=list)
    is_today: bool = False
    is_past: bool = False

    @property
    def anchor(self):
        """The id of this day's heading in the schedule list, which a calendar cell links to."""
        return day_anchor(self.date)


@dataclass
class Month:
    year: int
    month: int
    weeks: list  # of 7 Days or Nones, Monday first

    @property
    def label(self):
        return f"{self.year}年{self.month}月"

    @property
    def anchor(self):
        return f"month-{self.year}-{self.month:02d}"

    @property
    def weekdays(self):
        return WEEKDAYS

    @property
    def session_count(self):
        return sum(len(day.sessions) for week in self.weeks for day in week if day)


def day_anchor(date):
    return f"day-{date:%Y-%m-%d}"


def month_calendars(sessions, today=None):
    """A Month for each month that has sessions, in order; `sessions` in date order."""
    by_date = {
        date: list(group) for date, group in itertools.groupby(sessions, key=lambda session: session.date)
    }
    months = sorted({(date.year, date.month) for date in by_date})
    weeks_of = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar
    return [
        Month(
            year,
            month,
            [
                [
                    Day(date, by_date.get(date, []), date == today, bool(today) and date < today)
                    if date.month == month
                    else None
                    for date in week
                ]
                for week in weeks_of(year, month)
            ],
        )
        for year, month in months
    ]
