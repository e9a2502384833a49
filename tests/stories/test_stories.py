import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
import segno

from stories.models import (
    Column,
    HonourCategory,
    ProfileIndexPage,
    ProfilePage,
    StoryIndexPage,
    StoryPage,
    Town,
)
from tests.conftest import build_site_tree
from tests.factories import ProfilePageFactory, SiteImageFactory, StoryPageFactory


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def columns(home_page):
    """Three stories in two columns, one about a profile, tagged; and one draft."""
    index = StoryIndexPage.objects.get()
    profile = publish(
        ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="胡春生", tags=["村庄理事会"])
    )
    xianfeng = Column.objects.get(slug="tongdu-xianfeng")
    publish(StoryPageFactory(parent=index, title="以上率下筑牢思想", tags=["党员三日+"]))
    publish(
        StoryPageFactory(
            parent=index,
            title="三级自治构架",
            date="2026-09-29",
            tags=["村庄理事会"],
            profiles=[profile],
        )
    )
    publish(StoryPageFactory(parent=index, title="选树标杆", column=xianfeng, date="2026-09-27"))
    StoryPageFactory(parent=index, title="未发布的稿子", live=False, tags=["村庄理事会"], profiles=[profile])
    return index


def titles(response):
    return [story.title for story in response.context["stories"]]


def json_ld(html):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_listing_shows_live_stories_newest_first(client, columns):
    response = client.get("/zhuanlan/")
    assert titles(response) == ["三级自治构架", "选树标杆", "以上率下筑牢思想"]
    assert "共 3 篇报道。" in response.content.decode()
    assert "2026年9月29日 周二" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("column=tongdu-xianfeng", ["选树标杆"]),
        ("column=liangxue-yizuo", ["三级自治构架", "以上率下筑牢思想"]),
        ("tag=cun-zhuang-li-shi-hui", ["三级自治构架"]),
        ("column=liangxue-yizuo&tag=dang-yuan-san-ri", ["以上率下筑牢思想"]),
        ("column=tongdu-xianfeng&tag=cun-zhuang-li-shi-hui", []),
    ],
)
def test_filters_by_column_and_tag_combine(client, columns, query, expected):
    assert titles(client.get(f"/zhuanlan/?{query}")) == expected


def test_column_choices_count_what_they_would_show(client, columns):
    facets = {
        facet["param"]: {option["label"]: option["count"] for option in facet["options"]}
        for facet in client.get("/zhuanlan/?tag=cun-zhuang-li-shi-hui").context["filters"].facet_options()
    }
    assert facets["column"] == {"两学一做、对标看齐、履职担当": 1}
    assert facets["tag"] == {"村庄理事会": 1, "党员三日+": 1}


@pytest.mark.parametrize(
    "query",
    [
        "column=nope",
        "tag=%3Cscript%3Ealert(1)%3C/script%3E",
        "page=999",
        "page=abc",
        "column=&tag=",
        "column=%00",
    ],
)
def test_bad_filter_values_give_a_normal_page(client, columns, query):
    response = client.get(f"/zhuanlan/?{query}")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert titles(response)


def test_no_match_explains_how_to_widen(client, columns):
    html = client.get("/zhuanlan/?column=tongdu-xianfeng&tag=cun-zhuang-li-shi-hui").content.decode()
    assert "没有同时符合这些条件的报道" in html


def test_story_page_shows_byline_body_and_the_profiles_it_is_about(client, columns):
    html = client.get("/zhuanlan/san-ji-zi-zhi-gou-jia/").content.decode()
    assert "2026年9月29日 周二" in html
    assert "来源：《今日大冶》" in html
    assert "通讯员 石教炼" in html
    assert "90%的矛盾纠纷在村庄内部得到解决。" in html
    assert 'href="/xianfeng/hu-chun-sheng/"' in html
    assert 'href="/zhuanlan/biaoqian/cun-zhuang-li-shi-hui/"' in html


