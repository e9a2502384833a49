import re

import pytest
from playwright.sync_api import expect

from stories.models import HonourCategory, ProfileIndexPage, SeriesIndexPage, Town
from tests.browser.conftest import browser_test
from tests.conftest import SECTION_PATHS
from tests.factories import EpisodePageFactory, ProfilePageFactory

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


def test_reader_on_a_phone_filters_the_roll_by_category_and_town_and_opens_a_profile(
    phone, live_server, site_tree
):
    index = ProfileIndexPage.objects.get()
    secretary = HonourCategory.objects.get(name="优秀村（社区）书记")
    huandiqiao = Town.objects.get(name="还地桥镇")
    for profile in [
        ProfilePageFactory(
            parent=index, title="胡春生", honour=secretary, micro_story="支持老党员牵头组建临时理事会。"
        ),
        ProfilePageFactory(parent=index, title="朱红英", honour=secretary, town=huandiqiao),
        ProfilePageFactory(parent=index, title="陈志刚"),
    ]:
        profile.save_revision().publish()

    phone.goto(live_server.url + "/xianfeng/")
    expect(phone.get_by_text("共 3 位先锋。")).to_be_visible()
    phone.get_by_text("筛选").click()
    phone.get_by_role("navigation", name="按荣誉类别筛选").get_by_role(
        "link", name="优秀村（社区）书记 2"
    ).click()
    expect(phone.get_by_text("共 2 位先锋。")).to_be_visible()
    phone.get_by_role("navigation", name="按乡镇（街道）筛选").get_by_role("link", name="茗山乡 1").click()

    expect(phone).to_have_url(
        live_server.url + "/xianfeng/?honour=youxiu-cun-shequ-shuji&town=mingshan-xiang"
    )
    expect(phone.get_by_text("共 1 位先锋。")).to_be_visible()
    cards = phone.get_by_role("article")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("支持老党员牵头组建临时理事会。")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways on a phone"

    cards.first.get_by_role("link", name="胡春生").click()
    expect(phone).to_have_url(live_server.url + "/xianfeng/hu-chun-sheng/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("胡春生")
    expect(phone.get_by_text("2026年优秀村（社区）书记")).to_be_visible()
    portrait = phone.get_by_role("img", name="胡春生")
    expect(portrait).to_be_visible()
    assert portrait.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")


def test_reader_on_a_phone_plays_an_episode_with_subtitles_showing(phone, live_server, site_tree):
    episode = EpisodePageFactory(parent=SeriesIndexPage.objects.get(), title="金湾的理事会", number=1)
    episode.save_revision().publish()

    phone.goto(live_server.url + "/shipin/")
    phone.get_by_role("link", name="金湾的理事会").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("金湾的理事会")
    video = phone.locator("video")
    expect(video).to_be_visible()
    video.tap()  # a reader's tap: the user activation a browser asks for before sound plays
    video.evaluate("video => video.paused && video.play()")

    phone.wait_for_function("() => document.querySelector('video').currentTime > 1")
    assert video.evaluate("video => video.textTracks[0].mode") == "showing"
    phone.wait_for_function("() => document.querySelector('video').textTracks[0].activeCues.length > 0")
    assert video.evaluate("video => video.textTracks[0].activeCues[0].text") in {
        "金湾的村民自发成立了临时理事会",
        "90%的矛盾纠纷在村庄内部解决",
    }


def play_episode_at(browser_page, live_server, x, y, press):
    """Opens an episode, presses its poster at (x, y) as fractions of its box, and waits for it to play."""
    episode = EpisodePageFactory(parent=SeriesIndexPage.objects.get(), title="金湾的理事会", number=1)
    episode.save_revision().publish()
    browser_page.goto(live_server.url + episode.url)
    video = browser_page.locator("video")
    video.scroll_into_view_if_needed()
    box = video.bounding_box()
    press(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
    browser_page.wait_for_function("() => document.querySelector('video').currentTime > 1")
    assert not video.evaluate("video => video.paused")


@pytest.mark.parametrize(("x", "y"), [(0.5, 0.5), (0.15, 0.2), (0.85, 0.3), (0.15, 0.7)])
def test_a_tap_anywhere_on_the_poster_starts_the_episode(phone, live_server, site_tree, x, y):
    play_episode_at(phone, live_server, x, y, phone.touchscreen.tap)


def test_a_click_on_the_poster_starts_the_episode_on_a_computer_and_it_keeps_playing(
    page, live_server, site_tree
):
    play_episode_at(page, live_server, 0.3, 0.4, page.mouse.click)
