"""Login protection with django-axes: the client's address behind the proxy, and the lockout page."""

import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

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
