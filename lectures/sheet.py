"""The lecture spreadsheet: a tour's sessions, one a row, as the teams keep them in Excel.

A row is matched to a session of the tour by its 序号, or without one by its date, start time
and venue, so importing the same or a corrected sheet again updates, never duplicates.
"""

import re

from django.core.exceptions import ValidationError

from wagtail.log_actions import log

from home.sheets import cells
from home.sheets.base import HAS_PROBLEMS, NEW, Column, Sheet
from home.sheets.reading import match_key
from lectures.models import Session, Speaker, VenueKind
from stories.sheets import town_cell

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
CHANGED = "更新"
UNCHANGED = "无变化"

SPEAKER_SEPARATORS = re.compile(r"[\s、,，;；/]+")
QUOTES = re.compile(r"[\"'“”‘’「」『』《》]")
# What a changed field is called in the preview.
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


def _kind(text):
    kinds = {match_key(label): value for value, label in VenueKind.choices}
    key = match_key(text)
    key = key.removeprefix("进") if key.removeprefix("进") in kinds else key
    if key not in kinds:
        raise cells.CellProblem(
            f"类型“{text}”不对，可填：{'、'.join(VenueKind.labels)}（前面加“进”也行，如“进学校”）。"
        )
    return kinds[key]


def _text(name, missing=None):
    return cells.text(cells.max_length(Session, name), missing=missing)