def test_profile_links_back_to_live_stories_only(client, columns):
    html = client.get("/xianfeng/hu-chun-sheng/").content.decode()
    assert "相关报道" in html
    assert "三级自治构架" in html
    assert "未发布的稿子" not in html


def test_tag_page_shows_profiles_and_stories_together(client, columns):
    response = client.get("/zhuanlan/biaoqian/cun-zhuang-li-shi-hui/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>村庄理事会</h1>" in html
    assert "1 位先锋人物，1 篇专栏报道。" in html
    assert "胡春生" in html and "三级自治构架" in html
    assert "未发布的稿子" not in html


def test_unknown_tag_is_a_404(client, columns):
    assert client.get("/zhuanlan/biaoqian/nope/").status_code == 404


def test_story_carries_news_article_json_ld_and_its_lead_image_for_sharing(client, columns):
    html = client.get("/zhuanlan/san-ji-zi-zhi-gou-jia/").content.decode()
    data = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "三级自治构架"
    assert data["datePublished"] == "2026-09-29T00:00:00+08:00"
    assert data["author"] == [{"@type": "Person", "name": "石教炼", "jobTitle": "通讯员"}]
    assert data["articleSection"] == "两学一做、对标看齐、履职担当"
    assert data["about"][0]["name"] == "胡春生"
    assert data["image"][0].startswith("http://localhost/media/images/")
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert og_image == data["image"][0]
    assert '<meta property="og:type" content="article">' in html


def test_profile_carries_profile_page_json_ld(client, columns):
    data = json_ld(client.get("/xianfeng/hu-chun-sheng/").content.decode())
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "胡春生"
    assert person["award"] == "2026年大冶市优秀共产党员"
    assert person["workLocation"]["address"]["addressLocality"] == "大冶市茗山乡"
    assert person["image"].startswith("http://localhost/media/images/")


def test_a_party_branch_is_an_organization(client, home_page):
    branch = publish(
        ProfilePageFactory(
            parent=ProfileIndexPage.objects.get(),
            title="晏庄村党支部",
            honour=HonourCategory.objects.get(name="先进基层党组织"),
        )
    )
    data = json_ld(client.get(branch.url).content.decode())
    assert data["mainEntity"]["@type"] == "Organization"
    assert data["mainEntity"]["location"]["name"] == "杨桥村"


def test_markup_in_a_title_cannot_end_the_json_ld_script(client, home_page):
    story = publish(
        StoryPageFactory(parent=StoryIndexPage.objects.get(), title="</script><script>alert(1)</script>")
    )
    html = client.get(story.url).content.decode()
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_story_and_profile_pages_offer_a_qr_code_of_their_address(client, columns):
    for path in ("/zhuanlan/san-ji-zi-zhi-gou-jia/", "/xianfeng/hu-chun-sheng/"):
        html = client.get(path).content.decode()
        assert "<title>本页二维码</title>" in html
        assert "用微信扫一扫" in html
        drawn = re.search(r'<svg role="img".*? d="([^"]+)"', html).group(1)
        expected = segno.make(f"http://localhost{path}", error="m").svg_inline(border=2)
        assert f'd="{drawn}"' in expected


@pytest.mark.slow  # publishes dozens of pages
def test_story_listing_query_count_does_not_grow_with_stories(client, home_page):
    index = StoryIndexPage.objects.get()

    def queries():
        client.get("/zhuanlan/")  # renditions are made on the first request
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/zhuanlan/").status_code == 200
        return len(captured)

    for n in range(10):
        publish(StoryPageFactory(parent=index, title=f"甲{n}", tags=["标签"]))
    ten = queries()
    for n in range(50):
        publish(StoryPageFactory(parent=index, title=f"乙{n}", tags=[f"标签{n % 7}"]))
    assert queries() == ten


@pytest.mark.slow  # publishes dozens of pages
def test_tag_page_query_count_does_not_grow(client, home_page):
    stories, profiles = StoryIndexPage.objects.get(), ProfileIndexPage.objects.get()

    def queries():
        client.get("/zhuanlan/biaoqian/xian-feng/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/zhuanlan/biaoqian/xian-feng/").status_code == 200
        return len(captured)

    publish(StoryPageFactory(parent=stories, title="甲", tags=["先锋"]))
    publish(ProfilePageFactory(parent=profiles, title="乙", tags=["先锋"]))
    one_each = queries()
    for n in range(20):
        publish(StoryPageFactory(parent=stories, title=f"甲{n}", tags=["先锋"]))
        publish(ProfilePageFactory(parent=profiles, title=f"乙{n}", tags=["先锋"]))
    assert queries() == one_each


class StoryPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site_tree()
        cls.stories = StoryIndexPage.objects.get()
        cls.profiles = ProfileIndexPage.objects.get()

    def setUp(self):
        self.login()

    def test_stories_sit_under_the_column_index_only(self):
        self.assertAllowedSubpageTypes(StoryIndexPage, {StoryPage})
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertAllowedSubpageTypes(StoryPage, set())

    def test_editor_creates_a_story_about_a_profile(self):
        profile = ProfilePageFactory(parent=self.profiles, title="胡春生")
        self.assertCanCreate(
            self.stories,
            StoryPage,
            nested_form_data(
                {
                    "title": "村庄理事会调解纠纷",
                    "slug": "",
                    "column": Column.objects.get(slug="tongdu-xianfeng").pk,
                    "date": "2026-10-01",
                    "author": "通讯员 石教炼",
                    "source": "大冶电视台",
                    "body": streamfield([("paragraph", rich_text("<p>理事会调解纠纷。</p>"))]),
                    "tags": "村庄理事会",
                    "profile_links": inline_formset([{"profile": profile.pk}]),
                }
            ),
        )
        story = StoryPage.objects.get(title="村庄理事会调解纠纷")
        assert story.slug == "cun-zhuang-li-shi-hui-tiao-jie-jiu-fen"
        assert [link.profile for link in story.profile_links.all()] == [profile]
        assert list(story.tags.names()) == ["村庄理事会"]

    def test_editor_creates_a_profile_with_a_portrait(self):
        portrait = SiteImageFactory(title="胡春生肖像")
        self.assertCanCreate(
            self.profiles,
            ProfilePage,
            nested_form_data(
                {
                    "title": "胡春生",
                    "slug": "",
                    "honour": HonourCategory.objects.get(name="优秀村（社区）书记").pk,
                    "year": 2026,
                    "town": Town.objects.get(name="茗山乡").pk,
                    "unit": "杨桥村",
                    "portrait": portrait.pk,
                    "micro_story": "带领村民成立理事会。",
                    "body": streamfield([("quote", {"text": "群众的小事就是大事。", "attribution": ""})]),
                    "tags": "",
                }
            ),
        )
        assert ProfilePage.objects.get(title="胡春生").portrait == portrait

    def test_a_micro_story_over_the_limit_is_refused(self):
        response = self.client.post(
            f"/admin/pages/add/stories/profilepage/{self.profiles.pk}/",
            nested_form_data(
                {
                    "title": "胡春生",
                    "slug": "",
                    "honour": HonourCategory.objects.get(name="优秀共产党员").pk,
                    "year": 2026,
                    "town": Town.objects.get(name="茗山乡").pk,
                    "micro_story": "长" * 201,
                    "body": streamfield([]),
                    "tags": "",
                }
            ),
        )
        assert response.status_code == 200
        assert "micro_story" in response.context["form"].errors
        assert not ProfilePage.objects.filter(title="胡春生").exists()

    def test_story_renders_edits_and_previews(self):
        story = publish(StoryPageFactory(parent=self.stories, title="选树标杆"))
        self.assertPageIsRenderable(story)
        post_data = nested_form_data(
            {
                "title": story.title,
                "slug": story.slug,
                "column": story.column.pk,
                "date": "2026-09-26",
                "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
                "tags": "",
                "profile_links": inline_formset([]),
            }
        )
        self.assertPageIsEditable(story, post_data=post_data)
        self.assertPageIsPreviewable(story, post_data=post_data)
