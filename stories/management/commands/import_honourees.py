from django.core.management.base import CommandError

from home.sheets.commands import SheetImportCommand
from stories.honourees import HONOUR, NAME, TOWN, YEAR, HonoureeSheet
from stories.models import ProfileIndexPage


class Command(SheetImportCommand):
    help = "从 .xlsx 或 .csv 表格导入先锋人物，每行建成一份草稿（不发布）；表格有任何问题则什么都不导入。"
    nothing_changed = "；没有创建任何页面。"

    def make_sheet(self, **options):
        index = ProfileIndexPage.objects.first()
        if index is None:
            raise CommandError("还没有先锋榜页面，无处导入。")
        return HonoureeSheet(index)

    def describe(self, row):
        cells = row.cells
        return f"{cells[NAME]}（{cells[YEAR]} 年{cells[HONOUR]}，{cells[TOWN]}）"
