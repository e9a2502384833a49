"""What any client may send the API: a malformed parameter is a 400 that says what is wrong in
Chinese, never a 500; browsers on the configured origins only may read it (CORS), and only /api/."""

import re

from django.test import override_settings

import pytest

from tests.factories import LectureTeamPageFactory, ProfilePageFactory, SessionFactory, TourPageFactory
from tests.site_project.test_settings import settings_of

SCREEN = "https://screen.example.cn"


@pytest.fixture
def site(home_page):
    sections = {page.slug: page for page in home_page.get_children()}
    ProfilePageFactory(parent=sections["xianfeng"])
    team = LectureTeamPageFactory(parent=sections["xuanjiang"], title="理论宣讲团")
    SessionFactory(tour=TourPageFactory(parent=sections["xuanjiang"], teams=[team]), team=team)
    return home_page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("/api/v2/pages/?fields=nope", "没有这些字段：nope。"),
        ("/api/v2/pages/?fields=title(", "fields 参数的格式不正确"),
        ("/api/v2/pages/?fields=title(id)", "字段 title 没有下级字段。"),
        ("/api/v2/pages/?type=stories.ProfilePage&fields=body", "没有这些字段：body。"),
        ("/api/v2/pages/?nope=1", "不认识的查询参数：nope。"),
        ("/api/v2/pages/?type=nope.Nope", "没有这种页面类型"),
        ("/api/v2/pages/?type=stories.ProfilePage&year=abc", "year 的值“abc”不正确。"),
        ("/api/v2/pages/?type=stories.ProfilePage&town=%00", "town 的值"),
        ("/api/v2/pages/?type=stories.ProfilePage&unit=%00", "unit 里不能有空字符。"),
        ("/api/v2/pages/?limit=51", "limit 不能大于 50。"),
        ("/api/v2/pages/?limit=99999999999999999999", "limit 不能大于 50。"),
        ("/api/v2/pages/?offset=-1", "offset 要是正整数。"),
        ("/api/v2/pages/?offset=99999999999999999999", "offset 不能大于 1000000。"),
        ("/api/v2/pages/?order=nope", "不能按 nope 排序。"),
        ("/api/v2/pages/?child_of=abc", "child_of 要是正整数。"),
        ("/api/v2/pages/?child_of=999999", "没有这个页面。"),
        ("/api/v2/pages/?rich_text_format=pdf", "rich_text_format 只能是"),
        ("/api/v2/images/?fields=nope", "没有这些字段：nope。"),
        ("/api/v2/sessions/?date_from=2026-02-30", "date_from 要是 2026-12-03 这样的日期。"),
        ("/api/v2/sessions/?date_to=%00", "date_to 要是 2026-12-03 这样的日期。"),
        ("/api/v2/sessions/?date_from=99999-01-01", "date_from 要是 2026-12-03 这样的日期。"),
        ("/api/v2/sessions/?tour=nope", "没有这个巡讲：nope。"),
        ("/api/v2/sessions/?tour=99999999999999999999", "没有这个巡讲：99999999999999999999。"),
        ("/api/v2/sessions/?tour=%00", "没有这个巡讲"),
        ("/api/v2/sessions/?team=%E5%85%9A", "没有这个宣讲团：党。"),
        ("/api/v2/sessions/?town=atlantis", "没有这个乡镇（街道）：atlantis。"),
        ("/api/v2/sessions/?kind=school", "kind 不认识“school”，可选：jiguan（机关）"),
        ("/api/v2/sessions/?state=held,done", "state 不认识“done”"),
        ("/api/v2/sessions/?order=topic", "order 只能是 start"),
        ("/api/v2/sessions/?limit=99999999999999999999", "limit 不能大于 50。"),
        ("/api/v2/sessions/?offset=99999999999999999999", "offset 不能大于 1000000。"),
        ("/api/v2/sessions/?fields=nope", "没有这些字段：nope。"),
        ("/api/v2/sessions/?topic=x", "不认识的查询参数：topic。"),
        ("/api/v2/sessions/?search_operator=or", "不认识的查询参数：search_operator。"),
    ],
)
def test_a_bad_parameter_is_a_400_saying_what_is_wrong_in_chinese(client, site, query, message):
    response = client.get(query)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["message"].startswith(message)


def test_every_message_is_chinese(client, site):
    """Whatever Wagtail says in English reaches the reader in Chinese (BAD_QUERY at the least)."""
    for query in [
        "/api/v2/pages/?order=random&offset=1",
        "/api/v2/pages/?search=a&tags=b",
        "/api/v2/pages/?x=1",
    ]:
        response = client.get(query)
        assert response.status_code == 400
        assert re.search(r"[\u4e00-\u9fff]", response.json()["message"]), response.json()


def test_what_is_not_there_is_a_404_in_chinese(client, site):
    for url in ["/api/v2/sessions/999999/", "/api/v2/pages/999999/", "/api/v2/images/999999/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"message": "没有找到这项内容。"}


@override_settings(CORS_ALLOWED_ORIGINS=[SCREEN])
@pytest.mark.parametrize("path", ["/api/v2/pages/", "/api/v2/images/", "/api/v2/sessions/"])
def test_a_configured_origin_may_read_the_api_from_a_browser(client, site, path):
    response = client.get(path, HTTP_ORIGIN=SCREEN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == SCREEN
    assert "origin" in response["Vary"].lower()
    preflight = client.options(path, HTTP_ORIGIN=SCREEN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == SCREEN
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


@override_settings(CORS_ALLOWED_ORIGINS=[SCREEN])
def test_other_origins_and_other_paths_are_refused(client, site):
    refused = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example.com")
    assert refused.status_code == 200 and "Access-Control-Allow-Origin" not in refused
    preflight = client.options(
        "/api/v2/pages/", HTTP_ORIGIN="https://evil.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in preflight
    for path in ["/", "/xianfeng/", "/search/?q=先锋"]:
        assert "Access-Control-Allow-Origin" not in client.get(path, HTTP_ORIGIN=SCREEN)


def test_no_origin_is_allowed_unless_configured(client, site):
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/pages/", HTTP_ORIGIN=SCREEN)


@pytest.mark.slow  # a Python process of its own
def test_the_origins_come_from_api_cors_origins():
    (origins,) = settings_of(["CORS_ALLOWED_ORIGINS"], API_CORS_ORIGINS=f"{SCREEN},https://h5.example.cn")
    assert origins == repr([SCREEN, "https://h5.example.cn"])
    assert settings_of(["CORS_ALLOWED_ORIGINS"]) == ["[]"]
