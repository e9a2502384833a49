from django import template
from django.utils.html import format_html_join

from home.sections import SECTION_TEMPLATE, page_list_section
from site_project.fragments import remembered
from stories.models import ProfileIndexPage, SeriesIndexPage, StoryIndexPage

register = template.Library()


@register.inclusion_tag(SECTION_TEMPLATE)
def latest_stories(count=4):
    return page_list_section("专栏", StoryIndexPage, count)


@register.inclusion_tag(SECTION_TEMPLATE)
def featured_profiles(count=4):
    return page_list_section("先锋人物", ProfileIndexPage, count)


@register.inclusion_tag(SECTION_TEMPLATE)
def newest_episodes(count=1):
    return page_list_section("《先锋》最新一集", SeriesIndexPage, count)


@register.inclusion_tag("stories/components/tag_links.html", takes_context=True)
def tag_links(context, tags):
    """Chips linking each tag to its page of profiles and stories under 专栏."""
    index = remembered("story-index", StoryIndexPage.objects.live().first)
    base_url = index.get_url(context["request"]) if index else None
    links = (
        [(tag, f"{base_url}{index.reverse_subpage('tag', args=[tag.slug])}") for tag in tags]
        if base_url
        else []
    )
    return {"links": links}


@register.simple_tag(takes_context=True)
def feed_links(context, index=None, column=None):
    """The head's autodiscovery <link>s: to the feeds of `index` (of its `column`), or without one
    to those of 专栏 and 《先锋》."""
    request = context["request"]
    if index is not None:
        links = index.feed_links(request, column) if column else index.feed_links(request)
    else:
        indexes = (
            remembered("story-index", StoryIndexPage.objects.live().first),
            remembered("series-index", SeriesIndexPage.objects.live().first),
        )
        links = [link for index in indexes if index for link in index.feed_links(request)]
    return format_html_join("\n", '<link rel="alternate" type="{1}" title="{0}" href="{2}">', links)
