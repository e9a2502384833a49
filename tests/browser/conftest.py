"""Playwright driving Debian's chromium against pytest-django's live server."""

import os
import shutil

import pytest

from tests.conftest import build_site_tree

# Playwright's sync API runs an event loop in the test's thread; the ORM calls made there
# (fixtures, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server sees only committed data, so these tests commit, and a flush empties the
# database after each (build_site_tree puts back what Wagtail's migrations had made).
browser_test = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def phone(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, **PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def site_tree(transactional_db):
    return build_site_tree()
