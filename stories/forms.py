"""The video upload form: what the file is, read from its content."""

import contextlib
import io
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile

from wagtail.images.widgets import AdminImageChooser

from wagtailmedia.forms import BaseMediaForm

from home.models import SiteImage
from stories.video_notices import tell_editor
from stories.videos import (
    CONTAINERS,
    container_of,
    faststart,
    ffmpeg_available,
    frame_jpeg,
    moov_follows_mdat,
    probe,
)

PLAYS_ONLY_WHEN_LOADED = (
    "视频已保存，但它的索引（moov）在文件末尾{why}：手机上要等整个文件下载完才能开始播放。"
)
NOT_A_VIDEO = (
    "这个文件不是 MP4 或 WebM 视频（按文件内容判断，与文件名无关），请上传 H.264/AAC 编码的 MP4 或 WebM。"
)


class VideoForm(BaseMediaForm):
    """wagtailmedia's upload form, checking what the file is rather than what it is called.

    With ffmpeg on the server, duration, width and height are read from the file and a frame is
    proposed as the poster; without it, the editor enters them.
    """

    class Meta(BaseMediaForm.Meta):
        widgets = {**BaseMediaForm.Meta.widgets, "poster": AdminImageChooser}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.facts = None
        self.proposed_poster = None
        self.notice = None  # for the editor once the video is saved
        self.rewritten = None  # the faststart copy of an upload
        if "file" in self.fields:
            measured = (
                "时长、宽和高会从文件里读出，索引会移到文件开头，手机上能边下边播"
                if ffmpeg_available()
                else "请在下面填写时长（秒）、宽和高"
            )
            self.fields[
                "file"
            ].help_text = (
                f"MP4（H.264 视频、AAC 音频）或 WebM，不超过 {settings.VIDEO_MAX_UPLOAD_MB} MB；{measured}。"
            )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):  # editing without a new upload
            return file
        if file.size > settings.VIDEO_MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(f"文件超过 {settings.VIDEO_MAX_UPLOAD_MB} MB，请压缩后再上传。")
        container = container_of(file.read(64))
        file.seek(0)
        if container is None:
            raise ValidationError(NOT_A_VIDEO)
        if ffmpeg_available():
            with local_path(file) as path:
                self._measure(path, container)
                if container == "mp4" and moov_follows_mdat(file):
                    file = self._moved_to_faststart(file, path)
        elif container == "mp4" and moov_follows_mdat(file):
            self.notice = PLAYS_ONLY_WHEN_LOADED.format(why="，服务器没有装 ffmpeg，无法调整")
        # Stored and served under the type its content has, never the name it came with.
        file.name = f"{Path(file.name).stem or 'video'}.{container}"
        return file

    def _measure(self, path, container):
        facts = probe(path)
        if facts is None:
            raise ValidationError("读不出这个视频的内容，文件可能已损坏。")
        codecs = CONTAINERS[container]
        if facts.video_codec not in codecs["video"] or (
            facts.audio_codec and facts.audio_codec not in codecs["audio"]
        ):
            audio = f"、{facts.audio_codec} 音频" if facts.audio_codec else ""
            raise ValidationError(
                f"这个视频是 {facts.video_codec} 视频{audio}，手机上可能放不了：请转成 H.264 视频、AAC 音频的 MP4。"
            )
        self.facts = facts
        self.proposed_poster = frame_jpeg(path, min(1.0, facts.duration / 2))

    def _moved_to_faststart(self, file, path):
        """The upload with its moov moved before mdat (same streams), or the upload as it came if that fails."""
        moved = TemporaryUploadedFile(file.name, file.content_type, 0, None)
        if faststart(path, moved.temporary_file_path()) and probe(moved.temporary_file_path()) == self.facts:
            moved.size = Path(moved.temporary_file_path()).stat().st_size
            self.rewritten = moved
            return moved
        moved.close()
        self.notice = PLAYS_ONLY_WHEN_LOADED.format(why="，服务器调整失败，已按原样保存")
        return file

    def clean(self):
        cleaned_data = super().clean()
        if self.facts:
            cleaned_data["duration"] = round(self.facts.duration, 3)
            cleaned_data["width"], cleaned_data["height"] = self.facts.width, self.facts.height
        elif isinstance(cleaned_data.get("file"), UploadedFile):
            for field in ("duration", "width", "height"):
                if field in self.fields and not cleaned_data.get(field):
                    self.add_error(field, "服务器读不出视频信息，请手工填写。")
        return cleaned_data

    def save(self, commit=True):
        video = super().save(commit=False)
        if self.proposed_poster and not video.poster:
            poster = SiteImage(title=f"{video.title}（海报）", uploaded_by_user=video.uploaded_by_user)
            poster.file = ImageFile(io.BytesIO(self.proposed_poster), name="poster.jpg")
            poster.save()
            video.poster = poster
        if commit:
            video.save()
            self.save_m2m()
            if self.rewritten:
                self.rewritten.close()  # stored (maybe moved away by the storage); Django closes only its own uploads
        if self.notice:
            tell_editor(self.notice)
        return video


@contextlib.contextmanager
def local_path(uploaded):
    """A path on disk for an upload, which ffprobe needs; small uploads live only in memory."""
    if hasattr(uploaded, "temporary_file_path"):
        yield uploaded.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(suffix=".video") as copy:
        for chunk in uploaded.chunks():
            copy.write(chunk)
        copy.flush()
        uploaded.seek(0)
        yield copy.name
