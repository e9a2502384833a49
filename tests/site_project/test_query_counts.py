"""Every page type reads at most ten SQL queries once its process is warm, and the same number with
the demo's handful of items as with a thousand of them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from lectures.models import Session, TourPage
from stories.models import HonourCategory, ProfileIndexPage, ProfilePage, StoryIndexPage, StoryPage, Town

MAX_QUERIES = 10
ITEMS = 1000
PATHS = [
    "/",
    "/xianfeng/",
    "/xianfeng/?honour=youxiu-cun-shequ-shuji&town=mingshan-xiang",
    "/xianfeng/rongyubang/",
    "/xianfeng/chen-zhi-gang/",
    "/zhuanlan/",
    "/zhuanlan/?column=sanji-zizhi",
    "/zhuanlan/biaoqian/cun-zhuang-li-shi-hui/",
    "/zhuanlan/sanji-zizhi/",
    "/zhuanlan/rss/",
    "/zhuanlan/atom/liangxue-yizuo/",
    "/shipin/",
    "/shipin/rss/",
    "/shipin/di-1-ji/",
    "/xuanjiang/",
    "/xuanjiang/?town=mingshan-xiang&kind=xuexiao",
    "/xuanjiang/tongdu-xianfeng/",
    "/xuanjiang/bai-chang-xun-jiang/",
    "/xuanjiang/bai-chang-xun-jiang/71/",
    "/xuanjiang/bai-chang-xun-jiang/dayin/",
    "/xuanjiang/bai-chang-xun-jiang/rili.ics",
    "/search/?q=%E5%85%9A%E5%91%98&type=renwu",  # 党员, among the profiles: a page of results and more
    "/sitemap.xml",
]
# Across every kind, the first page of results holds pages and sessions with the demo, pages only
# with a thousand profiles: fewer queries then, never more than MAX_QUERIES.
SEARCH_EVERYTHING = "/search/?q=%E5%85%88%E9%94%8B"


def warm_counts(client, paths=PATHS):
    """Queries of each path's second request: the first fills what a running process keeps."""
    counts = {}
    for path in paths:
        assert client.get(path).status_code == 200, path
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[path] = len(queries)
    return counts


def add_profiles_and_stories(count):
    profiles, stories = ProfileIndexPage.objects.get(), StoryIndexPage.objects.get()
    honours, towns = list(HonourCategory.objects.all()), list(Town.objects.all())
    portrait = ProfilePage.objects.exclude(portrait=None).first().portrait
    story = StoryPage.objects.exclude(lead_image=None).first()
    for n in range(count - ProfilePage.objects.count()):
        profile = ProfilePage(
            title=f"先锋{n:04d}",
            slug=f"p-{n}",
            honour=honours[n % len(honours)],
            year=2020 + n % 7,
            town=towns[n % len(towns)],
            micro_story="党员牵头成立村庄理事会。",
            portrait=portrait,
        )
        profile.tags.add(f"标签{n % 30}")
        profiles.add_child(instance=profile)
    for n in range(count - StoryPage.objects.count()):
        stories.add_child(
            instance=StoryPage(
                title=f"报道{n:04d}",
                slug=f"s-{n}",
                column=story.column,
                lead_image=story.lead_image,
                summary="党员先锋岗。",
            )
        )


def add_sessions(count):
    tour = TourPage.objects.get(slug="bai-chang-xun-jiang")
    model = tour.sessions.first()
    first = tour.sessions.count() + 1
    Session.objects.bulk_create(
        Session(
            tour=tour,
            number=number,
            date=datetime.date(2026, 1, 5) + datetime.timedelta(days=number // 4),
            start=model.start,
            end=model.end,
            team_id=model.team_id,
            topic=model.topic,
            town_id=model.town_id,
            venue=model.venue,
            venue_kind=model.venue_kind,
            state=model.state,
        )
        for number in range(first, count + 1)
    )


@pytest.mark.slow
def test_every_page_type_reads_at_most_ten_queries_the_same_for_the_demo_and_a_thousand_items(
    client, demo_site
):
    few = warm_counts(client, [*PATHS, SEARCH_EVERYTHING])
    add_profiles_and_stories(ITEMS)
    add_sessions(ITEMS)
    many = warm_counts(client, [*PATHS, SEARCH_EVERYTHING])
    assert {path: count for path, count in few.items() if count > MAX_QUERIES} == {}
    assert many.pop(SEARCH_EVERYTHING) <= MAX_QUERIES
    few.pop(SEARCH_EVERYTHING)
    assert many == few
