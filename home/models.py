import copy

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from taggit.models import TagBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, Site
from wagtail.search import index

from site_project.fragments import remembered

from .api_fields import WHOLE, WIDE, ImageField, PageLinkField, RenditionsField, TagNamesField
from .blocks import FigureBlock
from .forms import PageForm
from .privacy import SitePageManager, in_alias, view_restrictions_of
from .routing import route_along
from .search.segmenter import WORD, normalize
from .sites import absolute_url
from .slugs import child_slug, free_slug, pinyin_slug

SOCIAL_RENDITION = "fill-1200x630|format-jpeg|jpegquality-80"


def share_rendition_url(image):
    """The absolute URL of an image's share (Open Graph) rendition."""
    return absolute_url(image.get_rendition(SOCIAL_RENDITION).url)


class SiteImage(AbstractImage):
    """Wagtail's image with the credit lines a newsroom prints under a photo."""

    credit = models.CharField("摄影/作者", max_length=100, blank=True)
    source = models.CharField("来源", max_length=100, blank=True)

    admin_form_fields = Image.admin_form_fields + ("credit", "source")
    api_fields = [
        APIField("credit"),
        APIField("source"),
        APIField("renditions", serializer=RenditionsField(WHOLE, source="*")),
    ]
    api_meta_fields = [APIField("tags", serializer=TagNamesField())]

    class Meta(AbstractImage.Meta):
        verbose_name = "图片"
        verbose_name_plural = "图片"


