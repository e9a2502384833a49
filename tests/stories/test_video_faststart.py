"""An MP4 whose index (moov) follows its media (mdat) is stored with the index first, so phones start it at once."""

import json
import shutil
import struct
import subprocess

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from home.roles import EDITORS
from stories.models import Video
from tests.factories import DEMO_VIDEO

FASTSTART = DEMO_VIDEO.read_bytes()  # the demo clips are written with +faststart
NOTICE = "手机上要等整个文件下载完才能开始播放"


def top_level_boxes(data):
    """The types of an MP4's top-level boxes, in file order, from their 8-byte headers."""
    kinds, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, offset)
        kinds.append(kind.decode())
        offset += size
    return kinds


def streams(path):
    command = ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)]
    data = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)  # noqa: S603
    return data["format"]["duration"], [
        (s["codec_type"], s["codec_name"], s.get("width"), s.get("height"), s["nb_frames"])
        for s in data["streams"]
    ]


@pytest.fixture
def moov_last(tmp_path):
    """The demo clip remuxed by ffmpeg without +faststart, which writes moov after mdat."""
    path = tmp_path / "moov-last.mp4"
    command = ["ffmpeg", "-v", "error", "-i", str(DEMO_VIDEO), "-c", "copy", "-map", "0", str(path)]
    subprocess.run(command, check=True)  # noqa: S603
    assert top_level_boxes(path.read_bytes()).index("mdat") < top_level_boxes(path.read_bytes()).index("moov")
    return path


@pytest.fixture
def editor(client, django_user_model, home_page):
    user = django_user_model.objects.create_user("bianji", "bianji@daye.gov.cn", "x")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


def upload(client, content, **fields):
    data = {
        "title": "上传的视频",
        "file": SimpleUploadedFile("episode.mp4", content),
        "collection": 1,
        **fields,
    }
    return client.post("/admin/media/video/add/", data, follow=True)


def stored(tmp_path):
    path = tmp_path / "stored.mp4"
    with Video.objects.get().file.open("rb") as file:
        path.write_bytes(file.read())
    return path


def warnings(response):
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]


def test_a_moov_last_upload_is_stored_with_moov_first_and_the_same_streams(editor, moov_last, tmp_path):
    response = upload(editor, moov_last.read_bytes())
    assert response.redirect_chain[-1][0] == "/admin/media/"
    kinds = top_level_boxes(stored(tmp_path).read_bytes())
    assert kinds.index("moov") < kinds.index("mdat")
    assert streams(stored(tmp_path)) == streams(moov_last)
    assert NOTICE not in response.content.decode()
    video = Video.objects.get()
    assert (video.duration, video.width, video.height) == (6.0, 640, 360)


def test_a_faststart_upload_is_stored_byte_for_byte(editor, tmp_path):
    response = upload(editor, FASTSTART)
    assert response.redirect_chain[-1][0] == "/admin/media/"
    assert stored(tmp_path).read_bytes() == FASTSTART


def test_without_ffmpeg_a_moov_last_upload_is_kept_and_the_editor_is_told(
    editor, moov_last, tmp_path, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffmpeg, no ffprobe
    response = upload(editor, moov_last.read_bytes(), duration=6, width=640, height=360)
    assert response.redirect_chain[-1][0] == "/admin/media/"
    assert NOTICE in response.content.decode()
    assert stored(tmp_path).read_bytes() == moov_last.read_bytes()


def test_without_ffmpeg_a_faststart_upload_brings_no_notice(editor, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    response = upload(editor, FASTSTART, duration=6, width=640, height=360)
    assert NOTICE not in response.content.decode()
    assert stored(tmp_path).read_bytes() == FASTSTART


def test_when_ffmpeg_fails_to_move_the_index_the_upload_is_kept_as_it_came(
    editor, moov_last, tmp_path, monkeypatch
):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ffprobe").symlink_to(shutil.which("ffprobe"))
    broken = bin_dir / "ffmpeg"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    response = upload(editor, moov_last.read_bytes())
    assert response.redirect_chain[-1][0] == "/admin/media/"
    assert "调整失败，已按原样保存" in response.content.decode()
    assert stored(tmp_path).read_bytes() == moov_last.read_bytes()


def test_on_object_storage_the_bucket_gets_the_faststart_copy(
    editor, moov_last, tmp_path, media_on_object_storage
):
    upload(editor, moov_last.read_bytes())
    video = Video.objects.get()
    assert media_on_object_storage.keys("media/") == [video.file.name]
    kinds = top_level_boxes(stored(tmp_path).read_bytes())
    assert kinds.index("moov") < kinds.index("mdat")
    assert streams(stored(tmp_path)) == streams(moov_last)
