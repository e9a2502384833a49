"""The site served the production way, as `make run` and a deployment do.

gunicorn with several workers and the production settings, static files through WhiteNoise,
uploads with HTTP Range, and a login that holds whichever worker answers. On the PostgreSQL
pass the server uses its own PostgreSQL database and Redis for cache and sessions.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

import environ
import psycopg
import pytest

ADMIN_PASSWORD = "server-test-pass-42"
SERVER_DB = "tongdu_server_test"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_database(tmp_path):
    """A database of the server's own: SQLite in tmp_path, or a fresh PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'server.sqlite3'}", lambda: None
    db = environ.Env.db_url_config(url)
    admin = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}

    def recreate(drop_only=False):
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {SERVER_DB} WITH (FORCE)")
            if not drop_only:
                conn.execute(f"CREATE DATABASE {SERVER_DB}")

    recreate()
    return url.rsplit("/", 1)[0] + f"/{SERVER_DB}", lambda: recreate(drop_only=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("server")
    database_url, drop_database = server_database(tmp_path)
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_project.settings.production",
        HTTPS_ONLY="false",
        SECRET_KEY="server-test-secret-" + "k" * 40,
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        DEMO_ADMIN_PASSWORD=ADMIN_PASSWORD,
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
    )

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR, check=True)

    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("load_demo")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "site_project.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, process)
        yield base_url, Path(env["MEDIA_ROOT"])
    finally:
        process.terminate()
        process.wait(timeout=20)
        drop_database()


def wait_until_serving(base_url, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            urllib.request.urlopen(base_url + "/robots.txt", timeout=5)
            return
        except OSError:  # refused while booting, or a timeout while workers start
            time.sleep(0.5)
    pytest.fail(f"gunicorn did not answer within {seconds} s")


def get(url, **headers):
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as error:
        return error


def test_home_and_admin_login_answer_in_chinese(server):
    base_url, _ = server
    home = get(base_url + "/")
    assert home.status == 200
    assert "铜都先锋" in home.read().decode()
    login = get(base_url + "/admin/login/")
    assert login.status == 200
    assert "登录" in login.read().decode()


def test_debug_is_off(server):
    base_url, _ = server
    missing = get(base_url + "/no-such-page/")
    assert missing.status == 404
    assert "页面没有找到" in missing.read().decode()


def test_static_files_are_hashed_compressed_and_cached_forever(server):
    base_url, _ = server
    html = get(base_url + "/").read().decode()
    css_url = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = get(base_url + css_url, **{"Accept-Encoding": "br, gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"]


def test_uploads_answer_byte_ranges(server):
    base_url, media_root = server
    content = os.urandom(5000)
    (media_root / "clip.mp4").write_bytes(content)
    response = get(base_url + "/media/clip.mp4", Range="bytes=0-99")
    assert response.status == 206
    assert response.headers["Content-Range"] == "bytes 0-99/5000"
    assert response.read() == content[:100]
    assert get(base_url + "/media/clip.mp4", Range="bytes=9000-").status == 416


def test_a_login_holds_across_workers(server):
    base_url, _ = server
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base_url + "/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "admin", "password": ADMIN_PASSWORD, "next": "/admin/"}
    ).encode()
    dashboard = opener.open(urllib.request.Request(base_url + "/admin/login/", data=data))
    assert dashboard.url == base_url + "/admin/"
    for _ in range(9):  # three workers: each answers some of these
        response = opener.open(base_url + "/admin/")
        assert response.url == base_url + "/admin/"
        assert "控制面板" in response.read().decode()
