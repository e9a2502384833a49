"""The site served the production way, as `make run` and a deployment do: gunicorn with
several workers, static files through WhiteNoise, uploads with HTTP Range, and a login that
holds whichever worker answers."""

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

import pytest

from tests.site_project.conftest import ADMIN_PASSWORD, get

pytestmark = pytest.mark.slow  # the production server, migrated and loaded with the demo


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
    assert re.search(r'href="/static/lectures/css/lectures\.[0-9a-f]{12}\.css"', html)  # the next lectures


def test_uploads_answer_byte_ranges(server):
    base_url, media_root = server.url, server.media_root
    content = os.urandom(5000)
    (media_root / "clip.mp4").write_bytes(content)
    response = get(base_url + "/media/clip.mp4", Range="bytes=0-99")
    assert response.status == 206
    assert response.headers["Content-Range"] == "bytes 0-99/5000"
    assert response.read() == content[:100]
    assert get(base_url + "/media/clip.mp4", Range="bytes=9000-").status == 416


def signed_in(base_url, username, password):
    """An opener holding the session of `username`, and the page the login led to."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base_url + "/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"}
    ).encode()
    return opener, opener.open(urllib.request.Request(base_url + "/admin/login/", data=data))


def test_a_login_holds_across_workers(server):
    base_url = server.url
    opener, dashboard = signed_in(base_url, "admin", ADMIN_PASSWORD)
    assert dashboard.url == base_url + "/admin/"
    for _ in range(9):  # three workers: each answers some of these
        response = opener.open(base_url + "/admin/")
        assert response.url == base_url + "/admin/"
        assert "控制面板" in response.read().decode()


def test_an_admin_account_reaches_no_admin_page_without_its_second_factor(server):
    """Production settings require two-factor of every admin account (the demo's are spared by
    DEMO_SKIP_TWO_FACTOR, as in `make run`)."""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c",
         "from django.contrib.auth import get_user_model; "
         "get_user_model().objects.create_superuser('zhengshi', 'zhengshi@daye.gov.cn', 'Zheng-shi-zhang-hao-2026')"],
        env=server.env, cwd=settings.BASE_DIR, check=True,
    )  # fmt: skip
    opener, landed = signed_in(server.url, "zhengshi", "Zheng-shi-zhang-hao-2026")
    assert landed.url.startswith(server.url + "/admin/2fa/setup/")
    assert "设置两步验证" in landed.read().decode()
    for path in ("/admin/", "/admin/pages/", "/admin/users/", "/admin/lockouts/"):
        assert opener.open(server.url + path).url.startswith(server.url + "/admin/2fa/setup/"), path
