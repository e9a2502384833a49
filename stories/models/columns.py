"""专栏: the columns run in 《今日大冶》 and on 大冶电视台, and their stories."""

from django import forms
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from home.api_fields import WIDE, ImageField, PageLinksField, ReferenceField, TagNamesField
from home.filters import Facet, ListingFilters, TagFacet
from home.models import BasePage, IndexPage, SiteTag, optional_image
from home.pagination import paginate
from home.privacy import SitePageQuerySet
from home.structured_data import date_time, publisher
from stories.blocks import StoryBodyBlock
from stories.bylines import byline_people
from stories.feeds import StoryFeed, autodiscovery_links

from .profiles import ProfileLink, ProfilePage
from .reference import ReferenceItem

SUMMARY_LENGTH = 150


class Column(ReferenceItem):
    """A named column of the newspaper or TV station, e.g. “铜都先锋”."""

    name = models.CharField("名称", max_length=40, unique=True)
    slug = models.SlugField("网址名称", max_length=60, unique=True)
    description = models.CharField("简介", max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta(ReferenceItem.Meta):
        verbose_name = "专栏"
        verbose_name_plural = "专栏"


class StoryTag(ItemBase):
    tag = models.ForeignKey(SiteTag, related_name="story_items", on_delete=models.CASCADE)
    content_object = ParentalKey("stories.StoryPage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        verbose_name = verbose_name_plural = "专栏文章的标签"


class StoryQuerySet(SitePageQuerySet):
    def for_cards(self):
        """What a story card shows, in a fixed number of queries however many cards there are."""
        return self.select_related("column", "lead_image")

    def for_api(self):
        """What the API gives of each, in a fixed number of queries however many there are."""
        return self.for_cards().prefetch_related("lead_image__renditions", "tags", "profile_links__profile")


class StoryPage(BasePage):
    """A column story: a news report as it ran in the paper or on TV."""

    served_with = {"select": ("column", "lead_image"), "prefetch": ("tags",)}

    column = models.ForeignKey(Column, verbose_name="专栏", on_delete=models.PROTECT, related_name="stories")
    date = models.DateField("发布日期", default=timezone.localdate)
    author = models.CharField("作者", max_length=60, blank=True, help_text="如：通讯员 石教炼")
    source = models.CharField("来源", max_length=60, blank=True, help_text="如：《今日大冶》、大冶电视台")
    summary = models.TextField(
        "摘要",
        max_length=SUMMARY_LENGTH,
        blank=True,
        help_text=f"显示在专栏列表和分享卡片上，不超过 {SUMMARY_LENGTH} 字。",
    )
    lead_image = optional_image("题图")
    body = StreamField(StoryBodyBlock(), verbose_name="正文")
    tags = ClusterTaggableManager("标签", through=StoryTag, blank=True)

    objects = PageManager.from_queryset(StoryQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("column", widget=forms.Select), FieldPanel("date")]),
                FieldRowPanel([FieldPanel("author"), FieldPanel("source")]),
            ],
            heading="刊发",
        ),
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("profile_links", heading="报道的先锋人物", label="先锋人物"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.RelatedFields("column", [index.SearchField("name")]),
        index.FilterField("date"),
        index.FilterField("column"),
    ]
    api_fields = [
        APIField("column", serializer=ReferenceField("name", "slug")),
        APIField("date"),
        APIField("author"),
        APIField("source"),
        APIField("summary"),
        APIField("lead_image", serializer=ImageField(WIDE)),
        APIField("body"),
        APIField("tags", serializer=TagNamesField()),
        APIField("profiles", serializer=PageLinksField("profile", source="profile_links")),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    page_description = "一篇专栏报道"

    class Meta:
        verbose_name = "专栏文章"
        verbose_name_plural = "专栏文章"

    @property
    def search_date(self):
        return self.date

    def get_social_image(self):
        return self.social_image or self.lead_image

    def structured_data(self, request):
        url = self.get_full_url(request)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.summary or self.search_description,
            "datePublished": date_time(self.date),
            "dateModified": date_time(self.last_published_at),
            "author": byline_people(self.author),
            "publisher": publisher(request),
            "sourceOrganization": {"@type": "Organization", "name": self.source} if self.source else None,
            "articleSection": self.column.name,
            "keywords": ",".join(tag.name for tag in self.tags.all()),
            "image": [self.social_image_url()] if self.get_social_image() else None,
            "inLanguage": "zh-CN",
            "url": url,
            "mainEntityOfPage": url,
            "about": [
                {"@type": profile.schema_type, "name": profile.title, "url": profile.get_full_url(request)}
                for profile in self.profiles
            ],
        }
        return {key: value for key, value in data.items() if value}

    @cached_property
    def profiles(self):
        return [
            link.profile
            for link in self.profile_links.filter(profile__live=True).select_related(
                "profile__honour", "profile__town"
            )
        ]


class StoryProfile(ProfileLink):
    """A profile a story is about; the profile page links back to the story."""

    story = ParentalKey(StoryPage, related_name="profile_links", on_delete=models.CASCADE)

    class Meta(ProfileLink.Meta):
        default_related_name = "story_links"
        verbose_name = verbose_name_plural = "报道的先锋人物"
        constraints = [models.UniqueConstraint(fields=["story", "profile"], name="unique_story_profile")]


class StoryIndexPage(RoutablePageMixin, IndexPage):
    """专栏 at /zhuanlan/: stories by column and tag, and a page per tag across the site."""

    subpage_types = ["stories.StoryPage"]
    per_page = 10
    filter_facets = (Facet("column", "专栏", "column", Column), TagFacet())

    class Meta:
        verbose_name = verbose_name_plural = "专栏"

    def stories(self):
        return StoryPage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = ListingFilters(request.GET, self.stories(), self.filter_facets, key=("stories", self.pk))
        context["filters"] = filters
        stories = filters.queryset().for_cards().order_by("-date", "-pk")
        context["stories"] = paginate(request, stories, self.per_page, key=filters.selection_key)
        return context

    def feed_links(self, request, column=None):
        """The autodiscovery links of the stories' feeds, of one column's with `column`."""
        return autodiscovery_links(request, self, column, route_prefix="column_" if column else "")

    def serve_feed(self, request, kind, column_slug=None):
        column = get_object_or_404(Column, slug=column_slug) if column_slug else None
        return StoryFeed(kind)(request, index=self, column=column)

    # Each route's one parameter is named after the listing's filter, so the front cache purges a
    # column's feeds with its filtered listing (site_project.frontend_cache).
    @path("rss/")
    def rss(self, request):
        return self.serve_feed(request, "rss")

    @path("atom/")
    def atom(self, request):
        return self.serve_feed(request, "atom")

    @path("rss/<slug:column>/")
    def column_rss(self, request, column):
        return self.serve_feed(request, "rss", column)

    @path("atom/<slug:column>/")
    def column_atom(self, request, column):
        return self.serve_feed(request, "atom", column)

    @path("biaoqian/<slug:slug>/")
    def tag(self, request, slug):
        """Everything tagged alike: the profiles and the stories."""
        tag = get_object_or_404(SiteTag, slug=slug)
        profiles = (
            ProfilePage.objects.live()
            .public()
            .filter(tagged_items__tag=tag)
            .for_cards()
            .order_by("-year", "title")
        )
        stories = self.stories().filter(tagged_items__tag=tag).for_cards().order_by("-date", "-pk")
        return self.render(
            request,
            template="stories/tag.html",
            context_overrides={"tag": tag, "profiles": profiles, "tag_stories": stories},
        )
