"""RSS 2.0 and Atom feeds of 专栏 (all columns, one column) and 《先锋》, read back by feedparser,
and the pages' autodiscovery links to them."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import feedparser
import pytest

from stories.models import Column, EpisodePage, ProfileIndexPage, SeriesIndexPage, StoryIndexPage
from tests.factories import DEMO_VIDEO, EpisodePageFactory, ProfilePageFactory, StoryPageFactory

STORY_FEEDS = ["/zhuanlan/rss/", "/zhuanlan/atom/"]
EPISODE_FEEDS = ["/shipin/rss/", "/shipin/atom/"]


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def stories(home_page):
    """Two stories in 两学一做 (one tagged), one in 铜都先锋, and a draft."""
    index = StoryIndexPage.objects.get()
    xianfeng = Column.objects.get(slug="tongdu-xianfeng")
    publish(StoryPageFactory(parent=index, title="以上率下筑牢思想", date="2026-09-28", tags=["党员三日+"]))
    publish(
        StoryPageFactory(
            parent=index, title="三级自治构架", slug="sanji-zizhi", date="2026-09-29", author="记者 李文"
        )
    )
    publish(StoryPageFactory(parent=index, title="选树标杆", column=xianfeng, date="2026-09-27"))
    StoryPageFactory(parent=index, title="未发布的稿子", live=False)
    return index


@pytest.fixture
def episodes(home_page):
    series = SeriesIndexPage.objects.get()
    profile = publish(ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="陈志刚"))
    publish(
        EpisodePageFactory(parent=series, title="金湾的理事会", slug="di-1-ji", number=1, profiles=[profile])
    )
    publish(EpisodePageFactory(parent=series, title="晏庄村的支部", number=2, aired_at=None))
    return series


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return response, feed


def dated(entry):
    """The entry's date as written, with its offset: RSS's pubDate, Atom's published."""
    return entry.get("published") or entry.updated


@pytest.mark.parametrize("url", STORY_FEEDS)
def test_story_feed_lists_the_live_stories_newest_first(client, stories, url):
    response, feed = parsed(client, url)
    assert feed.feed.title == "铜都先锋 · 专栏"
    assert feed.feed.language == "zh-cn"
    assert feed.feed.link == "http://localhost/zhuanlan/"
    assert any(link.rel == "self" and link.href == f"http://localhost{url}" for link in feed.feed.links)
    assert [entry.title for entry in feed.entries] == ["三级自治构架", "以上率下筑牢思想", "选树标杆"]
    first = feed.entries[0]
    assert first.link == "http://localhost/zhuanlan/sanji-zizhi/"
    assert first.id == first.link
    assert first.author == "记者 李文"
    assert first.summary == "茗山乡构建“1+3”农村基层治理体系。"
    assert "+08:00" in dated(first) or "+0800" in dated(first)
    assert datetime.datetime(*first.published_parsed[:6]) == datetime.datetime(2026, 9, 28, 16)  # in UTC
    tagged = feed.entries[1]
    assert [tag.term for tag in tagged.tags] == ["两学一做、对标看齐、履职担当", "党员三日+"]
    assert "未发布的稿子" not in response.content.decode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_columns_feed_holds_its_stories_only(client, stories, kind):
    _, feed = parsed(client, f"/zhuanlan/{kind}/tongdu-xianfeng/")
    assert feed.feed.title == "铜都先锋 · 专栏 · 铜都先锋"
    assert feed.feed.link == "http://localhost/zhuanlan/?column=tongdu-xianfeng"
    assert [entry.title for entry in feed.entries] == ["选树标杆"]
    assert feed.entries[0].author == "通讯员 石教炼"


