"""A column story from its editor through 初审 and 终审 to the site, in the admin as each of them sees it."""

import re

from django.contrib.auth.models import Group

from PIL import Image as PILImage
from playwright.sync_api import expect

from home.roles import EDITORS, FINAL_REVIEW, FIRST_REVIEW
from stories.models import StoryIndexPage, StoryPage
from tests.browser.conftest import CONTEXT, browser_test, upload_in_image_chooser

pytestmark = browser_test
PASSWORD = "review-pass-2026"
TITLE = "茗山乡：九成纠纷在村里化解"


def signed_in(browser, live_server, username):
    page = browser.new_context(**CONTEXT, viewport={"width": 1366, "height": 900}).new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + "/admin/")
    return page


def approve_from_the_dashboard(browser, live_server, username, stage, approve="通过"):
    page = signed_in(browser, live_server, username)
    waiting = page.get_by_role("region", name="等待您审核")
    expect(waiting).to_contain_text(TITLE)
    expect(waiting.get_by_role("cell", name=stage)).to_be_visible()
    waiting.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state("networkidle")  # the editor's fields are drawn by its scripts
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name=approve, exact=True).click()
    expect(page.get_by_text(f"页面“{TITLE}”已更新。")).to_be_visible()
    page.context.close()


def test_a_story_is_written_reviewed_twice_and_published(
    browser, live_server, site_tree, django_user_model, tmp_path
):
    for username, role in (("bianji", EDITORS), ("chushen", FIRST_REVIEW), ("zhongshen", FINAL_REVIEW)):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", PASSWORD)
        user.groups.add(Group.objects.get(name=role))
    photo = tmp_path / "jinwan.png"
    PILImage.new("RGB", (1200, 675), (179, 18, 27)).save(photo)

    editor = signed_in(browser, live_server, "bianji")
    editor.goto(f"{live_server.url}/admin/pages/add/stories/storypage/{StoryIndexPage.objects.get().pk}/")
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_column").select_option(label="铜都先锋")
    editor.locator("#id_author").fill("通讯员 石教炼")
    upload_in_image_chooser(editor, photo, "金湾村民议事")
    editor.get_by_role("button", name="插入内容块").first.click()
    editor.get_by_role("option", name="段落").click()
    paragraph = editor.locator(".public-DraftEditor-content").first
    paragraph.click()
    expect(paragraph).to_be_focused()
    paragraph.press_sequentially("村庄理事会调解邻里纠纷，九成矛盾不出村。")
    # Draftail writes what was typed into the form a moment later.
    expect(editor.locator("input[name='body-0-value']")).to_have_value(re.compile("九成矛盾不出村"))
    editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
    editor.get_by_role("button", name="提交两级审核（初审、终审）").click()
    # 已创建并提交审核, or 已提交审核 when autosave created the page first.
    expect(editor.get_by_text(re.compile(f"页面“{TITLE}”已(创建并)?提交审核。"))).to_be_visible()
    editor.goto(live_server.url + "/admin/")
    expect(editor.get_by_role("region", name="您处于审核流程中的页面和条目")).to_contain_text("初审")

    approve_from_the_dashboard(browser, live_server, "chushen", "初审")
    story = StoryPage.objects.get(title=TITLE)
    assert not story.live and story.current_workflow_task.name == "终审"
    approve_from_the_dashboard(browser, live_server, "zhongshen", "终审", approve="通过并发布")

    story.refresh_from_db()
    assert story.live and story.lead_image.title == "金湾村民议事"
    reader = browser.new_context(**CONTEXT).new_page()
    reader.goto(live_server.url + "/zhuanlan/")
    reader.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_text("村庄理事会调解邻里纠纷，九成矛盾不出村。")).to_be_visible()
    reader.context.close()
    editor.context.close()
