import json
import re
import subprocess

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from stories import forms as video_forms
from stories.models import EpisodePage, ProfileIndexPage, SeriesIndexPage, Video
from stories.webvtt import InvalidWebVTT, parse
from tests.conftest import build_site_tree
from tests.factories import DEMO_VIDEO, SUBTITLES, EpisodePageFactory, ProfilePageFactory

VIDEO_BYTES = DEMO_VIDEO.read_bytes()


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def episode(home_page):
    profile = publish(ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="陈志刚"))
    return publish(
        EpisodePageFactory(
            parent=SeriesIndexPage.objects.get(), title="金湾的理事会", number=1, profiles=[profile]
        )
    )


def body(response):
    return b"".join(response.streaming_content)


def json_ld(html):
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


def test_episode_page_has_a_player_that_does_not_shift_the_layout(client, episode):
    html = client.get(episode.url).content.decode()
    video = re.search(r"<video [^>]*>", html).group(0)
    assert all(
        attr in video for attr in ("controls", "playsinline", 'preload="none"', 'width="640"', 'height="360"')
    )
    assert re.search(r'poster="/media/images/[^"]+\.webp"', video)
    assert f'<source src="{episode.video.url}" type="video/mp4">' in html
    assert re.search(
        r'<track kind="subtitles" srclang="zh-Hans" label="中文字幕" src="[^"]+\.vtt" default>', html
    )


def test_transcript_is_on_the_page_and_defaults_to_the_subtitles(client, episode):
    html = client.get(episode.url).content.decode()
    assert "文字稿" in html
    assert "<p>90%的矛盾纠纷在村庄内部解决</p>" in html
    episode.transcript = "老支书牵头成立理事会。"
    publish(episode)
    assert "<p>老支书牵头成立理事会。</p>" in client.get(episode.url).content.decode()


def test_episode_and_profile_link_both_ways(client, episode):
    assert 'href="/xianfeng/chen-zhi-gang/"' in client.get(episode.url).content.decode()
    profile_html = client.get("/xianfeng/chen-zhi-gang/").content.decode()
    assert "《先锋》视频" in profile_html and f'href="{episode.url}"' in profile_html


def test_episode_carries_video_object_json_ld_and_open_graph_video(client, episode):
    html = client.get(episode.url).content.decode()
    data = json_ld(html)
    assert data["@type"] == "VideoObject"
    assert data["name"] == "金湾的理事会"
    assert data["description"].startswith("金湾的村民")
    assert data["thumbnailUrl"][0].startswith("http://localhost/media/images/")
    assert data["uploadDate"] == "2026-07-01T00:00:00+08:00"
    assert data["duration"] == "PT6S"
    assert data["contentUrl"] == f"http://localhost{episode.video.url}"
    assert '<meta property="og:type" content="video.episode">' in html
    assert f'<meta property="og:video" content="http://localhost{episode.video.url}">' in html
    assert '<meta property="og:image" content="http://localhost/media/images/' in html


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=10000-10999", 10000, 10999),
        (f"bytes={len(VIDEO_BYTES) - 500}-", None, None),
    ],
)
def test_the_episode_video_answers_byte_ranges(client, episode, header, start, end):
    start = len(VIDEO_BYTES) - 500 if start is None else start
    end = len(VIDEO_BYTES) - 1 if end is None else end
    response = client.get(episode.video.url, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(VIDEO_BYTES)}"
    assert body(response) == VIDEO_BYTES[start : end + 1]


def test_an_unsatisfiable_range_on_the_video_is_416(client, episode):
    response = client.get(episode.video.url, HTTP_RANGE=f"bytes={len(VIDEO_BYTES) + 10}-")
    assert response.status_code == 416


def test_subtitles_are_served_as_webvtt(client, episode):
    response = client.get(episode.video.subtitles.url)
    assert response["Content-Type"].startswith("text/vtt")
    assert body(response).decode() == SUBTITLES


