import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from home.backups import BackupError
from home.backups.archive import ARCHIVE_NAME, archive_name, write_archive
from home.backups.report import size, summary


class Command(BaseCommand):
    help = (
        "Writes one dated archive (tongdu-YYYYMMDD-HHMMSS.tar) of the database and every media file, "
        "with a manifest of row counts and checksums, into BACKUP_DIR (default backups/ beside "
        "manage.py) or --output; --keep N then removes the oldest archives there beyond N."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="the folder to write into (default BACKUP_DIR)")
        parser.add_argument(
            "--keep", type=int, help="keep the newest N archives in that folder, remove the rest"
        )

    def handle(self, *args, output, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep 至少是 1（保留几份备份）。")
        folder = output or Path(settings.BACKUP_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / archive_name(timezone.now())
        if path.exists():
            raise CommandError(f"{path} 已经存在（同一秒里备份了两次）：请稍后再备份。")
        started = time.monotonic()
        try:
            manifest, vanished = write_archive(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        self.stdout.write(f"备份已写入 {path}（{size(path.stat().st_size)}），用时 {seconds:.2f} 秒")
        for line in summary(manifest):
            self.stdout.write(line)
        if vanished:
            self.stdout.write(f"  备份途中被删除、没有收入的媒体文件 {len(vanished)} 个，如 {vanished[0]}")
        if keep:
            archives = sorted(each for each in folder.iterdir() if ARCHIVE_NAME.fullmatch(each.name))
            for old in archives[:-keep]:
                old.unlink()
                self.stdout.write(f"  只留最近 {keep} 份：删除了 {old.name}")
