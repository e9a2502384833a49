import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from stories.models import HonourCategory, ProfileIndexPage, ProfilePage, Town
from tests.factories import ProfilePageFactory


@pytest.fixture
def roll(home_page):
    """A small 先锋榜: two years, three categories, two towns, tagged."""
    index = ProfileIndexPage.objects.get()
    secretary = HonourCategory.objects.get(name="优秀村（社区）书记")
    branch = HonourCategory.objects.get(name="先进基层党组织")
    huandiqiao = Town.objects.get(name="还地桥镇")
    profiles = [
        ProfilePageFactory(parent=index, title="陈志刚", tags=["村庄理事会"]),
        ProfilePageFactory(parent=index, title="胡春生", honour=secretary, tags=["村庄理事会", "1+3"]),
        ProfilePageFactory(parent=index, title="朱红英", honour=secretary, town=huandiqiao, year=2025),
        ProfilePageFactory(parent=index, title="晏庄村党支部", honour=branch),
    ]
    for profile in profiles:
        profile.save_revision().publish()
    return index


def names(response):
    return [profile.title for profile in response.context["profiles"]]


def test_listing_shows_every_live_profile_newest_year_first(client, roll):
    response = client.get("/xianfeng/")
    assert names(response) == ["陈志刚", "晏庄村党支部", "胡春生", "朱红英"]
    assert "共 4 位先锋。" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("honour=youxiu-cun-shequ-shuji", ["胡春生", "朱红英"]),
        ("year=2025", ["朱红英"]),
        ("town=huandiqiao-zhen", ["朱红英"]),
        ("tag=cun-zhuang-li-shi-hui", ["陈志刚", "胡春生"]),
        ("honour=youxiu-cun-shequ-shuji&town=mingshan-xiang", ["胡春生"]),
        ("honour=youxiu-cun-shequ-shuji&year=2026&town=mingshan-xiang&tag=13", ["胡春生"]),
        ("honour=xianjin-jiceng-dangzuzhi&year=2025", []),
    ],
)
def test_filters_combine(client, roll, query, expected):
    assert names(client.get(f"/xianfeng/?{query}")) == expected


def test_each_choice_shows_how_many_it_would_find_given_the_other_filters(client, roll):
    facets = {
        facet["param"]: facet
        for facet in client.get("/xianfeng/?town=mingshan-xiang").context["filters"].facet_options()
    }
    honours = {option["label"]: option["count"] for option in facets["honour"]["options"]}
    assert honours == {"优秀共产党员": 1, "先进基层党组织": 1, "优秀村（社区）书记": 1}
    towns = {option["label"]: option["count"] for option in facets["town"]["options"]}
    assert towns == {"还地桥镇": 1, "茗山乡": 3}


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999",
        "town=nope",
        "honour=",
        "tag=%3Cscript%3Ealert(1)%3C/script%3E",
        "page=999",
        "page=-1",
        "year=%C2%B2",  # ², a digit to str.isdigit() that int() refuses
        "town=%00",  # PostgreSQL refuses a NUL byte in a query
        "tag=mingshan%00xiang",
    ],
)
def test_bad_filter_values_give_a_normal_page(client, roll, query):
    response = client.get(f"/xianfeng/?{query}")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert len(names(response)) >= 1


def test_an_unknown_town_is_named_in_a_note(client, roll):
    assert "没有找到乡镇（街道）“nope”" in client.get("/xianfeng/?town=nope").content.decode()


def test_no_match_explains_how_to_widen(client, roll):
    html = client.get("/xianfeng/?honour=xianjin-jiceng-dangzuzhi&year=2025").content.decode()
    assert "没有同时符合这些条件的先锋人物" in html


def test_drafts_are_not_listed(client, roll):
    ProfilePageFactory(parent=roll, title="草稿人物", live=False)
    assert "草稿人物" not in names(client.get("/xianfeng/"))


def listing_queries(client, path="/xianfeng/"):
    client.get(path)  # renditions are made on the first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.slow  # publishes dozens of pages
def test_listing_query_count_does_not_grow_with_profiles(client, home_page):
    index = ProfileIndexPage.objects.get()
    for n in range(10):
        ProfilePageFactory(parent=index, title=f"甲{n}", tags=["标签"]).save_revision().publish()
    ten = listing_queries(client)
    for n in range(40):  # four pages of 2025 alone
        ProfilePageFactory(
            parent=index, title=f"乙{n}", year=2025, tags=[f"标签{n % 7}"]
        ).save_revision().publish()
    assert listing_queries(client) == ten
    assert listing_queries(client, "/xianfeng/?page=3&year=2025") == ten


def test_roll_of_honour_groups_a_years_names_by_category(client, roll):
    html = client.get("/xianfeng/rongyubang/2026/").content.decode()
    assert "2026年荣誉榜" in html
    assert (
        html.index("优秀共产党员（1名）")
        < html.index("先进基层党组织（1个）")
        < html.index("优秀村（社区）书记（1名）")
    )
    assert "朱红英" not in html  # honoured in 2025
    assert "朱红英" in client.get("/xianfeng/rongyubang/2025/").content.decode()


def test_roll_of_honour_defaults_to_the_latest_year(client, roll):
    response = client.get("/xianfeng/rongyubang/")
    assert response.context["year"] == 2026
    assert client.get("/xianfeng/rongyubang/1999/").status_code == 200


def test_profile_page_shows_the_honour_and_story(client, roll):
    html = client.get("/xianfeng/hu-chun-sheng/").content.decode()
    assert "2026年优秀村（社区）书记" in html
    assert "茗山乡 杨桥村" in html
    assert 'href="/zhuanlan/biaoqian/13/"' in html  # the tag's page of profiles and stories


def test_samples_are_marked_in_the_admin(roll):
    profile = ProfilePage.objects.get(title="陈志刚")
    profile.is_sample = True
    assert profile.get_admin_display_title() == "陈志刚（示例）"


def test_cards_below_the_first_load_lazily_with_modern_formats_and_sizes(client, roll):
    html = client.get("/xianfeng/").content.decode()
    assert html.count('loading="eager"') == 1
    assert html.count('loading="lazy"') == 3
    assert html.count('type="image/avif"') == 4 and html.count('type="image/webp"') == 4
    first_img = re.search(r"<img [^>]*>", html[html.index('class="cards"') :]).group(0)
    assert re.search(r'width="\d+"', first_img) and re.search(r'height="\d+"', first_img)  # no layout shift
    assert "fill-240x300-c80" in first_img and "fill-480x600-c80" in first_img  # srcset, focal-point crops
