"""The lecture spreadsheet: a tour's sessions, one a row, as the teams keep them in Excel.

Read, checked and applied here; shared by the admin's import view and the import_lectures
command. A row is matched to a session of the tour by its 序号, or without one by its date,
start time and venue, so importing the same or a corrected sheet again updates, never duplicates.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction

from wagtail.log_actions import log

from lectures.models import Session, Speaker, VenueKind
from lectures.models.sessions import NOTES_LENGTH, TOPIC_LENGTH, VENUE_LENGTH
from stories.models import Town
from stories.spreadsheets import MB, CellProblem, Problem, match_key, read_table

NUMBER = "序号"
DATE = "日期"
START = "开始时间"
END = "结束时间"
TEAM = "宣讲团"
SPEAKERS = "主讲人"
TOPIC = "题目"
TOWN = "乡镇"
VENUE = "地点"
KIND = "类型"
NOTES = "备注"
COLUMNS = (NUMBER, DATE, START, END, TEAM, SPEAKERS, TOPIC, TOWN, VENUE, KIND, NOTES)
REQUIRED_COLUMNS = (DATE, START, END, TEAM, SPEAKERS, TOPIC, TOWN, VENUE, KIND)  # 主讲人 may be empty: 待定
MAX_FILE_BYTES = 2 * MB
MAX_ROWS = 2000

NEW = "新建"
CHANGED = "更新"
UNCHANGED = "无变化"
HAS_PROBLEMS = "有问题"

SPEAKER_NAME_LENGTH = Speaker._meta.get_field("name").max_length
SPEAKER_SEPARATORS = re.compile(r"[\s、,，;；/]+")
QUOTES = re.compile(r"[\"'“”‘’「」『』《》]")
DATE_PATTERN = re.compile(
    r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?(?:\s+00:00:00)?"
)
TIME_PATTERN = re.compile(r"([0-9]{1,2})\s*[:：]\s*([0-9]{2})(?:[:：]00)?")
# What a changed field is called in the preview, and how its value reads.
COMPARED_FIELDS = {
    "time": "时间",
    "team": TEAM,
    "speaker_names": SPEAKERS,
    "topic": TOPIC,
    "town": TOWN,
    "venue": VENUE,
    "venue_kind": KIND,
    "notes": NOTES,
}


def team_key(text):
    """A team's name as compared: quotes and spaces do not count (“铜都先锋”宣讲团 is 铜都先锋宣讲团)."""
    return QUOTES.sub("", match_key(text))


@dataclass
class SheetRow:
    number: int  # the row as Excel numbers it
    cells: dict  # column -> text as read
    values: dict | None = None  # field -> checked value; None while the row has a problem
    session: Session | None = None  # the session it updates
    changes: list = field(default_factory=list)  # the compared fields' labels that differ
    new_speakers: list = field(default_factory=list)

    @property
    def status(self):
        if self.values is None:
            return HAS_PROBLEMS
        if self.session is None:
            return NEW
        return CHANGED if self.changes else UNCHANGED

    @property
    def note(self):
        """What the preview says besides the status: what changes, who is new."""
        parts = []
        if self.changes:
            parts.append("改了" + "、".join(self.changes))
        if self.new_speakers:
            parts.append("新主讲人：" + "、".join(self.new_speakers))
        return "；".join(parts)


@dataclass
class LectureSheet:
    tour: object
    rows: list
    problems: list

    def records(self):
        """The rows as read: what the admin carries from preview to confirmation, to check again."""
        return [{"row": row.number, "cells": row.cells} for row in self.rows]

    def rows_with(self, status):
        return [row for row in self.rows if row.status == status]

    @property
    def new_speakers(self):
        return sorted({name for row in self.rows for name in row.new_speakers})

    def summary(self):
        """What the import does, in one sentence."""
        return (
            f"新建 {len(self.rows_with(NEW))} 场，更新 {len(self.rows_with(CHANGED))} 场，"
            f"{len(self.rows_with(UNCHANGED))} 场无变化"
            + (f"，新增主讲人 {len(self.new_speakers)} 位" if self.new_speakers else "")
            + "。"
        )


def check_file(file, tour, team_ids=None):
    """Read an uploaded sheet and check each row against `tour`; `team_ids` limits the teams a
    row may name and the sessions it may change (a team's own editors import only their team's)."""
    records, problems = read_table(
        file, COLUMNS, REQUIRED_COLUMNS, max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS
    )
    if problems:
        return LectureSheet(tour, rows=[], problems=problems)
    return check_records(records, tour, team_ids)


