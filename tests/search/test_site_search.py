import datetime as dt
import re
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page

import pytest

from lectures.models import LectureIndexPage
from stories.models import ProfileIndexPage, StoryIndexPage, StoryPage
from tests.factories import (
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    SpeakerFactory,
    StoryPageFactory,
    TourPageFactory,
)

BAD_QUERIES = [
    "",
    " ",
    "先" * 10_000,
    "！？。，",
    "ＡＢＣ１２３",
    '"',
    "*",
    "OR",
    "NEAR(",
    "'",
    ":",
    "&",
    "|",
    "!",
    '理事会" OR "*',
    "a:b & !c | 'd'",
    "NEAR(理事会 先锋, 2)",
    "".join(chr(0x4E00 + n) for n in range(2_000)),  # 2,000 different characters: as many words
    "理事会\x00",
    "<script>alert(1)</script>",
]


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


@pytest.fixture
def profiles(home_page):
    return ProfileIndexPage.objects.get()


@pytest.fixture
def stories(home_page):
    return StoryIndexPage.objects.get()


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_get_a_normal_page(client, home_page, query):
    html = search(client, query)
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_get_a_normal_answer_from_the_api(client, home_page, query):
    response = client.get("/api/v2/pages/", {"search": query})
    assert response.status_code == 200, response.content


def test_empty_query_explains_what_to_do(client, home_page):
    assert "请输入要找的内容" in client.get("/search/").content.decode()


def test_punctuation_only_query_gets_a_message(client, home_page):
    assert "没有文字或数字" in search(client, "！？")


def test_long_query_is_cut_with_a_message(client, home_page):
    assert "搜索词太长" in search(client, "先" * 200)


def test_finds_a_page_by_title(client, home_page):
    assert 'href="/xianfeng/"' in search(client, "先锋榜")


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_bad_page_numbers_get_a_normal_page(client, home_page, page):
    assert client.get("/search/", {"q": "先锋榜", "page": page}).status_code == 200


def test_finds_a_word_inside_running_text_and_marks_it(client, stories):
    StoryPageFactory(parent=stories, title="三级自治", summary="经过村庄理事会的调解，矛盾没有出村。")
    html = search(client, "理事会")
    assert result_titles(html) == ["三级自治"]
    assert "经过村庄<mark>理事会</mark>的调解" in html
    assert "专栏文章" in html and "2026年9月26日" in html  # its type and date


def test_snippet_escapes_the_text_around_the_marks(client, stories):
    StoryPageFactory(parent=stories, title="标记", summary="<b>加粗</b>的理事会 & 村委会")
    html = search(client, "理事会")
    assert "的<mark>理事会</mark> &amp; 村委会" in html
    assert "<b>加粗</b>" not in html


def test_several_words_mean_all_of_them(client, stories):
    StoryPageFactory(parent=stories, title="甲", summary="晏庄村的微心愿。")
    StoryPageFactory(parent=stories, title="乙", summary="晏庄村的党员三日+。")
    assert result_titles(search(client, "晏庄村 微心愿")) == ["甲"]
    assert sorted(result_titles(search(client, "晏庄村"))) == ["乙", "甲"]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("3658", "全市3658名在职党员"),
        ("105", "开展宣讲105场"),
        ("1+3", "构建“1+3”农村基层治理体系"),
        ("党员三日+", "推行“党员三日+”"),
        ("ＡＢＣ", "abc 学习平台"),
        ("WeChat群", "建立了WeChat群"),
        ("铜都", "“铜都先锋”宣讲团"),
        ("和尚", "结婚的和尚未结婚的"),  # jieba cuts the text 和/尚未
        ("庄理事", "晏庄村理事会"),  # a fragment across words
    ],
)
def test_mixed_queries_find_their_text(client, stories, query, text):
    StoryPageFactory(parent=stories, title="目标", summary=text)
    StoryPageFactory(parent=stories, title="无关", summary="其他内容")
    assert result_titles(search(client, query)) == ["目标"]


def test_characters_jieba_leaves_alone_are_searched_side_by_side(client, stories):
    StoryPageFactory(parent=stories, title="目标", summary="村庄理事会")
    StoryPageFactory(parent=stories, title="无关", summary="村庄的事，大家评理。")  # 庄 and 理 apart
    assert result_titles(search(client, "庄理")) == ["目标"]  # jieba cuts the query 庄/理


def test_title_matches_rank_first(client, stories):
    for n in range(3):
        StoryPageFactory(parent=stories, title=f"报道{n}", summary="微心愿" * 20 + "认领微心愿，帮群众圆梦。")
    StoryPageFactory(parent=stories, title="微心愿", summary="一句话。")
    assert result_titles(search(client, "微心愿"))[0] == "微心愿"


