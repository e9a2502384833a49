import functools
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Site

import segno

from home import dates
from home.models import SOCIAL_RENDITION
from home.sites import absolute_url
from home.structured_data import share_image
from site_project.fragments import remembered

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's children marked 显示在菜单中, the current section marked."""
    request = context["request"]
    site = Site.find_for_request(request)
    links = remembered(("main-menu", site.pk), lambda: _menu_links(site, request)) if site else []
    items = [{"title": title, "url": url, "active": request.path.startswith(url)} for title, url in links]
    return {"items": items, "current_path": request.path}


def _menu_links(site, request):
    pages = site.root_page.get_children().live().in_menu()
    return [(page.title, url) for page in pages if (url := page.get_url(request))]


@register.simple_tag(takes_context=True)
def og_image(context, page=None):
    """The Open Graph image of a page (its own, else the site's default) as an absolute URL."""
    request = context["request"]
    image = share_image(request, page.get_social_image() if hasattr(page, "get_social_image") else None)
    if image is None:
        return None
    rendition = image.get_rendition(SOCIAL_RENDITION)
    return {
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.title,
    }


register.filter("chinese_date", dates.chinese_date)


@register.simple_tag(takes_context=True)
def structured_data(context, page=None):
    """The page's schema.org JSON-LD, for page types that describe themselves with one."""
    if not hasattr(page, "structured_data"):
        return ""
    data = page.structured_data(context["request"])
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # As json_script does: no "</script>" or "<!--" can end the element early.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


register.simple_tag(absolute_url, name="absolute_url")


@register.simple_tag
@functools.lru_cache(maxsize=2048)
def qr_code(url, title):
    """An inline SVG QR code of `url`, for desktop readers to scan into WeChat (drawn once for each
    page in each process: the encoding costs more than the rest of a page)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=3, border=2, title=title, svgclass="qr__code", lineclass=None
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
