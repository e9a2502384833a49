"""The database's side of a backup, per vendor: a consistent copy with its row counts, and loading
one back in a single step.

SQLite is copied with its online backup API (a file copy of a live database in WAL mode can miss
what the WAL holds) and loaded the same way, into the open connection. PostgreSQL is dumped by
pg_dump (custom format) in a snapshot the row counts are taken in, and loaded by pg_restore --clean
through psql in one transaction that first drops whatever tables the database held (so a migrated
database, or one holding data, is replaced whole, and a failure leaves it as it was).
"""

import os
import sqlite3
import subprocess

from django.contrib.auth import get_user_model
from django.db import connection

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from wagtailmedia.models import get_media_model

from . import BackupError

# Wagtail's first migration makes its root page and a "Welcome" page: a migrated database has them.
PAGES_OF_A_MIGRATED_DATABASE = 2


def quoted(name):
    return '"' + name.replace('"', '""') + '"'


def row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {quoted(table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


class Vendor:
    tables_sql = ""

    def tables(self, cursor):
        cursor.execute(self.tables_sql)
        return [name for (name,) in cursor.fetchall()]


class SQLite(Vendor):
    vendor = "sqlite"
    dump_name = "database.sqlite3"
    tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"

    def dump(self, path):
        """Copies the database to `path`; its row counts, read from the copy."""
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
            cursor = copy.cursor()
            counts = row_counts(cursor, self.tables(cursor))
        copy.close()
        return counts

    def load(self, path):
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            copy.backup(connection.connection)
        copy.close()


class PostgreSQL(Vendor):
    vendor = "postgresql"
    dump_name = "database.pgdump"
    tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"

    def client(self, program, *parameters):
        """`program`'s command line and environment for this database, as `dbshell` builds psql's
        (the password in the environment, not on the command line)."""
        args, env = connection.client.settings_to_cmd_args_env(connection.settings_dict, list(parameters))
        return [program, *args[1:]], {
            **os.environ,
            "PGOPTIONS": "-c client_min_messages=warning",
            **(env or {}),
        }

    def run(self, program, *parameters, **kwargs):
        command, env = self.client(program, *parameters)
        try:
            finished = subprocess.run(command, env=env, capture_output=True, text=True, **kwargs)  # noqa: S603
        except FileNotFoundError as error:
            raise BackupError(
                f"找不到 {program}：请安装 PostgreSQL 客户端（Debian: apt install postgresql-client）"
            ) from error
        if finished.returncode:
            raise BackupError(f"{program} 出错：{finished.stderr.strip()}")
        return finished

    def dump(self, path):
        """pg_dump into `path`, in a snapshot of the database its row counts are read in too."""
        snapshot = connection.copy()
        try:
            with snapshot.cursor() as cursor:
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot_id,) = cursor.fetchone()
                counts = row_counts(cursor, self.tables(cursor))
                self.run(
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={path}",
                )
                cursor.execute("ROLLBACK")
        finally:
            snapshot.close()
        return counts

    def load(self, path):
        """Replaces every table with the dump's, in one transaction: all or nothing."""
        with connection.cursor() as cursor:
            existing = self.tables(cursor)
        connection.close()  # holds no lock the DROP would wait for
        drop = ["-c", f"DROP TABLE IF EXISTS {', '.join(map(quoted, existing))} CASCADE"] if existing else []
        try:
            sql = subprocess.Popen(  # noqa: S603
                [  # noqa: S607 (the client's programs are found on PATH, as dbshell finds psql)
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--file=-",
                    str(path),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except FileNotFoundError as error:
            raise BackupError(
                "找不到 pg_restore：请安装 PostgreSQL 客户端（Debian: apt install postgresql-client）"
            ) from error
        try:
            self.run(
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "--single-transaction",
                *drop,
                "-f",
                "-",
                stdin=sql.stdout,
            )
        finally:
            sql.stdout.close()
            restore_errors = sql.stderr.read().decode()
            sql.wait()
        if sql.returncode:
            raise BackupError(f"pg_restore 出错：{restore_errors.strip()}")


def current():
    """This site's database, or a BackupError for a vendor the backups do not handle."""
    for vendor in (SQLite, PostgreSQL):
        if connection.vendor == vendor.vendor:
            return vendor()
    raise BackupError(f"不支持备份 {connection.vendor} 数据库：只支持 SQLite 和 PostgreSQL。")


def table_counts():
    """Every table's row count in this site's database, as the manifest has them."""
    database = current()
    with connection.cursor() as cursor:
        return row_counts(cursor, database.tables(cursor))


def site_data():
    """What of the site's own the database holds ({'个账号': 3, …}); empty for a database with no
    tables or one only migrated (the data migrations' towns, groups and Wagtail's first pages)."""
    with connection.cursor() as cursor:
        tables = set(current().tables(cursor))
    found = {}
    for label, model, allowed in (
        ("个账号", get_user_model(), 0),
        ("个页面", Page, PAGES_OF_A_MIGRATED_DATABASE),
        ("张图片", get_image_model(), 0),
        ("个文档", get_document_model(), 0),
        ("个视频", get_media_model(), 0),
    ):
        if model._meta.db_table in tables:
            count = model.objects.count()
            if count > allowed:
                found[label] = count
    return found