def test_results_filter_by_type_with_counts(client, profiles, stories):
    ProfilePageFactory(parent=profiles, title="陈志刚", micro_story="牵头成立金湾村庄理事会。")
    StoryPageFactory(parent=stories, title="金湾的故事", summary="金湾理事会。")
    html = search(client, "金湾")
    assert sorted(result_titles(html)) == ["金湾的故事", "陈志刚"]
    assert re.search(r"先锋人物 <span class=\"count\">1</span>", html)
    assert re.search(r"全部 <span class=\"count\">2</span>", html)
    assert result_titles(search(client, "金湾", type="renwu")) == ["陈志刚"]
    assert result_titles(search(client, "金湾", type="zhuanlan")) == ["金湾的故事"]


def test_an_unknown_type_says_so_and_shows_everything(client, stories):
    StoryPageFactory(parent=stories, title="金湾的故事", summary="金湾理事会。")
    html = search(client, "金湾", type="nonsense")
    assert "没有这种内容类型" in html
    assert result_titles(html) == ["金湾的故事"]


def test_finds_lecture_sessions_by_topic_speaker_venue_and_town(client, home_page):
    lecture_index = LectureIndexPage.objects.get()
    team = LectureTeamPageFactory(parent=lecture_index, title="百姓宣讲团", intro="<p>讲身边的好人好事。</p>")
    tour = TourPageFactory(parent=lecture_index, teams=[team])
    speaker = SpeakerFactory(team=team, name="柯于洲")
    session = SessionFactory(
        tour=tour, team=team, topic="学习党章守规矩", venue="金湖街道社区服务中心", speakers=[speaker]
    )
    for query in ("党章", "柯于洲", "服务中心", "茗山乡", "守规矩"):
        html = search(client, query, type="changci")
        assert result_titles(html) == ["学习党章守规矩"], query
    assert f'href="{session.get_url()}"' in search(client, "柯于洲")
    assert result_titles(search(client, "好人好事", type="xuanjiang")) == ["百姓宣讲团"]


def test_results_are_paginated(client, stories):
    for n in range(12):
        StoryPageFactory(parent=stories, title=f"微心愿报道{n}", summary="认领微心愿。")
    first = search(client, "微心愿")
    assert len(result_titles(first)) == 10 and "第 1 / 2 页" in first
    assert "q=%E5%BE%AE%E5%BF%83%E6%84%BF&amp;page=2" in first
    assert len(result_titles(search(client, "微心愿", page=2))) == 2
    results = StoryPage.objects.live().search("微心愿")
    counts = [results.count(), results[10:].count(), results[3:5].count(), results[20:].count()]
    assert counts == [12, 2, 2, 0]


def test_sessions_follow_pages_across_pages(client, stories):
    lecture_index = LectureIndexPage.objects.get()
    team = LectureTeamPageFactory(parent=lecture_index, title="理论宣讲团")
    tour = TourPageFactory(parent=lecture_index, teams=[team])
    for n in range(6):
        StoryPageFactory(parent=stories, title=f"四讲四有报道{n}", summary="学习四讲四有。")
        SessionFactory(tour=tour, team=team, topic=f"四讲四有第{n}讲")
    first, second = search(client, "四讲四有"), search(client, "四讲四有", page=2)
    assert [title.startswith("四讲四有报道") for title in result_titles(first)] == [True] * 6 + [False] * 4
    assert len(result_titles(second)) == 2 and "找到 12 条结果" in second


def test_editors_pin_a_page_for_a_query(client, profiles, stories):
    StoryPageFactory(parent=stories, title="微心愿的故事", summary="认领微心愿。")
    pinned = ProfilePageFactory(parent=profiles, title="张秀梅", micro_story="帮老人修屋。")
    SearchPromotion.objects.create(query=Query.get("微心愿"), page=pinned, description="微心愿认领第一人")
    html = search(client, "微心愿")
    assert result_titles(html) == ["张秀梅", "微心愿的故事"]
    assert "推荐" in html and "微心愿认领第一人" in html
    assert "推荐" in search(client, "微心愿", page=1)  # the 上一页 link carries page=1
    pinned.unpublish()
    assert result_titles(search(client, "微心愿")) == ["微心愿的故事"]


def test_queries_are_counted_once_per_search(client, home_page):
    search(client, "理事会")
    search(client, "理事会")
    search(client, "理事会", page=2)
    search(client, "理事会", type="renwu")
    search(client, "！？")
    assert Query.objects.get(query_string="理事会").hits == 2
    assert list(Query.get_most_popular().values_list("query_string", flat=True)) == ["理事会"]


