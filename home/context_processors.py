from wagtail.models import Site

from home.sites import site_name
from site_project.page_cache import pages_version


def site(request):
    """The Wagtail site's name and root URL (editable under 设置 > 站点) for titles and links, and the
    pages' version, which keys the fragments a template keeps with {% cache %}."""
    current = Site.find_for_request(request)
    root_url = current.root_url if current else request.build_absolute_uri("/").rstrip("/")
    return {"site_name": site_name(request), "site_root_url": root_url, "pages_version": pages_version()}
