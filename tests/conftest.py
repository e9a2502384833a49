import io

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wagtail.models import Collection, Locale, Page, Site, Workflow

import pytest

from home import reference_data as home_data
from home.models import SiteSettings
from home.roles import REVIEW_WORKFLOW
from lectures import reference_data as lectures_data
from stories import reference_data as stories_data
from tests.factories import (
    HomePageFactory,
    LectureIndexPageFactory,
    ProfileIndexPageFactory,
    SeriesIndexPageFactory,
    SiteImageFactory,
    StoryIndexPageFactory,
    figures,
)

SECTION_PATHS = ["/xianfeng/", "/zhuanlan/", "/shipin/", "/xuanjiang/"]


def wagtail_root():
    """Wagtail's root page (and root collection); made again when a transactional test's flush
    removed them."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def seed_reference_data():
    """Towns, honour categories, columns, search terms and the newsroom's roles as the data
    migrations make them, on Wagtail's root page and collection. The migrated test database has
    them: they are made again only where a transactional test's flush removed them (and Wagtail's
    root page and the review workflow with them)."""
    if (
        Page.get_first_root_node() is not None
        and Workflow.objects.filter(name=REVIEW_WORKFLOW, active=True).exists()
    ):
        return
    wagtail_root()
    for seed in (  # in the migrations' order
        stories_data.seed_towns_and_honours,
        stories_data.seed_columns,
        home_data.seed_search_terms,
        home_data.seed_newsroom_roles,
        stories_data.grant_newsroom_rights,
        lectures_data.grant_newsroom_rights,
        lectures_data.grant_team_image_permission,
        home_data.seed_security_roles,
    ):
        seed(apps)


def build_site_tree():
    """The home page as the default site's root, its four sections and the site settings."""
    seed_reference_data()
    root = wagtail_root()
    home = HomePageFactory(parent=root, figures=figures(), hero_image=SiteImageFactory(title="头图"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "site_name": "铜都先锋"},
    )
    Page.objects.filter(depth=2, slug="home").delete()  # Wagtail's "Welcome" page
    for factory in (
        ProfileIndexPageFactory,
        StoryIndexPageFactory,
        SeriesIndexPageFactory,
        LectureIndexPageFactory,
    ):
        factory(parent=home)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.description = "大冶市“铜都先锋”网站。"
    site_settings.icp_number = "鄂ICP备00000000号-1"
    site_settings.organiser = "中共大冶市委宣传部"
    site_settings.contact_phone = "0714-8888888"
    site_settings.default_social_image = SiteImageFactory(title="分享图")
    site_settings.save()
    return home


@pytest.fixture
def home_page(db):
    return build_site_tree()


@pytest.fixture(autouse=True)
def clear_cache():
    """Wagtail caches site root paths; a test's rolled-back pages must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


# The demo as `make run` loads it, with an account for each role.
DEMO_ADMIN_PASSWORD = "admin-pass-123"
DEMO_STAFF_PASSWORD = "staff-pass-456"


class SharedDemo:
    """The demo loaded once for the tests that only read it (the `demo_site` fixture), in a transaction
    their own nests in and that is rolled back once the last of them has run."""

    def __init__(self, django_db_blocker):
        self.blocker = django_db_blocker
        self.atomic = None
        self.output = ""  # what load_demo printed

    @property
    def loaded(self):
        return self.atomic is not None

    def load(self):
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            cache.clear()
            output = io.StringIO()
            with override_settings(
                DEMO_ADMIN_PASSWORD=DEMO_ADMIN_PASSWORD, DEMO_STAFF_PASSWORD=DEMO_STAFF_PASSWORD
            ):
                call_command("load_demo", stdout=output)
            self.output = output.getvalue()

    def discard(self):
        if not self.loaded:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            cache.clear()
        self.atomic = None


SHARED_DEMO = pytest.StashKey[SharedDemo]()


def reads_the_demo(item):
    return item is not None and "demo_site" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session")
def shared_demo(request, django_db_setup, django_db_blocker):
    shared = request.config.stash[SHARED_DEMO] = SharedDemo(django_db_blocker)
    shared.load()
    yield shared
    shared.discard()  # before django_db_setup drops the test database
    del request.config.stash[SHARED_DEMO]


@pytest.fixture
def demo_site(shared_demo, db):
    """The demo, loaded once per session for tests that only read it: what a test changes is
    rolled back after it, like any test's. A test that changes the demo and then reads it again
    loads its own."""
    assert shared_demo.loaded
    return shared_demo


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests reading the shared demo run one after another (where the first of them stands, after
    pytest-django's ordering), so that the demo is loaded once."""
    readers = [item for item in items if reads_the_demo(item)]
    if readers:
        first = items.index(readers[0])
        others = [item for item in items if not reads_the_demo(item)]
        items[:] = others[:first] + readers + others[first:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    shared = item.config.stash.get(SHARED_DEMO, None)
    if shared is not None and not shared.loaded and reads_the_demo(item):
        shared.load()  # only when the readers were not run one after another
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        shared = item.config.stash.get(SHARED_DEMO, None)
        if shared is not None and nextitem is not None and not reads_the_demo(nextitem):
            shared.discard()  # before the next test, which must not see the demo


SLOW_TIMES = {}  # nodeid: seconds of setup, call and teardown, for the tests marked slow


def pytest_runtest_logreport(report):
    if "slow" in report.keywords:
        SLOW_TIMES[report.nodeid] = SLOW_TIMES.get(report.nodeid, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter):
    if not SLOW_TIMES:
        return
    total = sum(SLOW_TIMES.values())
    terminalreporter.section(f"{len(SLOW_TIMES)} slow tests: {total:.0f} s (setup, call and teardown)")
    for nodeid, seconds in sorted(SLOW_TIMES.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{seconds:8.2f}s  {nodeid}")
