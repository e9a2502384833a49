from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from lectures.models import LectureIndexPage
from stories.models import ProfileIndexPage, ProfilePage, SeriesIndexPage, StoryIndexPage
from tests.conftest import build_site_tree

SECTIONS = {ProfileIndexPage, StoryIndexPage, SeriesIndexPage, LectureIndexPage}


HOME_FORM_DATA = nested_form_data(
    {
        "title": "首页",
        "slug": "tongdu",
        "hero_heading": "铜都先锋",
        "figures": streamfield([("figure", {"number": 105, "unit": "场", "label": "宣讲"})]),
    }
)


class PageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site_tree()

    def setUp(self):
        self.login()

    def test_home_page_sits_at_the_root_and_holds_the_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, SECTIONS)

    def test_sections_sit_under_the_home_page_only(self):
        for section in SECTIONS:
            self.assertAllowedParentPageTypes(section, {HomePage})
        self.assertAllowedSubpageTypes(ProfileIndexPage, {ProfilePage})
        self.assertAllowedParentPageTypes(ProfilePage, {ProfileIndexPage})
        self.assertAllowedSubpageTypes(ProfilePage, set())

    def test_home_page_is_a_singleton(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        for section in SECTIONS:
            self.assertFalse(section.can_create_at(self.home))

    def test_pages_render_edit_and_preview(self):
        for section in self.home.get_children().specific():
            self.assertPageIsRenderable(section)
            self.assertPageIsEditable(section)
            self.assertPageIsPreviewable(section)
        # The StreamField editor is drawn by JavaScript, so its form data is given here.
        self.assertPageIsRenderable(self.home)
        self.assertPageIsEditable(self.home, post_data=HOME_FORM_DATA)
        self.assertPageIsPreviewable(self.home, post_data=HOME_FORM_DATA)

    def test_editor_can_create_a_section_in_the_admin(self):
        ProfileIndexPage.objects.all().delete()
        self.assertCanCreate(
            self.home,
            ProfileIndexPage,
            nested_form_data({"title": "先锋榜", "slug": "xianfeng", "intro": rich_text("<p>导语</p>")}),
        )

    def test_a_chinese_title_gets_a_pinyin_slug_when_the_slug_is_left_empty(self):
        ProfileIndexPage.objects.all().delete()
        self.assertCanCreate(self.home, ProfileIndexPage, nested_form_data({"title": "先锋榜", "slug": ""}))
        self.assertEqual(ProfileIndexPage.objects.get().slug, "xian-feng-bang")

    def test_editor_can_edit_home_page_figures(self):
        root = Page.get_first_root_node()
        HomePage.objects.all().delete()
        self.assertCanCreate(root, HomePage, HOME_FORM_DATA)
        self.assertEqual(HomePage.objects.get().figures[0].value["number"], 105)