class LectureSheet(Sheet):
    """The rows of `tour`'s schedule; `team_ids` limits the teams a row may name and the sessions
    it may change (a team's own editors import only their team's)."""

    columns = (
        Column(NUMBER, "number", cells.optional_number(NUMBER), required=False),
        Column(DATE, "date", "parse_date"),
        Column(START, "start", cells.time),
        Column(END, "end", cells.time),
        Column(TEAM, "team", "parse_team"),
        # 主讲人 may be empty: 待定
        Column(
            SPEAKERS,
            "speaker_names",
            cells.names(
                SPEAKER_SEPARATORS, cells.max_length(Speaker, "name"), label="主讲人", ignore={"待定"}
            ),
        ),
        Column(TOPIC, "topic", _text("topic", missing=f"请填写{TOPIC}。")),
        Column(TOWN, "town", "parse_town"),
        Column(VENUE, "venue", _text("venue", missing=f"请填写{VENUE}。")),
        Column(KIND, "venue_kind", _kind),
        Column(NOTES, "notes", _text("notes"), required=False),
    )
    statuses = (HAS_PROBLEMS, NEW, CHANGED, UNCHANGED)
    actionable = (NEW, CHANGED)
    preview_headers = (NUMBER, DATE, START, TEAM, TOPIC)

    def __init__(self, tour, team_ids=None):
        super().__init__()
        self.tour = tour
        self.team_ids = team_ids

    def prepare(self):
        teams = {team.title: team for team in self.tour.teams.all()}
        self.parse_known_team = cells.named(
            teams,
            missing="请填写宣讲团，可填：{allowed}。",
            unknown="这次巡讲没有“{text}”，可填：{allowed}。",
            key=team_key,
        )
        self.parse_town = town_cell()
        self.speakers = set(Speaker.objects.values_list("team_id", "name"))
        sessions = list(self.tour.sessions.select_related("team").prefetch_related("speakers"))
        self.by_number = {session.number: session for session in sessions}
        self.by_time = {(session.date, session.start, session.venue): session for session in sessions}
        self.rows_of_sessions = {}  # the pk of a session a row updates -> that row's number

    def parse_date(self, text):
        date = cells.date(text)
        tour = self.tour
        if not tour.starts_on <= date <= tour.ends_on:
            raise cells.CellProblem(
                f"{date:%Y-%m-%d} 不在巡讲期间（{tour.starts_on:%Y-%m-%d} 至 {tour.ends_on:%Y-%m-%d}）内。"
            )
        return date

    def parse_team(self, text):
        team = self.parse_known_team(text)
        if not self.may_change_team(team.pk):
            raise cells.CellProblem(f"你只能导入本团的宣讲场次，不能导入“{team.title}”的。")
        return team

    def may_change_team(self, team_id):
        return self.team_ids is None or team_id in self.team_ids

    def clean(self, row):
        start, end = row.values["start"], row.values["end"]
        try:
            Session(start=start, end=end).clean_times()
        except ValidationError:
            row.problem(END, f"结束时间 {end:%H:%M} 不晚于开始时间 {start:%H:%M}。")

    def key(self, row):
        values = row.values
        if values["number"]:
            return values["number"], NUMBER, "序号相同"
        return (values["date"], values["start"], values["venue"]), DATE, "日期、开始时间、地点相同"

    def match(self, row):
        values = row.values
        row.target = session = self._session_for(values)
        new_speakers = [
            name for name in values["speaker_names"] if (values["team"].pk, name) not in self.speakers
        ]
        changes = _changes(session, values) if session else []
        row.note = "；".join(
            filter(
                None,
                [
                    changes and "改了" + "、".join(changes),
                    new_speakers and "新主讲人：" + "、".join(new_speakers),
                ],
            )
        )
        row.new_speakers = new_speakers
        if session is None:
            row.status = NEW
            return
        row.status = CHANGED if changes else UNCHANGED
        if session.pk in self.rows_of_sessions:
            row.problem(
                NUMBER, f"与第 {self.rows_of_sessions[session.pk]} 行是同一场（序号 {session.number}）。"
            )
        else:
            self.rows_of_sessions[session.pk] = row.number
        if not self.may_change_team(session.team_id):
            row.problem(NUMBER, f"序号 {session.number} 是{session.team.title}的场次，你不能修改。")

    def _session_for(self, values):
        if values["number"]:
            return self.by_number.get(values["number"])
        return self.by_time.get((values["date"], values["start"], values["venue"]))

    @property
    def new_speakers(self):
        return sorted({name for row in self.rows for name in getattr(row, "new_speakers", ())})

    def save(self, user):
        """Create the new sessions and speakers and update the changed ones, each with an entry in
        its history."""
        speakers = {(speaker.team_id, speaker.name): speaker for speaker in Speaker.objects.all()}
        taken = [
            *self.tour.sessions.values_list("number", flat=True),
            *(row.values["number"] or 0 for row in self.rows),
        ]
        next_number = max(taken, default=0)
        saved = []
        for row in self.rows_with(NEW, CHANGED):
            values = dict(row.values)
            team = values["team"]
            names = values.pop("speaker_names")
            for name in names:
                if (team.pk, name) not in speakers:
                    speakers[team.pk, name] = Speaker.objects.create(team=team, name=name)
            session = row.target or Session(tour=self.tour)
            if not values["number"]:
                values["number"] = session.number or (next_number := next_number + 1)
            for name, value in values.items():
                setattr(session, name, value)
            session.speakers.set([speakers[team.pk, name] for name in names])
            session.save()
            log(instance=session, action="wagtail.edit" if row.target else "wagtail.create", user=user)
            saved.append(session)
        return saved

    def summary(self):
        return (
            f"新建 {len(self.rows_with(NEW))} 场，更新 {len(self.rows_with(CHANGED))} 场，"
            f"{len(self.rows_with(UNCHANGED))} 场无变化"
            + (f"，新增主讲人 {len(self.new_speakers)} 位" if self.new_speakers else "")
            + "。"
        )

    def preview_message(self):
        speakers = (
            f"新主讲人：{'、'.join(self.new_speakers)}，导入时添加到所在宣讲团。" if self.new_speakers else ""
        )
        return f"导入到{self.tour.title}：{self.summary()}{speakers}核对无误后请确认导入。"

    def nothing_to_do(self):
        return f"表格和{self.tour.title}现有的安排一致，没有要新建或更新的场次。"

    def done_message(self, saved):
        return f"已导入{self.tour.title}：{self.summary()}"


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
