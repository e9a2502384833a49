"""The records the 安全 menu lists, under Chinese names: django-axes' logins and Wagtail's audit log
(proxies: the rows stay in their own tables)."""

from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry

from axes.models import AccessAttempt, AccessFailureLog, AccessLog


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}" if moment else ""


def _where(address):
    return address or "未知地址"


class Lockout(AccessAttempt):
    """The failures counted against an account and address; at the limit, they are locked out."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录锁定"

    def __str__(self):
        return f"{self.username or '（未填账号）'} @ {_where(self.ip_address)}"


class LoginRecord(AccessLog):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录记录"

    def __str__(self):
        return f"{self.username} 于 {_when(self.attempt_time)} 从 {_where(self.ip_address)} 登录"

    def get_logout_time_display(self):
        return _when(self.logout_time) or "未退出（关闭了浏览器，或仍在使用）"


class LoginFailure(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败记录"

    def __str__(self):
        return f"{self.username} 于 {_when(self.attempt_time)} 从 {_where(self.ip_address)} 登录失败"

    def get_locked_out_display(self):
        return "是，因此锁定" if self.locked_out else "否"


class PageAuditEntry(PageLogEntry):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "页面操作日志"

    def __str__(self):
        return f"{_when(self.timestamp)} {self.user_display_name}：{self.message}（{self.label}）"


class ModelAuditEntry(ModelLogEntry):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "其他操作日志"

    def __str__(self):
        return f"{_when(self.timestamp)} {self.user_display_name}：{self.message}（{self.object_verbose_name}“{self.label}”）"
