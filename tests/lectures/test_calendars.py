import datetime
import re
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import icalendar
import pytest

from lectures.models import Session
from stories.models import Town
from tests.factories import SessionFactory, SpeakerFactory, TourPageFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def session(tour, teams, speaker):
    return SessionFactory(tour=tour, team=teams[0], speakers=[speaker])


@pytest.fixture
def other_tour(lecture_index, teams):
    return TourPageFactory(
        parent=lecture_index, title="理论宣讲进基层", slug="li-lun-jin-ji-ceng", teams=teams
    )


def get_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def only_event(calendar):
    [event] = calendar.walk("VEVENT")
    return event


def uids(calendar):
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def page_canonical(client, url):
    html = client.get(url).content.decode()
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


def event_url(session):
    return f"{session.tour.url}{session.number}.ics"


@pytest.mark.django_db
def test_a_session_downloads_as_one_event_in_shanghai_time(client, session, teams):
    """添加到日历 gives an attachment with one VEVENT at 09:00 Asia/Shanghai and its VTIMEZONE."""
    response = client.get(event_url(session))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="bai-chang-xun-jiang-{session.number}.ics"'
    )
    assert b"\r\n" in response.content

    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Asia/Shanghai"

    event = only_event(calendar)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event["DTEND"].params["TZID"] == "Asia/Shanghai"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, start.minute, start.utcoffset()) == (9, 0, datetime.timedelta(hours=8))
    assert start == datetime.datetime(2026, 12, 3, 9, tzinfo=SHANGHAI)
    assert end == datetime.datetime(2026, 12, 3, 10, 30, tzinfo=SHANGHAI)
    assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
    assert event.decoded("CREATED") and event.decoded("LAST-MODIFIED")
    assert str(event["UID"]) == f"xuanjiang-session-{session.pk}@xuanjiang.tongdu-xianfeng.daye"
    assert event.decoded("SEQUENCE") == 0
    assert str(event["SUMMARY"]) == "学党章守规矩"
    assert str(event["STATUS"]) == "CONFIRMED"
    location = str(event["LOCATION"])
    assert "茗山乡中心小学" in location and "茗山乡" in location and "大冶市" in location
    description = str(event["DESCRIPTION"])
    assert "王明（市委党校讲师）" in description
    assert "“铜都先锋”宣讲团" in description

    page_url = page_canonical(client, f"{session.tour.url}{session.number}/")
    assert page_url.startswith("http")
    assert page_url.endswith(f"/xuanjiang/bai-chang-xun-jiang/{session.number}/")
    assert str(event["URL"]) == page_url
    assert page_url in description


@pytest.mark.django_db
def test_the_uid_stays_when_the_time_and_the_tour_slug_change(client, session, tour):
    """A move keeps the UID, raises SEQUENCE, shows the new time and names the time first announced."""
    before = only_event(get_calendar(client, event_url(session)))

    session = Session.objects.get(pk=session.pk)
    session.date = datetime.date(2026, 12, 5)
    session.start, session.end = datetime.time(14), datetime.time(15)
    session.save()
    tour.slug = "tongdu-xianfeng-xun-jiang"
    tour.save_revision().publish()

    session = Session.objects.select_related("tour").get(pk=session.pk)
    assert session.tour.url == "/xuanjiang/tongdu-xianfeng-xun-jiang/"
    after = only_event(get_calendar(client, event_url(session)))
    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert after.decoded("DTSTART") == datetime.datetime(2026, 12, 5, 14, tzinfo=SHANGHAI)
    assert str(after["SUMMARY"]) == "【已改期】学党章守规矩"
    assert str(after["STATUS"]) == "CONFIRMED"
    assert "原定时间：2026年12月3日 周四 09:00—10:30" in str(after["DESCRIPTION"])
    assert str(after["URL"]).endswith(f"/xuanjiang/tongdu-xianfeng-xun-jiang/{session.number}/")


@pytest.mark.django_db
def test_a_cancelled_session_stays_in_the_feed_as_cancelled(client, session, tour):
    """Subscribed calendars drop a cancelled session: it stays in the feed, CANCELLED, with a higher SEQUENCE."""
    feed = tour.url + "rili.ics"
    before = only_event(get_calendar(client, feed))
    session.cancel("学校临时停课。")

    after = only_event(get_calendar(client, feed))
    assert str(after["UID"]) == str(before["UID"])
    assert str(after["STATUS"]) == "CANCELLED"
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert str(after["SUMMARY"]) == "【已取消】学党章守规矩"
    assert "取消原因：学校临时停课。" in str(after["DESCRIPTION"])


