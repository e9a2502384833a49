"""What the import commands share: read a sheet file, list each row's outcome, refuse a sheet with
any problem, apply it or (--dry-run) say what applying would do."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class SheetImportCommand(BaseCommand):
    nothing_changed = ""  # what a dry run adds: that nothing was changed

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="表格文件（.xlsx 或 .csv）")
        parser.add_argument("--dry-run", action="store_true", help="只检查、列出结果，不改动任何内容")

    def make_sheet(self, **options):
        raise NotImplementedError

    def describe(self, row):
        """A row in the listing, from its cells as read."""
        raise NotImplementedError

    def handle(self, file, dry_run, **options):
        sheet = self.make_sheet(**options)
        try:
            with file.open("rb") as sheet_file:
                sheet.check_file(sheet_file)
        except OSError as error:
            raise CommandError(f"打不开文件 {file}：{error.strerror}") from error
        for row in sheet.rows:
            note = f"（{row.note}）" if row.note else ""
            self.stdout.write(f"第 {row.number} 行　{self.describe(row)}：{row.status}{note}")
        if sheet.problems:
            for problem in sheet.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"表格里有 {len(sheet.problems)} 处问题，没有导入任何内容。")
        if dry_run:
            self.stdout.write(f"试运行：将{sheet.summary()}{self.nothing_changed}")
            return
        saved = sheet.apply()
        self.stdout.write(self.style.SUCCESS(sheet.done_message(saved)))
