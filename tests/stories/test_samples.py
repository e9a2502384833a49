"""Demo content stays a demo: on a real site (DEMO_SITE off) the demo does not load and nothing
marked 示例 goes live — not from the editor, a review, a schedule or a script."""

import io
import os
import subprocess
import sys

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from home.roles import EDITORS
from stories.models import HonourCategory, ProfileIndexPage, ProfilePage, Town
from tests.factories import ProfilePageFactory

REFUSED = "正式站点上不能保存或发布"


@pytest.fixture
def real_site(settings, home_page):
    settings.DEMO_SITE = False
    return ProfileIndexPage.objects.get()


@pytest.fixture
def sample(settings, home_page):
    """A live sample profile from the demo, on a site that is then made real."""
    page = ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="张红梅", is_sample=True)
    page.save_revision().publish()
    settings.DEMO_SITE = False
    return page


def profile_form(**changes):
    return nested_form_data(
        {
            "title": "胡春生",
            "slug": "",
            "honour": HonourCategory.objects.get(name="优秀共产党员").pk,
            "year": 2026,
            "town": Town.objects.get(name="茗山乡").pk,
            "micro_story": "带领村民成立理事会。",
            "body": streamfield([]),
            "tags": "",
            **changes,
        }
    )


def test_load_demo_refuses_on_a_real_site_and_changes_nothing(db, settings):
    settings.DEMO_SITE = False
    settings.DEMO_ADMIN_PASSWORD = "demo-pass-123"
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="DEMO_SITE"):
        call_command("load_demo")
    assert Page.objects.count() == pages
    assert not get_user_model().objects.exists()


@pytest.mark.slow  # a Django process of its own
def test_load_demo_refuses_under_production_settings_unless_asked(tmp_path):
    database = tmp_path / "site.sqlite3"
    env = {
        **{key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "SECRET_KEY": "k" * 60,
        "SITE_URL": "https://www.example.cn",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEMO_SITE": "false",  # whatever a developer's .env says
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "这里是正式站点（DEMO_SITE 未开启），不加载演示内容" in result.stderr
    assert not database.exists() or database.stat().st_size == 0


def test_make_run_asks_for_a_demo_site_in_env(tmp_path):
    subprocess.run(
        ["make", "--no-print-directory", "-f", str(django_settings.BASE_DIR / "Makefile"), "demo-env"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    lines = (tmp_path / ".env").read_text().splitlines()
    assert "DEMO_SITE=true" in lines
    assert "DEMO_SKIP_TWO_FACTOR=true" in lines


def test_an_editor_cannot_mark_a_new_profile_as_a_sample(client, real_site, django_user_model):
    editor = django_user_model.objects.create_user("bianji", "bianji@daye.example.cn", "x")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    url = f"/admin/pages/add/stories/profilepage/{real_site.pk}/"
    for action in ("action-publish", "action-submit", None):
        data = profile_form(is_sample="on")
        if action:
            data[action] = action
        response = client.post(url, data)
        assert response.status_code == 200
        assert REFUSED in response.content.decode()
    assert not ProfilePage.objects.filter(title="胡春生").exists()

    client.post(url, {**profile_form(), "action-submit": "action-submit"})
    assert ProfilePage.objects.get(title="胡春生").get_latest_revision().content["is_sample"] is False


@pytest.mark.parametrize("live", [True, False])
def test_a_sample_left_on_a_real_site_is_not_published_again(admin_client, sample, live):
    if not live:
        sample.unpublish()
    url = f"/admin/pages/{sample.pk}/edit/"
    response = admin_client.post(url, {**profile_form(title="张红梅", is_sample="on"), "action-publish": "1"})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert sample.revisions.count() == 1

    # Rewritten as a real person and unmarked, it publishes.
    admin_client.post(url, {**profile_form(title="胡春生"), "action-publish": "1"})
    sample.refresh_from_db()
    assert (sample.title, sample.is_sample, sample.live) == ("胡春生", False, True)


def test_no_review_schedule_or_script_puts_a_sample_live(sample):
    sample.unpublish()  # unpublishing a sample stays possible
    revision = sample.save_revision()
    with pytest.raises(ValidationError, match=REFUSED):
        revision.publish()
    sample.refresh_from_db()
    assert not sample.live
    sample.delete()  # and so does deleting it
    assert not ProfilePage.objects.exists()


def test_the_deployment_check_names_the_samples_left_on_a_real_site(sample, settings):
    check = ["check", "--deploy", "--tag", "database", "--database", "default"]
    with pytest.raises(SystemCheckError, match="stories.E001"):
        call_command(*check)
    settings.DEMO_SITE = True
    call_command(*check, stdout=io.StringIO())
