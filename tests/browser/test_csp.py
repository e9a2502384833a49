"""The browser runs the site and the admin under their policies without one violation."""

import pytest
from playwright.sync_api import expect

from stories.models import StoryIndexPage
from tests.browser.conftest import browser_test
from tests.factories import ProfilePageFactory, StoryPageFactory

pytestmark = browser_test
WATCH = """document.addEventListener("securitypolicyviolation", event => {
    (window.violations = window.violations || []).push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});"""


def violations_on(page, url, click=None):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if click:  # a chooser or a menu, drawn by the admin's scripts
        page.get_by_role("button", name=click).first.click()
        page.wait_for_load_state("networkidle")
    return page.evaluate("window.violations || []")


@pytest.fixture
def content(site_tree):
    story = StoryPageFactory(parent=StoryIndexPage.objects.get())
    profile = ProfilePageFactory(parent=site_tree.get_children().get(slug="xianfeng").specific)
    return story, profile


def test_public_pages_break_no_rule(page, live_server, content):
    page.context.add_init_script(WATCH)
    story, profile = content
    for url in (
        "/",
        "/xianfeng/",
        profile.url,
        "/zhuanlan/",
        story.url,
        "/shipin/",
        "/xuanjiang/",
        "/search/?q=党员",
    ):
        assert violations_on(page, live_server.url + url) == [], url


def test_the_admin_and_its_editor_break_no_rule(page, live_server, content, django_user_model):
    story, _ = content
    django_user_model.objects.create_superuser("admin", "admin@example.com", "Admin-pass-2026")
    page.context.add_init_script(WATCH)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("Admin-pass-2026")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/admin/")

    add_story = f"{live_server.url}/admin/pages/add/stories/storypage/{story.get_parent().pk}/"
    for button in ("选择一个图片", "插入内容块"):
        assert violations_on(page, add_story, button) == [], button
    for url in (
        f"/admin/pages/{story.pk}/edit/",
        "/admin/",
        "/admin/pages/",
        "/admin/images/",
        "/admin/users/",
    ):
        assert violations_on(page, live_server.url + url) == [], url
