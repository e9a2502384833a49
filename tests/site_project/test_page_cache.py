"""The full-page cache: an anonymous reader's page is kept and sent again without a query, never a
logged-in user's or one that sets a cookie, and every kind of change shows on the next request."""

import datetime
import io
import time
from unittest import mock

from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

from home.models import SiteSettings
from site_project.page_cache import LOCAL_VERSION_SECONDS, VERSION_KEY
from stories.models import ProfileIndexPage, ProfilePage, StoryIndexPage, Town
from tests.conftest import SECTION_PATHS
from tests.factories import (
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    StoryPageFactory,
    TourPageFactory,
)

CACHE_READS = ("get", "get_many", "get_or_set", "has_key")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """A change as the admin makes it: its purge runs when it commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def queries(client, path, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return response, len(captured)


@pytest.mark.parametrize("path", ["/", *SECTION_PATHS, "/search/?q=先锋", "/sitemap.xml", "/robots.txt"])
def test_the_second_reader_gets_the_page_from_the_cache_without_a_query(client, home_page, path):
    first, asked = queries(client, path)
    second, asked_again = queries(client, path, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9", HTTP_COOKIE="_x=1")

    assert asked > 0 and asked_again == 0
    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=60" and "Age" in second
    assert "Cookie" not in second.get("Vary", "") and "Accept-Language" not in second.get("Vary", "")


def noted_reads(monkeypatch):
    reads = OutermostCalls()
    for name in CACHE_READS:
        monkeypatch.setattr(cache, name, reads.noting(name, getattr(cache, name)))
    return reads


def seconds_later(monkeypatch, seconds):
    now = time.monotonic() + seconds
    monkeypatch.setattr(time, "monotonic", lambda: now)


def test_a_page_from_the_cache_is_one_read_of_the_cache_and_none_within_a_second(
    client, home_page, monkeypatch
):
    """With Redis each read is a round trip: a hit asks for the version and the page together, and
    the process's own copies answer a surge without asking."""
    client.get("/xianfeng/")
    reads = noted_reads(monkeypatch)
    assert "Age" in client.get("/xianfeng/")
    assert reads.names == []

    seconds_later(monkeypatch, LOCAL_VERSION_SECONDS)
    assert "Age" in client.get("/xianfeng/")
    assert reads.names == ["get_many"]


def test_a_purge_in_another_process_shows_here_within_a_second(client, home_page, monkeypatch):
    profile = ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="王明")
    client.get("/xianfeng/")
    # Another process renames the profile (no signal here) and its purge_pages() moves the version on.
    ProfilePage.objects.filter(pk=profile.pk).update(title="李新")
    cache.set(VERSION_KEY, time.time_ns(), None)
    assert "王明" in client.get("/xianfeng/").content.decode()

    seconds_later(monkeypatch, LOCAL_VERSION_SECONDS)
    page = client.get("/xianfeng/")
    assert "李新" in page.content.decode() and "Age" not in page


class OutermostCalls:
    """The names of the methods called, but not of those another noted method called (LocMem's
    get_many calls get for each key; Redis's is one MGET)."""

    def __init__(self):
        self.names = []
        self._depth = 0

    def noting(self, name, method):
        def noted(*args, **kwargs):
            if not self._depth:
                self.names.append(name)
            self._depth += 1
            try:
                return method(*args, **kwargs)
            finally:
                self._depth -= 1

        return noted


def test_a_query_string_is_a_page_of_its_own(client, home_page):
    queries(client, "/xianfeng/")
    assert queries(client, "/xianfeng/?year=2026")[1] > 0


def test_nothing_is_kept_for_or_sent_to_a_logged_in_user(client, home_page, django_user_model):
    queries(client, "/")  # an anonymous copy in the cache
    client.force_login(django_user_model.objects.create_superuser("zz", "zz@example.com", "pw-123456789"))

    response, asked = queries(client, "/")
    assert asked > 0 and "Age" not in response
    assert queries(client, "/")[1] > 0
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_that_sets_a_cookie_is_not_kept(client, home_page):
    story = StoryPageFactory(parent=StoryIndexPage.objects.get(), title="内部稿件")
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="mima")
    first = client.get(story.url)
    assert first.cookies  # the password form's CSRF token
    assert queries(client, story.url)[1] > 0


