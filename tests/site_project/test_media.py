"""Uploads are served with HTTP Range, which iOS Safari and WeChat need to play video."""

from pathlib import Path

import pytest

CONTENT = bytes(range(256)) * 40  # 10,240 bytes, every offset distinguishable


@pytest.fixture
def media_file(settings):
    path = Path(settings.MEDIA_ROOT) / "video" / "episode-1.mp4"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(CONTENT)
    yield "/media/video/episode-1.mp4"
    path.unlink()


def body(response):
    return b"".join(response.streaming_content)


def test_whole_file(client, media_file):
    response = client.get(media_file)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=5000-5999", 5000, 5999),
        ("bytes=10000-", 10000, 10239),
        ("bytes=-40", 10200, 10239),
    ],
)
def test_byte_ranges(client, media_file, header, start, end):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(CONTENT)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == CONTENT[start : end + 1]


def test_unsatisfiable_range(client, media_file):
    response = client.get(media_file, HTTP_RANGE="bytes=20000-20099")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(CONTENT)}"


def test_files_uploaded_after_start_are_found(client, media_file, settings):
    late = Path(settings.MEDIA_ROOT) / "late.jpg"
    late.write_bytes(b"\xff\xd8late")
    assert client.get("/media/late.jpg").status_code == 200
    late.unlink()


def test_uploads_that_are_not_media_are_downloads(client, settings):
    page = Path(settings.MEDIA_ROOT) / "evil.html"
    page.write_text("<script>alert(1)</script>")
    response = client.get("/media/evil.html")
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    page.unlink()


def test_documents_are_only_served_through_wagtails_view(client, settings, db):
    document = Path(settings.MEDIA_ROOT) / "documents" / "private.pdf"
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_bytes(b"%PDF-1.4 private")
    assert client.get("/media/documents/private.pdf").status_code == 404
    document.unlink()


def test_no_path_traversal(client, media_file, db):
    assert client.get("/media/../manage.py").status_code == 404
