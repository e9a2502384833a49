"""Redis or the database going away: readers get pages, or a Chinese 503 that says to wait, never a
500; logins and their limits hold; the site recovers by itself."""

from unittest import mock

from django.contrib.sessions.models import Session
from django.db import OperationalError, connection

import pytest

from tests.conftest import SECTION_PATHS
from tests.site_project.conftest import free_port

PASSWORD = "Zheng-que-de-mi-ma-2026"


@pytest.fixture
def redis_away(settings):
    """Production's cache and sessions, with Redis at a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "site_project.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.AXES_ENABLED = True


def test_pages_render_while_redis_is_away_and_the_outage_is_logged(client, home_page, redis_away, caplog):
    for path in ["/", *SECTION_PATHS, "/search/?q=先锋", "/robots.txt", "/sitemap.xml"]:
        assert client.get(path).status_code == 200, path
    assert "Redis is unreachable" in caplog.text
    assert caplog.text.count("Redis is unreachable") == 1  # once an outage, not once a call


def test_an_editor_logs_in_and_stays_in_while_redis_is_away(client, home_page, redis_away, django_user_model):
    django_user_model.objects.create_superuser("zhanzhang", "zz@example.com", PASSWORD)

    response = client.post("/admin/login/", {"username": "zhanzhang", "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert Session.objects.count() == 1  # the login is kept in the database


def test_lockouts_and_the_reset_limit_hold_while_redis_is_away(
    client, home_page, redis_away, django_user_model, settings
):
    django_user_model.objects.create_user("bianji", "bianji@example.com", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "bianji", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "bianji", "password": PASSWORD}).status_code == 429

    for _ in range(5):
        client.post("/admin/password_reset/", {"email": "bianji@example.com"})
    refused = client.post("/admin/password_reset/", {"email": "bianji@example.com"})
    assert "重设密码的请求太频繁，请一小时后再试。" in refused.content.decode()


def refused(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.mark.parametrize("path", ["/", "/xianfeng/", "/sitemap.xml", "/admin/login/"])
def test_a_database_refusing_connections_is_a_chinese_503_and_the_site_recovers(client, home_page, path):
    client.raise_request_exception = False

    with mock.patch.object(connection, "create_cursor", side_effect=refused):
        response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "网站正在恢复" in html and "请稍等片刻后刷新重试" in html
    assert "5432" not in html and "Connection refused" not in html
    assert client.get(path).status_code == 200  # the database is back: no restart


def test_other_server_errors_stay_500(client, home_page):
    client.raise_request_exception = False
    with mock.patch("home.models.HomePage.get_context", side_effect=ValueError("a bug")):
        response = client.get("/")
    assert response.status_code == 500 and "服务暂时出错" in response.content.decode()
    assert "Retry-After" not in response
