from django.core.management.base import CommandError

from home.sheets.commands import SheetImportCommand
from lectures.models import TourPage
from lectures.sheet import DATE, START, TOPIC, LectureSheet


class Command(SheetImportCommand):
    help = "从 .xlsx 或 .csv 表格导入一次巡讲的宣讲场次；同一场再次导入时更新而不重复；表格有任何问题则什么都不导入。"
    nothing_changed = "没有改动任何场次。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--tour", required=True, help="巡讲页面的网址名称（slug），如 bai-chang-xun-jiang"
        )

    def make_sheet(self, tour, **options):
        tour_page = TourPage.objects.filter(slug=tour).first()
        if tour_page is None:
            slugs = "、".join(TourPage.objects.values_list("slug", flat=True)) or "（还没有巡讲页面）"
            raise CommandError(f"没有网址名称为“{tour}”的巡讲。现有：{slugs}")
        return LectureSheet(tour_page)

    def describe(self, row):
        cells = row.cells
        return f"{cells[DATE]} {cells[START]} {cells[TOPIC]}"
