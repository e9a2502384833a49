from wagtail.models import Site


def site_name(request):
    """The Wagtail site's name (editable under 设置 > 站点) for the header, titles and sharing."""
    site = Site.find_for_request(request)
    return {"site_name": site.site_name if site and site.site_name else "铜都先锋"}
