"""deploy/nginx-site.conf (with deploy/nginx-locations.conf) in front of gunicorn, as the README's
production set-up has it: only its paths, ports and certificate are changed."""

import getpass
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

import pytest

from tests.site_project.conftest import free_port

pytestmark = pytest.mark.slow  # nginx in front of the production server

DEPLOY = Path(settings.BASE_DIR) / "deploy"


class Nginx(NamedTuple):
    url: str  # https
    http_port: int
    https_port: int
    certificate: Path  # self-signed

    @property
    def tls(self):
        return ssl.create_default_context(cafile=self.certificate)


def self_signed_certificate(folder):
    key, cert = folder / "privkey.pem", folder / "fullchain.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


def site_config(prefix, server, http_port, https_port, key, cert):
    locations = prefix / "locations.conf"
    locations.write_text(
        (DEPLOY / "nginx-locations.conf")
        .read_text()
        .replace("/srv/tongdu/staticfiles/", f"{server.static_root}/")
        .replace("/srv/tongdu/media/", f"{server.media_root}/")
    )
    site = (DEPLOY / "nginx-site.conf").read_text()
    for production, here in {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{server.port};",
        "listen [::]:80;": "",
        "listen [::]:443 ssl http2;": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/ssl/tongdu/fullchain.pem": str(cert),
        "/etc/ssl/tongdu/privkey.pem": str(key),
        "/srv/tongdu/app/deploy/nginx-locations.conf": str(locations),
        # The admin for this machine only (127.0.0.2, also loopback, stands for elsewhere).
        "geo $tongdu_admin_refused {\n    default 0;": "geo $tongdu_admin_refused {\n    default 1;\n    127.0.0.1 0;",
    }.items():
        assert production in site, f"nginx-site.conf no longer has {production!r}"
        site = site.replace(production, here)
    return site


