"""Playwright driving Debian's chromium against pytest-django's live server.

Our own fixtures rather than pytest-playwright's: its browser parametrisation reorders the whole
suite, and pytest-django must run these transactional tests after the others.
"""

import os
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import build_site_tree

# Playwright's sync API runs an event loop in the test's thread; the ORM calls made there
# (fixtures, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server sees only committed data, so these tests commit, and a flush empties the
# database after each: pytest-django runs them last, and build_site_tree puts back what
# Wagtail's migrations had made.
browser_test = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
CONTEXT = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(**CONTEXT, viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(**CONTEXT, **PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def site_tree(transactional_db):
    return build_site_tree()


def upload_in_image_chooser(page, path, title):
    """Uploads the image at `path` as `title` through the page editor's image chooser, choosing it."""
    page.get_by_role("button", name="选择一个图片").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="上传").click()
    modal.locator("input[type='file']").set_input_files(path)
    modal.get_by_label("标题").fill(title)
    modal.get_by_role("button", name="上传").click()
    expect(page.locator("[data-chooser-title]", has_text=title)).to_be_visible()
