"""The cache in front of the app (nginx, a CDN), purged through Wagtail's frontend cache: once a change
commits, the URLs that show it, the home page, every section and the sitemap; nothing without one."""

import http.server
import threading
from collections import Counter

import pytest

from home.models import SiteSettings, SiteTag
from site_project import frontend_cache
from stories.models import ProfileIndexPage, StoryIndexPage, Town
from tests.factories import (
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    SpeakerFactory,
    StoryPageFactory,
    TourPageFactory,
)
from tests.site_project.test_settings import settings_of

LISTINGS = {
    "/",
    "/xianfeng/",
    "/xianfeng/rongyubang/",
    "/zhuanlan/",
    "/zhuanlan/rss/",
    "/zhuanlan/atom/",
    "/shipin/",
    "/shipin/rss/",
    "/shipin/atom/",
    "/xuanjiang/",
    "/sitemap.xml",
}


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """A stand-in for nginx's purge location: records what it is asked to purge."""

    def do_PURGE(self):
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    vars(frontend_cache._pending).clear()  # what earlier tests' rolled-back changes left
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def purged(purge_server, settings):
    """The paths purged, in order, with a front cache configured as FRONTEND_CACHE_URL sets it."""
    settings.WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{purge_server.server_port}",
        }
    }
    return purge_server.purged


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def paths(purged):
    assert {host for host, _ in purged} == {"localhost"}  # the site's, which the cache keys on
    counts = Counter(path for _, path in purged)
    assert max(counts.values()) == 1, "each URL is purged once"
    return set(counts)


def test_publishing_a_profile_purges_it_and_the_pages_that_list_it(home_page, purged, commits):
    profile = ProfilePageFactory(
        parent=ProfileIndexPage.objects.get(), title="胡春生", live=False, tags=["党员"]
    )
    story = StoryPageFactory(parent=StoryIndexPage.objects.get(), profiles=[profile])
    story.save_revision().publish()
    tag = SiteTag.objects.get(name="党员").slug

    with commits():
        profile.save_revision().publish()

    assert paths(purged) >= LISTINGS | {
        profile.url,
        story.url,  # which lists its profiles
        "/xianfeng/rongyubang/2026/",
        "/xianfeng/?year=2026",
        f"/zhuanlan/biaoqian/{tag}/",
        f"/zhuanlan/?tag={tag}",
        f"/xianfeng/?tag={tag}",
    }


def test_a_story_purges_its_column_and_its_profiles(home_page, purged, commits):
    profile = ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="胡春生")
    story = StoryPageFactory(parent=StoryIndexPage.objects.get(), profiles=[profile], live=False)
    story.save()

    with commits():
        story.save_revision().publish()

    column = story.column.slug
    assert paths(purged) >= LISTINGS | {
        story.url,
        profile.url,
        f"/zhuanlan/?column={column}",
        f"/zhuanlan/rss/{column}/",
        f"/zhuanlan/atom/{column}/",
    }


def test_a_session_purges_its_tour_its_calendars_and_the_lecture_listing(home_page, purged, commits):
    lectures = home_page.get_children().get(slug="xuanjiang")
    team = LectureTeamPageFactory(parent=lectures, title="理论宣讲团", slug="lilun")
    tour = TourPageFactory(parent=lectures, teams=[team])
    speaker = SpeakerFactory(team=team, name="王明")
    town = Town.objects.get(name="茗山乡")

    with commits():
        session = SessionFactory(tour=tour, team=team, number=7, town=town, speakers=[speaker])
    expected = LISTINGS | {
        tour.url,
        f"{tour.url}rili.ics",
        f"{tour.url}7/",
        f"{tour.url}7.ics",
        f"{tour.url}dayin/",
        team.url,
        f"{team.url}rili.ics",
        f"/xuanjiang/rili/{town.slug}.ics",
        f"/xuanjiang/?town={town.slug}",
    }
    assert paths(purged) >= expected

    purged.clear()
    with commits():
        session.delete()
    assert paths(purged) >= expected

    purged.clear()
    with commits():
        speaker.name = "王明明"
        speaker.save()
    assert paths(purged) >= LISTINGS | {team.url}


def test_a_change_to_what_every_page_shows_purges_the_listings(home_page, purged, commits):
    with commits():
        settings = SiteSettings.for_site(home_page.get_site())
        settings.icp_number = "鄂ICP备12345678号-9"
        settings.save()

    assert paths(purged) == LISTINGS  # and the other pages within the minute the app lets them be kept


def test_nothing_is_sent_before_the_change_commits(home_page, purged, django_capture_on_commit_callbacks):
    profile = ProfilePageFactory(parent=ProfileIndexPage.objects.get(), live=False)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile.save_revision().publish()

    assert callbacks and not purged


def test_nothing_is_sent_without_a_front_cache(home_page, purge_server, commits, django_assert_num_queries):
    lectures = home_page.get_children().get(slug="xuanjiang")
    profile = ProfilePageFactory(parent=ProfileIndexPage.objects.get(), live=False)
    team = LectureTeamPageFactory(parent=lectures)
    tour = TourPageFactory(parent=lectures, teams=[team])

    with commits():
        profile.save_revision().publish()
        session = SessionFactory(tour=tour, team=team)
    with django_assert_num_queries(0):
        frontend_cache.purge_front_cache_receiver(sender=type(session), instance=session)

    assert purge_server.purged == []


@pytest.mark.slow  # Django processes of its own
def test_the_front_cache_is_configured_from_the_environment():
    url = "http://127.0.0.1:8080"
    apps, caches = settings_of(["INSTALLED_APPS", "WAGTAILFRONTENDCACHE"], FRONTEND_CACHE_URL=url)
    assert "'wagtail.contrib.frontend_cache'" in apps
    assert "'wagtail.contrib.frontend_cache.backends.HTTPBackend'" in caches and repr(url) in caches
    (apps,) = settings_of(["INSTALLED_APPS"])
    assert "frontend_cache" not in apps
