"""/api/v2/sessions/ on the demo's tour: the coming sessions by default, each filter, times with
+08:00, the site's Chinese search, pages and calendars at the URLs given, and nothing of a tour the
public may not see."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from lectures.models import LectureIndexPage, Session, SessionState, TourPage
from stories.models import Town
from tests.factories import SessionFactory, TourPageFactory

pytestmark = pytest.mark.slow  # reads the demo, loaded once per session

ALL = {"date_from": "2000-01-01"}  # a date range: every date, whatever the state


def sessions(client, **params):
    """Every item of the listing, page after page (the API gives at most 50 at once)."""
    items, offset = [], 0
    while True:
        response = client.get("/api/v2/sessions/", {"fields": "*", "limit": 50, "offset": offset, **params})
        assert response.status_code == 200, response.content[:300]
        page = response.json()
        items += page["items"]
        offset += 50
        if offset >= page["meta"]["total_count"]:
            assert len(items) == page["meta"]["total_count"]
            return items


def starts(item):
    return datetime.datetime.fromisoformat(item["starts_at"])


def test_the_coming_sessions_by_default_in_order_of_time_with_shanghai_offsets(client, demo_site):
    items = sessions(client)
    today = timezone.localdate()
    assert (
        len(items) == Session.objects.filter(date__gte=today).exclude(state=SessionState.HELD).count() >= 30
    )
    assert all(starts(item).date() >= today and item["state"]["value"] != "held" for item in items)
    assert [starts(item) for item in items] == sorted(starts(item) for item in items)
    for item in items:
        assert item["starts_at"].endswith("+08:00") and item["ends_at"].endswith("+08:00")
        session = Session.objects.get(pk=item["id"])
        assert item["starts_at"] == f"{session.date}T{session.start:%H:%M:%S}+08:00"
        assert item["topic"] == session.topic and item["venue"] == session.venue


def test_a_listing_gives_the_card_and_fields_star_everything(client, demo_site):
    card = client.get("/api/v2/sessions/", {"limit": 1}).json()["items"][0]
    assert set(card) == {"id", "meta", "topic", "starts_at", "ends_at", "state", "town", "venue"}
    assert set(card["meta"]) == {"type", "detail_url", "html_url", "ics_url"}
    (full,) = client.get("/api/v2/sessions/", {"limit": 1, "fields": "*"}).json()["items"]
    assert set(full) - set(card) == {
        *("moved_from", "tour", "team", "speakers", "venue_kind"),
        *("notes", "audience", "report", "cancel_reason"),
    }
    (chosen,) = client.get("/api/v2/sessions/", {"limit": 1, "fields": "_,topic,speakers"}).json()["items"]
    assert set(chosen) == {"topic", "speakers"}


def test_a_held_session_in_detail_with_its_report_speakers_page_and_calendar(client, demo_site):
    session = Session.objects.filter(state=SessionState.HELD).order_by("date").first()
    data = client.get(f"/api/v2/sessions/{session.pk}/").json()
    assert data["state"] == {"value": "held", "label": "已举办"}
    assert (data["audience"], data["report"]) == (session.audience, session.report)
    assert data["tour"]["slug"] == "bai-chang-xun-jiang"
    assert data["team"] == {
        "id": session.team_id,
        "title": session.team.title,
        "slug": session.team.slug,
        "html_url": f"{settings.WAGTAILAPI_BASE_URL}{session.team.url}",
    }
    assert [speaker["name"] for speaker in data["speakers"]] == sorted(s.name for s in session.speakers.all())
    assert data["town"]["name"] == session.town.name
    assert data["venue_kind"] == {"value": session.venue_kind, "label": session.get_venue_kind_display()}
    page = client.get(urlsplit(data["meta"]["html_url"]).path)
    assert page.status_code == 200 and session.topic in page.content.decode()
    calendar = client.get(urlsplit(data["meta"]["ics_url"]).path)
    assert calendar["Content-Type"].startswith("text/calendar")
    assert f"SUMMARY:{session.topic}" in calendar.content.decode()


def test_a_moved_session_gives_the_time_first_announced(client, demo_site):
    moved = Session.objects.get(state=SessionState.MOVED)
    (item,) = sessions(client, state="moved")
    assert item["id"] == moved.pk
    assert item["moved_from"] == {
        "starts_at": f"{moved.previous_date}T{moved.previous_start:%H:%M:%S}+08:00",
        "ends_at": f"{moved.previous_date}T{moved.previous_end:%H:%M:%S}+08:00",
    }
    assert item["starts_at"] != item["moved_from"]["starts_at"]
    assert all(item["moved_from"] is None for item in sessions(client, state="planned"))


def test_a_cancelled_session_says_why(client, demo_site):
    (item,) = sessions(client, state="cancelled", **ALL)
    assert item["state"]["label"] == "已取消"
    assert item["cancel_reason"] == Session.objects.get(pk=item["id"]).cancel_reason != ""


@pytest.mark.parametrize(
    ("param", "value", "check"),
    [
        ("tour", "bai-chang-xun-jiang", lambda item: item["tour"]["slug"] == "bai-chang-xun-jiang"),
        ("team", "lilun", lambda item: item["team"]["slug"] == "lilun"),
        ("town", "mingshan-xiang", lambda item: item["town"]["name"] == "茗山乡"),
        ("kind", "xuexiao", lambda item: item["venue_kind"]["label"] == "学校"),
        ("kind", "xuexiao,qiye", lambda item: item["venue_kind"]["value"] in {"xuexiao", "qiye"}),
        ("state", "held", lambda item: item["state"]["value"] == "held"),
        ("state", "planned,moved", lambda item: item["state"]["value"] in {"planned", "moved"}),
    ],
)
def test_each_filter_keeps_what_it_names_and_only_that(client, demo_site, param, value, check):
    everything = sessions(client, **ALL)
    kept = sessions(client, **ALL, **{param: value})
    assert kept and all(check(item) for item in kept)
    assert [item["id"] for item in kept] == [item["id"] for item in everything if check(item)]


def test_tours_teams_and_towns_are_named_by_id_or_slug(client, demo_site):
    tour = TourPage.objects.get(slug="bai-chang-xun-jiang")
    team, town = tour.teams.get(slug="baixing"), Town.objects.get(slug="mingshan-xiang")
    by_id = sessions(client, tour=tour.pk, team=team.pk, town=town.pk, **ALL)
    by_slug = sessions(client, tour=tour.slug, team=team.slug, town=town.slug, **ALL)
    assert by_id and [item["id"] for item in by_id] == [item["id"] for item in by_slug]


def test_a_date_range_replaces_the_coming_ones(client, demo_site):
    today = timezone.localdate()
    week_ago, in_a_week = today - datetime.timedelta(days=7), today + datetime.timedelta(days=7)
    items = sessions(client, date_from=week_ago.isoformat(), date_to=in_a_week.isoformat())
    expected = Session.objects.filter(date__range=(week_ago, in_a_week))
    assert [item["id"] for item in items] == list(
        expected.order_by("date", "start", "number").values_list("pk", flat=True)
    )
    assert {item["state"]["value"] for item in items} >= {"held", "planned"}
    held = sessions(client, state="held", date_to=today.isoformat())
    assert len(held) == 68


def test_newest_first_on_request(client, demo_site):
    forward = sessions(client, **ALL)
    backward = sessions(client, **ALL, order="-start")
    assert [item["id"] for item in backward] == [item["id"] for item in reversed(forward)]


def test_the_site_s_chinese_search_finds_sessions(client, demo_site):
    """A place inside a venue's name and a speaker's name, as /search/ finds them (宣讲场次)."""
    found = sessions(client, search="茗山", **ALL)
    assert all("茗山" in item["venue"] + item["town"]["name"] + item["topic"] for item in found)
    in_mingshan = Session.objects.filter(town__name="茗山乡").values_list("pk", flat=True)
    assert set(in_mingshan) <= {item["id"] for item in found} and in_mingshan
    by_speaker = sessions(client, search="胡春燕", **ALL)
    assert {item["id"] for item in by_speaker} == set(
        Session.objects.filter(speakers__name="胡春燕").values_list("pk", flat=True)
    )
    coming = sessions(client, search="胡春燕")
    assert {item["id"] for item in coming} < {item["id"] for item in by_speaker}
    assert sessions(client, search="没有这个词语的宣讲") == []


def test_sessions_of_an_unpublished_or_private_tour_are_nowhere(client, demo_site):
    index = LectureIndexPage.objects.get()
    team = TourPage.objects.get().teams.first()
    draft = TourPageFactory(parent=index, title="筹备中的巡讲", slug="chou-bei", live=False, teams=[team])
    private = TourPageFactory(parent=index, title="内部巡讲", slug="nei-bu", teams=[team])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    hidden = [
        SessionFactory(tour=tour, team=team, number=1, date=timezone.localdate() + datetime.timedelta(days=1))
        for tour in (draft, private)
    ]
    listed = {item["id"] for item in sessions(client, **ALL)}
    assert listed == set(
        Session.objects.filter(tour__slug="bai-chang-xun-jiang").values_list("pk", flat=True)
    )
    for session in hidden:
        assert client.get(f"/api/v2/sessions/{session.pk}/").status_code == 404
        assert session.pk not in {item["id"] for item in sessions(client, search=session.topic, **ALL)}
    for slug in ("chou-bei", "nei-bu"):
        response = client.get("/api/v2/sessions/", {"tour": slug})
        assert response.status_code == 400
        assert response.json()["message"] == f"没有这个巡讲：{slug}。"
