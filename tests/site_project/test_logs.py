"""Production logs: one JSON line a request and one per error with its traceback, under the request's
id, which goes back in X-Request-ID; a failed request mails ADMINS. The logging is the production
settings' LOGGING, read from them as a server reads them."""

import ast
import contextlib
import io
import json
import logging.config
import re
import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import OperationalError
from django.test import Client
from django.urls import path
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.log import configure_logging

import pytest

from home.roles import EDITORS
from site_project import urls as site_urls
from tests.site_project.conftest import get
from tests.site_project.test_settings import settings_of

NGINX_ID = "0123456789abcdef0123456789abcdef"  # nginx's $request_id: 32 hex digits


def boom(request):
    raise RuntimeError("炸了")


def database_away(request, number):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


# This module is the URLconf of the error tests (pytest.mark.urls): the site's, and views that fail.
urlpatterns = [path("boom/", boom), path("away/<int:number>/", database_away), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@pytest.fixture(scope="module")
def production_logging():
    (config,) = settings_of(["LOGGING"])
    return ast.literal_eval(config)


@pytest.fixture
def log_lines(production_logging):
    """The lines logged so far, each parsed from JSON (a line that is not JSON fails the test)."""
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):  # what the handler's ext://sys.stdout then names
        logging.config.dictConfig(production_logging)
    yield lambda: [json.loads(line) for line in stdout.getvalue().split("\n") if line]
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "site_project.requests"]


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bianji", "bianji@daye.gov.cn", "Bian-ji-mi-ma-2026")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_a_request_is_one_line_with_its_time_id_status_duration_user_and_client(client, editor, log_lines):
    client.force_login(editor)
    response = client.get("/admin/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")

    (line,) = request_lines(log_lines())
    assert response.status_code == 200
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00", line["time"])
    assert line["request_id"] == response["X-Request-ID"] and re.fullmatch(
        r"[0-9a-f]{32}", line["request_id"]
    )
    assert (line["level"], line["method"], line["path"], line["status"]) == ("INFO", "GET", "/admin/", 200)
    assert line["user_id"] == editor.pk
    assert line["client"] == "198.51.100.20"  # what the trusted proxy says
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["message"] == "GET /admin/ 200"


def test_a_reader_has_no_user_and_a_query_string_keeps_all_but_secrets(client, home_page, log_lines):
    client.get("/search/?q=%E5%85%88%E9%94%8B&token=abc123&Password=hunter2", REMOTE_ADDR="203.0.113.7")

    (line,) = request_lines(log_lines())
    assert line["user_id"] is None and line["client"] == "203.0.113.7"
    assert line["path"] == "/search/?q=%E5%85%88%E9%94%8B&token=***&Password=***"


def test_a_password_reset_link_is_logged_without_its_token(client, editor, log_lines):
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    response = client.get(f"/admin/password_reset/confirm/{uid}/{token}/")

    (line,) = request_lines(log_lines())
    assert response.status_code == 302  # to the form, the token kept in the session
    assert line["path"] == f"/admin/password_reset/confirm/{uid}/***/"
    assert token not in json.dumps(line)


def test_a_page_from_the_cache_gets_an_id_of_its_own(client, home_page, settings, log_lines):
    settings.PAGE_CACHE_SECONDS = 600
    first, second = client.get("/"), client.get("/")

    assert "Age" in second  # from the cache, which keeps the whole response
    assert first["X-Request-ID"] != second["X-Request-ID"]
    lines = request_lines(log_lines())
    assert [(line["request_id"], line["status"]) for line in lines] == [
        (first["X-Request-ID"], 200),
        (second["X-Request-ID"], 200),
    ]


def test_only_a_trusted_proxys_request_id_is_kept(client, home_page, log_lines):
    from_nginx = client.get("/robots.txt", HTTP_X_REQUEST_ID=NGINX_ID, REMOTE_ADDR="127.0.0.1")
    from_elsewhere = client.get("/robots.txt", HTTP_X_REQUEST_ID=NGINX_ID, REMOTE_ADDR="203.0.113.7")
    not_an_id = client.get("/robots.txt", HTTP_X_REQUEST_ID="<script>" * 40, REMOTE_ADDR="127.0.0.1")

    assert from_nginx["X-Request-ID"] == NGINX_ID
    for response in (from_elsewhere, not_an_id):
        assert (
            re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"]) and response["X-Request-ID"] != NGINX_ID
        )
    ids = [line["request_id"] for line in request_lines(log_lines())]
    assert ids == [r["X-Request-ID"] for r in (from_nginx, from_elsewhere, not_an_id)]


@pytest.mark.urls(__name__)
def test_an_error_is_one_line_with_its_traceback_and_a_mail_to_the_admins(
    db, settings, mailoutbox, log_lines
):
    settings.ADMINS = [("张三", "zhang@example.cn")]
    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    lines = log_lines()
    (error,) = [line for line in lines if line["level"] == "ERROR"]
    assert error["logger"] == "django.request" and error["request_id"] == response["X-Request-ID"]
    assert (
        "Traceback (most recent call last)" in error["traceback"]
        and "RuntimeError: 炸了" in error["traceback"]
    )
    (request_line,) = request_lines(lines)
    assert (request_line["status"], request_line["request_id"]) == (500, response["X-Request-ID"])
    (mail,) = mailoutbox
    assert mail.to == ["zhang@example.cn"]
    assert mail.subject.startswith("[铜都先锋] ERROR") and "/boom/" in mail.subject
    assert "RuntimeError at /boom/" in mail.body and ", in boom" in mail.body  # its traceback


@pytest.mark.urls(__name__)
def test_one_kind_of_error_over_and_over_is_mailed_once_and_logged_each_time(
    db, settings, mailoutbox, log_lines
):
    settings.ADMINS = [("张三", "zhang@example.cn")]
    reader = Client(raise_request_exception=False)
    statuses = [reader.get(f"/away/{number}/").status_code for number in range(5)]
    assert statuses == [503] * 5  # the Chinese page of a database away
    reader.get("/boom/")

    errors = [line for line in log_lines() if line["level"] == "ERROR"]
    assert len(errors) == 6
    assert [mail.subject.split(": ", 1)[1] for mail in mailoutbox] == [
        "Service Unavailable: /away/0/",
        "Internal Server Error: /boom/",
    ]


@pytest.mark.urls(__name__)
def test_without_admins_an_error_mails_nobody(db, mailoutbox, log_lines):
    assert Client(raise_request_exception=False).get("/boom/").status_code == 500
    assert mailoutbox == []
    assert [line["level"] for line in log_lines()] == ["ERROR", "INFO"]


@pytest.mark.slow  # the production server
def test_make_runs_server_logs_each_request_once_as_json_under_nginxs_id(server):
    response = get(server.url + "/xianfeng/?year=2026", **{"X-Request-ID": NGINX_ID})
    assert response.status == 200 and response.headers["X-Request-ID"] == NGINX_ID

    deadline = time.monotonic() + 10
    while NGINX_ID not in server.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    web = [line.split("| ", 1)[1] for line in server.log.read_text().splitlines() if " web.1 " in line]
    (line,) = [json.loads(text) for text in web if NGINX_ID in text]
    assert (line["path"], line["status"], line["client"]) == ("/xianfeng/?year=2026", 200, "127.0.0.1")
    assert not [
        text for text in web if '"GET /xianfeng/?year=2026 HTTP/1.1"' in text
    ]  # gunicorn's access log
