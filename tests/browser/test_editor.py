import re
import time

from PIL import Image as PILImage
from playwright.sync_api import expect

from lectures.models import LectureIndexPage
from stories.models import ProfileIndexPage, ProfilePage
from tests.browser.conftest import browser_test, upload_in_image_chooser

pytestmark = browser_test


def sign_in(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.com", "correct-horse-9")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill("correct-horse-9")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def wait_until(page, condition, seconds=20):
    """Lets the page run (and route handlers answer) until the condition holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        page.wait_for_timeout(100)


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

    expect(page.get_by_text(re.compile("页面“宣讲安排”已(创建并)?发布。"))).to_be_visible()
    created = LectureIndexPage.objects.get()
    assert created.slug == "xuan-jiang-an-pai"
    page.goto(live_server.url + "/xuan-jiang-an-pai/")
    expect(page.get_by_role("heading", level=1)).to_have_text("宣讲安排")


def test_editor_creates_a_profile_with_an_uploaded_portrait_and_publishes_it(
    page, live_server, site_tree, django_user_model, tmp_path
):
    portrait_file = tmp_path / "hu.png"
    PILImage.new("RGB", (400, 500), (200, 190, 180)).save(portrait_file)
    index = ProfileIndexPage.objects.get()
    sign_in(page, live_server, django_user_model)

    page.goto(f"{live_server.url}/admin/pages/add/stories/profilepage/{index.pk}/")
    page.locator("#id_title").fill("胡春生")
    page.locator("#id_honour").select_option(label="优秀村（社区）书记")
    page.locator("#id_year").fill("2026")
    page.locator("#id_town").select_option(label="茗山乡")
    page.locator("#id_unit").fill("杨桥村")
    page.locator("#id_micro_story").fill("支持老党员牵头组建临时理事会，把群众的新创造变成全乡的好做法。")

    upload_in_image_chooser(page, portrait_file, "胡春生肖像")

    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()
    # 已创建并发布, or 已发布 when autosave created the page first.
    expect(page.get_by_text(re.compile("页面“胡春生”已(创建并)?发布。"))).to_be_visible()

    profile = ProfilePage.objects.get(title="胡春生")
    assert profile.live and profile.portrait.title == "胡春生肖像"
    page.goto(live_server.url + "/xianfeng/hu-chun-sheng/")
    expect(page.get_by_text("2026年优秀村（社区）书记")).to_be_visible()
    assert page.get_by_role("img", name="胡春生").evaluate(
        "img => img.decode().then(() => img.naturalWidth > 0)"
    )


def test_a_button_pressed_while_the_first_autosave_is_on_its_way_makes_the_page_once(
    page, live_server, site_tree, django_user_model
):
    index = ProfileIndexPage.objects.get()
    sign_in(page, live_server, django_user_model)
    # The first autosave reaches the server, which creates the page; its answer is held back, as on
    # a slow line, while the editor presses 发布.
    held = []

    def hold_the_autosave(route):
        if route.request.method == "POST" and "application/json" in route.request.headers.get("accept", ""):
            held.append((route, route.fetch()))
        else:
            route.fallback()

    page.route("**/admin/pages/add/**", hold_the_autosave)
    page.add_init_script("document.addEventListener('w-unsaved:watch-edits', () => (window.watching = true))")
    page.goto(f"{live_server.url}/admin/pages/add/stories/profilepage/{index.pk}/")
    page.wait_for_function("() => window.watching")  # autosave notices edits from here on
    page.locator("#id_title").fill("胡春生")
    page.locator("#id_honour").select_option(label="优秀村（社区）书记")
    page.locator("#id_year").fill("2026")
    page.locator("#id_town").select_option(label="茗山乡")
    page.locator("#id_micro_story").fill("支持老党员牵头组建临时理事会。")
    wait_until(page, lambda: held)
    assert ProfilePage.objects.filter(title="胡春生").count() == 1

    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_timeout(500)
    route, response = held[0]
    route.fulfill(response=response)

    expect(page.get_by_text("页面“胡春生”已发布。")).to_be_visible()
    profile = ProfilePage.objects.get(title="胡春生")
    assert profile.live and profile.micro_story == "支持老党员牵头组建临时理事会。"


def test_an_autosave_noticed_after_a_button_is_pressed_does_not_make_the_page_again(
    page, live_server, site_tree, django_user_model
):
    index = ProfileIndexPage.objects.get()
    sign_in(page, live_server, django_user_model)
    # Autosaves before the press are answered as the server answers an incomplete form, so the form
    # still posts to the create view. The press is then held on its way, and the page edits a field
    # (Playwright waits for the navigation before acting): that edit must not start an autosave, which
    # would post to the create view as well.
    held, autosaves_after_the_press = [], []
    incomplete = {"success": False, "error_code": "validation_error", "error_message": "请补全必填项。"}

    def hold_the_press(route):
        if route.request.method != "POST":
            route.fallback()
        elif "application/json" not in route.request.headers.get("accept", ""):
            held.append(route)
        elif held:
            autosaves_after_the_press.append(route.request)
            route.fallback()
        else:
            route.fulfill(json=incomplete)

    page.route("**/admin/pages/add/**", hold_the_press)
    said = []  # "pressed", then whether each autosave was called off as its event reaches the window
    page.on("console", lambda message: said.append(message.text))
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits', () => (window.watching = true));"
        "window.addEventListener('w-autosave:save', (e) => console.log('save:' + e.defaultPrevented));"
        "window.addEventListener('submit', () => console.log('pressed') || setTimeout(() => {"
        "  const unit = document.querySelector('#id_unit');"
        "  unit.value = '杨桥村';"
        "  unit.dispatchEvent(new Event('input', { bubbles: true }));"
        "  unit.dispatchEvent(new Event('change', { bubbles: true }));"
        "}, 200), { once: true });"
    )
    page.goto(f"{live_server.url}/admin/pages/add/stories/profilepage/{index.pk}/")
    page.wait_for_function("() => window.watching")
    page.locator("#id_title").fill("胡春生")
    page.locator("#id_honour").select_option(label="优秀村（社区）书记")
    page.locator("#id_year").fill("2026")
    page.locator("#id_town").select_option(label="茗山乡")
    page.locator("#id_micro_story").fill("支持老党员牵头组建临时理事会。")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click(no_wait_after=True)
    wait_until(page, lambda: held)
    assert not ProfilePage.objects.filter(title="胡春生").exists()

    def saves_after_the_press():
        return [text for text in said[said.index("pressed") :] if text.startswith("save:")]

    wait_until(page, lambda: "pressed" in said and saves_after_the_press())
    assert set(saves_after_the_press()) == {"save:true"}  # each one called off
    page.wait_for_timeout(1000)  # past autosave's debounce
    assert autosaves_after_the_press == []
    held[0].continue_()

    expect(page.get_by_text("页面“胡春生”已创建并发布。")).to_be_visible()
    assert ProfilePage.objects.filter(title="胡春生").count() == 1
