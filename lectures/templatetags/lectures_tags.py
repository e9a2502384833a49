from django import template

from home.sections import SECTION_TEMPLATE, page_list_section
from lectures.models import LectureIndexPage

register = template.Library()


@register.inclusion_tag(SECTION_TEMPLATE)
def next_lectures(count=4):
    return page_list_section("宣讲", LectureIndexPage, count)