def test_the_admin_is_never_kept(client, home_page):
    queries(client, "/admin/login/")
    assert queries(client, "/admin/login/")[1] > 0


def test_publishing_unpublishing_moving_and_deleting_show_at_once(client, home_page, commits):
    index = StoryIndexPage.objects.get()
    for path in ("/", "/zhuanlan/"):
        queries(client, path)

    with commits():
        story = StoryPageFactory(parent=index, title="新发布的报道", live=False)
        story.save_revision().publish()
    assert "新发布的报道" in client.get("/zhuanlan/").content.decode()
    assert "新发布的报道" in client.get("/").content.decode()

    with commits():
        story.refresh_from_db()
        story.unpublish()
    assert "新发布的报道" not in client.get("/zhuanlan/").content.decode()

    with commits():
        story.save_revision().publish()
    queries(client, "/zhuanlan/")
    with commits():
        Page.objects.get(pk=story.pk).delete()
    assert "新发布的报道" not in client.get("/zhuanlan/").content.decode()

    profile = ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="胡春生")
    with commits():
        profile.save_revision().publish()
    queries(client, "/xianfeng/")
    with commits():
        Page.objects.get(pk=profile.pk).move(StoryIndexPage.objects.get(), pos="last-child")
    assert "胡春生" not in client.get("/xianfeng/").content.decode()


def test_a_scheduled_go_live_shows_when_it_is_due(client, home_page, commits):
    index = StoryIndexPage.objects.get()
    story = StoryPageFactory(parent=index, title="定时上线的报道", live=False)
    story.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(seconds=1))
    queries(client, "/zhuanlan/")

    with commits():
        call_command("publish_scheduled", stdout=io.StringIO())
    assert "定时上线的报道" in client.get("/zhuanlan/").content.decode()


def test_towns_columns_and_site_settings_show_at_once(client, home_page, commits):
    index = StoryIndexPage.objects.get()
    with commits():
        story = StoryPageFactory(parent=index, title="专栏里的报道")
        story.save_revision().publish()
        ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="胡春生").save_revision().publish()
    for path in ("/", "/zhuanlan/", "/xianfeng/"):
        queries(client, path)

    with commits():
        column = story.column
        column.name = "改名的专栏"
        column.save()
        town = Town.objects.get(name="茗山乡")
        town.name = "茗山镇"
        town.save()
        settings = SiteSettings.for_site(home_page.get_site())
        settings.icp_number = "鄂ICP备12345678号-9"
        settings.save()

    assert "改名的专栏" in client.get("/zhuanlan/").content.decode()
    assert "茗山镇" in client.get("/xianfeng/").content.decode()
    assert "鄂ICP备12345678号-9" in client.get("/").content.decode()


def test_a_changed_session_shows_on_its_tour_and_the_lecture_listing(client, home_page, commits):
    lectures = home_page.get_children().get(slug="xuanjiang")
    with commits():
        team = LectureTeamPageFactory(parent=lectures, title="理论宣讲团", slug="lilun")
        tour = TourPageFactory(parent=lectures, teams=[team])
        tour.save_revision().publish()
        session = SessionFactory(tour=tour, team=team, topic="学党章守规矩")
    for path in (tour.url, "/xuanjiang/"):
        assert "学党章守规矩" in client.get(path).content.decode()

    with commits():
        session.topic = "讲好铜都故事"
        session.save()
    for path in (tour.url, "/xuanjiang/"):
        assert "讲好铜都故事" in client.get(path).content.decode(), path

    with commits():
        session.delete()
    assert "讲好铜都故事" not in client.get(tour.url).content.decode()


def test_a_cached_page_is_served_while_the_database_refuses_connections(client, home_page):
    client.raise_request_exception = False
    queries(client, "/")

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    with mock.patch.object(connection, "create_cursor", side_effect=refused):
        assert client.get("/").status_code == 200
        assert client.get("/zhuanlan/").status_code == 503
