import datetime
import json
import re

import pytest

from lectures.models import Session
from tests.factories import SessionFactory, SpeakerFactory

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture
def session(tour, teams, speaker):
    return SessionFactory(
        tour=tour, team=teams[0], speakers=[speaker, SpeakerFactory(team=teams[0], name="李华", title="")]
    )


def event_data(client, session):
    """The Event JSON-LD of the session page and the page's canonical URL."""
    response = client.get(f"{session.tour.url}{session.number}/")
    assert response.status_code == 200
    html = response.content.decode()
    [event] = [data for data in map(json.loads, LD_JSON.findall(html)) if data.get("@type") == "Event"]
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    return event, canonical


@pytest.mark.django_db
def test_a_planned_session_is_a_scheduled_offline_event(client, session, teams):
    """The session page describes the lecture as a schema.org Event at +08:00, in 大冶市茗山乡."""
    event, canonical = event_data(client, session)
    assert event["@context"] == "https://schema.org"
    assert event["name"] == "学党章守规矩"
    assert "“铜都先锋”宣讲团" in event["description"]
    assert "王明（市委党校讲师）" in event["description"]
    assert event["startDate"] == "2026-12-03T09:00:00+08:00"
    assert event["endDate"] == "2026-12-03T10:30:00+08:00"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert "previousStartDate" not in event
    assert event["location"] == {
        "@type": "Place",
        "name": "茗山乡中心小学",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "茗山乡中心小学",
            "addressLocality": "大冶市茗山乡",
            "addressRegion": "湖北省",
            "addressCountry": "CN",
        },
    }
    assert sorted(event["performer"], key=lambda person: person["name"]) == [
        {"@type": "Person", "name": "李华"},
        {"@type": "Person", "name": "王明", "jobTitle": "市委党校讲师"},
    ]
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "“铜都先锋”宣讲团",
        "url": teams[0].get_full_url(),
    }
    assert event["organizer"]["url"].endswith("/xuanjiang/tongdu-xianfeng/")
    assert event["url"] == canonical
    assert canonical.endswith(f"/xuanjiang/bai-chang-xun-jiang/{session.number}/")
    assert event["inLanguage"] == "zh-CN"


@pytest.mark.django_db
def test_a_moved_session_is_rescheduled_with_its_first_announced_start(client, session):
    session = Session.objects.get(pk=session.pk)
    session.date = datetime.date(2026, 12, 5)
    session.start, session.end = datetime.time(14), datetime.time(15)
    session.save()

    event, _ = event_data(client, session)
    assert event["eventStatus"] == "https://schema.org/EventRescheduled"
    assert event["previousStartDate"] == "2026-12-03T09:00:00+08:00"
    assert event["startDate"] == "2026-12-05T14:00:00+08:00"
    assert event["endDate"] == "2026-12-05T15:00:00+08:00"


@pytest.mark.django_db
def test_a_cancelled_session_is_a_cancelled_event_that_gives_the_reason(client, session):
    session.cancel("学校临时停课。")

    event, _ = event_data(client, session)
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert "学校临时停课。" in event["description"]
    assert "previousStartDate" not in event


@pytest.mark.django_db
def test_a_held_session_stays_a_scheduled_event(client, session):
    session.mark_held(audience=80, report="讲得好。")

    event, _ = event_data(client, session)
    assert event["eventStatus"] == "https://schema.org/EventScheduled"


@pytest.mark.django_db
def test_a_session_without_speakers_names_no_performer(client, tour, teams):
    session = SessionFactory(tour=tour, team=teams[1])

    event, _ = event_data(client, session)
    assert "performer" not in event
    assert event["description"] == "理论宣讲团宣讲。地点：大冶市茗山乡茗山乡中心小学。"
