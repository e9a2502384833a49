"""The 安全 menu: the lockouts in force (lifted by deleting them), the two-factor devices (reset by
deleting them), the login records and failures django-axes keeps, and Wagtail's audit log. Records
are written by the site, never edited or deleted by a person."""

from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from django_otp.plugins.otp_totp.models import TOTPDevice

from home.security import two_factor
from home.security.models import Lockout, LoginFailure, LoginRecord, ModelAuditEntry, PageAuditEntry

WHO = ["username", "ip_address"]  # the first links to the record


class RecordPolicy(ModelPermissionPolicy):
    """The recorded model's own permissions (what the group editor lists), for `actions` only:
    nobody, superusers included, adds or changes a record, nor deletes one from the logs."""

    def __init__(self, model, auth_model=None, actions=("view",)):
        super().__init__(model, auth_model=auth_model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [action for action in actions if action in self.actions])


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


class ResetTwoFactorView(generic.DeleteView):
    page_title = "重置两步验证"
    success_message = "已重置：%(object)s 下次登录时重新设置身份验证器。"

    @property
    def confirmation_message(self):
        return f"重置 {self.object.user} 的两步验证？身份验证器和备用验证码都作废，下次登录时重新设置。"

    def delete_action(self):
        super().delete_action()  # the authenticator, with its entry in the audit log
        two_factor.reset(self.object.user)  # and the recovery codes


class TwoFactorViewSet(RecordViewSet):
    model = TOTPDevice
    icon = "key"
    menu_label = "两步验证"
    name = "two-factor"
    ordering = ["user__username"]
    search_fields = ["user__username", "user__first_name"]
    list_display = [
        "user",
        BooleanColumn("confirmed", label="已启用"),
        DateColumn("created_at", label="设置时间"),
        DateColumn("last_used_at", label="最近使用"),
    ]
    inspect_view_fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    delete_view_class = ResetTwoFactorView


class AuditViewSet(RecordViewSet):
    icon = "history"
    ordering = ["-timestamp"]
    search_fields = ["label", "action"]
    list_display = [
        DateColumn("timestamp", label="时间"),
        Column("user_display_name", label="操作人"),
        Column("message", label="操作"),
        Column("label", label="对象"),
    ]
    inspect_view_enabled = False  # the row says it all: when, who, what, on which


class PageAuditViewSet(AuditViewSet):
    model = PageAuditEntry
    menu_label = "页面操作日志"
    name = "page-audit"


class ModelAuditViewSet(AuditViewSet):
    model = ModelAuditEntry
    menu_label = "其他操作日志"
    name = "model-audit"


class SecurityGroup(ModelViewSetGroup):
    menu_label = "安全"
    menu_icon = "lock"
    menu_name = "security"
    menu_order = 9500
    items = (
        LockoutViewSet,
        TwoFactorViewSet,
        LoginRecordViewSet,
        LoginFailureViewSet,
        PageAuditViewSet,
        ModelAuditViewSet,
    )
