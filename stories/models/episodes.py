"""《先锋》: the video series of the members' micro-stories, its episodes and their videos."""

import html
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, PageManager
from wagtail.search import index

from wagtailmedia.edit_handlers import MediaChooserPanel
from wagtailmedia.models import AbstractMedia

from home.api_fields import WIDE, ImageField, PageLinksField
from home.models import BasePage, IndexPage, optional_image
from home.privacy import SitePageQuerySet
from home.sites import absolute_url
from home.structured_data import date_time, publisher
from stories.feeds import EpisodeFeed, autodiscovery_links
from stories.serializers import VideoField
from stories.webvtt import InvalidWebVTT, parse

from .profiles import ProfileLink

MAX_SUBTITLES_BYTES = 1024 * 1024


def validate_subtitles(file):
    if getattr(file, "_committed", False):  # the stored file, checked when it was uploaded
        return
    if file.size > MAX_SUBTITLES_BYTES:
        raise ValidationError("字幕文件超过 1 MB，请检查是否选错了文件。")
    try:
        parse(file.read().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValidationError("字幕文件要存为 UTF-8 编码。") from error
    except InvalidWebVTT as error:
        raise ValidationError(f"字幕文件有误，{error}") from error
    finally:
        file.seek(0)


class Video(AbstractMedia):
    """A video uploaded in the admin, with its subtitles and the poster proposed from a frame."""

    subtitles = models.FileField(
        "字幕（WebVTT）",
        upload_to="media_subtitles",
        blank=True,
        validators=[FileExtensionValidator(["vtt"], "字幕文件的扩展名要是 .vtt。"), validate_subtitles],
        help_text="中文字幕，.vtt 格式，UTF-8 编码；播放时默认显示，观众可以关掉。",
    )
    poster = optional_image("海报", help_text="留空时，若服务器装有 ffmpeg，会从视频里截取一帧作海报。")

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "duration",
        "width",
        "height",
        "poster",
        "subtitles",
        "tags",
    )

    class Meta(AbstractMedia.Meta):
        verbose_name = "视频"
        verbose_name_plural = "视频"

    def clean(self):
        # wagtailmedia judges a file by its name; our upload form judges it by its content
        # (stories.forms.VideoForm), so a refused file is not reported twice.
        models.Model.clean(self)

    def subtitle_cues(self):
        """The cues, their text without WebVTT markup; none when the file is missing or unreadable."""
        if not self.subtitles:
            return []
        try:  # from the storage: a page served is shared by requests (home/routing.py), its FieldFile too
            with self.subtitles.storage.open(self.subtitles.name, "rb") as file:
                cues = parse(file.read().decode("utf-8"))
        except (OSError, UnicodeDecodeError, InvalidWebVTT):
            return []
        return [replace(cue, text=html.unescape(strip_tags(cue.text))) for cue in cues]


class EpisodeQuerySet(SitePageQuerySet):
    def for_cards(self):
        """What an episode card shows, in a fixed number of queries however many episodes there are."""
        return self.select_related("video", "poster", "video__poster")

    def for_api(self):
        """What the API gives of each, in a fixed number of queries however many there are."""
        return self.for_cards().prefetch_related(
            "poster__renditions", "video__poster__renditions", "profile_links__profile"
        )


