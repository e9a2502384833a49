"""What no editor's browser sends still gets a form error, never a 500, and changes nothing."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from stories.models import Column, StoryIndexPage
from tests.factories import StoryPageFactory


@pytest.fixture
def story(home_page):
    return StoryPageFactory(parent=StoryIndexPage.objects.get(), title="原来的标题")


def test_raw_html_posted_into_rich_text_is_a_form_error(admin_client, story):
    form = nested_form_data(
        {
            "title": "改过的标题",
            "slug": story.slug,
            "column": Column.objects.first().pk,
            "date": "2026-12-01",
            "body": streamfield([("paragraph", "<p>不是编辑器的格式</p>")]),
            "profile_links": inline_formset([]),
        }
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(story.pk,)), form)

    assert response.status_code == 200
    errors = response.context["form"].errors["body"].data[0]
    assert "正文的格式不正确" in str(errors)
    story.refresh_from_db()
    assert story.title == "原来的标题" and story.revisions.count() == 0


def test_raw_html_in_a_rich_text_field_is_a_form_error(admin_client, home_page):
    index = home_page.get_children().get(slug="xianfeng").specific
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=(index.pk,)),
        {"title": "先锋榜", "slug": "xianfeng", "intro": "<script>alert(1)</script>"},
    )
    assert response.status_code == 200
    assert "正文的格式不正确" in response.content.decode()