def test_series_lists_live_episodes_in_order_with_a_constant_query_count(client, home_page):
    series = SeriesIndexPage.objects.get()

    def queries():
        client.get("/shipin/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/shipin/").status_code == 200
        return len(captured)

    publish(EpisodePageFactory(parent=series, title="第二集", number=2))
    publish(EpisodePageFactory(parent=series, title="第一集", number=1))
    EpisodePageFactory(parent=series, title="草稿集", number=3, live=False)
    response = client.get("/shipin/")
    assert [episode.title for episode in response.context["episodes"]] == ["第一集", "第二集"]
    two = queries()
    for number in range(4, 14):
        publish(EpisodePageFactory(parent=series, number=number))
    assert queries() == two


# Uploads through wagtailmedia's admin, with our checks.


def upload(client, name, content, subtitles=None, subtitles_name="episode.vtt", **fields):
    data = {"title": "上传的视频", "file": SimpleUploadedFile(name, content), "collection": 1, **fields}
    if subtitles is not None:
        data["subtitles"] = SimpleUploadedFile(subtitles_name, subtitles.encode())
    return client.post("/admin/media/video/add/", data)


def one_second_clip(path, codec):
    """A 160x90 clip in `codec`, made with ffmpeg (which `make test` installs)."""
    command = [
        "ffmpeg",
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "color=c=red:s=160x90:d=1",
        "-c:v",
        codec,
        str(path),
    ]
    subprocess.run(command, check=True)  # noqa: S603
    return path.read_bytes()


@pytest.fixture
def editor(admin_client, home_page):
    return admin_client


def test_an_mp4_upload_is_measured_and_gets_a_poster_from_a_frame(editor):
    response = upload(editor, "episode.mp4", VIDEO_BYTES, subtitles=SUBTITLES)
    assert response.status_code == 302, response.context["form"].errors
    video = Video.objects.get()
    assert (video.duration, video.width, video.height) == (6.0, 640, 360)
    assert video.poster.title == "上传的视频（海报）"
    assert (video.poster.width, video.poster.height) == (640, 360)
    assert [cue.text for cue in video.subtitle_cues()] == [
        "金湾的村民自发成立了临时理事会",
        "90%的矛盾纠纷在村庄内部解决",
    ]


def test_an_upload_is_stored_under_the_type_of_its_content_not_its_name(editor):
    assert upload(editor, "clip.html", VIDEO_BYTES).status_code == 302
    video = Video.objects.get()
    assert video.file.name.endswith("/clip.mp4")
    assert video.sources[0]["type"] == "video/mp4"


def test_a_subtitle_file_must_be_named_vtt(editor):
    response = upload(editor, "episode.mp4", VIDEO_BYTES, subtitles=SUBTITLES, subtitles_name="x.html")
    assert "字幕文件的扩展名要是 .vtt。" in str(response.context["form"].errors["subtitles"])
    assert not Video.objects.exists()


def test_a_missing_or_marked_up_subtitle_file_never_breaks_the_page(client, episode):
    video = episode.video
    video.subtitles.save(
        "marked.vtt", ContentFile("WEBVTT\n\n00:00.000 --> 00:01.000\n<v 张三>送学&amp;上门</v>\n".encode())
    )
    assert "<p>送学&amp;上门</p>" in client.get(episode.url).content.decode()
    video.subtitles.storage.delete(video.subtitles.name)
    assert client.get(episode.url).status_code == 200


def test_a_webm_upload_is_accepted(editor, tmp_path):
    response = upload(editor, "clip.webm", one_second_clip(tmp_path / "clip.webm", "libvpx-vp9"))
    assert response.status_code == 302
    assert Video.objects.get().width == 160


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("episode.mp4", "这不是视频，只是改了名字的文本。".encode()),
        ("episode.mp4", (DEMO_VIDEO.parents[1] / "honourees.csv").read_bytes()),
        ("episode.webm", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    ],
)
def test_a_file_that_is_not_a_video_is_refused_whatever_its_name(editor, name, content):
    response = upload(editor, name, content)
    assert response.status_code == 200
    assert "不是 MP4 或 WebM 视频" in str(response.context["form"].errors["file"])
    assert not Video.objects.exists()


