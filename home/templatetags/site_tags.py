from django import template

from wagtail.models import Site

from home.models import SiteSettings

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's children marked 显示在菜单中, the current section marked."""
    request = context["request"]
    site = Site.find_for_request(request)
    pages = site.root_page.get_children().live().in_menu() if site else []
    items = []
    for page in pages:
        url = page.get_url(request)
        if url:
            items.append({"title": page.title, "url": url, "active": request.path.startswith(url)})
    return {"items": items, "current_path": request.path}


@register.simple_tag(takes_context=True)
def og_image(context, page=None):
    """The Open Graph image of a page (its own, else the site's default) as an absolute URL."""
    request = context["request"]
    image = page.get_social_image() if hasattr(page, "get_social_image") else None
    if image is None and Site.find_for_request(request):
        image = SiteSettings.for_request(request).default_social_image
    if image is None:
        return None
    rendition = image.get_rendition("fill-1200x630|format-jpeg|jpegquality-80")
    return {
        "url": request.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.title,
    }
