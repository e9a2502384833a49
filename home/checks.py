"""Deployment checks of our own, beside Django's (`manage.py check --deploy`)."""

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
