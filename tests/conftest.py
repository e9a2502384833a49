import io

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wagtail.models import Collection, Locale, Page, Site, Workflow

import pytest

from home import reference_data as home_data
from home.models import SiteSettings
from home.roles import REVIEW_WORKFLOW
from home.sites import site_address
from lectures import reference_data as lectures_data
from site_project.page_cache import forget_local_copies
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
from tests.object_storage import media_on_object_storage, object_storage  # noqa: F401

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
        defaults={"root_page": home, **site_address(), "site_name": "铜都先锋"},
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


@pytest.fixture(autouse=True)
def clear_cache():
    """Wagtail caches site root paths and renditions; a test's rolled-back rows must not leak into
    the next."""
    for each in caches.all():
        each.clear()
    forget_local_copies()
    yield
    for each in caches.all():
        each.clear()
    forget_local_copies()


# The demo as `make run` loads it, with an account for each role.
DEMO_ADMIN_PASSWORD = "admin-pass-123"
DEMO_STAFF_PASSWORD = "staff-pass-456"


def load_demo():
    """What load_demo printed, the demo loaded with both passwords set."""
    output = io.StringIO()
    with override_settings(DEMO_ADMIN_PASSWORD=DEMO_ADMIN_PASSWORD, DEMO_STAFF_PASSWORD=DEMO_STAFF_PASSWORD):
        call_command("load_demo", stdout=output)
    return output.getvalue()


class Shared:
    """Data built once for the tests that request `fixture`, in a transaction their own nest in and
    that is rolled back once the last of them has run. They run one after another (see
    pytest_collection_modifyitems), so that it is built once; what a test changes is rolled back
    after it, like any test's."""

    def __init__(self, fixture, build):
        self.fixture = fixture
        self.build = build
        self.blocker = None  # pytest-django's, from the session fixture below
        self.atomic = None
        self.value = None  # what build returned

    @property
    def loaded(self):
        return self.atomic is not None

    def read_by(self, item):
        return item is not None and self.fixture in getattr(item, "fixturenames", ())

    def load(self):
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            cache.clear()
            forget_local_copies()
            self.value = self.build()

    def discard(self):
        if not self.loaded:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            cache.clear()
            forget_local_copies()
        self.atomic = self.value = None


SHARED_DEMO = Shared("demo_site", load_demo)
SHARED_SITE_TREE = Shared("home_page", build_site_tree)
SHARED = (SHARED_DEMO, SHARED_SITE_TREE)


def session_fixture_of(shared):
    """Builds it for the first test that reads it (before that test's own transaction begins) and
    rolls it back at the end, before django_db_setup drops the test database."""

    @pytest.fixture(scope="session")
    def fixture(django_db_setup, django_db_blocker):
        shared.blocker = django_db_blocker
        shared.load()
        yield shared
        shared.discard()
        shared.blocker = None

    return fixture


shared_demo = session_fixture_of(SHARED_DEMO)
shared_site_tree = session_fixture_of(SHARED_SITE_TREE)


@pytest.fixture
def demo_site(shared_demo, db):
    """The demo, loaded once for the tests that read it; what load_demo printed. A test that changes
    the demo and then reads it again loads its own."""
    return shared_demo.value


@pytest.fixture
def home_page(shared_site_tree, db):
    """The home page as the default site's root, its sections and settings (build_site_tree), built
    once for the tests that use it, and read afresh for each: an instance one test changed is not
    the next one's."""
    home = shared_site_tree.value
    return type(home).objects.get(pk=home.pk)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The readers of each shared data run one after another, where the first of them stands (after
    pytest-django's ordering)."""
    for shared in SHARED:
        readers = [item for item in items if shared.read_by(item)]
        if readers:
            first = items.index(readers[0])
            others = [item for item in items if not shared.read_by(item)]
            items[:] = others[:first] + readers + others[first:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    # Only when the readers were not run one after another (a test picked by -k, --lf, …).
    for shared in SHARED:
        if shared.loaded and not shared.read_by(item):
            shared.discard()
    for shared in SHARED:
        if shared.blocker is not None and not shared.loaded and shared.read_by(item):
            shared.load()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        for shared in SHARED:
            if nextitem is not None and not shared.read_by(nextitem):
                shared.discard()  # before the next test, which must not see it


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
