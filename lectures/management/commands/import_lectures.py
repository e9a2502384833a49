from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lectures import sheet as lecture_sheet
from lectures.models import TourPage


class Command(BaseCommand):
    help = "从 .xlsx 或 .csv 表格导入一次巡讲的宣讲场次；同一场再次导入时更新而不重复；表格有任何问题则什么都不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="表格文件（.xlsx 或 .csv）")
        parser.add_argument(
            "--tour", required=True, help="巡讲页面的网址名称（slug），如 bai-chang-xun-jiang"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查、列出结果，不改动任何场次")

    def handle(self, file, tour, dry_run, **options):
        tour_page = TourPage.objects.filter(slug=tour).first()
        if tour_page is None:
            slugs = "、".join(TourPage.objects.values_list("slug", flat=True)) or "（还没有巡讲页面）"
            raise CommandError(f"没有网址名称为“{tour}”的巡讲。现有：{slugs}")
        try:
            with file.open("rb") as sheet_file:
                sheet = lecture_sheet.check_file(sheet_file, tour_page)
        except OSError as error:
            raise CommandError(f"打不开文件 {file}：{error.strerror}") from error
        for row in sheet.rows:
            cells = row.cells
            what = f"{cells[lecture_sheet.DATE]} {cells[lecture_sheet.START]} {cells[lecture_sheet.TOPIC]}"
            note = f"（{row.note}）" if row.note else ""
            self.stdout.write(f"第 {row.number} 行　{what}：{row.status}{note}")
        if sheet.problems:
            for problem in sheet.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"表格里有 {len(sheet.problems)} 处问题，没有导入任何内容。")
        if dry_run:
            self.stdout.write(f"试运行：将{sheet.summary()}没有改动任何场次。")
            return
        lecture_sheet.apply(sheet)
        self.stdout.write(self.style.SUCCESS(f"已导入{tour_page.title}：{sheet.summary()}"))
