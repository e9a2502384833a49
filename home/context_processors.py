from wagtail.models import Site

from home.sites import site_name


def site(request):
    """The Wagtail site's name and root URL (editable under 设置 > 站点) for titles and links."""
    current = Site.find_for_request(request)
    root_url = current.root_url if current else request.build_absolute_uri("/").rstrip("/")
    return {"site_name": site_name(request), "site_root_url": root_url}