def test_a_video_phones_cannot_play_is_refused(editor, tmp_path):
    response = upload(editor, "clip.mp4", one_second_clip(tmp_path / "clip.mp4", "mpeg4"))
    assert "请转成 H.264 视频、AAC 音频的 MP4" in str(response.context["form"].errors["file"])
    assert not Video.objects.exists()


def test_a_video_over_the_size_limit_is_refused(editor, settings):
    settings.VIDEO_MAX_UPLOAD_MB = 0
    response = upload(editor, "episode.mp4", VIDEO_BYTES)
    assert "不超过 0 MB" in response.content.decode()  # the limit is stated on the form
    assert "文件超过 0 MB" in str(response.context["form"].errors["file"])
    assert not Video.objects.exists()


def test_a_bad_subtitle_file_is_refused_with_the_wrong_line(editor):
    bad = SUBTITLES.replace("00:00:03.000 --> 00:00:06.000", "00:00:03.000 -> 00:00:06.000")
    response = upload(editor, "episode.mp4", VIDEO_BYTES, subtitles=bad)
    assert "第 6 行：时间轴格式不对" in str(response.context["form"].errors["subtitles"])
    assert not Video.objects.exists()


def test_without_ffmpeg_the_editor_enters_duration_and_size(editor, monkeypatch):
    monkeypatch.setattr(video_forms, "ffmpeg_available", lambda: False)
    response = upload(editor, "episode.mp4", VIDEO_BYTES)
    assert "请在下面填写时长" in response.content.decode()
    assert set(response.context["form"].errors) == {"duration", "width", "height"}
    response = upload(editor, "episode.mp4", VIDEO_BYTES, duration=6, width=640, height=360)
    assert response.status_code == 302
    assert Video.objects.get().poster is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello\n", "第 1 行：WebVTT 文件必须以“WEBVTT”开头。"),
        ("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\n字\n", "第 3 行：结束时间必须晚于开始时间。"),
        (
            "WEBVTT\n\n00:00:02.000 --> 00:00:03.000\n字\n\n00:00:01.000 --> 00:00:04.000\n字\n",
            "第 6 行：字幕要按开始时间先后排列。",
        ),
        ("WEBVTT\n\n1\n00:00:0x.000 --> 00:00:03.000\n字\n", "第 4 行：时间轴格式不对"),
        ("WEBVTT\n\nNOTE 只有注释\n", "文件里没有任何字幕。"),
    ],
)
def test_webvtt_errors_name_the_line(text, message):
    with pytest.raises(InvalidWebVTT) as error:
        parse(text)
    assert str(error.value).startswith(message)


def test_webvtt_accepts_header_text_identifiers_notes_and_cue_settings():
    text = "\ufeffWEBVTT 字幕\r\nKind: captions\r\n\r\nNOTE 注释\r\n\r\nintro\r\n00:01.000 --> 00:02.500 line:90%\r\n第一句\r\n第二行\r\n"
    (cue,) = parse(text)
    assert (cue.start, cue.end, cue.text) == (1.0, 2.5, "第一句\n第二行")


class EpisodePageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site_tree()
        cls.series = SeriesIndexPage.objects.get()

    def setUp(self):
        self.login()

    def test_episodes_sit_under_the_series_only(self):
        self.assertAllowedSubpageTypes(SeriesIndexPage, {EpisodePage})
        self.assertAllowedParentPageTypes(EpisodePage, {SeriesIndexPage})
        self.assertAllowedSubpageTypes(EpisodePage, set())
        self.assertFalse(EpisodePage.can_create_at(Page.objects.get(depth=1)))

    def test_episode_renders_edits_and_previews(self):
        episode = publish(EpisodePageFactory(parent=self.series, title="金湾的理事会"))
        self.assertPageIsRenderable(episode)
        post_data = {
            "title": episode.title,
            "slug": episode.slug,
            "number": 1,
            "summary": episode.summary,
            "video": episode.video.pk,
            "profile_links-TOTAL_FORMS": 0,
            "profile_links-INITIAL_FORMS": 0,
            "profile_links-MIN_NUM_FORMS": 0,
            "profile_links-MAX_NUM_FORMS": 1000,
        }
        self.assertPageIsEditable(episode, post_data=post_data)
        self.assertPageIsPreviewable(episode, post_data=post_data)