def check_records(records, tour, team_ids=None):
    """Check every row; teams, towns, speakers and the tour's sessions are looked up once."""
    lookup = _Lookup(tour, team_ids)
    first_rows = {}  # a session's key in the sheet -> the row that first has it
    rows_of_sessions = {}  # the pk of a session a row updates -> that row
    rows, problems = [], []
    for record in records:
        row = SheetRow(record["row"], record["cells"])
        values, row_problems = lookup.parse(row)
        if not row_problems:
            key = values["number"] or (values["date"], values["start"], values["venue"])
            if key in first_rows:
                what = "序号" if values["number"] else "日期、开始时间、地点"
                row_problems.append(
                    Problem(
                        row.number,
                        NUMBER if values["number"] else DATE,
                        f"与第 {first_rows[key]} 行重复（{what}相同）。",
                    )
                )
            else:
                first_rows[key] = row.number
                row.values = values
                row.new_speakers = [
                    name
                    for name in values["speaker_names"]
                    if (values["team"].pk, name) not in lookup.speakers
                ]
                row.session = lookup.session_for(values)
                row.changes = _changes(row.session, values) if row.session else []
                if row.session and row.session.pk in rows_of_sessions:
                    message = (
                        f"与第 {rows_of_sessions[row.session.pk]} 行是同一场（序号 {row.session.number}）。"
                    )
                    row_problems.append(Problem(row.number, NUMBER, message))
                    row.values = None
                elif row.session:
                    rows_of_sessions[row.session.pk] = row.number
                if row.session and not lookup.may_change(row.session):
                    message = f"序号 {row.session.number} 是{row.session.team.title}的场次，你不能修改。"
                    row_problems.append(Problem(row.number, NUMBER, message))
                    row.values = None
        rows.append(row)
        problems += row_problems
    return LectureSheet(tour, rows=rows, problems=problems)


@transaction.atomic
def apply(sheet, user=None):
    """Create the new sessions and speakers and update the changed sessions, each with an entry in
    its history; all or nothing."""
    if sheet.problems:
        raise ValueError("A sheet with problems is never imported.")
    speakers = {(speaker.team_id, speaker.name): speaker for speaker in Speaker.objects.all()}
    taken = [
        *sheet.tour.sessions.values_list("number", flat=True),
        *(row.values["number"] or 0 for row in sheet.rows),
    ]
    next_number = max(taken, default=0)
    saved = []
    for row in sheet.rows:
        if row.status == UNCHANGED:
            continue
        values = dict(row.values)
        team = values["team"]
        names = values.pop("speaker_names")
        for name in names:
            if (team.pk, name) not in speakers:
                speakers[team.pk, name] = Speaker.objects.create(team=team, name=name)
        session = row.session or Session(tour=sheet.tour)
        if not values["number"]:
            values["number"] = session.number or (next_number := next_number + 1)
        for name, value in values.items():
            setattr(session, name, value)
        session.speakers.set([speakers[team.pk, name] for name in names])
        session.save()
        log(instance=session, action="wagtail.edit" if row.session else "wagtail.create", user=user)
        saved.append(session)
    return saved


