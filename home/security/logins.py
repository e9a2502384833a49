"""Login protection: with django-axes, the client's address behind the proxy and the lockout page; a
limit on password-reset requests."""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from wagtail.admin.views.account import PasswordResetView as WagtailPasswordResetView

from axes.helpers import get_cool_off


def client_ip(request):
    """The client's address: behind a trusted proxy, the last one it added to X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in settings.TRUSTED_PROXIES and forwarded:
        candidate = forwarded.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return remote


def lockout_response(request, original_response=None, credentials=None):
    """Says in Chinese when the locked account or address may try again (429, with Retry-After)."""
    cool_off = get_cool_off(request)
    response = render(
        request,
        "home/lockout.html",
        {"until": timezone.localtime() + cool_off, "minutes": int(cool_off.total_seconds() // 60)},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


RESETS_PER_HOUR = 5


def over_limit(*keys, limit, seconds):
    """Counts one more request under each key; True once any has seen more than `limit` in the window."""
    over = False
    for key in keys:
        cache.add(key, 0, seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, count := 1, seconds)
        over = over or count > limit
    return over


class PasswordResetView(WagtailPasswordResetView):
    """Wagtail's reset form, at most RESETS_PER_HOUR requests an hour per address and per e-mail; it
    says the same whether an account has the address or not."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if over_limit(
            f"reset:ip:{client_ip(self.request)}", f"reset:email:{email}", limit=RESETS_PER_HOUR, seconds=3600
        ):
            form.add_error(None, "重设密码的请求太频繁，请一小时后再试。")
            return self.form_invalid(form)
        return super().form_valid(form)
