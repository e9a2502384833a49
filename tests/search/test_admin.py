"""The admin searches with the same words as the site."""

from stories.models import StoryIndexPage
from tests.factories import StoryPageFactory


def test_the_admin_finds_a_page_by_a_word_inside_its_title(admin_client, home_page):
    StoryPageFactory(parent=StoryIndexPage.objects.get(), title="三级自治构架成为标杆")
    html = admin_client.get("/admin/pages/search/", {"q": "构架"}).content.decode()
    assert "三级自治构架成为标杆" in html


def test_the_search_reports_are_named_in_chinese(admin_client, home_page):
    html = admin_client.get("/admin/").content.decode()  # the menu is JSON, with \\u escapes
    for label in ("热门搜索词", "推广搜索结果", "搜索词典"):
        assert label.encode("unicode_escape").decode() in html, label
