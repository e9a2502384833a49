import re

from playwright.sync_api import expect

from tests.browser.conftest import browser_test
from tests.conftest import SECTION_PATHS

pytestmark = browser_test


def test_reader_on_a_phone_reads_the_home_page_and_visits_each_section(phone, live_server, site_tree):
    phone.goto(live_server.url + "/")

    expect(phone.get_by_role("heading", level=1)).to_have_text("铜都先锋")
    figures = phone.get_by_role("region", name="数字")
    expect(figures).to_be_visible()
    expect(figures).to_contain_text("3921名在职党员进社区报到")
    expect(phone.get_by_role("search")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways on a phone"

    nav = phone.get_by_role("navigation", name="主导航")
    for path, title in zip(SECTION_PATHS, ["先锋榜", "专栏", "《先锋》", "宣讲"], strict=True):
        nav.get_by_role("link", name=title, exact=True).click()
        expect(phone).to_have_url(live_server.url + path)
        expect(phone.get_by_role("heading", level=1)).to_have_text(title)
        expect(nav.get_by_role("link", name=title, exact=True)).to_have_attribute("aria-current", "page")
        expect(phone.get_by_text("敬请关注")).to_be_visible()

    nav.get_by_role("link", name="首页").click()
    expect(phone).to_have_url(live_server.url + "/")


def test_reader_searches_from_the_header(phone, live_server, site_tree):
    phone.goto(live_server.url + "/")
    phone.get_by_role("searchbox", name="搜索全站").fill("先锋榜")
    phone.get_by_role("searchbox", name="搜索全站").press("Enter")
    expect(phone).to_have_url(re.compile(r"/search/\?q="))
    expect(phone.get_by_role("link", name="先锋榜").last).to_be_visible()
