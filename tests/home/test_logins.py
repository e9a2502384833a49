"""Login protection: lockout per account and per address, in Chinese, and the records of every login."""

from django.contrib.auth.models import Group

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from home.roles import EDITORS

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def protected(settings):
    settings.AXES_ENABLED = True


PASSWORD = "Zheng-que-de-mi-ma-2026"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bianji", "bianji@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_and_say_when_to_try_again(client, db, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "bianji", "wrong").status_code == 200  # the form again, with its error

    locked = log_in(client, "bianji", "wrong")
    right_after = log_in(client, "bianji", PASSWORD)

    for response in (locked, right_after):
        assert response.status_code == 429
        assert int(response["Retry-After"]) == 30 * 60
        assert "登录已暂停" in response.content.decode() and "以后再试" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="bianji").failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_the_account_stays_locked_from_another_address(client, db, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "bianji", "wrong", address="203.0.113.7")
    assert log_in(client, "bianji", PASSWORD, address="198.51.100.20").status_code == 429


def test_an_address_trying_many_accounts_is_locked(client, db, editor, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess{number}", "wrong", address="203.0.113.66")
    assert log_in(client, "bianji", PASSWORD, address="203.0.113.66").status_code == 429
    assert log_in(client, "bianji", PASSWORD, address="198.51.100.20").status_code == 302


def test_logins_failures_and_logouts_are_recorded_with_time_account_and_address(client, db, editor):
    log_in(client, "bianji", "wrong")
    assert log_in(client, "bianji", PASSWORD).status_code == 302
    client.post("/admin/logout/", REMOTE_ADDR="203.0.113.7")

    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address, failure.locked_out) == ("bianji", "203.0.113.7", False)
    login = AccessLog.objects.get()
    assert (login.username, login.ip_address) == ("bianji", "203.0.113.7")
    assert login.attempt_time and login.logout_time


def test_the_client_behind_nginx_is_the_address_nginx_saw(client, db, editor):
    client.post(
        LOGIN,
        {"username": "bianji", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.8.7, 203.0.113.9",
    )
    # Forged from outside: a direct client cannot choose its address.
    client.post(
        LOGIN,
        {"username": "bianji", "password": "wrong"},
        REMOTE_ADDR="198.51.100.5",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )

    assert list(AccessFailureLog.objects.order_by("pk").values_list("ip_address", flat=True)) == [
        "203.0.113.9",
        "198.51.100.5",
    ]


def test_password_resets_are_limited_per_address_and_say_nothing_of_accounts(client, db, editor, mailoutbox):
    for email in (
        "bianji@example.com",
        "nobody@example.com",
        "bianji@example.com",
        "x@example.com",
        "y@example.com",
    ):
        response = client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302 and response["Location"] == "/admin/password_reset/done/"
    assert len(mailoutbox) == 2

    refused = client.post(
        "/admin/password_reset/", {"email": "bianji@example.com"}, REMOTE_ADDR="203.0.113.7"
    )

    assert refused.status_code == 200 and "重设密码的请求太频繁，请一小时后再试。" in refused.content.decode()
    assert len(mailoutbox) == 2
    assert (
        client.post(
            "/admin/password_reset/", {"email": "z@example.com"}, REMOTE_ADDR="198.51.100.1"
        ).status_code
        == 302
    )