def count_queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        search(client, query)
    return len(queries)


def test_query_count_does_not_grow_with_results(client, profiles, stories):
    StoryPageFactory(parent=stories, title="一篇", summary="党员先锋岗。")
    ProfilePageFactory(parent=profiles, title="一位", micro_story="党员先锋岗。")
    search(client, "先锋岗")  # fills the caches
    few = count_queries(client, "先锋岗")
    for n in range(8):
        StoryPageFactory(parent=stories, title=f"又一篇{n}", summary="党员先锋岗。")
        ProfilePageFactory(parent=profiles, title=f"又一位{n}", micro_story="党员先锋岗。")
    search(client, "先锋岗")  # the new pages moved the pages' version on: what is remembered is read again
    assert count_queries(client, "先锋岗") == few


def test_drafts_are_not_found_until_published(client, stories):
    story = StoryPageFactory(parent=stories, title="一篇报道", summary="金湾理事会。")
    story.summary = "草稿里写了微心愿。"
    story.save_revision()
    assert result_titles(search(client, "微心愿")) == []
    assert result_titles(search(client, "金湾")) == ["一篇报道"]
    story.get_latest_revision().publish()
    assert result_titles(search(client, "微心愿")) == ["一篇报道"]
    assert result_titles(search(client, "金湾")) == []


def test_unpublished_private_and_deleted_pages_are_never_found(client, stories):
    draft = StoryPageFactory(parent=stories, title="新草稿", summary="微心愿。", live=False)
    unpublished = StoryPageFactory(parent=stories, title="撤下的", summary="微心愿。")
    private = StoryPageFactory(parent=stories, title="内部的", summary="微心愿。")
    deleted = StoryPageFactory(parent=stories, title="删掉的", summary="微心愿。")
    StoryPageFactory(parent=stories, title="公开的", summary="微心愿。")
    unpublished.unpublish()
    private.view_restrictions.create(restriction_type="password", password="secret")
    deleted.delete()
    assert result_titles(search(client, "微心愿")) == ["公开的"]
    api = client.get("/api/v2/pages/", {"search": "微心愿"}).json()
    assert [item["title"] for item in api["items"]] == ["公开的"]
    assert draft.pk not in Page.objects.live().values_list("pk", flat=True)


def test_sessions_of_unpublished_tours_are_not_found(client, home_page):
    lecture_index = LectureIndexPage.objects.get()
    team = LectureTeamPageFactory(parent=lecture_index, title="理论宣讲团")
    tour = TourPageFactory(parent=lecture_index, teams=[team])
    SessionFactory(tour=tour, team=team, topic="学习四讲四有")
    assert result_titles(search(client, "四讲四有")) == ["学习四讲四有"]
    tour.unpublish()
    assert result_titles(search(client, "四讲四有")) == []


def test_a_session_is_found_by_a_speaker_added_after_it_was_created(client, home_page):
    lecture_index = LectureIndexPage.objects.get()
    team = LectureTeamPageFactory(parent=lecture_index, title="理论宣讲团")
    tour = TourPageFactory(parent=lecture_index, teams=[team])
    session = SessionFactory(tour=tour, team=team, topic="学习四讲四有")
    session.speakers = [SpeakerFactory(team=team, name="柯于洲")]
    session.save()
    assert result_titles(search(client, "柯于洲")) == ["学习四讲四有"]
    session.speakers = []
    session.save()
    assert result_titles(search(client, "柯于洲")) == []


def test_the_api_searches_with_the_same_words(client, stories):
    StoryPageFactory(parent=stories, title="三级自治", summary="经过村庄理事会的调解，矛盾没有出村。")
    StoryPageFactory(parent=stories, title="无关", summary="其他内容")
    for query in ("理事会", "村庄 调解", "出村"):
        response = client.get("/api/v2/pages/", {"search": query, "type": "stories.StoryPage"})
        assert [item["title"] for item in response.json()["items"]] == ["三级自治"], query


def test_a_search_after_midnight_in_shanghai_counts_on_shanghais_day(client, home_page):
    # 01:00 on the 3rd in Shanghai is still the 2nd in UTC.
    with mock.patch("django.utils.timezone.now", return_value=dt.datetime(2026, 12, 2, 17, 0, tzinfo=dt.UTC)):
        search(client, "理事会")
        search(client, "理事会")
    hits = QueryDailyHits.objects.get(query__query_string="理事会")
    assert (hits.date, hits.hits) == (dt.date(2026, 12, 3), 2)
