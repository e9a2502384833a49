"""The honouree sheet: the city's commendation list, one draft profile a row.

Shared by the admin's import view and the import_honourees command.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction

from home.models import SiteTag
from home.slugs import child_slug
from stories.models import HonourCategory, ProfilePage, Town
from stories.models.profiles import MICRO_STORY_LENGTH
from stories.spreadsheets import MB, CellProblem, Problem, match_key, read_table

NAME = "姓名/单位名称"
HONOUR = "荣誉类别"
YEAR = "年份"
TOWN = "乡镇"
UNIT = "村/单位"
MICRO_STORY = "微事迹"
TAGS = "标签"
COLUMNS = (NAME, HONOUR, YEAR, TOWN, UNIT, MICRO_STORY, TAGS)
REQUIRED_COLUMNS = COLUMNS[:-1]
MAX_FILE_BYTES = 2 * MB
MAX_ROWS = 2000

NEW = "新建"
SKIPPED = "已存在，将跳过"
HAS_PROBLEMS = "有问题"

TITLE_LENGTH = ProfilePage._meta.get_field("title").max_length
UNIT_LENGTH = ProfilePage._meta.get_field("unit").max_length
TAG_LENGTH = SiteTag._meta.get_field("name").max_length
_year_validators = ProfilePage._meta.get_field("year").validators
FIRST_YEAR = max(v.limit_value for v in _year_validators if isinstance(v, MinValueValidator))
LAST_YEAR = min(v.limit_value for v in _year_validators if isinstance(v, MaxValueValidator))
TAG_SEPARATORS = re.compile(r"[\s,，、;；]+")


@dataclass
class SheetRow:
    number: int
    cells: dict  # column -> text as read
    values: dict | None = None  # column -> checked value; None while the row has a problem
    exists: bool = False

    @property
    def status(self):
        if self.values is None:
            return HAS_PROBLEMS
        return SKIPPED if self.exists else NEW


@dataclass
class HonoureeSheet:
    rows: list
    problems: list

    def records(self):
        """The rows as read: what the admin carries from preview to confirmation, to check again."""
        return [{"row": row.number, "cells": row.cells} for row in self.rows]

    @property
    def new_rows(self):
        return [row for row in self.rows if row.status == NEW]

    @property
    def skipped_rows(self):
        return [row for row in self.rows if row.status == SKIPPED]


def check_file(file, index):
    """Read an uploaded sheet and check each row for the 先锋榜 `index`."""
    records, problems = read_records(file)
    if problems:
        return HonoureeSheet(rows=[], problems=problems)
    return check_records(records, index)


def read_records(file):
    """The data rows keyed by column, or what keeps the file from being read at all."""
    return read_table(file, COLUMNS, REQUIRED_COLUMNS, max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS)


def check_records(records, index):
    """Check every row; towns, categories and the existing profiles are looked up once."""
    parsers = _parsers()
    existing = set(ProfilePage.objects.child_of(index).values_list("title", "year", "honour_id"))
    first_rows = {}  # (name, year, honour) -> the row that first has it
    rows, problems = [], []
    for record in records:
        row = SheetRow(record["row"], record["cells"])
        values, row_problems = _parse(row, parsers)
        if not row_problems:
            key = (values[NAME], values[YEAR], values[HONOUR].pk)
            if key in first_rows:
                message = f"与第 {first_rows[key]} 行重复（姓名/单位名称、年份、荣誉类别都相同）。"
                row_problems.append(Problem(row.number, NAME, message))
            else:
                first_rows[key] = row.number
                row.values = values
                row.exists = key in existing
        rows.append(row)
        problems += row_problems
    return HonoureeSheet(rows=rows, problems=problems)


@transaction.atomic
def create_drafts(sheet, index, user=None):
    """Each new row as a draft profile under `index`, with its first revision; nothing is published."""
    if sheet.problems:
        raise ValueError("A sheet with problems is never imported.")
    pages = []
    for row in sheet.new_rows:
        values = row.values
        page = ProfilePage(
            title=values[NAME],
            slug=child_slug(index, values[NAME], ProfilePage),
            honour=values[HONOUR],
            year=values[YEAR],
            town=values[TOWN],
            unit=values[UNIT],
            micro_story=values[MICRO_STORY],
            live=False,
            owner=user,
        )
        page.tags.add(*values[TAGS])
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        pages.append(page)
    return pages


def created_message(created, skipped):
    skipped_note = f"（跳过已存在的 {skipped} 位）" if skipped else ""
    return f"已创建 {created} 位先锋人物草稿{skipped_note}，请审核后发布。"


def _parsers():
    """Per column, what turns its text into a field value or raises CellProblem."""
    honours = {match_key(honour.name): honour for honour in HonourCategory.objects.all()}
    towns = {match_key(town.name): town for town in Town.objects.all()}
    return {
        NAME: _name,
        HONOUR: lambda text: _honour(text, honours),
        YEAR: _year,
        TOWN: lambda text: _town(text, towns),
        UNIT: lambda text: _within(text, UNIT_LENGTH),
        MICRO_STORY: _micro_story,
        TAGS: _tags,
    }


def _parse(row, parsers):
    values, problems = {}, []
    for column, parse in parsers.items():
        try:
            values[column] = parse(row.cells[column])
        except CellProblem as problem:
            problems.append(Problem(row.number, column, str(problem)))
    return values, problems


def _within(text, limit):
    if len(text) > limit:
        raise CellProblem(f"不能超过 {limit} 个字，现在有 {len(text)} 个字。")
    return text


def _name(text):
    if not text:
        raise CellProblem("请填写姓名或单位名称。")
    return _within(text, TITLE_LENGTH)


def _honour(text, honours):
    allowed = "、".join(honour.name for honour in honours.values())
    if not text:
        raise CellProblem(f"请填写荣誉类别，可填：{allowed}。")
    if match_key(text) not in honours:
        raise CellProblem(f"没有“{text}”这个荣誉类别，可填：{allowed}。")
    return honours[match_key(text)]


def _year(text):
    if not text:
        raise CellProblem("请填写年份（四位数字，如 2026）。")
    match = re.fullmatch(r"([0-9]{4})(?:\.0+)?年?", unicodedata.normalize("NFKC", text))
    if match is None or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise CellProblem(f"“{text}”不是 {FIRST_YEAR} 至 {LAST_YEAR} 之间的四位年份。")
    return int(match[1])


def _town(text, towns):
    if not text:
        raise CellProblem("请填写乡镇（街道）。")
    if match_key(text) not in towns:
        raise CellProblem(
            f"没有“{text}”这个乡镇（街道）。如确有此地，请先在“基础数据 › 乡镇（街道）”里添加，再重新上传。"
        )
    return towns[match_key(text)]


def _micro_story(text):
    if not text:
        raise CellProblem("请填写微事迹。")
    return _within(text, MICRO_STORY_LENGTH)


def _tags(text):
    tags = list(dict.fromkeys(tag for tag in TAG_SEPARATORS.split(text) if tag))
    for tag in tags:
        if len(tag) > TAG_LENGTH:
            raise CellProblem(f"标签“{tag[:10]}…”超过 {TAG_LENGTH} 个字。")
    return tags
