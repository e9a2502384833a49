from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stories.honourees import HONOUR, NAME, TOWN, YEAR, check_file, create_drafts, created_message
from stories.models import ProfileIndexPage


class Command(BaseCommand):
    help = "从 .xlsx 或 .csv 表格导入先锋人物，每行建成一份草稿（不发布）；表格有任何问题则什么都不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="表格文件（.xlsx 或 .csv）")
        parser.add_argument("--dry-run", action="store_true", help="只检查、列出结果，不创建页面")

    def handle(self, file, dry_run, **options):
        index = ProfileIndexPage.objects.first()
        if index is None:
            raise CommandError("还没有先锋榜页面，无处导入。")
        try:
            with file.open("rb") as sheet_file:
                sheet = check_file(sheet_file, index)
        except OSError as error:
            raise CommandError(f"打不开文件 {file}：{error.strerror}") from error
        for row in sheet.rows:
            cells = row.cells
            summary = f"{cells[NAME]}（{cells[YEAR]} 年{cells[HONOUR]}，{cells[TOWN]}）"
            self.stdout.write(f"第 {row.number} 行　{summary}：{row.status}")
        if sheet.problems:
            for problem in sheet.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"表格里有 {len(sheet.problems)} 处问题，没有导入任何内容。")
        if dry_run:
            self.stdout.write(
                f"试运行：将新建 {len(sheet.new_rows)} 位，跳过已存在的 {len(sheet.skipped_rows)} 位；没有创建任何页面。"
            )
            return
        pages = create_drafts(sheet, index)
        self.stdout.write(self.style.SUCCESS(created_message(len(pages), len(sheet.skipped_rows))))
