"""RSS 2.0 and Atom feeds of 专栏 (all columns or one) and of 《先锋》, served by the index pages'
routes (StoryIndexPage, SeriesIndexPage) through Django's syndication framework."""

import mimetypes

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from home.dates import start_of_day
from home.sites import absolute_url, site_name

ITEMS = 20
# Kind of feed → (its generator, its MIME type, its name in a link's title); a kind is also the
# name of the index page's route that serves it.
KINDS = {
    "rss": (Rss201rev2Feed, "application/rss+xml", "RSS"),
    "atom": (Atom1Feed, "application/atom+xml", "Atom"),
}


def feed_title(request, index, column=None):
    """The site's name and the index page's title: 铜都先锋 · 专栏, 铜都先锋 · 专栏 · 铜都先锋 (a
    column's), 铜都先锋 · 《先锋》."""
    return " · ".join([site_name(request), index.title, *([column.name] if column else [])])


def autodiscovery_links(request, index, column=None, route_prefix=""):
    """(title, MIME type, absolute URL) of each kind of feed the index page's routes serve."""
    base = index.get_url(request)
    args = [column.slug] if column else []
    return [
        (
            f"{feed_title(request, index, column)}（{name}）",
            mime_type,
            absolute_url(base + index.reverse_subpage(route_prefix + kind, args=args)),
        )
        for kind, (_, mime_type, name) in KINDS.items()
    ]


class PageFeed(Feed):
    """A feed of an index page's children, in the format its route names; one instance a request."""

    language = "zh-cn"

    def __init__(self, kind):
        super().__init__()
        self.feed_type = KINDS[kind][0]

    def get_object(self, request, index, **kwargs):
        self.request = request
        return index

    def link(self, index):
        return absolute_url(index.get_url(self.request))

    def author_name(self, index):
        """Atom's feed-level author, which stands for entries without one (an episode's)."""
        return site_name(self.request)

    def feed_url(self, index):
        return absolute_url(self.request.path)

    def item_link(self, page):
        return absolute_url(page.get_url(self.request))

    def item_title(self, page):
        return page.title

    def item_updateddate(self, page):
        return timezone.localtime(page.last_published_at) if page.last_published_at else None


class StoryFeed(PageFeed):
    """专栏's newest stories, of one column when given one."""

    def get_object(self, request, index, column=None):
        self.column = column
        return super().get_object(request, index)

    def title(self, index):
        return feed_title(self.request, index, self.column)

    def description(self, index):
        if self.column and self.column.description:
            return self.column.description
        return index.search_description or f"{self.title(index)}的最新报道"

    subtitle = description

    def link(self, index):
        url = index.get_url(self.request)
        return absolute_url(f"{url}?column={self.column.slug}" if self.column else url)

    def items(self, index):
        stories = index.stories().for_cards().prefetch_related("tags")
        if self.column:
            stories = stories.filter(column=self.column)
        return stories.order_by("-date", "-pk")[:ITEMS]

    def item_description(self, story):
        return story.summary or story.search_description

    def item_pubdate(self, story):
        return start_of_day(story.date)

    def item_author_name(self, story):
        return story.author or None

    def item_categories(self, story):
        return [story.column.name, *(tag.name for tag in story.tags.all())]


class EpisodeFeed(PageFeed):
    """《先锋》's episodes, each with its video as the enclosure."""

    def title(self, index):
        return feed_title(self.request, index)

    def description(self, index):
        return index.search_description or f"{self.title(index)}的各集视频"

    subtitle = description

    def items(self, index):
        return index.episodes().order_by("-number")[:ITEMS]

    def item_description(self, episode):
        return episode.summary

    def item_pubdate(self, episode):
        """The day it aired; one not aired yet, when it went live."""
        if episode.aired_at:
            return start_of_day(episode.aired_at)
        return timezone.localtime(episode.first_published_at) if episode.first_published_at else None

    def item_enclosure_url(self, episode):
        return absolute_url(episode.video.url) if episode.video else None

    def item_enclosure_length(self, episode):
        return episode.video.file.size if episode.video else None

    def item_enclosure_mime_type(self, episode):
        return mimetypes.guess_type(episode.video.file.name)[0] if episode.video else None
