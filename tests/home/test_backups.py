"""`manage.py backup` and `manage.py restore` as an operator runs them: the round trip into a fresh
database and media folder gives back every row and every file's bytes; a database or media store
that holds data, and a damaged or foreign archive, are refused with nothing changed.

The tests are transactional: pg_dump and a restore's psql see only what is committed."""

import io
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend

from wagtail.models import PageLogEntry

import environ
import pytest
from axes.models import AccessLog

from home.backups.databases import current
from lectures.models import LectureIndexPage
from stories.models import ProfileIndexPage, SeriesIndexPage, StoryIndexPage
from tests.conftest import build_site_tree
from tests.factories import (
    EpisodePageFactory,
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    SpeakerFactory,
    StoryPageFactory,
    TourPageFactory,
)
from tests.site_project.conftest import free_port, production_env, server_database

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def site(settings, tmp_path):
    """Pages of each kind with revisions and log entries, images with renditions, a video with its
    subtitles and poster, lecture sessions, users and login records; media in a folder of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    home = build_site_tree()
    editor = get_user_model().objects.create_superuser("bianji", "bianji@example.com", "editor-pass-123")
    profile = ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="王明")
    for title in ("王明（初稿）", "王明"):
        profile.title = title
        profile.save_revision(user=editor, log_action=True).publish(user=editor)
    profile.portrait.get_rendition("fill-320x320")
    story = StoryPageFactory(parent=StoryIndexPage.objects.get(), profiles=[profile])
    story.save_revision(user=editor, log_action=True).publish(user=editor)
    story.lead_image.get_rendition("width-800|format-webp")
    episode = EpisodePageFactory(parent=SeriesIndexPage.objects.get(), profiles=[profile])
    episode.video.poster.get_rendition("fill-640x360")
    team = LectureTeamPageFactory(parent=LectureIndexPage.objects.get())
    tour = TourPageFactory(parent=LectureIndexPage.objects.get(), teams=[team])
    speaker = SpeakerFactory(team=team, name="李华")
    for number in (1, 2):
        SessionFactory(tour=tour, team=team, speakers=[speaker], number=number)
    AccessLog.objects.create(
        username="bianji", ip_address="127.0.0.1", user_agent="test", path_info="/admin/login/"
    )
    return {"home": home, "profile": profile}


def table_rows(database):
    """Every table's rows, in an order of their own, as comparable text."""
    rows = {}
    with database.cursor() as cursor:
        for table in current().tables(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            rows[table] = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)) for row in cursor
            )
    return rows


def media_bytes(folder):
    folder = Path(folder)
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def open_database(url):
    """A connection of its own to the database at `url`, as Django would open it."""
    settings_dict = {**connection.settings_dict, "OPTIONS": {}, **environ.Env.db_url_config(url)}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "other")


@pytest.fixture
def elsewhere(tmp_path):
    """A fresh database (no tables) and media folder, and manage.py run against them as an operator
    would (production settings from the environment)."""
    database_url, drop = server_database(tmp_path, "restored")
    env = {
        **production_env(tmp_path, database_url, free_port()),
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }

    def manage(*args, **more_env):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            env={**env, **more_env},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        )

    database = open_database(database_url)
    yield manage, database, Path(env["MEDIA_ROOT"])
    database.close()
    drop()


def backup(folder):
    output = io.StringIO()
    call_command("backup", output=folder, stdout=output)
    (archive,) = folder.glob("tongdu-*.tar")
    return archive, output.getvalue()


def test_a_backup_restored_into_a_fresh_database_has_every_row_and_file(site, tmp_path, elsewhere):
    manage, restored, restored_media = elsewhere
    archive, printed = backup(tmp_path / "backups")
    assert f"备份已写入 {archive}" in printed
    assert "媒体文件：" in printed
    rows = table_rows(connection)
    for table in (
        "wagtailcore_revision",
        "home_siterendition",
        "stories_video",
        "lectures_session",
        "axes_accesslog",
    ):
        assert rows[table], table  # what the round trip is to carry
    assert PageLogEntry.objects.filter(action="wagtail.publish").count() >= 3

    done = manage("restore", str(archive))

    assert done.returncode == 0, done.stderr
    assert "核对无误" in done.stdout
    assert table_rows(restored) == rows
    files = media_bytes(settings.MEDIA_ROOT)
    assert any(name.endswith(".vtt") for name in files) and any(name.endswith(".mp4") for name in files)
    assert media_bytes(restored_media) == files


