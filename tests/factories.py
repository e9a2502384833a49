import datetime
from pathlib import Path

from wagtail.models import Collection
from wagtail.rich_text import RichText

import factory
import wagtail_factories

from home.blocks import FigureBlock
from home.models import HomePage, SiteImage
from home.slugs import pinyin_slug
from lectures.models import LectureIndexPage, LectureTeamPage, Session, Speaker, TourPage, VenueKind
from stories.models import (
    Column,
    EpisodePage,
    HonourCategory,
    ProfileIndexPage,
    ProfilePage,
    SeriesIndexPage,
    StoryIndexPage,
    StoryPage,
    Town,
    Video,
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
    collection = factory.LazyFunction(Collection.get_first_root_node)

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


DEMO_VIDEO = Path(__file__).resolve().parents[1] / "stories" / "demo_data" / "episodes" / "episode-1.mp4"
SUBTITLES = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n金湾的村民自发成立了临时理事会\n\n00:00:03.000 --> 00:00:06.000\n90%的矛盾纠纷在村庄内部解决\n"


class VideoFactory(factory.django.DjangoModelFactory):
    title = "《先锋》第1集"
    type = "video"
    file = factory.django.FileField(from_path=DEMO_VIDEO, filename="episode-1.mp4")
    subtitles = factory.django.FileField(data=SUBTITLES.encode(), filename="episode-1.vtt")
    duration = 6
    width = 640
    height = 360
    poster = factory.SubFactory(SiteImageFactory, title="海报")

    class Meta:
        model = Video


class EpisodePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"第{n}集")
    slug = factory.Sequence(lambda n: f"di-{n}-ji")
    number = factory.Sequence(lambda n: n + 1)
    summary = "金湾的村民在老支书、老党员牵头下自发成立临时理事会。"
    video = factory.SubFactory(VideoFactory)
    aired_at = datetime.date(2026, 7, 1)

    class Meta:
        model = EpisodePage
        skip_postgeneration_save = True

    @factory.post_generation
    def profiles(self, create, extracted, **kwargs):
        for profile in extracted or []:
            self.profile_links.create(profile=profile)


class LectureTeamPageFactory(wagtail_factories.PageFactory):
    title = factory.Iterator(["“铜都先锋”宣讲团", "理论宣讲团", "百姓宣讲团"])
    slug = factory.LazyAttribute(lambda team: pinyin_slug(team.title))
    intro = "<p>走进机关、学校、社区、农村和企业宣讲。</p>"

    class Meta:
        model = LectureTeamPage


class TourPageFactory(wagtail_factories.PageFactory):
    title = "“铜都先锋”百场巡讲"
    slug = "bai-chang-xun-jiang"
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 1, 31)
    target = 105

    teams = factory.LazyFunction(list)

    class Meta:
        model = TourPage


class SpeakerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"主讲人{n}")
    title = "市委党校讲师"

    class Meta:
        model = Speaker


class SessionFactory(factory.django.DjangoModelFactory):
    number = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2026, 12, 3)
    start = datetime.time(9, 0)
    end = datetime.time(10, 30)
    topic = "学党章守规矩"
    town = factory.LazyFunction(lambda: Town.objects.get(name="茗山乡"))
    venue = "茗山乡中心小学"
    venue_kind = VenueKind.SCHOOL
    speakers = factory.LazyFunction(list)  # ClusterableModel takes its parental many-to-many here

    class Meta:
        model = Session
