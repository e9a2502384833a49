"""Every page type's schema.org JSON-LD against what Google's rich-result docs ask of its type, its
share meta tags, and the sitemap's dates and session URLs."""

import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree

from lectures.models import LectureIndexPage
from stories.bylines import byline_people
from stories.models import ProfileIndexPage, SeriesIndexPage, StoryIndexPage
from tests.factories import (
    EpisodePageFactory,
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    SpeakerFactory,
    StoryPageFactory,
    TourPageFactory,
)

# Property paths ("a.b": b inside a, in each item of a list) from Google Search Central's structured
# data docs (developers.google.com/search/docs/appearance/structured-data/...). REQUIRED and
# RECOMMENDED are the docs' own lists, less what does not apply to this site (NOT_APPLICABLE, why).
RULES = {
    # .../article: Article, NewsArticle. No property is required; the publisher is ours to name.
    "NewsArticle": {
        "REQUIRED": ["headline", "publisher.name", "publisher.logo.url"],
        "RECOMMENDED": ["author", "author.name", "dateModified", "datePublished", "headline", "image"],
        "NOT_APPLICABLE": {"author.url": "correspondents have no page of their own"},
    },
    # .../video: VideoObject; publication is a BroadcastEvent, which must say whether it is live.
    "VideoObject": {
        "REQUIRED": ["name", "thumbnailUrl", "uploadDate"],
        "RECOMMENDED": [
            "contentUrl",
            "description",
            "duration",
            "embedUrl",
            "publication.isLiveBroadcast",
            "publication.startDate",
            "publisher.name",
            "publisher.logo.url",
        ],
        "NOT_APPLICABLE": {
            "expires": "episodes stay up",
            "hasPart": "episodes have no key moments",
            "interactionStatistic": "no view counts are kept",
            "regionsAllowed": "not restricted",
        },
    },
    # .../event: Event.
    "Event": {
        "REQUIRED": ["location", "location.address", "name", "startDate"],
        "RECOMMENDED": [
            "description",
            "endDate",
            "eventAttendanceMode",
            "eventStatus",
            "image",
            "organizer",
            "organizer.name",
            "organizer.url",
            "performer",
            "performer.name",
        ],
        "NOT_APPLICABLE": {"offers": "lectures are free and need no ticket"},
    },
    # .../profile-page: ProfilePage with a Person or Organization as mainEntity.
    "ProfilePage": {
        "REQUIRED": ["mainEntity", "mainEntity.name"],
        "RECOMMENDED": [
            "dateCreated",
            "dateModified",
            "mainEntity.description",
            "mainEntity.image",
        ],
        "NOT_APPLICABLE": {
            "mainEntity.alternateName": "honourees are named once",
            "mainEntity.identifier": "no public identifier",
            "mainEntity.interactionStatistic": "no followers",
            "mainEntity.agentInteractionStatistic": "no posts",
            "mainEntity.sameAs": "no profiles elsewhere",
        },
    },
}
DATE_PROPERTIES = [
    "datePublished",
    "dateModified",
    "dateCreated",
    "uploadDate",
    "startDate",
    "endDate",
    "publication.startDate",
]
URL_PROPERTIES = ["url", "image", "thumbnailUrl", "contentUrl", "embedUrl", "publisher.logo.url"]


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def tour(home_page):
    index = LectureIndexPage.objects.get()
    team = LectureTeamPageFactory(parent=index, title="理论宣讲团", slug="lilun")
    return TourPageFactory(parent=index, teams=[team])


@pytest.fixture
def pages(tour):
    """A page of each type that carries JSON-LD, by the schema.org type it should carry."""
    team = tour.teams.get()
    profile = publish(ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="胡春生"))
    story = publish(StoryPageFactory(parent=StoryIndexPage.objects.get(), author="通讯员：石教炼"))
    episode = publish(EpisodePageFactory(parent=SeriesIndexPage.objects.get(), profiles=[profile]))
    session = SessionFactory(tour=tour, team=team, speakers=[SpeakerFactory(team=team)])
    return {
        "NewsArticle": story.url,
        "VideoObject": episode.url,
        "Event": session.get_url(),
        "ProfilePage": profile.url,
    }


def json_ld(html):
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


def values(data, path):
    """Every value at a dotted path, through lists on the way."""
    found = [data]
    for key in path.split("."):
        found = [item for value in found for item in (value if isinstance(value, list) else [value])]
        found = [
            value[key] for value in found if isinstance(value, dict) and value.get(key) not in (None, "", [])
        ]
    return found


