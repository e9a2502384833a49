"""deploy/nginx-locations.conf in front of gunicorn, as the README's production set-up has it."""

import getpass
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

import pytest

from tests.site_project.conftest import free_port, get, wait_until_serving

pytestmark = pytest.mark.slow  # nginx in front of the production server

LOCATIONS = Path(settings.BASE_DIR) / "deploy" / "nginx-locations.conf"


@pytest.fixture(scope="module")
def nginx(server, tmp_path_factory):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert os.path.exists(binary), "nginx is missing: `make system-deps` installs it"
    prefix = tmp_path_factory.mktemp("nginx")
    locations = (
        LOCATIONS.read_text()
        .replace("/srv/tongdu/staticfiles/", f"{server.static_root}/")
        .replace("/srv/tongdu/media/", f"{server.media_root}/")
    )
    (prefix / "locations.conf").write_text(locations)
    port = free_port()
    (prefix / "nginx.conf").write_text(
        f"""
        user {getpass.getuser()};
        worker_processes 1;
        pid {prefix}/nginx.pid;
        error_log {prefix}/error.log;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            client_body_temp_path {prefix}/body;
            proxy_temp_path {prefix}/proxy;
            fastcgi_temp_path {prefix}/fastcgi;
            uwsgi_temp_path {prefix}/uwsgi;
            scgi_temp_path {prefix}/scgi;
            upstream tongdu {{ server 127.0.0.1:{server.port}; }}
            server {{
                listen 127.0.0.1:{port};
                include {prefix}/locations.conf;
            }}
        }}
        """
    )
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_pages_pass_through_to_the_app(nginx):
    response = get(nginx + "/")
    assert response.status == 200
    assert "铜都先锋" in response.read().decode()


def test_static_files_are_served_compressed_and_cached_for_a_year(nginx):
    html = get(nginx + "/").read().decode()
    css_url = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = get(nginx + css_url, **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert_file_headers(response)


def assert_file_headers(response):
    """What nginx adds to a file it serves itself: no script runs in it, no site frames it."""
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert csp.startswith("default-src 'none';") and "frame-ancestors 'none'" in csp
    assert "script-src" not in csp


def test_media_answers_byte_ranges(nginx, server):
    content = os.urandom(4096)
    (server.media_root / "nginx-clip.mp4").write_bytes(content)
    response = get(nginx + "/media/nginx-clip.mp4", Range="bytes=100-199")
    assert response.status == 206
    assert response.headers["Content-Range"] == "bytes 100-199/4096"
    assert response.read() == content[100:200]
    assert response.headers["Content-Type"] == "video/mp4"
    assert_file_headers(response)
    assert get(nginx + "/media/nginx-clip.mp4", Range="bytes=5000-").status == 416


def test_documents_are_not_served_directly(nginx, server):
    (server.media_root / "documents").mkdir(exist_ok=True)
    (server.media_root / "documents" / "private.pdf").write_bytes(b"%PDF-1.4")
    assert get(nginx + "/media/documents/private.pdf").status == 404


def test_subtitles_are_served_as_webvtt(nginx, server):
    (server.media_root / "media_subtitles").mkdir(exist_ok=True)
    (server.media_root / "media_subtitles" / "clip.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:01.000\n字幕\n"
    )
    response = get(nginx + "/media/media_subtitles/clip.vtt")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/vtt")
    assert_file_headers(response)
