from django import template

from home.sections import SECTION_TEMPLATE, page_list_section
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