@pytest.mark.parametrize("schema_type", RULES)
def test_each_page_type_has_the_required_and_recommended_properties(client, pages, schema_type):
    data = json_ld(client.get(pages[schema_type]).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    rules = RULES[schema_type]
    missing = [path for path in rules["REQUIRED"] + rules["RECOMMENDED"] if not values(data, path)]
    assert missing == []


@pytest.mark.parametrize("schema_type", RULES)
def test_dates_are_date_times_with_shanghai_offset_and_urls_are_absolute(client, pages, schema_type):
    data = json_ld(client.get(pages[schema_type]).content.decode())
    dates = [value for path in DATE_PROPERTIES for value in values(data, path)]
    assert dates
    for value in dates:
        parsed = datetime.datetime.fromisoformat(value)
        assert "T" in value and parsed.utcoffset() == datetime.timedelta(hours=8), value
    urls = [value for path in URL_PROPERTIES for value in values(data, path)]
    flat = [url for value in urls for url in (value if isinstance(value, list) else [value])]
    # Which origin they name is tests/site_project's concern; here, that they name one.
    assert flat and all(urlsplit(url).scheme == "http" and urlsplit(url).netloc for url in flat)


def test_the_byline_role_is_a_job_title_and_the_site_the_publisher(client, pages):
    article = json_ld(client.get(pages["NewsArticle"]).content.decode())
    assert article["author"] == [{"@type": "Person", "name": "石教炼", "jobTitle": "通讯员"}]
    assert article["sourceOrganization"] == {"@type": "Organization", "name": "《今日大冶》"}
    assert article["datePublished"] == "2026-09-26T00:00:00+08:00"
    assert article["publisher"]["name"] == "铜都先锋"
    logo = article["publisher"]["logo"]["url"]
    assert logo.endswith(".svg") and client.get(urlsplit(logo).path).status_code == 200


def test_the_video_was_broadcast_not_live(client, pages):
    video = json_ld(client.get(pages["VideoObject"]).content.decode())
    assert video["uploadDate"] == "2026-07-01T00:00:00+08:00"
    assert video["publication"] == {
        "@type": "BroadcastEvent",
        "isLiveBroadcast": False,
        "startDate": "2026-07-01T00:00:00+08:00",
        "publishedOn": {"@type": "BroadcastService", "name": "大冶电视台"},
    }


def test_an_event_without_images_of_its_own_shows_the_sites_share_image(client, pages):
    event = json_ld(client.get(pages["Event"]).content.decode())
    og_image = re.search(
        r'<meta property="og:image" content="([^"]+)"', client.get(pages["Event"]).content.decode()
    )
    assert event["image"] == [og_image.group(1)]


@pytest.mark.parametrize(
    ("byline", "people"),
    [
        ("通讯员 石教炼", [("石教炼", "通讯员")]),
        ("通讯员：石教炼", [("石教炼", "通讯员")]),
        ("特约通讯员 王明", [("王明", "特约通讯员")]),
        ("记者 张三 通讯员 李四、王五", [("张三", "记者"), ("李四", "通讯员"), ("王五", "通讯员")]),
        ("石教炼", [("石教炼", None)]),
        ("", []),
    ],
)
def test_a_byline_is_read_into_names_and_roles(byline, people):
    assert [(person["name"], person.get("jobTitle")) for person in byline_people(byline)] == people


def test_every_page_type_has_a_large_twitter_card(client, pages, tour):
    paths = [
        "/",
        "/xianfeng/",
        "/zhuanlan/",
        "/shipin/",
        "/xuanjiang/",
        tour.url,
        tour.teams.get().url,
        "/xianfeng/rongyubang/2026/",
        "/search/?q=先锋",
        *pages.values(),
    ]
    for path in paths:
        html = client.get(path).content.decode()
        og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
        assert '<meta name="twitter:card" content="summary_large_image">' in html, path
        assert f'<meta name="twitter:image" content="{og_image}">' in html, path


def test_the_sitemap_has_session_urls_and_dates_with_an_offset(client, pages, tour):
    response = client.get("/sitemap.xml")
    tree = ElementTree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmods = [element.text for element in tree.iterfind("s:url/s:lastmod", ns)]
    assert lastmods
    for value in lastmods:
        assert datetime.datetime.fromisoformat(value).utcoffset() == datetime.timedelta(hours=8), value
    locations = [element.text for element in tree.iterfind("s:url/s:loc", ns)]
    session_urls = [url for url in locations if url.startswith(tour.full_url) and url != tour.full_url]
    assert [urlsplit(url).path for url in session_urls] == [pages["Event"]]
    assert client.get(pages["Event"]).status_code == 200
