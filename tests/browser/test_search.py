import re

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser_test
from tests.conftest import seed_reference_data

pytestmark = browser_test


@pytest.fixture
def demo(transactional_db):
    seed_reference_data()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_reader_on_a_phone_searches_a_word_inside_a_story_and_reaches_it(phone, live_server, demo):
    phone.goto(live_server.url + "/")
    searchbox = phone.get_by_role("searchbox", name="搜索全站")
    searchbox.fill("理事会")
    searchbox.press("Enter")

    expect(phone).to_have_url(re.compile(r"/search/\?q="))
    story = phone.get_by_role("link", name="三级自治构架：成全省“两学一做”标杆")
    result = phone.get_by_role("listitem").filter(has=story)
    expect(result.locator("mark").first).to_have_text("理事会")
    expect(result).to_contain_text("专栏文章")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "results scroll sideways on a phone"

    phone.get_by_role("navigation", name="按内容类型筛选").get_by_role(
        "link", name=re.compile("专栏文章")
    ).click()
    expect(phone.get_by_role("status").last).to_contain_text("（专栏文章）")
    story.click()

    expect(phone).to_have_url(live_server.url + "/zhuanlan/sanji-zizhi/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("三级自治构架：成全省“两学一做”标杆")
    expect(phone.get_by_role("main")).to_contain_text("茗山乡")
