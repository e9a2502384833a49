from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, Site

import pytest

from home.models import HomePage, SiteImage, SiteSettings
from lectures.models import Speaker
from stories.models import EpisodePage, HonourCategory, ProfilePage, StoryPage
from tests.conftest import DEMO_ADMIN_PASSWORD, DEMO_STAFF_PASSWORD

pytestmark = pytest.mark.slow  # loads the demo


def load_demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_builds_the_home_page_and_sections(client, demo_site):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "铜都先锋"
    assert not Page.objects.filter(depth=2, slug="home").exists()
    for path in ["/", "/xianfeng/", "/zhuanlan/", "/shipin/", "/xuanjiang/"]:
        assert client.get(path).status_code == 200, path
    assert "3921" in client.get("/").content.decode()
    assert SiteSettings.for_site(site).icp_number
    assert client.login(username="admin", password=DEMO_ADMIN_PASSWORD)


def test_demo_has_sample_profiles_across_categories_towns_and_years(demo_site):
    profiles = ProfilePage.objects.live()
    assert profiles.count() >= 20
    assert all(profile.is_sample and profile.portrait for profile in profiles)
    assert set(profiles.values_list("honour__name", flat=True)) == set(
        HonourCategory.objects.values_list("name", flat=True)
    )
    assert profiles.values("town").distinct().count() >= 5
    assert set(profiles.values_list("year", flat=True)) == {2025, 2026}


def test_demo_runs_the_seed_report_as_four_column_stories(client, demo_site):
    stories = StoryPage.objects.live().order_by("date")
    assert [story.title for story in stories] == [
        "从严从实：以上率下筑牢思想",
        "形式多样：主题实践活动全面开展",
        "建立长效机制：强化党员归属感和认同感",
        "三级自治构架：成全省“两学一做”标杆",
    ]
    assert {story.author for story in stories} == {"通讯员 石教炼"}
    assert {story.column.name for story in stories} == {"铜都先锋", "两学一做、对标看齐、履职担当"}
    village_story = client.get(stories.last().url).content.decode()
    assert "90%的矛盾纠纷经过村庄理事会的调解" in village_story
    assert "通讯员: 石教炼" not in village_story  # the byline carries the credit, once
    assert "陈志刚" in village_story  # a sample profile tagged 村庄理事会


def test_demo_has_the_series_with_subtitled_episodes_featuring_sample_profiles(client, demo_site):
    episodes = EpisodePage.objects.live().order_by("number")
    assert [episode.number for episode in episodes] == [1, 2, 3, 4, 5, 6]
    for episode in episodes:
        assert episode.video.duration > 0 and episode.video.subtitle_cues()
        assert episode.profile_links.exists(), episode.title
    html = client.get(episodes[0].url).content.decode()
    assert "<video" in html and "金湾的村民自发成立了临时理事会" in html


def test_demo_images_are_generated_and_credited(demo_site):
    images = SiteImage.objects.all()
    assert (
        images.count()
        == 2
        + ProfilePage.objects.count()
        + StoryPage.objects.count()
        + EpisodePage.objects.count()
        + Speaker.objects.count()
    )
    assert all(image.credit.startswith("系统生成") and image.width > 0 for image in images)


def test_demo_loads_once_and_keeps_editors_changes(demo_site, settings):
    """Loaded again over the shared demo (with its accounts' passwords), rolled back after."""
    settings.DEMO_ADMIN_PASSWORD, settings.DEMO_STAFF_PASSWORD = DEMO_ADMIN_PASSWORD, DEMO_STAFF_PASSWORD
    home = HomePage.objects.get()
    home.hero_heading = "编辑改过的标题"
    home.save_revision().publish()
    counts = (Page.objects.count(), SiteImage.objects.count(), get_user_model().objects.count())

    load_demo()

    assert (Page.objects.count(), SiteImage.objects.count(), get_user_model().objects.count()) == counts
    assert HomePage.objects.get().hero_heading == "编辑改过的标题"


def test_no_demo_account_without_a_password(db):
    load_demo()
    assert not get_user_model().objects.exists()


def test_demo_has_an_account_for_each_role_and_lecture_team(client, demo_site):
    output = demo_site  # what the shared demo's load_demo printed, with both passwords set

    accounts = {
        user.username: [group.name for group in user.groups.all()] for user in get_user_model().objects.all()
    }
    assert accounts == {
        "admin": [],
        "bianji": ["编辑"],
        "chushen": ["初审"],
        "zhongshen": ["终审"],
        "guanli": ["系统管理员"],
        "anquan": ["安全管理员"],
        "shenji": ["审计管理员"],
        "tongdu": ["“铜都先锋”宣讲团"],
        "lilun": ["理论宣讲团"],
        "baixing": ["百姓宣讲团"],
    }
    for username in accounts:
        assert client.login(
            username=username, password=DEMO_ADMIN_PASSWORD if username == "admin" else DEMO_STAFF_PASSWORD
        )
        assert f"{username}" in output
    assert f"zhongshen  {DEMO_STAFF_PASSWORD} 终审" in output
