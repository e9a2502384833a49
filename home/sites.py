"""The site's public origin (SITE_URL), which every absolute URL names, and the Wagtail Site of a
request, remembered for the pages' version (site_project.fragments) with its root page: Wagtail reads
both on every request (the site by host and port, then the root page as its own class), and they
change only when an editor changes 设置 > 站点, which moves the version on.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from wagtail.models import Site

from site_project.fragments import remembered

DEFAULT_SITE_NAME = "铜都先锋"
DEFAULT_PORTS = {"http": 80, "https": 443}


def absolute_url(url):
    """`url` (a path, or a URL that is absolute already, as object storage's) on the public origin:
    the one place an absolute URL is made, whatever host the request came in by."""
    return urljoin(settings.SITE_URL + "/", url)


def site_address():
    """SITE_URL's host name and port, as the Wagtail Site that serves it holds them."""
    origin = urlsplit(settings.SITE_URL)
    return {"hostname": origin.hostname, "port": origin.port or DEFAULT_PORTS[origin.scheme]}


def keep_default_site_at_site_url(using=DEFAULT_DB_ALIAS, **kwargs):
    """Moves the default Site to SITE_URL's host and port if it is elsewhere (post_migrate): pages'
    full URLs, the sitemap, the API's html_url and the front-cache purges name the Site's."""
    site = Site.objects.using(using).filter(is_default_site=True).first()
    address = site_address()
    if site is not None and (site.hostname, site.port) != (address["hostname"], address["port"]):
        site.hostname, site.port = address["hostname"], address["port"]
        site.save(using=using, update_fields=["hostname", "port"])


def site_name(request):
    """The name of the request's site (设置 > 站点), for titles and as the publisher's name."""
    site = Site.find_for_request(request)
    return (site.site_name if site else "") or DEFAULT_SITE_NAME


class RememberedSiteMiddleware:
    """After CommonMiddleware (which refuses a host not allowed) and before the views; not for the
    admin, whose requests need no Site or ask for it themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            return self.get_response(request)
        key = ("site", request.get_host(), request.get_port())
        # Site.find_for_request keeps its answer on the request, where Wagtail then reads it.
        request._wagtail_site = remembered(key, lambda: Site.find_for_request(request))
        return self.get_response(request)
