"""The site served the production way, as `make run` and a deployment do: gunicorn with
several workers, static files through WhiteNoise, uploads with HTTP Range, and a login that
holds whichever worker answers."""

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request

from tests.site_project.conftest import ADMIN_PASSWORD, get


def test_home_and_admin_login_answer_in_chinese(server):
    base_url = server.url
    home = get(base_url + "/")
    assert home.status == 200
    assert "铜都先锋" in home.read().decode()
    login = get(base_url + "/admin/login/")
    assert login.status == 200
    assert "登录" in login.read().decode()


def test_debug_is_off(server):
    base_url = server.url
    missing = get(base_url + "/no-such-page/")
    assert missing.status == 404
    assert "页面没有找到" in missing.read().decode()


def test_static_files_are_hashed_compressed_and_cached_forever(server):
    base_url = server.url
    html = get(base_url + "/").read().decode()
    css_url = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = get(base_url + css_url, **{"Accept-Encoding": "br, gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"]


def test_uploads_answer_byte_ranges(server):
    base_url, media_root = server.url, server.media_root
    content = os.urandom(5000)
    (media_root / "clip.mp4").write_bytes(content)
    response = get(base_url + "/media/clip.mp4", Range="bytes=0-99")
    assert response.status == 206
    assert response.headers["Content-Range"] == "bytes 0-99/5000"
    assert response.read() == content[:100]
    assert get(base_url + "/media/clip.mp4", Range="bytes=9000-").status == 416


def test_a_login_holds_across_workers(server):
    base_url = server.url
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
