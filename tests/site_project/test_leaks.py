"""Nothing unpublished leaks, and no malformed API query fails: drafts, private and expired pages,
and the images only they use, stay out of the API, the sitemap, search and the calendars."""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from stories.models import StoryIndexPage
from tests.factories import SiteImageFactory, StoryPageFactory, TourPageFactory


@pytest.fixture
def stories(home_page):
    index = StoryIndexPage.objects.get()
    published = StoryPageFactory(
        parent=index, title="公开的报道", lead_image=SiteImageFactory(title="公开配图")
    )
    draft = StoryPageFactory(
        parent=index, title="草稿报道", live=False, lead_image=SiteImageFactory(title="草稿配图")
    )
    private = StoryPageFactory(parent=index, title="内部报道", lead_image=SiteImageFactory(title="内部配图"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    expired = StoryPageFactory(parent=index, title="过期报道", lead_image=SiteImageFactory(title="过期配图"))
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save_revision().publish()
    expired.unpublish(set_expired=True)
    SiteImageFactory(title="未使用的上传")
    lectures = home_page.get_children().get(slug="xuanjiang").specific
    draft_tour = TourPageFactory(parent=lectures, title="尚未发布的巡讲", slug="wei-fa-bu", live=False)
    return published, [draft, private, expired], draft_tour


def test_the_images_endpoint_lists_only_what_published_pages_show(client, stories):
    titles = {image["title"] for image in client.get("/api/v2/images/?limit=50").json()["items"]}
    assert "公开配图" in titles
    assert not titles & {"草稿配图", "内部配图", "过期配图", "未使用的上传"}


def test_hidden_pages_are_nowhere(client, stories):
    published, hidden, draft_tour = stories
    listing = client.get("/api/v2/pages/?type=stories.StoryPage&limit=50").json()["items"]
    assert [page["title"] for page in listing] == ["公开的报道"]
    sitemap = client.get("/sitemap.xml").content.decode()
    search = client.get("/search/?q=报道").content.decode()
    for page in hidden:
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
        assert (
            client.get(f"/api/v2/pages/find/?html_path={page.url_path.removeprefix('/tongdu')}").status_code
            == 404
        )
        assert page.slug not in sitemap
        assert page.title not in search
    assert published.slug in sitemap and "公开的报道" in search
    assert client.get("/xuanjiang/wei-fa-bu/rili.ics").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "/api/v2/pages/?offset=99999999999999999999",
        "/api/v2/pages/?limit=99999999999999999999",
        "/api/v2/pages/?search_operator=xor&search=a",
        "/api/v2/pages/find/?id=abc",
        "/api/v2/images/find/?id=abc",
        "/api/v2/pages/?first_published_at=x",
        "/api/v2/pages/2/?first_published_at=x",
        "/api/v2/images/?width=x",
        "/api/v2/pages/find/?html_path=%00",
        "/api/v2/pages/?type=stories.StoryPage&date=x",
        "/api/v2/pages/?child_of=abc",
        "/api/v2/pages/?order=%00",
    ],
)
def test_a_malformed_query_is_a_400(client, stories, query):
    response = client.get(query)
    assert response.status_code in (400, 404), response.content[:300]
