"""Two-factor login: with TWO_FACTOR_REQUIRED, an admin account reaches no admin page on its password alone."""

import re

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.roles import EDITORS
from home.security.two_factor import new_recovery_codes
from tests.site_project.test_settings import settings_of

PASSWORD = "Zheng-que-de-mi-ma-2026"
ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/snippets/lectures/session/",
    "/admin/account/",
]


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bianji", "bianji@daye.gov.cn", PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def code_of(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def log_in(client):
    assert client.post("/admin/login/", {"username": "bianji", "password": PASSWORD}).status_code == 302


def test_without_a_second_factor_no_admin_page_is_reached(client, db, required, editor):
    log_in(client)
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_setup")), url


def test_enrolling_shows_a_qr_code_and_a_key_then_recovery_codes(client, db, required, editor):
    log_in(client)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page and "设置两步验证" in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert re.sub(r"\s", "", re.search(r"<code>([A-Z2-7 ]+)</code>", page)[1])

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "验证码不正确或已过期" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp waits a second after a wrong code; the editor retypes later
    done = client.post(reverse("two_factor_setup"), {"code": code_of(device), "next": "/admin/pages/"})

    assert "备用验证码" in done.content.decode()
    assert len(re.findall(r"<li><code>[a-z2-7]{8}</code></li>", done.content.decode())) == 10
    assert client.get("/admin/pages/").status_code == 200


def test_the_next_login_asks_for_a_code_or_one_recovery_code(client, db, required, editor):
    device = TOTPDevice.objects.create(user=editor, name="身份验证器", confirmed=True)
    codes = new_recovery_codes(editor)
    log_in(client)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))

    assert (
        client.post(reverse("two_factor_verify"), {"code": code_of(device), "next": "/admin/"}).status_code
        == 302
    )
    assert client.get("/admin/").status_code == 200

    client.post("/admin/logout/")
    log_in(client)
    client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert client.get("/admin/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()  # each recovery code works once


def test_five_wrong_codes_sign_the_user_out(client, db, required, editor):
    TOTPDevice.objects.create(user=editor, name="身份验证器", confirmed=True)
    log_in(client)
    for _ in range(4):
        assert "还可以再试" in client.post(reverse("two_factor_verify"), {"code": "123456"}).content.decode()
    response = client.post(reverse("two_factor_verify"), {"code": "123456"}, follow=True)
    assert "验证码连续输错，已退出登录" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_make_run_spares_its_demo_accounts_only(client, db, required, settings, django_user_model, editor):
    settings.DEMO_SKIP_TWO_FACTOR = True
    demo = django_user_model.objects.create_user("chushen", "chushen@example.com", PASSWORD)
    demo.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(demo)
    assert client.get("/admin/").status_code == 200
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302

    settings.DEMO_SITE = False  # on a real site, no account is spared
    client.force_login(demo)
    assert client.get("/admin/").status_code == 302


@pytest.mark.slow  # a Django process of its own
def test_production_settings_require_it():
    assert settings_of(["TWO_FACTOR_REQUIRED"]) == ["True"]
