"""Pieces of schema.org JSON-LD that every page type shares: the site as publisher, its image, and
dates as date-times with Shanghai's offset."""

import datetime

from django.templatetags.static import static
from django.utils import timezone

from wagtail.models import Site

from home.dates import start_of_day
from home.models import SiteSettings, share_rendition_url
from home.sites import absolute_url, site_name

PUBLISHER_LOGO = "img/favicon.svg"


def date_time(value):
    """A date or datetime as an ISO 8601 date-time in Asia/Shanghai; a bare date is its first moment."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = start_of_day(value)
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def publisher(request):
    """The site as the Organization that publishes its articles and videos, with its logo."""
    return {
        "@type": "Organization",
        "name": site_name(request),
        "url": absolute_url("/"),
        "logo": {"@type": "ImageObject", "url": absolute_url(static(PUBLISHER_LOGO))},
    }


def share_image(request, *images):
    """The first of `images` that is set, else the site's default share image (网站设置 > 默认分享图片);
    None when there is none."""
    image = next((image for image in images if image), None)
    if image is None and Site.find_for_request(request):
        image = SiteSettings.for_request(request).default_social_image
    return image


def image_url(request, *images):
    """share_image's, as an absolute URL of its share rendition."""
    image = share_image(request, *images)
    return share_rendition_url(image) if image else None
