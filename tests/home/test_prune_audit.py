"""`manage.py prune_audit`: the audit trail is kept AUDIT_KEPT_DAYS (180) and then dropped, kind by kind."""

import datetime
import io

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from wagtail.models import ModelLogEntry, Page, PageLogEntry

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from tests.conftest import wagtail_root

KINDS = ["登录记录", "登录失败记录", "登录锁定", "页面操作日志", "其他操作日志"]
ACCESS = {"ip_address": "203.0.113.7", "user_agent": "x", "path_info": "/admin/login/", "http_accept": ""}


@pytest.fixture
def trail(db):
    """One row of each kind 181 days old, named `old`, and one 179 days old, named `recent`."""
    page, group = wagtail_root(), Group.objects.create(name="审计测试")
    for name, days in (("old", 181), ("recent", 179)):
        when = timezone.now() - datetime.timedelta(days=days)
        AccessLog.objects.filter(pk=AccessLog.objects.create(username=name, **ACCESS).pk).update(
            attempt_time=when
        )
        failure = AccessFailureLog.objects.create(username=name, locked_out=False, **ACCESS)
        AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=when)
        attempt = AccessAttempt.objects.create(
            username=name, get_data="", post_data="", failures_since_start=5, **ACCESS
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
        PageLogEntry.objects.log_action(page, "wagtail.edit", data={"name": name}, timestamp=when)
        ModelLogEntry.objects.log_action(group, "wagtail.edit", data={"name": name}, timestamp=when)


def remaining():
    return {
        "登录记录": set(AccessLog.objects.values_list("username", flat=True)),
        "登录失败记录": set(AccessFailureLog.objects.values_list("username", flat=True)),
        "登录锁定": set(AccessAttempt.objects.values_list("username", flat=True)),
        "页面操作日志": {
            entry.data["name"] for entry in PageLogEntry.objects.filter(page=Page.get_first_root_node())
        },
        "其他操作日志": {entry.data["name"] for entry in ModelLogEntry.objects.filter(data__has_key="name")},
    }


def prune(*args):
    out = io.StringIO()
    call_command("prune_audit", *args, stdout=out)
    return out.getvalue()


def test_each_kind_older_than_180_days_is_removed_and_the_younger_kept(trail):
    said = prune()

    assert remaining() == dict.fromkeys(KINDS, {"recent"})
    assert said.startswith("审计记录保存 180 天，已删除 ")
    for kind in KINDS:
        assert f"  {kind}：1 条" in said.splitlines()


def test_a_dry_run_counts_and_removes_nothing(trail):
    said = prune("--dry-run")

    assert remaining() == dict.fromkeys(KINDS, {"old", "recent"})
    assert "试运行，将删除" in said and all(f"  {kind}：1 条" in said.splitlines() for kind in KINDS)


def test_a_longer_retention_keeps_more(trail, settings):
    settings.AUDIT_KEPT_DAYS = 365
    assert all(f"  {kind}：0 条" in prune().splitlines() for kind in KINDS)
    assert remaining() == dict.fromkeys(KINDS, {"old", "recent"})


def test_fewer_than_180_days_is_refused_and_removes_nothing(trail, settings):
    settings.AUDIT_KEPT_DAYS = 90
    with pytest.raises(
        SystemCheckError, match=r"AUDIT_KEPT_DAYS is 90: the audit trail is kept 180 days at least"
    ):
        call_command("prune_audit", skip_checks=False)  # as `manage.py prune_audit` runs it
    assert remaining() == dict.fromkeys(KINDS, {"old", "recent"})
