"""Checks of our own, beside Django's (`manage.py check`, `check --deploy`)."""

import ipaddress

from django.conf import settings
from django.core import checks

FILE_MAIL = "django.core.mail.backends.filebased.EmailBackend"


@checks.register("mail", deploy=True)
def mail_is_sent(app_configs, **kwargs):
    if settings.EMAIL_BACKEND != FILE_MAIL:
        return []
    return [
        checks.Warning(
            "EMAIL_URL is not set: review notices and password resets are written to files, not sent.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.cn:587, and DEFAULT_FROM_EMAIL.",
            id="home.W001",
        )
    ]


ADDRESS_SETTINGS = {
    # name: (how the site reads each value, what it must be)
    "ADMIN_ALLOWED_NETWORKS": (lambda value: ipaddress.ip_network(value, strict=False), "an IP network"),
    "TRUSTED_PROXIES": (ipaddress.ip_address, "an IP address"),
}


@checks.register("security")
def addresses_are_addresses(app_configs, **kwargs):
    errors = []
    for name, (parse, kind) in ADDRESS_SETTINGS.items():
        for value in getattr(settings, name):
            try:
                parse(value)
            except ValueError:
                errors.append(
                    checks.Error(
                        f"{name} holds {value!r}, which is not {kind}.",
                        hint="Comma-separated, e.g. ADMIN_ALLOWED_NETWORKS=10.12.0.0/16,2001:db8::/32 "
                        "and TRUSTED_PROXIES=127.0.0.1,::1.",
                        id="home.E001",
                    )
                )
    return errors
