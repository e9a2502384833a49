"""The Wagtail Site of a request, remembered for the pages' version (site_project.fragments) with its
root page: Wagtail reads both on every request (the site by host and port, then the root page as
its own class), and they change only when an editor changes 设置 > 站点, which moves the version on.
"""

from wagtail.models import Site

from site_project.fragments import remembered

DEFAULT_SITE_NAME = "铜都先锋"


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
