"""三员: 系统管理员, 安全管理员 and 审计管理员 each do their part and none can take another's."""

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest
from axes.models import AccessAttempt, AccessLog
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.roles import AUDIT_ADMINS, EDITORS, SECURITY_ADMINS, SYSTEM_ADMINS
from home.security.two_factor import new_recovery_codes
from tests.home.test_newsroom import granted


def refused(response):
    """Wagtail answers a refused admin page with its dashboard and "您没有权限" (or a plain 403)."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


LOGIN_RECORD = {
    "ip_address": "203.0.113.7",
    "user_agent": "Mozilla/5.0",
    "path_info": "/admin/login/",
    "http_accept": "",
}


@pytest.fixture
def people(db, django_user_model):
    def member(username, role):
        user = django_user_model.objects.create_user(username, f"{username}@daye.gov.cn", "x")
        user.groups.add(Group.objects.get(name=role))
        return user

    return {
        "system": member("xitong", SYSTEM_ADMINS),
        "security": member("anquan", SECURITY_ADMINS),
        "audit": member("shenji", AUDIT_ADMINS),
        "editor": member("bianji", EDITORS),
        "root": django_user_model.objects.create_superuser("root", "root@daye.gov.cn", "x"),
    }


def test_security_and_audit_admins_have_exactly_their_permissions(people):
    assert granted(Group.objects.get(name=SECURITY_ADMINS))["model"] == {
        "wagtailadmin.access_admin",
        "axes.view_accessattempt",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
        "axes.delete_accessattempt",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
    }
    assert granted(Group.objects.get(name=AUDIT_ADMINS))["model"] == {
        "wagtailadmin.access_admin",
        "axes.view_accessattempt",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
        "wagtailcore.view_pagelogentry",
        "wagtailcore.view_modellogentry",
    }


def user_form(user, **changes):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": "编",
        "last_name": "辑",
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        **changes,
    }


def test_a_system_admin_can_make_no_superuser_nor_give_the_three_roles(client, people):
    client.force_login(people["system"])
    editor = people["editor"]
    url = reverse("wagtailusers_users:edit", args=(editor.pk,))
    form = client.get(url).content.decode()
    assert 'name="is_superuser"' not in form and SECURITY_ADMINS not in form

    client.post(url, user_form(editor, is_superuser="on"))
    client.post(url, user_form(editor, groups=[Group.objects.get(name=AUDIT_ADMINS).pk]))

    editor.refresh_from_db()
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]


@pytest.mark.parametrize("whom", ["root", "security", "audit"])
def test_a_system_admin_touches_no_superuser_or_three_roles_member(client, people, whom):
    client.force_login(people["system"])
    target = people[whom]
    assert refused(client.get(reverse("wagtailusers_users:edit", args=(target.pk,))))
    assert refused(client.post(reverse("wagtailusers_users:delete", args=(target.pk,))))
    assert type(target).objects.filter(pk=target.pk).exists()


def test_a_system_admin_neither_edits_the_three_roles_nor_grants_the_logs(client, people):
    client.force_login(people["system"])
    for role in (SYSTEM_ADMINS, SECURITY_ADMINS, AUDIT_ADMINS):
        group = Group.objects.get(name=role)
        assert refused(client.get(reverse("wagtailusers_groups:edit", args=(group.pk,))))
    form = client.get(reverse("wagtailusers_groups:add")).content.decode()
    assert "登录记录" not in form and "页面操作日志" not in form


def test_a_system_admin_cannot_assign_a_three_roles_group_in_bulk(client, people):
    client.force_login(people["system"])
    audit = Group.objects.get(name=AUDIT_ADMINS)
    url = reverse("wagtail_bulk_action", args=("auth", "user", "assign_role")) + f"?id={people['editor'].pk}"
    assert refused(client.post(url, {"role": audit.pk}))
    assert not people["editor"].groups.filter(pk=audit.pk).exists()


def test_the_security_admin_lifts_a_lockout_and_resets_two_factor(client, people):
    lockout = AccessAttempt.objects.create(
        username="bianji", failures_since_start=5, get_data="", post_data="", **LOGIN_RECORD
    )
    device = TOTPDevice.objects.create(user=people["editor"], name="身份验证器", confirmed=True)
    new_recovery_codes(people["editor"])
    client.force_login(people["security"])

    assert refused(client.get("/admin/users/"))
    assert client.post(reverse("lockouts:delete", args=(lockout.pk,))).status_code == 302
    assert client.post(reverse("two-factor:delete", args=(device.pk,))).status_code == 302

    assert not AccessAttempt.objects.exists()
    assert not TOTPDevice.objects.filter(user=people["editor"]).exists()
    assert not StaticDevice.objects.filter(user=people["editor"]).exists()


@pytest.mark.parametrize("who", ["audit", "root"])
def test_the_logs_are_read_by_the_audit_admin_and_deleted_by_nobody(client, people, who):
    record = AccessLog.objects.create(username="bianji", **LOGIN_RECORD)
    client.force_login(people[who])

    assert "bianji" in client.get(reverse("login-records:index")).content.decode()
    assert client.get(reverse("page-audit:index")).status_code == 200
    client.post(reverse("login-records:delete", args=(record.pk,)))

    assert AccessLog.objects.filter(pk=record.pk).exists()


def test_the_audit_admin_lifts_no_lockout(client, people):
    lockout = AccessAttempt.objects.create(
        username="bianji", failures_since_start=5, get_data="", post_data="", **LOGIN_RECORD
    )
    client.force_login(people["audit"])
    client.post(reverse("lockouts:delete", args=(lockout.pk,)))
    assert AccessAttempt.objects.exists()
