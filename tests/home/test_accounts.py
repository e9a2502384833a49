"""Accounts an assessor accepts: password rules in Chinese, sessions that end, the admin's networks."""

import time

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

import pytest

from home.roles import EDITORS
from home.security.middleware import LAST_SEEN, SIGNED_IN


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Daye2026", "密码太短，至少要 12 个字符。"),
        ("daye-tongdu-xianfeng", "密码要包含小写字母、大写字母、数字、符号中的至少 3 种。"),
        ("Qwerty123456", "这个密码太常见了。"),
        ("Bianji-2026-xianfeng", "密码里不能包含用户名。"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(db, django_user_model, password, message):
    user = django_user_model(username="bianji", email="bianji@daye.gov.cn")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert message in refused.value.messages


def test_a_strong_password_passes(db, django_user_model):
    validate_password("Tong-du-Xian-feng-105", django_user_model(username="bianji"))


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("bianji", "bianji@daye.gov.cn", "x")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return user


def age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, seconds in seconds_ago.items():
        session[key] = now - seconds
    session.save()


def test_thirty_idle_minutes_end_an_admin_session(client, editor):
    assert client.get("/admin/").status_code == 200
    age_session(client, **{LAST_SEEN: 29 * 60})
    assert client.get("/admin/").status_code == 200
    age_session(client, **{LAST_SEEN: 31 * 60})

    response = client.get("/admin/pages/", follow=True)

    assert response.redirect_chain[0][0].startswith("/admin/login/?next=/admin/pages/")
    assert "长时间未操作或登录已满 12 小时，已自动退出" in response.content.decode()


def test_twelve_hours_end_an_admin_session_however_active(client, editor):
    client.get("/admin/")
    age_session(client, **{SIGNED_IN: 12 * 60 * 60 + 1, LAST_SEEN: 10})
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_admin_answers_only_from_its_networks(client, editor, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8", "192.168.1.0/24"]
    refused = client.get("/admin/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 403 and "只能从单位内部网络访问" in refused.content.decode()
    assert client.get("/admin/", REMOTE_ADDR="10.2.3.4").status_code == 200
    assert client.get("/", REMOTE_ADDR="203.0.113.7").status_code == 200  # the site itself is public
