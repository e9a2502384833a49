"""A page's body in the API as a client shows it: rich text as HTML with its links resolved (not
Wagtail's database format), a picture as renditions at absolute URLs."""

from django.conf import settings

from wagtail.rich_text import RichText

from stories.models import StoryIndexPage
from tests.factories import ProfilePageFactory, SiteImageFactory, StoryPageFactory


def test_a_body_comes_as_html_with_links_resolved_and_pictures_as_renditions(client, home_page):
    profile = ProfilePageFactory(parent=home_page.get_children().get(slug="xianfeng"), title="陈志刚")
    picture = SiteImageFactory(title="理事会开会", credit="石教炼", file__width=1600, file__height=1200)
    story = StoryPageFactory(
        parent=StoryIndexPage.objects.get(),
        body=[
            ("paragraph", RichText(f'<p>见<a linktype="page" id="{profile.pk}">陈志刚</a>的事迹。</p>')),
            ("image", {"image": picture, "alt": "村民围坐议事", "caption": "金湾理事会"}),
        ],
    )
    body = client.get(f"/api/v2/pages/{story.pk}/").json()["body"]
    paragraph, image = (block["value"] for block in body)
    assert paragraph == f'<p>见<a href="{profile.url}">陈志刚</a>的事迹。</p>'
    assert (image["alt"], image["caption"]) == ("村民围坐议事", "金湾理事会")
    assert (image["image"]["id"], image["image"]["credit"]) == (picture.pk, "石教炼")
    widths = {name: rendition["width"] for name, rendition in image["image"]["renditions"].items()}
    assert widths == {"small": 400, "medium": 800, "large": 1200}
    large = image["image"]["renditions"]["large"]
    assert large["height"] == 900
    assert large["full_url"] == settings.WAGTAILAPI_BASE_URL + large["url"]
    assert client.get(large["url"]).status_code == 200


def test_wagtail_s_database_format_stays_available_on_request(client, home_page):
    story = StoryPageFactory(
        parent=StoryIndexPage.objects.get(),
        body=[("paragraph", RichText(f'<p><a linktype="page" id="{home_page.pk}">首页</a></p>'))],
    )
    response = client.get(f"/api/v2/pages/{story.pk}/", {"rich_text_format": "db_html"})
    assert response.json()["body"][0]["value"] == f'<p><a linktype="page" id="{home_page.pk}">首页</a></p>'
