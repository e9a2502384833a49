"""先锋人物: exemplary profiles and the 先锋榜 that lists them."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from home.api_fields import PORTRAIT, ImageField, ReferenceField, TagNamesField
from home.filters import Facet, ListingFilters, TagFacet, YearFacet
from home.forms import PageForm
from home.models import BasePage, IndexPage, SiteTag, optional_image
from home.pagination import paginate
from home.privacy import SitePageQuerySet
from home.structured_data import date_time
from stories.blocks import StoryBodyBlock

from .reference import HonourCategory, Town

MICRO_STORY_LENGTH = 200
SAMPLE_ON_REAL_SITE = "「示例」人物是演示用的虚构内容，正式站点上不能保存或发布。请删除这个页面，或改写成真实人物后取消勾选「示例」。"


class ProfileTag(ItemBase):
    tag = models.ForeignKey(SiteTag, related_name="profile_items", on_delete=models.CASCADE)
    content_object = ParentalKey("stories.ProfilePage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = verbose_name_plural = "先锋人物的标签"


class ProfilePageForm(PageForm):
    def clean_is_sample(self):
        # Any save: a draft marked 示例 would be one click from going live.
        if self.cleaned_data["is_sample"] and not settings.DEMO_SITE:
            raise ValidationError(SAMPLE_ON_REAL_SITE)
        return self.cleaned_data["is_sample"]


class ProfileQuerySet(SitePageQuerySet):
    def for_cards(self):
        """What a card shows, in a fixed number of queries however many cards there are."""
        return self.select_related("honour", "town", "portrait")

    def for_api(self):
        """What the API gives of each, in a fixed number of queries however many there are."""
        return self.for_cards().prefetch_related("portrait__renditions", "tags")


class ProfilePage(BasePage):
    """A person or a party organisation honoured by the city, with their story."""

    served_with = {"select": ("portrait", "town", "honour"), "prefetch": ("tags",)}

    honour = models.ForeignKey(
        HonourCategory, verbose_name="荣誉类别", on_delete=models.PROTECT, related_name="profiles"
    )
    year = models.PositiveSmallIntegerField(
        "表彰年份", validators=[MinValueValidator(1921), MaxValueValidator(2100)]
    )
    town = models.ForeignKey(
        Town, verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="profiles"
    )
    unit = models.CharField("村（社区）或单位", max_length=60, blank=True)
    portrait = optional_image(
        "照片", help_text="人物肖像或党组织的集体照。在图片库里设置焦点，卡片裁切时保住人脸。"
    )
    micro_story = models.TextField(
        "微事迹",
        max_length=MICRO_STORY_LENGTH,
        help_text=f"几句话的事迹，显示在先锋榜卡片上，不超过 {MICRO_STORY_LENGTH} 字。",
    )
    body = StreamField(StoryBodyBlock(), verbose_name="事迹全文", blank=True)
    tags = ClusterTaggableManager("标签", through=ProfileTag, blank=True)
    is_sample = models.BooleanField("示例", default=False, help_text="演示用的虚构人物，上线前删除。")

    objects = PageManager.from_queryset(ProfileQuerySet)()
    base_form_class = ProfilePageForm

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("honour", widget=forms.Select), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("town", widget=forms.Select), FieldPanel("unit")]),
            ],
            heading="荣誉",
        ),
        FieldPanel("portrait"),
        FieldPanel("micro_story"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("is_sample"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("micro_story"),
        index.SearchField("body"),
        index.SearchField("unit"),
        index.RelatedFields("town", [index.SearchField("name")]),
        index.RelatedFields("honour", [index.SearchField("name")]),
        index.FilterField("year"),
        index.FilterField("honour"),
        index.FilterField("town"),
    ]
    api_fields = [
        APIField("honour", serializer=ReferenceField("name", "slug", "honours_organisations")),
        APIField("year"),
        APIField("town", serializer=ReferenceField("name", "slug")),
        APIField("unit"),
        APIField("portrait", serializer=ImageField(PORTRAIT)),
        APIField("micro_story"),
        APIField("body"),
        APIField("tags", serializer=TagNamesField()),
    ]
    parent_page_types = ["stories.ProfileIndexPage"]
    subpage_types = []
    page_description = "一位先进个人或一个先进党组织的事迹"

    class Meta:
        verbose_name = "先锋人物"
        verbose_name_plural = "先锋人物"

    def clean(self):
        super().clean()
        # Whatever publishes (a review, a schedule, a script) saves the page live through here;
        # unpublishing and deleting a sample stay possible.
        if self.is_sample and self.live and not settings.DEMO_SITE:
            raise ValidationError({"is_sample": SAMPLE_ON_REAL_SITE})

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        return f"{title}（示例）" if self.is_sample else title

    def get_social_image(self):
        return self.social_image or self.portrait

    @property
    def schema_type(self):
        return "Organization" if self.honour.honours_organisations else "Person"

    def structured_data(self, request):
        place = {
            "@type": "Place",
            "name": self.unit or str(self.town),
            "address": {
                "@type": "PostalAddress",
                "addressCountry": "CN",
                "addressRegion": "湖北省",
                "addressLocality": f"大冶市{self.town}",
            },
        }
        subject = {
            "@type": self.schema_type,
            "name": self.title,
            "description": self.micro_story,
            "award": f"{self.year}年大冶市{self.honour}",
            "image": self.social_image_url(),
            "workLocation" if self.schema_type == "Person" else "location": place,
        }
        return {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "name": self.title,
            "url": self.get_full_url(request),
            "inLanguage": "zh-CN",
            "dateCreated": date_time(self.first_published_at),
            "dateModified": date_time(self.last_published_at),
            "mainEntity": {key: value for key, value in subject.items() if value},
        }

    # Once per page: a page served is remembered for the pages' version (home/routing.py).
    @cached_property
    def stories(self):
        """The live column stories about this profile, newest first."""
        links = self.story_links.filter(story__live=True).select_related("story__column")
        return [link.story for link in links.order_by("-story__date")]

    @cached_property
    def episodes(self):
        """The live 《先锋》 episodes featuring this profile, in series order."""
        links = self.episode_links.filter(episode__live=True).select_related("episode")
        return [link.episode for link in links.order_by("episode__number")]


class ProfileLink(Orderable):
    """A page's link to a profile it is about; the profile page lists its links back.

    A subclass adds the ParentalKey to its page and names the way back from the profile in
    ``Meta.default_related_name`` (e.g. ``story_links``), which the ``profile`` key takes up.
    """

    profile = models.ForeignKey(ProfilePage, verbose_name="先锋人物", on_delete=models.CASCADE)

    panels = [FieldPanel("profile")]

    class Meta(Orderable.Meta):
        abstract = True


class ProfileIndexPage(RoutablePageMixin, IndexPage):
    """先锋榜 at /xianfeng/: profiles as cards, filterable, and the roll of honour per year."""

    subpage_types = ["stories.ProfilePage"]
    per_page = 12
    filter_facets = (
        Facet("honour", "荣誉类别", "honour", HonourCategory),
        YearFacet("year", "年份", "year"),
        Facet("town", "乡镇（街道）", "town", Town),
        TagFacet(),
    )

    class Meta:
        verbose_name = verbose_name_plural = "先锋榜"

    def profiles(self):
        return ProfilePage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = ListingFilters(request.GET, self.profiles(), self.filter_facets, key=("profiles", self.pk))
        context["filters"] = filters
        profiles = filters.queryset().for_cards().order_by("-year", "honour__sort_order", "title")
        context["profiles"] = paginate(request, profiles, self.per_page, key=filters.selection_key)
        return context

    @path("rongyubang/")
    @path("rongyubang/<int:year>/")
    def roll_of_honour(self, request, year=None):
        """Every honouree of a year, names only, by category: the printed commendation roll."""
        years = list(self.profiles().order_by("-year").values_list("year", flat=True).distinct())
        if year is None and years:
            year = years[0]
        honourees = self.profiles().filter(year=year).select_related("honour")
        return self.render(
            request,
            template="stories/roll_of_honour.html",
            context_overrides={
                "year": year,
                "years": years,
                "honourees": honourees.order_by("honour__sort_order", "title"),
            },
        )
