"""The media's side of a backup: every file of Django's default storage, through the Storage API
alone, so that local disk and S3-compatible object storage are backed up and restored alike."""

import posixpath

from django.core.files import File
from django.core.files.storage import default_storage

from . import BackupError


def media_files(storage=default_storage, folder=""):
    """Every file's name in the storage, folders first to last, in name order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local media folder not made yet: no files
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from media_files(storage, posixpath.join(folder, name))


def delete_all(storage=default_storage):
    for name in list(media_files(storage)):
        storage.delete(name)


def save(name, fileobj, storage=default_storage):
    saved = storage.save(name, File(fileobj, name=posixpath.basename(name)))
    if saved != name:
        raise BackupError(f"媒体文件 {name} 被存成了 {saved}：存储里已有同名文件。")