@pytest.mark.django_db
def test_the_tour_feed_is_a_named_cacheable_subscription(client, session, tour, other_tour, teams):
    """The tour feed is served inline with its name, time zone and refresh hints, and only its sessions."""
    SessionFactory(tour=other_tour, team=teams[1])
    second = SessionFactory(tour=tour, team=teams[1], date=datetime.date(2026, 12, 10))

    response = client.get(tour.url + "rili.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="bai-chang-xun-jiang.ics"'
    assert "public" in response["Cache-Control"]
    assert "max-age=600" in response["Cache-Control"]
    text = response.content.decode()
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in text
    assert "\r\nX-PUBLISHED-TTL:PT6H\r\n" in text

    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "“铜都先锋”百场巡讲"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [str(timezone["TZID"]) for timezone in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert [str(event["UID"]) for event in calendar.walk("VEVENT")] == [
        f"xuanjiang-session-{session.pk}@xuanjiang.tongdu-xianfeng.daye",
        f"xuanjiang-session-{second.pk}@xuanjiang.tongdu-xianfeng.daye",
    ]


@pytest.mark.django_db
def test_an_unchanged_feed_answers_304(client, session, tour):
    """A calendar app that sends back the ETag gets 304 until a session changes."""
    feed = tour.url + "rili.ics"
    etag = client.get(feed)["ETag"]
    assert client.get(feed)["ETag"] == etag
    not_modified = client.get(feed, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert "max-age=600" in not_modified["Cache-Control"]

    session.cancel("学校临时停课。")
    assert client.get(feed, headers={"if-none-match": etag}).status_code == 200


@pytest.mark.django_db
def test_the_team_feed_has_the_team_sessions_of_live_tours_only(client, session, tour, other_tour, teams):
    hidden = TourPageFactory(parent=session.tour.get_parent(), title="草稿巡讲", slug="cao-gao", teams=teams)
    elsewhere = SessionFactory(tour=other_tour, team=teams[0])
    SessionFactory(tour=tour, team=teams[1])
    SessionFactory(tour=hidden, team=teams[0])
    hidden.unpublish()

    calendar = get_calendar(client, teams[0].url + "rili.ics")
    assert str(calendar["X-WR-CALNAME"]) == "“铜都先锋”宣讲团"
    assert uids(calendar) == {
        f"xuanjiang-session-{session.pk}@xuanjiang.tongdu-xianfeng.daye",
        f"xuanjiang-session-{elsewhere.pk}@xuanjiang.tongdu-xianfeng.daye",
    }


@pytest.mark.django_db
def test_the_town_feed_has_the_town_sessions_of_live_tours_only(client, session, tour, other_tour, teams):
    town = Town.objects.get(name="茗山乡")
    elsewhere = SessionFactory(tour=other_tour, team=teams[2], venue="晏庄村村委会")
    SessionFactory(tour=tour, team=teams[0], town=Town.objects.get(name="金湖街道"), venue="金湖街道社区中心")
    other_tour.unpublish()
    live_again = SessionFactory(tour=tour, team=teams[1], venue="杨桥村村委会")

    calendar = get_calendar(client, f"/xuanjiang/rili/{town.slug}.ics")
    assert str(calendar["X-WR-CALNAME"]) == "茗山乡宣讲"
    assert uids(calendar) == {
        f"xuanjiang-session-{session.pk}@xuanjiang.tongdu-xianfeng.daye",
        f"xuanjiang-session-{live_again.pk}@xuanjiang.tongdu-xianfeng.daye",
    }
    assert f"xuanjiang-session-{elsewhere.pk}@xuanjiang.tongdu-xianfeng.daye" not in uids(calendar)


@pytest.mark.django_db
def test_an_unknown_session_or_town_is_404(client, session, tour):
    assert client.get(f"{tour.url}{session.number + 100}.ics").status_code == 404
    assert client.get("/xuanjiang/rili/no-such-town.ics").status_code == 404


@pytest.mark.django_db
def test_a_session_of_an_unpublished_tour_is_404(client, session, tour):
    tour.unpublish()
    assert client.get(event_url(session)).status_code == 404
    assert client.get(tour.url + "rili.ics").status_code == 404


def add_sessions(count, tour, teams):
    towns = list(Town.objects.all()[:3])
    for index in range(count):
        team = teams[index % len(teams)]
        SessionFactory(
            tour=tour,
            team=team,
            town=towns[index % len(towns)],
            date=datetime.date(2026, 9, 1) + datetime.timedelta(days=index),
            notes="请提前十分钟入场。",
            speakers=[SpeakerFactory(team=team), SpeakerFactory(team=team)],
        )


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["tour", "team", "town"])
def test_a_feed_takes_as_many_queries_for_30_sessions_as_for_3(
    client, django_assert_num_queries, tour, teams, feed
):
    towns = list(Town.objects.all()[:3])
    url = {
        "tour": tour.url + "rili.ics",
        "team": teams[0].url + "rili.ics",
        "town": f"/xuanjiang/rili/{towns[0].slug}.ics",
    }[feed]
    add_sessions(3, tour, teams)
    client.get(url)  # Wagtail caches the site's root paths on the first request
    cache.clear()  # the feed itself, drawn again below
    with CaptureQueriesContext(connection) as small:
        calendar = get_calendar(client, url)
    assert calendar.walk("VEVENT")

    add_sessions(27, tour, teams)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        calendar = get_calendar(client, url)
    assert len(calendar.walk("VEVENT")) == {"tour": 30, "team": 10, "town": 10}[feed]
    with CaptureQueriesContext(connection) as cached:
        assert get_calendar(client, url).walk("VEVENT") == calendar.walk("VEVENT")
    assert len(cached.captured_queries) < len(small.captured_queries)  # drawn once per version
