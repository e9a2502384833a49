import tempfile
import time

from django.core.cache import caches
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from home.backups import BackupError, databases
from home.backups.archive import Archive, file_digest
from home.backups.media import delete_all, media_files, save
from home.backups.report import summary
from site_project.page_cache import forget_local_copies

HOW_TO_EMPTY = (
    "恢复只装进空数据库：新建一个（PostgreSQL：createdb 新库名；SQLite：DATABASE_URL 指向一个新文件），"
    "不建表或只运行过 manage.py migrate 都算空。确实要用备份替换现有内容，请加 --force。"
)


class Command(BaseCommand):
    help = (
        "Loads an archive written by `backup` into an empty database and an empty media store, after "
        "checking it against its manifest, and checks the result against the manifest again. "
        "--force replaces a database and media that hold data."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="tongdu-YYYYMMDD-HHMMSS.tar")
        parser.add_argument(
            "--force", action="store_true", help="replace the database and media even if they hold data"
        )

    def handle(self, *args, archive, force, **options):
        started = time.monotonic()
        try:
            with Archive(archive) as backup:
                backup.verify()
                self.stdout.write(f"已核对 {archive}（{backup.manifest['created_at']} 的备份）：与清单相符")
                database = self.check_target(backup, force)
                with tempfile.TemporaryDirectory() as folder:
                    database.load(backup.extract_database(folder))
                if force:
                    delete_all()
                for name, fileobj in backup.media():
                    save(name, fileobj)
                for cache in caches.all():
                    cache.clear()  # pages, fragments' version, Wagtail's site paths: all of the old content
                forget_local_copies()
                self.check_restored(backup)
                self.stdout.write(
                    self.style.SUCCESS(f"已恢复，用时 {time.monotonic() - started:.2f} 秒；核对无误：")
                )
                for line in summary(backup.manifest):
                    self.stdout.write(line)
        except BackupError as error:
            raise CommandError(str(error)) from error
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("备份早于这版代码：请接着运行 manage.py migrate。")

    def check_target(self, backup, force):
        """The database to load into, once the archive suits it and it and the media are empty."""
        database = databases.current()
        if backup.database["vendor"] != database.vendor:
            raise BackupError(
                f"这份备份来自 {backup.database['vendor']} 数据库，当前是 {database.vendor}：只能恢复到同一种数据库。"
            )
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        unknown = sorted(tuple(each) for each in backup.manifest["migrations"] if tuple(each) not in known)
        if unknown:
            raise BackupError(
                f"备份来自更新的代码（有这版没有的迁移 {unknown[0][0]}.{unknown[0][1]} 等 {len(unknown)} 个）："
                "请先部署备份时的版本再恢复。"
            )
        if not force:
            held = databases.site_data()
            if held:
                found = "、".join(f"{count} {label}" for label, count in held.items())
                raise BackupError(f"数据库里已有本站的数据（{found}），没有恢复。" + HOW_TO_EMPTY)
            files = sum(1 for _ in media_files())
            if files:
                raise BackupError(
                    f"媒体存储里已有 {files} 个文件，没有恢复。请换一个空的媒体目录或存储桶，"
                    "确实要用备份替换其中的文件，请加 --force。"
                )
        return database

    def check_restored(self, backup):
        counts = databases.table_counts()
        if counts != backup.database["tables"]:
            differing = sorted(set(counts.items()) ^ set(backup.database["tables"].items()))
            raise BackupError(f"已恢复，但核对不符：数据表 {differing[0][0]} 的行数与清单不同。")
        names = set(media_files())
        for entry in backup.files:
            if entry["path"] not in names:
                raise BackupError(f"已恢复，但核对不符：媒体文件 {entry['path']} 不在存储里。")
            with default_storage.open(entry["path"], "rb") as fileobj:
                if file_digest(fileobj) != (entry["size"], entry["sha256"]):
                    raise BackupError(f"已恢复，但核对不符：媒体文件 {entry['path']} 与清单不同。")
        extra = names - {entry["path"] for entry in backup.files}
        if extra:
            raise BackupError(f"已恢复，但核对不符：媒体存储里多出 {len(extra)} 个清单里没有的文件。")
