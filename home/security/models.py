"""django-axes' records under Chinese names (proxies: the rows stay in axes' tables)."""

from django.utils import timezone

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
