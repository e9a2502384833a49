"""Two-factor login for the admin, with django-otp: an authenticator app (TOTP) and one-time recovery
codes. Required for every admin account when TWO_FACTOR_REQUIRED (always, under production settings)."""

import base64

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

import django_otp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.demo import DEMO_EMAIL_DOMAIN

AUTHENTICATOR = "身份验证器"
RECOVERY = "备用验证码"
RECOVERY_CODES = 10
# What an admin account without its second factor may still reach.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_setup",
    "two_factor_verify",
}


def required_for(user):
    """Whether `user` must pass the second factor before the admin: every admin account, unless
    on a demo site `make run`'s DEMO_SKIP_TWO_FACTOR spares the demo's own (example.com) accounts."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if settings.DEMO_SITE and settings.DEMO_SKIP_TWO_FACTOR and user.email.endswith(f"@{DEMO_EMAIL_DOMAIN}"):
        return False
    return user.has_perm("wagtailadmin.access_admin")


class TwoFactorMiddleware:
    """Sends an admin account that has not passed its second factor in this session to enrol
    (no authenticator yet) or to enter a code; after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith("/admin/")
            and not request.user.is_verified()
            and required_for(request.user)
        ):
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in OPEN_URL_NAMES:
                step = "two_factor_verify" if django_otp.user_has_device(request.user) else "two_factor_setup"
                return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def pending_authenticator(user):
    """The authenticator being enrolled (not yet confirmed by a first code), made once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def secret_key(device):
    """The key for typing into an app instead of scanning: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


@transaction.atomic
def new_recovery_codes(user):
    """Ten fresh one-time codes, replacing any the user had; shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def reset(user):
    """Removes the user's authenticator and recovery codes: they enrol again at their next login."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
