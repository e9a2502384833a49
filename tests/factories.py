import datetime

from wagtail.rich_text import RichText

import factory
import wagtail_factories

from home.blocks import FigureBlock
from home.models import HomePage, SiteImage
from home.slugs import pinyin_slug
from lectures.models import LectureIndexPage
from stories.models import (
    Column,
    HonourCategory,
    ProfileIndexPage,
    ProfilePage,
    SeriesIndexPage,
    StoryIndexPage,
    StoryPage,
    Town,
)

ARTICLE_FIGURES = [
    (3921, "名", "在职党员进社区报到"),
    (5120, "人次", "参加志愿服务"),
    (3658, "个", "微心愿实现"),
]


def figures(rows=ARTICLE_FIGURES):
    block = FigureBlock()
    return [("figure", block.to_python({"number": n, "unit": u, "label": label})) for n, u, label in rows]


class SiteImageFactory(wagtail_factories.ImageFactory):
    title = "测试图片"

    class Meta:
        model = SiteImage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "首页"
    slug = "tongdu"
    hero_heading = "铜都先锋"
    hero_text = "选树身边的先锋。"

    class Meta:
        model = HomePage


class ProfileIndexPageFactory(wagtail_factories.PageFactory):
    title = "先锋榜"
    slug = "xianfeng"
    show_in_menus = True

    class Meta:
        model = ProfileIndexPage


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "专栏"
    slug = "zhuanlan"
    show_in_menus = True

    class Meta:
        model = StoryIndexPage


class SeriesIndexPageFactory(wagtail_factories.PageFactory):
    title = "《先锋》"
    slug = "shipin"
    show_in_menus = True

    class Meta:
        model = SeriesIndexPage


class LectureIndexPageFactory(wagtail_factories.PageFactory):
    title = "宣讲"
    slug = "xuanjiang"
    show_in_menus = True

    class Meta:
        model = LectureIndexPage


class ProfilePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"先锋{n}")
    slug = factory.LazyAttribute(lambda page: pinyin_slug(page.title))
    honour = factory.LazyFunction(lambda: HonourCategory.objects.get(name="优秀共产党员"))
    town = factory.LazyFunction(lambda: Town.objects.get(name="茗山乡"))
    year = 2026
    unit = "杨桥村"
    micro_story = "带领村民调处纠纷。"
    portrait = factory.SubFactory(SiteImageFactory)

    class Meta:
        model = ProfilePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            self.save()


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"专栏报道{n}")
    slug = factory.LazyAttribute(lambda page: pinyin_slug(page.title))
    column = factory.LazyFunction(lambda: Column.objects.get(slug="liangxue-yizuo"))
    date = datetime.date(2026, 9, 26)
    author = "通讯员 石教炼"
    source = "《今日大冶》"
    summary = "茗山乡构建“1+3”农村基层治理体系。"
    lead_image = factory.SubFactory(SiteImageFactory)
    body = factory.LazyFunction(lambda: [("paragraph", RichText("<p>90%的矛盾纠纷在村庄内部得到解决。</p>"))])

    class Meta:
        model = StoryPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            self.save()

    @factory.post_generation
    def profiles(self, create, extracted, **kwargs):
        for profile in extracted or []:
            self.profile_links.create(profile=profile)
