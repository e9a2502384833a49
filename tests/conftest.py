from django.apps import apps
from django.conf import settings
from django.core.cache import cache

from wagtail.models import Collection, Locale, Page, Site

import pytest

from home import reference_data as home_data
from home.models import SiteSettings
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
    migrations make them (a flush removes them), on Wagtail's root page and collection."""
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