class EpisodePage(BasePage):
    """One episode of 《先锋》: a member's or a branch's micro-story on video."""

    served_with = {"select": ("video", "video__poster", "poster")}

    number = models.PositiveSmallIntegerField("集数")
    summary = models.TextField("简介", max_length=300)
    video = models.ForeignKey(
        Video, verbose_name="视频", null=True, on_delete=models.SET_NULL, related_name="episodes"
    )
    poster = optional_image("海报", help_text="留空则用视频的海报。")
    transcript = models.TextField(
        "文字稿", blank=True, help_text="显示在视频下方，也供搜索；留空则用字幕的文字。"
    )
    aired_on = models.CharField("播出平台", max_length=60, blank=True, default="大冶电视台")
    aired_at = models.DateField("播出日期", null=True, blank=True)

    objects = PageManager.from_queryset(EpisodeQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("summary"),
        MediaChooserPanel("video", media_type="video"),
        FieldPanel("poster"),
        FieldPanel("transcript"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("aired_on"), FieldPanel("aired_at")])], heading="播出"),
        InlinePanel("profile_links", heading="片中的先锋人物", label="先锋人物"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("transcript"),
        index.SearchField("subtitle_text"),
        index.FilterField("number"),
    ]
    api_fields = [
        APIField("number"),
        APIField("summary"),
        APIField("video", serializer=VideoField()),
        APIField("poster", serializer=ImageField(WIDE, source="get_poster")),
        APIField("transcript"),
        APIField("aired_on"),
        APIField("aired_at"),
        APIField("profiles", serializer=PageLinksField("profile", source="profile_links")),
    ]
    parent_page_types = ["stories.SeriesIndexPage"]
    subpage_types = []
    page_description = "《先锋》的一集视频"

    class Meta:
        verbose_name = "《先锋》一集"
        verbose_name_plural = "《先锋》各集"

    @property
    def search_date(self):
        return self.aired_at or super().search_date

    def get_poster(self):
        return self.poster or (self.video.poster if self.video else None)

    def get_social_image(self):
        return self.social_image or self.get_poster()

    def subtitle_text(self):
        return "\n".join(cue.text for cue in self.video.subtitle_cues()) if self.video else ""

    # Once per page: a page served is remembered for the pages' version (home/routing.py).
    @cached_property
    def transcript_paragraphs(self):
        text = self.transcript or self.subtitle_text()
        return [line.strip() for line in text.splitlines() if line.strip()]

    @cached_property
    def profiles(self):
        links = self.profile_links.filter(profile__live=True).select_related(
            "profile__honour", "profile__town"
        )
        return [link.profile for link in links]

    def structured_data(self, request):
        if self.video is None:
            return None
        poster = self.get_poster()
        data = {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": self.title,
            "description": self.summary,
            "thumbnailUrl": [self.social_image_url()] if poster else None,
            "uploadDate": date_time(self.aired_at or self.first_published_at or self.video.created_at),
            "datePublished": date_time(self.aired_at or self.first_published_at),
            "duration": iso_duration(self.video.duration),
            "contentUrl": absolute_url(self.video.url),
            "embedUrl": self.get_full_url(request),
            "width": self.video.width,
            "height": self.video.height,
            "inLanguage": "zh-CN",
            "isPartOf": {"@type": "TVSeries", "name": "《先锋》"},
            "publisher": publisher(request),
            "publication": {
                "@type": "BroadcastEvent",
                "isLiveBroadcast": False,
                "startDate": date_time(self.aired_at),
                "publishedOn": {"@type": "BroadcastService", "name": self.aired_on},
            }
            if self.aired_on and self.aired_at
            else None,
        }
        return {key: value for key, value in data.items() if value}


class EpisodeProfile(ProfileLink):
    """A profile an episode features; the profile page links back to the episode."""

    episode = ParentalKey(EpisodePage, related_name="profile_links", on_delete=models.CASCADE)

    class Meta(ProfileLink.Meta):
        default_related_name = "episode_links"
        verbose_name = verbose_name_plural = "片中的先锋人物"
        constraints = [models.UniqueConstraint(fields=["episode", "profile"], name="unique_episode_profile")]


class SeriesIndexPage(RoutablePageMixin, IndexPage):
    """《先锋》 at /shipin/: the episodes in order, and their feeds."""

    subpage_types = ["stories.EpisodePage"]

    class Meta:
        verbose_name = verbose_name_plural = "《先锋》视频"

    def episodes(self):
        return EpisodePage.objects.live().public().child_of(self).for_cards().order_by("number")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["episodes"] = self.episodes()
        return context

    def feed_links(self, request):
        return autodiscovery_links(request, self)

    @path("rss/")
    def rss(self, request):
        return EpisodeFeed("rss")(request, index=self)

    @path("atom/")
    def atom(self, request):
        return EpisodeFeed("atom")(request, index=self)


def iso_duration(seconds):
    """ISO 8601 duration, e.g. 95.4 seconds is PT1M35S."""
    total = round(seconds or 0)
    minutes, secs = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"
