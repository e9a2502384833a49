"""Checks of our own, beside Django's (`manage.py check`, `check --deploy`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http.request import validate_host

from home.sites import DEFAULT_PORTS

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


@checks.register("mail")
def admins_are_addresses(app_configs, **kwargs):
    return [
        checks.Error(
            f"ADMINS holds {address!r}, which is not an e-mail address.",
            hint='Comma-separated, e.g. ADMINS="张三 <zhang@example.cn>,li@example.cn".',
            id="home.E002",
        )
        for _, address in settings.ADMINS
        if "@" not in address
    ]


MIN_AUDIT_KEPT_DAYS = 180  # 等保 2.0: six months of audit records


@checks.register("security")
def audit_trail_is_kept_long_enough(app_configs, **kwargs):
    if settings.AUDIT_KEPT_DAYS >= MIN_AUDIT_KEPT_DAYS:
        return []
    return [
        checks.Error(
            f"AUDIT_KEPT_DAYS is {settings.AUDIT_KEPT_DAYS}: the audit trail is kept {MIN_AUDIT_KEPT_DAYS} days "
            "at least (等保 2.0 要求审计记录至少保存 180 天).",
            hint="Set AUDIT_KEPT_DAYS to 180 or more, or leave it unset.",
            id="home.E003",
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


def site_url_problem(url):
    """What keeps SITE_URL from being an origin a Wagtail Site can name, or None."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return "its port is not a number from 0 to 65535"
    if parts.scheme not in DEFAULT_PORTS:
        return "it does not begin with http:// or https://"
    if not parts.hostname:
        return "it names no host"
    if parts.username is not None or parts.path or parts.query or parts.fragment:
        return "it holds more than a scheme, a host and a port"
    if ((port or DEFAULT_PORTS[parts.scheme]) == 443) != (parts.scheme == "https"):  # Site.root_url's rule
        return "a Wagtail Site serves https on port 443 only, and http on any other port"
    return None


@checks.register("urls")
def site_url_is_an_origin(app_configs, **kwargs):
    if problem := site_url_problem(settings.SITE_URL):
        return [
            checks.Error(
                f"SITE_URL is {settings.SITE_URL!r}: {problem}.",
                hint="The public origin readers reach the site at, e.g. SITE_URL=https://www.example.cn "
                "or http://127.0.0.1:8500.",
                id="home.E004",
            )
        ]
    if not validate_host(urlsplit(settings.SITE_URL).hostname, settings.ALLOWED_HOSTS):
        return [
            checks.Warning(
                f"SITE_URL names {urlsplit(settings.SITE_URL).hostname}, which ALLOWED_HOSTS leaves out: "
                "every link leads to a host the site refuses (400).",
                hint="Add SITE_URL's host to ALLOWED_HOSTS.",
                id="home.W002",
            )
        ]
    return []


@checks.register("urls", deploy=True)
def site_url_is_https_behind_https(app_configs, **kwargs):
    if not settings.SECURE_SSL_REDIRECT or not settings.SITE_URL.startswith("http://"):
        return []
    return [
        checks.Warning(
            f"SITE_URL is {settings.SITE_URL}, while the site redirects every request to https: shared "
            "links, feeds, calendars and QR codes name plain http.",
            hint="SITE_URL=https://your.host",
            id="home.W003",
        )
    ]
