"""What an uploaded video is, read from its bytes, and ffprobe/ffmpeg where Debian's ffmpeg is installed."""

import json
import shutil
import struct
import subprocess
from dataclasses import dataclass

# The containers every phone browser plays, with the codecs that go in them.
CONTAINERS = {
    "mp4": {"video": {"h264"}, "audio": {"aac"}},
    "webm": {"video": {"vp8", "vp9", "av1"}, "audio": {"opus", "vorbis"}},
}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# ISO base media brands of MP4 video; AVIF, HEIC and QuickTime share the box but are not MP4.
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"M4V "}
FFMPEG_TIMEOUT = 60


@dataclass(frozen=True)
class VideoFacts:
    duration: float
    width: int
    height: int
    video_codec: str
    audio_codec: str | None


def container_of(head):
    """ "mp4" or "webm" from a file's first bytes, else None (whatever its name says)."""
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "mp4"
    if head.startswith(EBML_MAGIC) and b"webm" in head[:64]:
        return "webm"
    return None


def ffmpeg_available():
    return shutil.which("ffprobe") is not None and shutil.which("ffmpeg") is not None


def probe(path):
    """Duration, size and codecs as ffprobe reads them; None when the file is not a playable video."""
    command = ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]
    result = _run(command, text=True)
    if result is None or result.returncode != 0:
        return None
    data = json.loads(result.stdout)
    streams = data.get("streams", [])
    video = next((stream for stream in streams if stream.get("codec_type") == "video"), None)
    audio = next((stream for stream in streams if stream.get("codec_type") == "audio"), None)
    if video is None:
        return None
    return VideoFacts(
        duration=float(data.get("format", {}).get("duration") or video.get("duration") or 0),
        width=int(video.get("width") or 0),
        height=int(video.get("height") or 0),
        video_codec=video.get("codec_name", ""),
        audio_codec=audio.get("codec_name") if audio else None,
    )


def moov_follows_mdat(file):
    """Whether an MP4 keeps its index (moov) after its media (mdat), read from the top-level box headers.

    Such a file cannot start playing until a browser has fetched it whole.
    """
    file.seek(0)
    try:
        while len(header := file.read(8)) == 8:
            size, kind = struct.unpack(">I4s", header)
            if kind in (b"moov", b"mdat"):
                return kind == b"mdat"
            if size == 1:  # a 64-bit size follows the type
                size = struct.unpack(">Q", file.read(8))[0] - 8
            if size < 8:  # 0: the box runs to the end of the file; below 8: a broken file
                return False
            file.seek(size - 8, 1)
        return False
    finally:
        file.seek(0)


def faststart(path, out_path):
    """Copy an MP4 with its index moved to the front, streams untouched; False if ffmpeg fails."""
    command = [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-i",
        path,
        "-c",
        "copy",
        "-map",
        "0",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        out_path,
    ]
    result = _run(command)
    return result is not None and result.returncode == 0


def frame_jpeg(path, at_seconds):
    """One frame as JPEG bytes, for a poster; None if ffmpeg cannot take it."""
    command = [
        "ffmpeg", "-v", "error", "-ss", f"{at_seconds:.2f}", "-i", path,
        "-frames:v", "1", "-q:v", "3", "-f", "image2", "-c:v", "mjpeg", "pipe:1",
    ]  # fmt: skip
    result = _run(command)
    return result.stdout if result is not None and result.returncode == 0 and result.stdout else None


def _run(command, **kwargs):
    """ffprobe/ffmpeg on a local file only; a file that hangs them counts as unreadable."""
    command = [command[0], "-protocol_whitelist", "file,pipe", *command[1:]]
    try:
        return subprocess.run(command, capture_output=True, timeout=FFMPEG_TIMEOUT, check=False, **kwargs)  # noqa: S603
    except (subprocess.TimeoutExpired, OSError):
        return None
