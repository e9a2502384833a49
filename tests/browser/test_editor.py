from playwright.sync_api import expect

from lectures.models import LectureIndexPage
from tests.browser.conftest import browser_test

pytestmark = browser_test


def sign_in(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.com", "correct-horse-9")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill("correct-horse-9")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def test_admin_signs_in_and_sees_the_chinese_dashboard(page, live_server, site_tree, django_user_model):
    sign_in(page, live_server, django_user_model)
    assert "控制面板" in page.title()
    assert page.evaluate("document.documentElement.lang") == "zh-hans"
    expect(page.get_by_role("complementary", name="边栏")).to_contain_text("页面")


def test_editor_publishes_a_page_with_a_chinese_title_and_gets_a_pinyin_address(
    page, live_server, site_tree, django_user_model
):
    LectureIndexPage.objects.all().delete()
    sign_in(page, live_server, django_user_model)

    page.goto(f"{live_server.url}/admin/pages/add/lectures/lectureindexpage/{site_tree.pk}/")
    page.locator("#id_title").fill("宣讲安排")
    page.get_by_role("tab", name="推荐").click()
    expect(page.locator("#id_slug")).to_have_value("")  # left empty: the server reads the pinyin
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()

    expect(page.get_by_text("页面'宣讲安排'已创建并发布。")).to_be_visible()
    created = LectureIndexPage.objects.get()
    assert created.slug == "xuan-jiang-an-pai"
    page.goto(live_server.url + "/xuan-jiang-an-pai/")
    expect(page.get_by_role("heading", level=1)).to_have_text("宣讲安排")
