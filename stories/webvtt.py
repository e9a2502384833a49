"""Checks a WebVTT subtitle file strictly enough that a browser shows every cue.

Browsers skip a cue they cannot parse without a word, so a typo in one timing line silently
loses subtitles; the editor is told the line instead. (webvtt-py drops such cues too.)
"""

import re
from dataclasses import dataclass

TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING = re.compile(rf"^{TIMESTAMP}[ \t]+-->[ \t]+{TIMESTAMP}(?:[ \t]+.*)?$")
HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")


class InvalidWebVTT(ValueError):
    """What is wrong and on which line (counted from 1, as an editor's text editor shows it)."""

    def __init__(self, line, message):
        self.line = line
        super().__init__(f"第 {line} 行：{message}" if line else message)


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def parse(text):
    """The cues of a WebVTT file, or InvalidWebVTT naming the first wrong line."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not HEADER.match(lines[0]):
        raise InvalidWebVTT(1, "WebVTT 文件必须以“WEBVTT”开头。")
    cues = []
    for first, block in _blocks(lines):
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            continue
        timing_at = 1 if len(block) > 1 and "-->" in block[1] else 0  # an optional cue identifier
        timing = TIMING.match(block[timing_at])
        line = first + timing_at
        if timing is None:
            raise InvalidWebVTT(
                line, f"时间轴格式不对：“{block[timing_at][:40]}”，应如 00:00:01.000 --> 00:00:04.000。"
            )
        start, end = _seconds(timing.groups()[:4]), _seconds(timing.groups()[4:])
        if end <= start:
            raise InvalidWebVTT(line, "结束时间必须晚于开始时间。")
        if cues and start < cues[-1].start:
            raise InvalidWebVTT(line, "字幕要按开始时间先后排列。")
        payload = block[timing_at + 1 :]
        if not payload:
            raise InvalidWebVTT(line, "这条字幕没有文字。")
        cues.append(Cue(start, end, "\n".join(payload)))
    if not cues:
        raise InvalidWebVTT(None, "文件里没有任何字幕。")
    return cues


def _blocks(lines):
    """(line number of the block's first line, its lines) for each block after the header.

    The header runs to the first blank line (it may carry lines such as "Kind: captions").
    """
    header_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    block, first = [], None
    for number, line in enumerate(lines[header_end:], start=header_end + 1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _seconds(parts):
    hours, minutes, seconds, millis = parts
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000
