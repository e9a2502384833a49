"""One backup archive: an uncompressed tar (the media are compressed already, and a pg_dump is too)
of the database's copy, every media file under media/, and manifest.json last, which lists them
with their sizes and sha256, the row count of every table and the migrations applied.

The manifest carries a checksum of itself, so a damaged one is found; it is no signature (a
forger could write another).
"""

import hashlib
import io
import json
import os
import posixpath
import re
import tarfile
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import BackupError, databases
from .media import media_files

FORMAT = "tongdu-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_FOLDER = "media/"
ARCHIVE_NAME = re.compile(r"tongdu-\d{8}-\d{6}\.tar")
CHUNK = 1024 * 1024


def archive_name(when):
    return f"tongdu-{timezone.localtime(when):%Y%m%d-%H%M%S}.tar"


def manifest_checksum(manifest):
    rest = {key: value for key, value in manifest.items() if key != "checksum"}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class Hashing:
    """A file read through it: its sha256 and length, as tarfile copies it."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def file_digest(fileobj):
    """(size, sha256) of what is left to read in fileobj."""
    reader = Hashing(fileobj)
    while reader.read(CHUNK):
        pass
    return reader.size, reader.sha256.hexdigest()


def write_archive(path):
    """Writes the archive to `path` (through a .partial file, so that a backup cut short is never
    taken for one); its manifest and the names of the media files that went away while it was
    written."""
    database = databases.current()
    partial = path.with_name(path.name + ".partial")
    created_at = timezone.now()
    vanished = []
    try:
        with (
            tempfile.TemporaryDirectory() as folder,
            tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar,
        ):
            dump = Path(folder) / database.dump_name
            tables = database.dump(dump)
            with dump.open("rb") as copy:
                size, sha256 = file_digest(copy)
            tar.add(dump, arcname=database.dump_name)
            files = []
            for name in media_files():
                try:
                    entry = _add_media_file(tar, name, created_at)
                except FileNotFoundError:  # deleted since it was listed
                    vanished.append(name)
                    continue
                files.append(entry)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.localtime(created_at).isoformat(timespec="seconds"),
                "database": {
                    "vendor": database.vendor,
                    "file": database.dump_name,
                    "size": size,
                    "sha256": sha256,
                    "tables": tables,
                },
                "migrations": sorted(MigrationRecorder(connection).applied_migrations()),
                "media": files,
            }
            manifest["checksum"] = manifest_checksum(manifest)
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), created_at.timestamp()
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest, vanished


def _add_media_file(tar, name, created_at):
    size = default_storage.size(name)
    with default_storage.open(name, "rb") as fileobj:
        reader = Hashing(fileobj)
        info = tarfile.TarInfo(MEDIA_FOLDER + name)
        info.size, info.mtime = size, created_at.timestamp()
        try:
            tar.addfile(info, reader)
        except OSError as error:  # tarfile read fewer bytes than the storage said
            raise BackupError(f"媒体文件 {name} 在备份时变了大小，请重新备份。") from error
    return {"path": name, "size": size, "sha256": reader.sha256.hexdigest()}


class Archive:
    """An archive read back: its manifest, checked against its contents by verify()."""

    def __init__(self, path):
        self.path = Path(path)
        try:
            self.tar = tarfile.open(self.path, "r:")  # noqa: SIM115 (closed by __exit__)
        except FileNotFoundError as error:
            raise BackupError(f"找不到备份文件 {self.path}。") from error
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{self.path} 不是本站的备份（不是 tar 文件）。") from error
        try:
            self.manifest = self.read_manifest()
        except BaseException:
            self.tar.close()
            raise

    def read_manifest(self):
        try:
            manifest = json.load(self.tar.extractfile(MANIFEST))
        except (tarfile.TarError, KeyError, ValueError, OSError) as error:
            raise BackupError(f"{self.path} 不是本站的备份：里面没有可读的 {MANIFEST}。") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"{self.path} 不是本站的备份：{MANIFEST} 不是本站备份的清单。")
        if manifest.get("version") != VERSION:
            raise BackupError(
                f"{self.path} 的清单是第 {manifest.get('version')} 版，本版只认第 {VERSION} 版。"
            )
        if manifest.get("checksum") != manifest_checksum(manifest):
            raise BackupError(f"{self.path} 已损坏：{MANIFEST} 被改动过（它的校验和对不上）。")
        return manifest

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.tar.close()

    @property
    def database(self):
        return self.manifest["database"]

    @property
    def files(self):
        return self.manifest["media"]

    def expected(self):
        """{member name: (size, sha256)} as the manifest lists them."""
        members = {self.database["file"]: (self.database["size"], self.database["sha256"])}
        for entry in self.files:
            name = entry["path"]
            if (
                name.startswith("/")
                or "\\" in name
                or ".." in name.split("/")
                or posixpath.normpath(name) != name
            ):
                raise BackupError(f"{self.path} 已损坏：清单里的文件名 {name!r} 不合规。")
            members[MEDIA_FOLDER + name] = (entry["size"], entry["sha256"])
        return members

    def verify(self):
        """Every file the manifest lists is in the archive with its size and sha256, and nothing else is."""
        expected = self.expected()
        seen = set()
        for member in self.tar:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile() or member.name in seen:
                raise BackupError(f"{self.path} 已损坏：{member.name} 不在清单里。")
            seen.add(member.name)
            if file_digest(self.tar.extractfile(member)) != expected[member.name]:
                raise BackupError(f"{self.path} 已损坏：{member.name} 与清单记的大小或校验和不符。")
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(f"{self.path} 已损坏：缺少清单里的 {len(missing)} 个文件，如 {missing[0]}。")

    def extract_database(self, folder):
        """The database's copy, written into `folder`; its path."""
        path = Path(folder) / Path(self.database["file"]).name
        with path.open("wb") as out, self.tar.extractfile(self.database["file"]) as copy:
            while chunk := copy.read(CHUNK):
                out.write(chunk)
        return path

    def media(self):
        """(name, file) for every media file, in the archive's order."""
        for entry in self.files:
            with self.tar.extractfile(MEDIA_FOLDER + entry["path"]) as fileobj:
                yield entry["path"], fileobj