def optional_image(verbose_name, **options):
    """A link to an image that may be left empty, and empties when the image is deleted."""
    return models.ForeignKey(
        SiteImage,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class SiteTag(TagBase):
    """A tag shared by profiles and stories, with a pinyin slug so ?tag= links stay ASCII."""

    free_tagging = True

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = "标签"

    def slugify(self, tag, i=None):
        slug = pinyin_slug(tag) or "tag"
        return f"{slug}-{i}" if i is not None else slug


class BasePage(Page):
    """What every public page shares: the image shown when the page is shared."""

    social_image = optional_image(
        "分享图片", help_text="在微信等处分享时显示的图片，建议横图；不选则用页面主图或网站默认图片。"
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]
    base_form_class = PageForm
    objects = SitePageManager()

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        return super().get_view_restrictions() if in_alias(self) else view_restrictions_of(self)

    def route(self, request, path_components):
        return route_along(self, request, path_components) or super().route(request, path_components)

    def full_clean(self, *args, **kwargs):
        # Wagtail fills an empty slug from the title, but drops every Chinese character doing so.
        # A draft's slug is checked against its siblings' live slugs only: when a sibling took it
        # meanwhile, publishing (from a review, a schedule or in bulk) takes the next free one
        # rather than failing. The parent is known once the page is in the tree.
        if self.path and self.title:
            parent = self.get_parent()
            if self.slug:
                self.slug = free_slug(parent, self.slug, self)
            else:
                self.slug = child_slug(parent, self.title, type(self), self)
        super().full_clean(*args, **kwargs)

    @property
    def search_date(self):
        """The date a search result shows; page types with a date of their own override it."""
        return timezone.localdate(self.first_published_at) if self.first_published_at else None

    def get_social_image(self):
        """The image for Open Graph; page types with a lead image or portrait extend this."""
        return self.social_image

    def social_image_url(self):
        image = self.get_social_image()
        return share_rendition_url(image) if image else None


class IndexPage(BasePage):
    """A section's landing page (先锋榜, 专栏 …): an introduction above its listing."""

    intro = RichTextField("导语", blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True


class HomePage(BasePage):
    hero_heading = models.CharField("主标题", max_length=60)
    hero_text = models.TextField("导语", max_length=300, blank=True)
    hero_image = optional_image("头图")
    hero_link = models.ForeignKey(
        Page,
        verbose_name="按钮链接",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_text = models.CharField("按钮文字", max_length=20, blank=True)
    figures = StreamField(
        [("figure", FigureBlock())],
        verbose_name="数字",
        blank=True,
        help_text="首页“数字”栏，按顺序显示。",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_link"),
                FieldPanel("hero_link_text"),
            ],
            heading="头条",
        ),
        FieldPanel("figures"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]
    api_fields = [
        APIField("hero_heading"),
        APIField("hero_text"),
        APIField("hero_image", serializer=ImageField(WIDE)),
        APIField("hero_link", serializer=PageLinkField()),
        APIField("hero_link_text"),
        APIField("figures"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "stories.ProfileIndexPage",
        "stories.StoryIndexPage",
        "stories.SeriesIndexPage",
        "lectures.LectureIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = verbose_name_plural = "首页"

    def get_social_image(self):
        return self.social_image or self.hero_image


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Footer and sharing details that editors keep without a developer."""

    description = models.CharField(
        "网站简介",
        max_length=160,
        help_text="页面没有自己的简介时，用作搜索引擎和分享的描述。",
    )
    organiser = models.CharField("主办单位", max_length=60, blank=True)
    icp_number = models.CharField(
        "ICP备案号", max_length=40, blank=True, help_text="如：鄂ICP备12345678号-1，链接到工信部备案网站。"
    )
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    contact_address = models.CharField("联系地址", max_length=100, blank=True)
    default_social_image = optional_image("默认分享图片")

    panels = [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("icp_number"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
                FieldPanel("contact_address"),
            ],
            heading="页脚",
        ),
        FieldPanel("default_social_image"),
    ]

    class Meta:
        verbose_name = verbose_name_plural = "网站设置"

    @classmethod
    def for_request(cls, request):
        """Read once per version of the pages, with its image; each request gets its own copy, which
        Wagtail marks with the request. (The admin edits the settings it reads through for_site.)"""
        attr_name = cls.get_cache_attr_name()
        site = Site.find_for_request(request)
        if site is None or hasattr(request, attr_name):
            return super().for_request(request)
        settings = copy.copy(remembered(("site-settings", site.pk), lambda: cls._read_for(site)))
        settings._request = request
        setattr(request, attr_name, settings)
        return settings

    @classmethod
    def _read_for(cls, site):
        settings = cls.for_site(site)
        settings.default_social_image  # noqa: B018 (read now, into what is remembered)
        return settings


class SearchTerm(models.Model):
    """A word the search must keep whole: a place, a name or a programme term (党员三日+)."""

    word = models.CharField(
        "词语",
        max_length=20,
        unique=True,
        help_text="地名、人名或工作术语，如：晏庄村、党员三日+。保存后，含这个词的内容会按新词重新编入搜索。",
    )
    note = models.CharField("说明", max_length=100, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("note")]

    class Meta:
        ordering = ["word"]
        verbose_name = "搜索词"
        verbose_name_plural = "搜索词典"

    def __str__(self):
        return self.word

    def clean(self):
        self.word = normalize(self.word).strip()
        if self.word and not WORD.search(self.word):
            raise ValidationError({"word": "词语里要有文字或数字。"})
        if any(character.isspace() for character in self.word):
            raise ValidationError({"word": "一个词语里不能有空格；多个词请分别添加。"})


class WorkerHeartbeat(models.Model):
    """When `manage.py worker` last went round (one row): /readyz says the worker is away when it is old."""

    seen_at = models.DateTimeField("最近一次运行")

    class Meta:
        verbose_name = verbose_name_plural = "后台任务进程"

    def __str__(self):
        return f"后台任务进程 {timezone.localtime(self.seen_at):%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls):
        if not cls.objects.filter(pk=1).update(seen_at=timezone.now()):
            cls.objects.create(pk=1, seen_at=timezone.now())

    @classmethod
    def seconds_since_seen(cls):
        """Seconds since the worker's last round; None if it never ran."""
        seen_at = cls.objects.filter(pk=1).values_list("seen_at", flat=True).first()
        return None if seen_at is None else (timezone.now() - seen_at).total_seconds()


from .security.models import Lockout, LoginFailure, LoginRecord  # noqa: E402, F401 - proxies of the home app
