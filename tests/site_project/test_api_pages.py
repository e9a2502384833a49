"""The pages and images of the API as a mini-program reads them from the demo: each page type's own
fields, images as renditions at absolute URLs that serve pictures of the size they state, the video
and its subtitles at URLs that serve them, and nothing a reader may not see."""

import io
from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Page, PageViewRestriction

import pytest
from PIL import Image

from lectures.models import LectureTeamPage, Speaker, TourPage
from stories.models import EpisodePage, ProfilePage, StoryPage

pytestmark = pytest.mark.slow  # reads the demo, loaded once per session

ORIGIN = settings.WAGTAILAPI_BASE_URL


def detail(client, page, **params):
    response = client.get(f"/api/v2/pages/{page.pk}/", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def fetched(client, url):
    """What the site serves at an absolute URL of its own."""
    assert url.startswith(ORIGIN + "/"), url
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_renditions(client, image, sizes):
    """Each named rendition serves a JPEG of the width and height it states."""
    assert set(image["renditions"]) == set(sizes)
    for name, (width, height) in sizes.items():
        rendition = image["renditions"][name]
        assert (rendition["width"], rendition["height"]) == (width, height)
        with Image.open(io.BytesIO(fetched(client, rendition["full_url"]))) as picture:
            assert (picture.format, picture.size) == ("JPEG", (width, height))


PORTRAIT_SIZES = {"small": (240, 300), "medium": (480, 600), "large": (640, 800)}
WIDE_SIZES = {"small": (400, 225), "medium": (800, 450), "large": (1200, 675)}


def test_the_home_page_gives_its_heading_figures_and_image(client, demo_site):
    data = client.get("/api/v2/pages/", {"type": "home.HomePage", "fields": "*"}).json()["items"][0]
    assert data["hero_heading"] == "铜都先锋"
    assert data["hero_text"].startswith("以“四讲四有”为标尺")
    assert data["hero_link_text"] == "看先锋榜"
    figures = [figure["value"] for figure in data["figures"]]
    assert figures[0] == {"number": 3921, "unit": "名", "label": "在职党员进社区报到"}
    assert {"number": 105, "unit": "场", "label": "理论和百姓宣讲"} in figures
    assert_renditions(client, data["hero_image"], WIDE_SIZES)


def test_a_profile_gives_its_honour_year_town_unit_portrait_and_story(client, demo_site):
    profile = ProfilePage.objects.get(slug="chen-zhi-gang")
    data = detail(client, profile)
    assert data["title"] == "陈志刚"
    assert data["honour"] == {
        "id": profile.honour_id,
        "name": "优秀共产党员",
        "slug": "youxiu-gongchandangyuan",
        "honours_organisations": False,
    }
    assert (data["year"], data["unit"]) == (2026, "杨桥村")
    assert data["town"] == {"id": profile.town_id, "name": "茗山乡", "slug": "mingshan-xiang"}
    assert data["micro_story"] == profile.micro_story
    assert data["tags"] == sorted(tag.name for tag in profile.tags.all()) != []
    assert data["portrait"]["id"] == profile.portrait_id
    assert_renditions(client, data["portrait"], PORTRAIT_SIZES)
    blocks = {block["type"]: block["value"] for block in data["body"]}
    assert blocks["paragraph"].startswith("<p>")  # rendered HTML
    assert blocks["quote"] == {"text": "把群众的小事当成自己的大事。", "attribution": "陈志刚"}


def test_an_organisation_s_honour_says_so(client, demo_site):
    branch = ProfilePage.objects.get(title="茗山乡晏庄村党支部")
    assert detail(client, branch)["honour"]["honours_organisations"] is True


def test_the_profile_list_filters_by_honour_year_and_town(client, demo_site):
    profile = ProfilePage.objects.get(slug="chen-zhi-gang")
    listing = client.get(
        "/api/v2/pages/",
        {
            "type": "stories.ProfilePage",
            "fields": "honour,year,town,portrait",
            "honour": profile.honour_id,
            "year": 2026,
            "town": profile.town_id,
        },
    ).json()
    expected = ProfilePage.objects.live().filter(honour=profile.honour, year=2026, town=profile.town)
    assert listing["meta"]["total_count"] == expected.count() > 0
    assert {item["title"] for item in listing["items"]} == {page.title for page in expected}
    assert all(item["town"]["name"] == "茗山乡" for item in listing["items"])
    assert "body" not in listing["items"][0]  # a listing is for cards


def test_a_story_gives_its_column_date_byline_source_and_profiles(client, demo_site):
    story = StoryPage.objects.get(slug="yishang-shuaixia")
    data = detail(client, story)
    assert data["column"] == {"id": story.column_id, "name": "铜都先锋", "slug": "tongdu-xianfeng"}
    assert data["date"] == story.date.isoformat()
    assert (data["author"], data["source"]) == ("通讯员 石教炼", "《今日大冶》")
    assert data["summary"] == story.summary
    assert_renditions(client, data["lead_image"], WIDE_SIZES)
    assert [block["type"] for block in data["body"]] == [block.block_type for block in story.body]
    assert "“1+3”农村基层治理改革试点" in data["body"][0]["value"]
    profiles = [link.profile for link in story.profile_links.all()]
    assert data["profiles"] == [
        {"id": p.pk, "title": p.title, "slug": p.slug, "html_url": f"{ORIGIN}{p.url}"} for p in profiles
    ]
    assert fetched(client, data["profiles"][0]["html_url"])


def test_an_episode_gives_its_video_poster_subtitles_and_profiles(client, demo_site):
    episode = EpisodePage.objects.get(slug="di-1-ji")
    data = detail(client, episode)
    video = data["video"]
    assert video["type"] == "video/mp4"
    assert (video["duration"], video["width"], video["height"]) == (
        episode.video.duration,
        episode.video.width,
        episode.video.height,
    )
    assert video["duration"] > 0 and video["width"] > video["height"] > 0
    assert fetched(client, video["url"])[4:8] == b"ftyp"  # an MP4
    assert fetched(client, video["subtitles_url"]).decode().startswith("WEBVTT")
    assert data["poster"]["id"] == episode.get_poster().pk
    assert_renditions(client, data["poster"], WIDE_SIZES)
    assert (data["number"], data["aired_on"], data["aired_at"]) == (
        1,
        "大冶电视台",
        episode.aired_at.isoformat(),
    )
    assert "陈志刚" in [profile["title"] for profile in data["profiles"]]


def test_a_team_gives_its_members_with_photos_and_profiles(client, demo_site):
    team = LectureTeamPage.objects.get(slug="tongdu-xianfeng")
    data = detail(client, team)
    members = {member["name"]: member for member in data["members"]}
    assert set(members) == set(team.speakers.values_list("name", flat=True))
    chen = members["陈志刚"]
    assert chen["title"] == "茗山乡晏庄村党支部书记"
    assert chen["profile"]["html_url"] == f"{ORIGIN}/xianfeng/chen-zhi-gang/"
    assert_renditions(client, chen["photo"], PORTRAIT_SIZES)
    assert fetched(client, data["calendar_url"]).startswith(b"BEGIN:VCALENDAR")


def test_a_tour_gives_its_period_progress_and_teams(client, demo_site):
    tour = TourPage.objects.get(slug="bai-chang-xun-jiang")
    data = detail(client, tour)
    assert (data["starts_on"], data["ends_on"]) == (tour.starts_on.isoformat(), tour.ends_on.isoformat())
    assert data["progress"] == {
        "target": 105,
        "total": 105,
        "planned": 35,
        "held": 68,
        "moved": 1,
        "cancelled": 1,
        "percent": 65,
    }
    assert [team["slug"] for team in data["teams"]] == ["tongdu-xianfeng", "lilun", "baixing"]
    assert data["intro"].startswith("<p>三个宣讲团")
    assert fetched(client, data["calendar_url"]).startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("slug", ["xianfeng", "zhuanlan", "shipin", "xuanjiang"])
def test_a_section_gives_its_introduction_as_html(client, demo_site, slug):
    section = Page.objects.get(slug=slug, depth=3).specific
    assert detail(client, section)["intro"] == section.intro != ""


def test_images_have_absolute_download_urls_and_renditions(client, demo_site):
    items = client.get("/api/v2/images/", {"fields": "*", "limit": 50}).json()["items"]
    portrait = next(
        item for item in items if item["id"] == ProfilePage.objects.get(slug="chen-zhi-gang").portrait_id
    )
    with Image.open(io.BytesIO(fetched(client, portrait["meta"]["download_url"]))) as original:
        assert original.size == (portrait["width"], portrait["height"])
    assert portrait["credit"] == "系统生成（示例）"
    assert set(portrait["renditions"]) == {"small", "medium", "large"}
    assert portrait["renditions"]["small"]["width"] == 400


def test_unpublished_and_private_pages_are_left_out_of_links(client, demo_site):
    story = StoryPage.objects.get(slug="yishang-shuaixia")
    draft, private, shown = (link.profile for link in story.profile_links.all()[:3])
    draft.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    Speaker.objects.filter(profile__slug="chen-zhi-gang").update(profile=draft)
    links = [profile["id"] for profile in detail(client, story)["profiles"]]
    assert draft.pk not in links and private.pk not in links and shown.pk in links
    members = detail(client, LectureTeamPage.objects.get(slug="tongdu-xianfeng"))["members"]
    assert next(member for member in members if member["name"] == "陈志刚")["profile"] is None
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404
