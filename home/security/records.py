"""The 安全 menu: the lockouts in force (lifted by deleting them), the login records and the failures,
as django-axes keeps them. Records are written by the site, never edited by a person."""

from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from home.security.models import Lockout, LoginFailure, LoginRecord

WHO = ["username", "ip_address"]  # the first links to the record


class RecordPolicy(ModelPermissionPolicy):
    """axes' own permissions on its record (what the group editor lists), without adding or
    changing, which nobody has, superusers included."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change"} and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(
            user, [action for action in actions if action not in {"add", "change"}]
        )


class RecordViewSet(ModelViewSet):
    """Lists a kind of record, newest first, and shows one; nothing more."""

    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    ordering = ["-attempt_time"]
    list_per_page = 50
    search_fields = ["username", "ip_address"]
    inspect_view_fields = ["username", "ip_address", "attempt_time", "user_agent", "path_info"]
    form_fields = []  # no one adds or edits a record (RecordPolicy); Wagtail asks for a form all the same


class LiftLockoutView(generic.DeleteView):
    page_title = "解除登录锁定"
    success_message = "已解除 %(object)s 的登录锁定。"

    @property
    def confirmation_message(self):
        return f"解除 {self.object} 的锁定？这个账号和地址随即可以再登录。"


class LockoutViewSet(RecordViewSet):
    model = Lockout
    icon = "lock"
    menu_label = "登录锁定"
    name = "lockouts"
    list_display = [
        *WHO,
        Column("failures_since_start", label="失败次数"),
        DateColumn("attempt_time", label="最后一次"),
    ]
    delete_view_class = LiftLockoutView
    inspect_view_fields = [*RecordViewSet.inspect_view_fields, "failures_since_start"]


class LoginRecordViewSet(RecordViewSet):
    model = LoginRecord
    icon = "user"
    menu_label = "登录记录"
    name = "login-records"
    list_display = [
        *WHO,
        DateColumn("attempt_time", label="登录时间"),
        DateColumn("logout_time", label="退出时间"),
    ]
    inspect_view_fields = [*RecordViewSet.inspect_view_fields, "logout_time"]


class LoginFailureViewSet(RecordViewSet):
    model = LoginFailure
    icon = "warning"
    menu_label = "登录失败记录"
    name = "login-failures"
    list_display = [
        *WHO,
        DateColumn("attempt_time", label="时间"),
        BooleanColumn("locked_out", label="因此锁定"),
    ]
    inspect_view_fields = [*RecordViewSet.inspect_view_fields, "locked_out"]


class SecurityGroup(ModelViewSetGroup):
    menu_label = "安全"
    menu_icon = "lock"
    menu_name = "security"
    menu_order = 9500
    items = (LockoutViewSet, LoginRecordViewSet, LoginFailureViewSet)


def register():
    """The viewsets, after their policies (a viewset would otherwise make Wagtail's plain one)."""
    for model in (Lockout, LoginRecord, LoginFailure):
        register_permission_policy(model, RecordPolicy(model, auth_model=model._meta.concrete_model))
    return SecurityGroup()
