"""Every endpoint of the API reads as many SQL queries for 25 items as for 5, with every field."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from lectures.models import VenueKind
from tests.factories import (
    EpisodePageFactory,
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    SiteImageFactory,
    SpeakerFactory,
    StoryPageFactory,
    TourPageFactory,
)

pytestmark = pytest.mark.slow  # builds 25 pages of each type, with their images

ITEMS = 25
ENDPOINTS = [
    "/api/v2/pages/?fields=*",
    "/api/v2/pages/?type=stories.ProfilePage&fields=*",
    "/api/v2/pages/?type=stories.StoryPage&fields=*",
    "/api/v2/pages/?type=stories.EpisodePage&fields=*",
    "/api/v2/pages/?type=lectures.LectureTeamPage&fields=*",
    "/api/v2/pages/?type=lectures.TourPage&fields=*",
    "/api/v2/pages/?type=stories.ProfilePage&fields=*&search=杨桥村",
    "/api/v2/images/?fields=*",
    "/api/v2/sessions/?fields=*",
    "/api/v2/sessions/?fields=*&search=学党章",
    "/api/v2/sessions/?fields=*&date_from=2026-01-01&town=mingshan-xiang&kind=xuexiao&state=planned",
]


def build(home_page):
    """ITEMS of each page type, each with its own images, tags, linked profiles, speakers; and as
    many sessions of live tours."""
    sections = {page.slug: page.specific for page in home_page.get_children()}
    profiles = [
        ProfilePageFactory(parent=sections["xianfeng"], tags=[f"标签{n}", "党员"]) for n in range(ITEMS)
    ]
    for n in range(ITEMS):
        pair = profiles[n : n + 2]
        StoryPageFactory(parent=sections["zhuanlan"], tags=["党员"], profiles=pair)
        EpisodePageFactory(parent=sections["shipin"], profiles=pair)
    teams = []
    for n in range(ITEMS):
        team = LectureTeamPageFactory(parent=sections["xuanjiang"], title=f"宣讲团{n}", slug=f"team-{n}")
        for name in ("甲", "乙"):
            SpeakerFactory(team=team, name=f"{name}{n}", photo=SiteImageFactory(), profile=profiles[n])
        teams.append(team)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for n in range(ITEMS):
        tour = TourPageFactory(
            parent=sections["xuanjiang"], title=f"巡讲{n}", slug=f"tour-{n}", teams=teams[n : n + 2]
        )
        for number in (1, 2):
            SessionFactory(
                tour=tour,
                team=teams[n],
                number=number,
                date=tomorrow + datetime.timedelta(days=n),
                venue_kind=VenueKind.SCHOOL,
                speakers=list(teams[n].speakers.all()),
            )


def warm_queries(client, url):
    assert client.get(url).status_code == 200, url  # makes the renditions, fills what a process keeps
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), len(response.json()["items"])


def test_each_endpoint_reads_as_many_queries_for_25_items_as_for_5(client, home_page):
    build(home_page)
    few, many = {}, {}
    for endpoint in ENDPOINTS:
        few[endpoint], shown = warm_queries(client, f"{endpoint}&limit=5")
        assert shown == 5, endpoint
        many[endpoint], shown = warm_queries(client, f"{endpoint}&limit={ITEMS}")
        assert shown == ITEMS, endpoint
    assert many == few
