"""The admin's two-factor screens: enrolling an authenticator, entering a code, recovery codes."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

import django_otp
import segno
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.security import two_factor

WRONG_CODES_BEFORE_LOGOUT = 5


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        error_messages={"required": "请输入验证码。"},
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else reverse("wagtailadmin_home")


def refused(request, form):
    """Counts a wrong code; the fifth in a session signs the user out (a code has a million values)."""
    wrong = request.session.get("two_factor_wrong", 0) + 1
    request.session["two_factor_wrong"] = wrong
    if wrong >= WRONG_CODES_BEFORE_LOGOUT:
        logout(request)
        messages.error(request, "验证码连续输错，已退出登录，请重新登录。")
        return redirect("wagtailadmin_login")
    form.add_error("code", f"验证码不正确或已过期，还可以再试 {WRONG_CODES_BEFORE_LOGOUT - wrong} 次。")
    return None


@sensitive_post_parameters("code")
@login_required(login_url="wagtailadmin_login")
def setup(request):
    """Enrols an authenticator app: scan (or type) the key, confirm with a first code, get recovery codes."""
    if django_otp.user_has_device(request.user):
        return redirect("two_factor_verify")
    device = two_factor.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            return recovery_codes_page(request, two_factor.new_recovery_codes(request.user))
        if response := refused(request, form):
            return response
    qr_code = segno.make(device.config_url, error="m").svg_inline(scale=5, title="用身份验证器扫描这个二维码")
    return render(
        request,
        "home/two_factor/setup.html",
        {
            "form": form,
            "qr_code": qr_code,
            "secret_key": two_factor.secret_key(device),
            "next": next_url(request),
        },
    )


@sensitive_post_parameters("code")
@login_required(login_url="wagtailadmin_login")
def verify(request):
    """Asks for the authenticator's code, or one recovery code, once per login."""
    if not django_otp.user_has_device(request.user):
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            request.session.pop("two_factor_wrong", None)
            if device.name == two_factor.RECOVERY:
                left = device.token_set.count()
                messages.warning(
                    request, f"已用一个备用验证码登录，还剩 {left} 个；可以在“账户 › 两步验证”重新生成。"
                )
            return redirect(next_url(request))
        if response := refused(request, form):
            return response
    return render(request, "home/two_factor/verify.html", {"form": form, "next": next_url(request)})


@login_required(login_url="wagtailadmin_login")
def manage(request):
    """The account's two-factor page: its state, new recovery codes, another authenticator."""
    return render(
        request,
        "home/two_factor/manage.html",
        {
            "authenticator": TOTPDevice.objects.filter(user=request.user, confirmed=True).first(),
            "recovery_codes_left": StaticToken.objects.filter(device__user=request.user).count(),
            "required": two_factor.required_for(request.user),
        },
    )


@require_POST
@login_required(login_url="wagtailadmin_login")
def regenerate_recovery_codes(request):
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    return recovery_codes_page(request, two_factor.new_recovery_codes(request.user))


@require_POST
@login_required(login_url="wagtailadmin_login")
def replace_authenticator(request):
    """Drops the account's authenticator and recovery codes, once it has proved itself with them."""
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    two_factor.reset(request.user)
    return redirect(f"{reverse('two_factor_setup')}?next={reverse('two_factor_manage')}")


def recovery_codes_page(request, codes):
    return render(request, "home/two_factor/recovery_codes.html", {"codes": codes, "next": next_url(request)})