def bucket_bytes(storage, bucket):
    keys = [entry["Key"] for entry in storage.client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: storage.client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def test_media_on_object_storage_are_restored_into_a_fresh_bucket(
    media_on_object_storage, site, tmp_path, elsewhere
):
    manage, restored, _ = elsewhere
    storage = media_on_object_storage
    files = bucket_bytes(storage, storage.bucket)
    assert any(name.endswith(".vtt") for name in files) and any(name.endswith(".mp4") for name in files)
    archive, printed = backup(tmp_path / "backups")
    assert f"{len(files)} 个" in printed
    storage.client.create_bucket(Bucket="tongdu-restored")
    try:
        done = manage(
            "restore", str(archive), **{**storage.env, "AWS_STORAGE_BUCKET_NAME": "tongdu-restored"}
        )

        assert done.returncode == 0, done.stderr
        assert "核对无误" in done.stdout
        assert table_rows(restored) == table_rows(connection)
        assert bucket_bytes(storage, "tongdu-restored") == files
    finally:
        for key in bucket_bytes(storage, "tongdu-restored"):
            storage.client.delete_object(Bucket="tongdu-restored", Key=key)
        storage.client.delete_bucket(Bucket="tongdu-restored")


def test_restore_refuses_a_database_or_media_that_hold_data_and_changes_nothing(site, tmp_path, elsewhere):
    manage, restored, restored_media = elsewhere
    archive, _ = backup(tmp_path / "backups")
    rows, files = table_rows(connection), media_bytes(settings.MEDIA_ROOT)

    with pytest.raises(CommandError, match="数据库里已有本站的数据（1 个账号、.*--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert table_rows(connection) == rows
    assert media_bytes(settings.MEDIA_ROOT) == files

    (restored_media / "images").mkdir(parents=True)
    (restored_media / "images" / "left-over.jpg").write_bytes(b"an upload")
    refused = manage("restore", str(archive))
    assert refused.returncode == 1
    assert "媒体存储里已有 1 个文件" in refused.stderr
    assert table_rows(restored) == {}
    assert media_bytes(restored_media) == {"images/left-over.jpg": b"an upload"}


def test_a_migrated_database_counts_as_empty(site, tmp_path, elsewhere):
    manage, restored, restored_media = elsewhere
    archive, _ = backup(tmp_path / "backups")
    assert manage("migrate", "--noinput", "-v0").returncode == 0

    done = manage("restore", str(archive))

    assert done.returncode == 0, done.stderr
    assert table_rows(restored) == table_rows(connection)


def test_force_replaces_what_is_there_and_readers_get_the_restored_pages(site, tmp_path, client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    archive, _ = backup(tmp_path / "backups")
    rows, files = table_rows(connection), media_bytes(settings.MEDIA_ROOT)
    profile = site["profile"]
    profile.title = "王明（改后）"
    profile.save_revision().publish()
    get_user_model().objects.create_user("xinren", "xinren@example.com", "new-user-pass-123")
    (Path(settings.MEDIA_ROOT) / "later.txt").write_text("uploaded after the backup")
    assert "王明（改后）" in client.get(profile.url).content.decode()  # and kept in the page cache

    call_command("restore", str(archive), force=True, stdout=io.StringIO())

    assert table_rows(connection) == rows
    assert media_bytes(settings.MEDIA_ROOT) == files
    page = client.get(profile.url).content.decode()
    assert "王明（改后）" not in page and "王明" in page


def rewritten(archive, folder, change):
    """A copy of the archive with change(name, data) applied to each member's bytes."""
    folder.mkdir()
    copy = folder / archive.name
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as target:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def one_byte_changed(name, data):
    if name.endswith(".mp4"):
        return data[:100] + bytes([data[100] ^ 1]) + data[101:]
    return data


def one_count_changed(name, data):
    if name == "manifest.json":
        manifest = json.loads(data)
        manifest["database"]["tables"]["auth_user"] += 1
        return json.dumps(manifest).encode()
    return data


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (one_byte_changed, r"已损坏：media/media/episode-1.*\.mp4 与清单记的大小或校验和不符"),
        (one_count_changed, "已损坏：manifest.json 被改动过"),
        (
            lambda name, data: b"" if name == "manifest.json" else data,
            "不是本站的备份：里面没有可读的 manifest.json",
        ),
    ],
    ids=["a media file", "the manifest", "a foreign archive"],
)
def test_a_damaged_archive_is_refused_even_with_force_and_changes_nothing(site, tmp_path, damage, message):
    archive, _ = backup(tmp_path / "backups")
    damaged = rewritten(archive, tmp_path / "damaged", damage)
    rows, files = table_rows(connection), media_bytes(settings.MEDIA_ROOT)

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(damaged), force=True, stdout=io.StringIO())

    assert table_rows(connection) == rows
    assert media_bytes(settings.MEDIA_ROOT) == files


def test_keep_removes_the_oldest_archives_beyond_n(site, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for old in ("tongdu-20261129-031500.tar", "tongdu-20261130-031500.tar", "tongdu-20261201-031500.tar"):
        (folder / old).write_bytes(b"an older backup")
    (folder / "notes.txt").write_text("the operator's own")

    printed = io.StringIO()
    call_command("backup", output=folder, keep=2, stdout=printed)

    kept = sorted(path.name for path in folder.iterdir())
    assert kept[0] == "notes.txt" and kept[1] == "tongdu-20261201-031500.tar" and len(kept) == 3
    assert "删除了 tongdu-20261129-031500.tar" in printed.getvalue()
    shutil.rmtree(folder)
