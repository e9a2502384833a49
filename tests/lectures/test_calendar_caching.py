"""Calendars carry Last-Modified and an ETag, answer 304 to a client whose copy is current (from
the page cache too), and go out compressed to a client that accepts it."""

import datetime
import gzip

from django.utils.http import http_date, parse_http_date

from wagtail.models import Page

import icalendar
import pytest

from lectures.models import Session
from tests.factories import SessionFactory

GZIP = {"accept-encoding": "gzip, deflate, br"}
LAST_WEEK = datetime.datetime(2026, 11, 24, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def sessions(tour, teams):
    """Three sessions, the second changed last, and the tour and teams published before them all."""
    made = [SessionFactory(tour=tour, team=teams[index]) for index in range(3)]
    Page.objects.filter(pk__in=[tour.pk, *(team.pk for team in teams)]).update(last_published_at=LAST_WEEK)
    for hours, session in enumerate(made):
        changed = LAST_WEEK + datetime.timedelta(hours=hours + 1)
        Session.objects.filter(pk=session.pk).update(updated_at=changed)
    Session.objects.filter(pk=made[1].pk).update(updated_at=LAST_WEEK + datetime.timedelta(days=1))
    return made


def feeds(tour, teams, sessions):
    return {
        "tour": tour.url + "rili.ics",
        "team": teams[1].url + "rili.ics",
        "town": f"/xuanjiang/rili/{sessions[1].town.slug}.ics",
        "session": f"{tour.url}{sessions[1].number}.ics",
    }


@pytest.fixture(params=["tour", "team", "town", "session"])
def calendar_url(request, tour, teams, sessions):
    return feeds(tour, teams, sessions)[request.param]


@pytest.fixture(params=[0, 600], ids=["drawn", "page-cache"])
def page_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = request.param
    return request.param


@pytest.mark.django_db
def test_last_modified_is_the_newest_change_and_a_current_copy_gets_304(client, calendar_url, page_cache):
    """Twice for each: drawn (and kept, with the page cache), then from the page cache."""
    newest = LAST_WEEK + datetime.timedelta(days=1)
    for _ in range(2):
        response = client.get(calendar_url)
        assert response.status_code == 200
        assert response["Last-Modified"] == http_date(newest.timestamp())
        assert response["ETag"]

        not_modified = client.get(calendar_url, headers={"if-modified-since": response["Last-Modified"]})
        assert not_modified.status_code == 304
        assert not_modified.content == b""
        assert not_modified["Last-Modified"] == response["Last-Modified"]
        assert client.get(calendar_url, headers={"if-none-match": response["ETag"]}).status_code == 304

        older = http_date(newest.timestamp() - 1)
        assert client.get(calendar_url, headers={"if-modified-since": older}).status_code == 200


@pytest.mark.django_db
def test_a_session_edited_makes_the_calendar_new_again(client, calendar_url, sessions, page_cache):
    before = client.get(calendar_url)
    assert client.get(calendar_url, headers={"if-modified-since": before["Last-Modified"]}).status_code == 304

    session = Session.objects.get(pk=sessions[1].pk)
    session.venue = "茗山乡文化站"
    session.save()

    after = client.get(calendar_url, headers={"if-modified-since": before["Last-Modified"]})
    assert after.status_code == 200
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])
    assert after["ETag"] != before["ETag"]
    assert "茗山乡文化站" in after.content.decode()


@pytest.mark.django_db
def test_a_calendar_is_compressed_for_a_client_that_accepts_it(client, calendar_url, page_cache):
    plain = client.get(calendar_url)
    assert "Content-Encoding" not in plain
    icalendar.Calendar.from_ical(plain.content)

    for _ in range(2):  # drawn (and kept, with the page cache), then from the page cache
        compressed = client.get(calendar_url, headers=GZIP)
        assert compressed.status_code == 200
        assert compressed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in compressed["Vary"]
        body = gzip.decompress(compressed.content)
        assert body == plain.content
        assert icalendar.Calendar.from_ical(body).walk("VEVENT")
        assert compressed["Last-Modified"] == plain["Last-Modified"]
        etag = compressed["ETag"]
        assert client.get(calendar_url, headers={**GZIP, "if-none-match": etag}).status_code == 304