@pytest.mark.parametrize(
    "url", ["/zhuanlan/rss/meiyou-zhege/", "/zhuanlan/atom/meiyou-zhege/", "/zhuanlan/rss/%E5%85%9A/"]
)
def test_an_unknown_column_is_not_found(client, stories, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", EPISODE_FEEDS)
def test_episode_feed_carries_each_video_as_an_enclosure(client, episodes, url):
    _, feed = parsed(client, url)
    assert feed.feed.title == "铜都先锋 · 《先锋》"
    assert feed.feed.language == "zh-cn"
    assert [entry.title for entry in feed.entries] == ["晏庄村的支部", "金湾的理事会"]
    first_episode = feed.entries[1]
    assert first_episode.link == "http://localhost/shipin/di-1-ji/"
    assert datetime.datetime(*first_episode.published_parsed[:6]) == datetime.datetime(2026, 6, 30, 16)
    (enclosure,) = first_episode.enclosures
    assert enclosure.href.startswith("http://localhost/media/")
    assert enclosure.href.endswith(".mp4")
    assert int(enclosure.length) == DEMO_VIDEO.stat().st_size
    assert enclosure.type == "video/mp4"
    video = client.get(enclosure.href.removeprefix("http://localhost"))
    assert video.status_code == 200
    unaired = feed.entries[0]  # dated when it went live
    went_live = EpisodePage.objects.get(number=2).first_published_at
    assert unaired.published_parsed[:6] == went_live.astimezone(datetime.UTC).timetuple()[:6]
    assert "+08:00" in dated(unaired) or "+0800" in dated(unaired)


def test_atom_feeds_name_the_site_as_their_author(client, stories, episodes):
    for url in ["/zhuanlan/atom/", "/shipin/atom/"]:
        _, feed = parsed(client, url)
        assert feed.feed.author == "铜都先锋"


def autodiscovery(html):
    return re.findall(
        r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)" title="([^"]+)" href="([^"]+)">', html
    )


@pytest.mark.parametrize(
    ("page", "titles"),
    [
        (
            "/",
            [
                "铜都先锋 · 专栏（RSS）",
                "铜都先锋 · 专栏（Atom）",
                "铜都先锋 · 《先锋》（RSS）",
                "铜都先锋 · 《先锋》（Atom）",
            ],
        ),
        ("/zhuanlan/", ["铜都先锋 · 专栏（RSS）", "铜都先锋 · 专栏（Atom）"]),
        (
            "/zhuanlan/?column=tongdu-xianfeng",
            [
                "铜都先锋 · 专栏（RSS）",
                "铜都先锋 · 专栏（Atom）",
                "铜都先锋 · 专栏 · 铜都先锋（RSS）",
                "铜都先锋 · 专栏 · 铜都先锋（Atom）",
            ],
        ),
        ("/shipin/", ["铜都先锋 · 《先锋》（RSS）", "铜都先锋 · 《先锋》（Atom）"]),
    ],
)
def test_pages_link_to_their_feeds_in_the_head(client, stories, episodes, page, titles):
    html = client.get(page).content.decode()
    head = html.split("</head>")[0]
    links = autodiscovery(head)
    assert [title for _, title, _ in links] == titles
    for mime_type, title, href in links:
        assert href.startswith("http://localhost/")
        response = client.get(href.removeprefix("http://localhost"))
        assert response.status_code == 200, href
        assert response["Content-Type"].startswith(mime_type)
        assert feedparser.parse(response.content).feed.title == title.rsplit("（", 1)[0]


def test_an_unknown_column_in_the_listing_links_to_the_feeds_of_all_stories(client, stories):
    links = autodiscovery(client.get("/zhuanlan/?column=meiyou").content.decode())
    assert [href for _, _, href in links] == [
        "http://localhost/zhuanlan/rss/",
        "http://localhost/zhuanlan/atom/",
    ]


def add_stories(index, count):
    for n in range(count):
        publish(StoryPageFactory(parent=index, title=f"报道{n}", slug=f"baodao-{n}", tags=[f"标签{n}"]))


def add_episodes(series, count):
    for n in range(count):
        publish(
            EpisodePageFactory(parent=series, title=f"第{n + 10}集", slug=f"di-{n + 10}-ji", number=n + 10)
        )


def warm_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_feeds_queries_do_not_grow_with_its_items(client, stories, episodes):
    urls = [*STORY_FEEDS, "/zhuanlan/rss/tongdu-xianfeng/", *EPISODE_FEEDS]
    few = {url: warm_queries(client, url) for url in urls}
    add_stories(stories, 12)
    add_episodes(episodes, 12)
    many = {url: warm_queries(client, url) for url in urls}
    assert many == few
    assert max(many.values()) <= 10


def test_a_feed_is_kept_by_the_page_cache_and_dropped_when_a_story_is_published(client, stories, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/zhuanlan/rss/")
    assert "Age" in client.get("/zhuanlan/rss/")
    publish(StoryPageFactory(parent=stories, title="新的报道", date="2026-10-01"))
    _, feed = parsed(client, "/zhuanlan/rss/")
    assert feed.entries[0].title == "新的报道"
