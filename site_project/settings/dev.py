"""Local development with `manage.py runserver`: DEBUG on, a throw-away key."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
ALLOWED_HOSTS = ["*"]
DEMO_SITE = env.bool("DEMO_SITE", default=True)  # noqa: F405
