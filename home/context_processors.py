from django.conf import settings

from home.sites import site_name


def site(request):
    """The Wagtail site's name (editable under 设置 > 站点) and the public origin, for titles and links."""
    return {"site_name": site_name(request), "site_root_url": settings.SITE_URL}