class _Lookup:
    """What the rows are checked against, read once per sheet."""

    def __init__(self, tour, team_ids):
        self.tour = tour
        self.teams = {team_key(team.title): team for team in tour.teams.all()}
        self.allowed_teams = team_ids
        self.towns = {match_key(town.name): town for town in Town.objects.all()}
        self.kinds = {match_key(label): value for value, label in VenueKind.choices}
        self.speakers = set(Speaker.objects.values_list("team_id", "name"))
        sessions = list(tour.sessions.select_related("team").prefetch_related("speakers"))
        self.by_number = {session.number: session for session in sessions}
        self.by_time = {(session.date, session.start, session.venue): session for session in sessions}
        self.parsers = {
            NUMBER: ("number", _number),
            DATE: ("date", self._date),
            START: ("start", _time),
            END: ("end", _time),
            TEAM: ("team", self._team),
            SPEAKERS: ("speaker_names", _speaker_names),
            TOPIC: ("topic", lambda text: _required(text, TOPIC, TOPIC_LENGTH)),
            TOWN: ("town", self._town),
            VENUE: ("venue", lambda text: _required(text, VENUE, VENUE_LENGTH)),
            KIND: ("venue_kind", self._kind),
            NOTES: ("notes", lambda text: _within(text, NOTES_LENGTH)),
        }

    def may_change(self, session):
        return self.allowed_teams is None or session.team_id in self.allowed_teams

    def session_for(self, values):
        if values["number"]:
            return self.by_number.get(values["number"])
        return self.by_time.get((values["date"], values["start"], values["venue"]))

    def parse(self, row):
        values, problems = {}, []
        for column, (name, parse) in self.parsers.items():
            try:
                values[name] = parse(row.cells[column])
            except CellProblem as problem:
                problems.append(Problem(row.number, column, str(problem)))
        if values.get("start") and values.get("end") and values["end"] <= values["start"]:
            problems.append(
                Problem(
                    row.number,
                    END,
                    f"结束时间 {values['end']:%H:%M} 不晚于开始时间 {values['start']:%H:%M}。",
                )
            )
        return values, problems

    def _date(self, text):
        date = _date(text)
        tour = self.tour
        if not tour.starts_on <= date <= tour.ends_on:
            raise CellProblem(
                f"{date:%Y-%m-%d} 不在巡讲期间（{tour.starts_on:%Y-%m-%d} 至 {tour.ends_on:%Y-%m-%d}）内。"
            )
        return date

    def _team(self, text):
        names = "、".join(team.title for team in self.teams.values())
        if not text:
            raise CellProblem(f"请填写宣讲团，可填：{names}。")
        team = self.teams.get(team_key(text))
        if team is None:
            raise CellProblem(f"这次巡讲没有“{text}”，可填：{names}。")
        if self.allowed_teams is not None and team.pk not in self.allowed_teams:
            raise CellProblem(f"你只能导入本团的宣讲场次，不能导入“{team.title}”的。")
        return team

    def _town(self, text):
        if not text:
            raise CellProblem("请填写乡镇（街道）。")
        if match_key(text) not in self.towns:
            raise CellProblem(
                f"没有“{text}”这个乡镇（街道）。如确有此地，请先在“基础数据 › 乡镇（街道）”里添加，再重新上传。"
            )
        return self.towns[match_key(text)]

    def _kind(self, text):
        kinds = "、".join(VenueKind.labels)
        key = match_key(text)
        key = key.removeprefix("进") if key.removeprefix("进") in self.kinds else key
        if key not in self.kinds:
            raise CellProblem(f"类型“{text}”不对，可填：{kinds}（前面加“进”也行，如“进学校”）。")
        return self.kinds[key]


def _changes(session, values):
    current = {
        "time": (session.date, session.start, session.end),
        "team": session.team,
        "speaker_names": sorted(speaker.name for speaker in session.speakers.all()),
        "topic": session.topic,
        "town": session.town,
        "venue": session.venue,
        "venue_kind": session.venue_kind,
        "notes": session.notes,
    }
    wanted = values | {
        "time": (values["date"], values["start"], values["end"]),
        "speaker_names": sorted(values["speaker_names"]),
    }
    return [label for name, label in COMPARED_FIELDS.items() if current[name] != wanted[name]]


def _within(text, limit):
    if len(text) > limit:
        raise CellProblem(f"不能超过 {limit} 个字，现在有 {len(text)} 个字。")
    return text


def _required(text, column, limit):
    if not text:
        raise CellProblem(f"请填写{column}。")
    return _within(text, limit)


def _number(text):
    if not text:
        return None
    match = re.fullmatch(r"([0-9]{1,6})(?:\.0+)?", unicodedata.normalize("NFKC", text))
    if match is None or int(match[1]) == 0:
        raise CellProblem(f"序号“{text}”要是正整数，或者留空。")
    return int(match[1])


def _date(text):
    if not text:
        raise CellProblem("请填写日期，如 2026-12-03。")
    match = DATE_PATTERN.fullmatch(unicodedata.normalize("NFKC", text))
    if match is None:
        raise CellProblem(f"认不出日期“{text}”，请写成 2026-12-03、2026/12/3 或 2026年12月3日。")
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError as error:
        raise CellProblem(f"没有“{text}”这一天。") from error


def _time(text):
    if not text:
        raise CellProblem("请填写时间，如 9:00。")
    match = TIME_PATTERN.fullmatch(unicodedata.normalize("NFKC", text))
    if match is None:
        raise CellProblem(f"认不出时间“{text}”，请写成 9:00 或 14:30。")
    try:
        return datetime.time(int(match[1]), int(match[2]))
    except ValueError as error:
        raise CellProblem(f"没有“{text}”这个时间。") from error


def _speaker_names(text):
    """The names in the cell; none while the speaker is still to be decided (待定)."""
    names = list(dict.fromkeys(name for name in SPEAKER_SEPARATORS.split(text) if name and name != "待定"))
    for name in names:
        if len(name) > SPEAKER_NAME_LENGTH:
            raise CellProblem(f"主讲人“{name[:10]}…”超过 {SPEAKER_NAME_LENGTH} 个字。")
    return names
