from wagtail.models import Site


def site(request):
    """The Wagtail site's name and root URL (editable under 设置 > 站点) for titles and links."""
    current = Site.find_for_request(request)
    if current is None:
        return {"site_name": "铜都先锋", "site_root_url": request.build_absolute_uri("/").rstrip("/")}
    return {"site_name": current.site_name or "铜都先锋", "site_root_url": current.root_url}