@pytest.fixture(scope="module")
def nginx(server, tmp_path_factory):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert os.path.exists(binary), "nginx is missing: `make system-deps` installs it"
    prefix = tmp_path_factory.mktemp("nginx")
    key, cert = self_signed_certificate(prefix)
    http_port, https_port = free_port(), free_port()
    (prefix / "site.conf").write_text(site_config(prefix, server, http_port, https_port, key, cert))
    # Debian's nginx.conf, trimmed to what the site relies on: the brotli module and gzip on.
    (prefix / "nginx.conf").write_text(
        f"""
        user {getpass.getuser()};
        worker_processes 1;
        pid {prefix}/nginx.pid;
        error_log {prefix}/error.log;
        load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            gzip on;
            client_body_temp_path {prefix}/body;
            proxy_temp_path {prefix}/proxy;
            fastcgi_temp_path {prefix}/fastcgi;
            uwsgi_temp_path {prefix}/uwsgi;
            scgi_temp_path {prefix}/scgi;
            include {prefix}/site.conf;
        }}
        """
    )
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]
    )
    url = f"https://127.0.0.1:{https_port}"
    try:
        served = Nginx(url, http_port, https_port, cert)
        wait_until_listening(served, process)
        yield served
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_listening(nginx, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "nginx exited: see its error.log"
        try:
            with socket.create_connection(("127.0.0.1", nginx.https_port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nginx did not listen within {seconds} s")


def get(nginx, path, **headers):
    """GET over HTTPS; an HTTP error status is returned like any other response."""
    request = urllib.request.Request(nginx.url + path, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=10, context=nginx.tls)
    except urllib.error.HTTPError as error:
        return error


def test_pages_pass_through_to_the_app(nginx):
    response = get(nginx, "/")
    assert response.status == 200
    assert "铜都先锋" in response.read().decode()


def test_static_files_are_served_compressed_and_cached_for_a_year(nginx):
    html = get(nginx, "/").read().decode()
    css_url = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = get(nginx, css_url, **{"Accept-Encoding": "gzip"})
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
    response = get(nginx, "/media/nginx-clip.mp4", Range="bytes=100-199")
    assert response.status == 206
    assert response.headers["Content-Range"] == "bytes 100-199/4096"
    assert response.read() == content[100:200]
    assert response.headers["Content-Type"] == "video/mp4"
    assert_file_headers(response)
    assert get(nginx, "/media/nginx-clip.mp4", Range="bytes=5000-").status == 416


def test_documents_are_not_served_directly(nginx, server):
    (server.media_root / "documents").mkdir(exist_ok=True)
    (server.media_root / "documents" / "private.pdf").write_bytes(b"%PDF-1.4")
    assert get(nginx, "/media/documents/private.pdf").status == 404


def test_subtitles_are_served_as_webvtt(nginx, server):
    (server.media_root / "media_subtitles").mkdir(exist_ok=True)
    (server.media_root / "media_subtitles" / "clip.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:01.000\n字幕\n"
    )
    response = get(nginx, "/media/media_subtitles/clip.vtt")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/vtt")
    assert_file_headers(response)


def test_plain_http_is_sent_to_https(nginx):
    connection = http.client.HTTPConnection("127.0.0.1", nginx.http_port, timeout=10)
    connection.request("GET", "/xianfeng/?year=2026")
    response = connection.getresponse()
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/xianfeng/?year=2026"


def test_https_offers_http2(nginx):
    context = ssl.create_default_context(cafile=nginx.certificate)
    context.set_alpn_protocols(["h2", "http/1.1"])
    raw = socket.create_connection(("127.0.0.1", nginx.https_port), timeout=10)
    with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls_socket:
        assert tls_socket.selected_alpn_protocol() == "h2"
        assert tls_socket.version() in {"TLSv1.2", "TLSv1.3"}


def test_static_files_are_served_with_brotli(nginx):
    html = get(nginx, "/").read().decode()
    css_url = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = get(nginx, css_url, **{"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] == "br"


def test_what_the_app_leaves_uncompressed_nginx_does_not_compress(nginx):
    # The login form holds a CSRF token: compressed, its length would leak it (BREACH).
    response = get(nginx, "/admin/login/", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert 'name="csrfmiddlewaretoken"' in response.read().decode()
    assert "Content-Encoding" not in response.headers


def test_logins_are_limited_to_a_burst_from_one_address(nginx):
    def post_login():
        return post(nginx, "/admin/login/", b"username=x&password=y")

    for _ in range(3):
        assert get(nginx, "/admin/login/").status == 200  # only POSTs count
    answers = [post_login().status for _ in range(8)]
    assert 429 not in answers[:6] and answers[6:] == [429, 429]  # one, and a burst of five
    refused = post_login()
    assert refused.headers["Retry-After"] == "60"
    assert "登录尝试过于频繁" in refused.read().decode()
    assert get(nginx, "/").status == 200  # readers are not held up


def test_an_upload_beyond_600_mb_is_refused_before_it_is_sent(nginx):
    connection = http.client.HTTPSConnection("127.0.0.1", nginx.https_port, timeout=10, context=nginx.tls)
    connection.putrequest("POST", "/admin/media/add/video/")
    connection.putheader("Content-Length", str(601 * 1024 * 1024))
    connection.putheader("Content-Type", "application/octet-stream")
    connection.endheaders()  # no body: nginx answers from the length alone
    assert connection.getresponse().status == 413


def post(nginx, path, body):
    request = urllib.request.Request(
        nginx.url + path, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    try:
        return urllib.request.urlopen(request, timeout=10, context=nginx.tls)
    except urllib.error.HTTPError as error:
        return error


def test_the_admin_answers_only_its_networks(nginx):
    def status_from(address, path):
        connection = http.client.HTTPSConnection(
            "127.0.0.1", nginx.https_port, timeout=10, context=nginx.tls, source_address=(address, 0)
        )
        connection.request("GET", path)
        return connection.getresponse().status

    assert status_from("127.0.0.2", "/admin/") == 403
    assert status_from("127.0.0.2", "/admin/login/") == 403
    assert status_from("127.0.0.2", "/xianfeng/") == 200
    assert status_from("127.0.0.1", "/admin/login/") == 200
