"""The honouree sheet: the city's commendation list, one draft profile a row."""

import re

from django.core.validators import MaxValueValidator, MinValueValidator

from home.models import SiteTag
from home.sheets import cells
from home.sheets.base import HAS_PROBLEMS, NEW, Column, Sheet
from home.slugs import child_slug
from stories.models import HonourCategory, ProfilePage
from stories.sheets import town_cell

NAME = "姓名/单位名称"
HONOUR = "荣誉类别"
YEAR = "年份"
TOWN = "乡镇"
UNIT = "村/单位"
MICRO_STORY = "微事迹"
TAGS = "标签"
SKIPPED = "已存在，将跳过"

_year_validators = ProfilePage._meta.get_field("year").validators
FIRST_YEAR = max(v.limit_value for v in _year_validators if isinstance(v, MinValueValidator))
LAST_YEAR = min(v.limit_value for v in _year_validators if isinstance(v, MaxValueValidator))
TAG_SEPARATORS = re.compile(r"[\s,，、;；]+")


class HonoureeSheet(Sheet):
    """Rows become draft profiles under the 先锋榜 `index`; a profile it has already (same name,
    year and honour) is skipped, so importing a sheet twice adds nothing."""

    columns = (
        Column(
            NAME,
            "title",
            cells.text(cells.max_length(ProfilePage, "title"), missing="请填写姓名或单位名称。"),
        ),
        Column(HONOUR, "honour", "parse_honour"),
        Column(YEAR, "year", cells.year(FIRST_YEAR, LAST_YEAR, missing="请填写年份（四位数字，如 2026）。")),
        Column(TOWN, "town", "parse_town"),
        Column(UNIT, "unit", cells.text(cells.max_length(ProfilePage, "unit"))),
        Column(
            MICRO_STORY,
            "micro_story",
            cells.text(cells.max_length(ProfilePage, "micro_story"), missing="请填写微事迹。"),
        ),
        Column(
            TAGS,
            "tags",
            cells.names(TAG_SEPARATORS, cells.max_length(SiteTag, "name"), label="标签"),
            required=False,
        ),
    )
    statuses = (HAS_PROBLEMS, NEW, SKIPPED)
    preview_headers = (NAME, HONOUR, YEAR, TOWN, UNIT)  # a table row has no room for the micro-story

    def __init__(self, index):
        super().__init__()
        self.index = index

    def prepare(self):
        self.parse_honour = cells.named(
            {honour.name: honour for honour in HonourCategory.objects.all()},
            missing="请填写荣誉类别，可填：{allowed}。",
            unknown="没有“{text}”这个荣誉类别，可填：{allowed}。",
        )
        self.parse_town = town_cell()
        self.existing = set(
            ProfilePage.objects.child_of(self.index).values_list("title", "year", "honour_id")
        )

    def key(self, row):
        values = row.values
        return (
            (values["title"], values["year"], values["honour"].pk),
            NAME,
            "姓名/单位名称、年份、荣誉类别都相同",
        )

    def match(self, row):
        row.status = SKIPPED if self.key(row)[0] in self.existing else NEW

    def save(self, user):
        """Each new row as a draft profile with its first revision; nothing is published."""
        pages = []
        for row in self.rows_with(NEW):
            values = dict(row.values)
            tags = values.pop("tags")
            page = ProfilePage(
                **values, slug=child_slug(self.index, values["title"], ProfilePage), live=False, owner=user
            )
            page.tags.add(*tags)
            self.index.add_child(instance=page)
            page.save_revision(user=user, log_action=True)
            pages.append(page)
        return pages

    def summary(self):
        skipped = len(self.rows_with(SKIPPED))
        return f"新建 {len(self.rows_with(NEW))} 位，跳过已存在的 {skipped} 位"

    def preview_message(self):
        skipped = len(self.rows_with(SKIPPED))
        skipped_note = f"，跳过已存在的 {skipped} 位" if skipped else ""
        return (
            f"将新建 {len(self.rows_with(NEW))} 位先锋人物的草稿{skipped_note}。"
            "核对无误后请确认导入；草稿不会公开，审核后再发布。"
        )

    def nothing_to_do(self):
        return "表格里的先锋人物都已存在，没有要新建的。"

    def confirm_label(self):
        return f"确认导入，创建 {len(self.rows_with(NEW))} 份草稿"

    def done_message(self, pages):
        skipped = len(self.rows_with(SKIPPED))
        skipped_note = f"（跳过已存在的 {skipped} 位）" if skipped else ""
        return f"已创建 {len(pages)} 位先锋人物草稿{skipped_note}，请审核后发布。"
