"""What pages read once per version of the pages (site_project/fragments.py): the page served, a
page of cards, a search. Without the page cache, a page asked again reads next to nothing, and a
change shows on the very next request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from stories.models import ProfileIndexPage, StoryIndexPage
from tests.factories import ProfilePageFactory, StoryPageFactory


@pytest.fixture
def profile(home_page):
    return ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="胡春生")


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode(), [query["sql"] for query in captured]


@pytest.mark.parametrize(
    "path", ["profile", "/xianfeng/", "/zhuanlan/?column=liangxue-yizuo", "/search/?q=胡春生"]
)
def test_a_page_asked_again_reads_only_its_site(client, profile, path):
    path = profile.url if path == "profile" else path
    client.get(path)
    asked = queries(client, path)[1]
    # The Site for the host (and, for a page, its root page); a search counts its hit as well.
    assert all(
        "wagtailcore_site" in sql or "wagtailcore_page" in sql or "searchpromotions" in sql for sql in asked
    )
    assert len(asked) <= 3


def test_a_published_change_shows_on_the_next_request(client, profile, django_capture_on_commit_callbacks):
    client.get(profile.url)
    client.get("/xianfeng/")
    with django_capture_on_commit_callbacks(execute=True):
        profile.micro_story = "改过的微故事。"
        profile.save_revision().publish()
        story = StoryPageFactory(
            parent=StoryIndexPage.objects.get(), title="关于胡春生的报道", profiles=[profile], live=False
        )
        story.save_revision().publish()

    html = queries(client, profile.url)[0]
    assert "改过的微故事。" in html and "关于胡春生的报道" in html
    assert "改过的微故事。" in queries(client, "/xianfeng/")[0]
    assert "胡春生" in queries(client, "/search/?q=胡春生")[0]


def test_another_page_number_or_filter_is_read_for_itself(client, home_page):
    index = ProfileIndexPage.objects.get()
    for n in range(13):
        ProfilePageFactory(parent=index, title=f"先锋人物{n:02}", year=2020 + n % 2)
    first = queries(client, "/xianfeng/")[0]
    second = queries(client, "/xianfeng/?page=2")[0]
    only_2021 = queries(client, "/xianfeng/?year=2021")[0]
    assert first != second
    assert "先锋人物01" in only_2021 and "先锋人物00" not in only_2021
