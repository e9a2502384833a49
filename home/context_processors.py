from django.conf import settings

from home.sites import site_name
from site_project.page_cache import pages_version


def site(request):
    """The Wagtail site's name (editable under 设置 > 站点) and the public origin, for titles and links,
    and the pages' version, which keys the fragments a template keeps with {% cache %}."""
    return {
        "site_name": site_name(request),
        "site_root_url": settings.SITE_URL,
        "pages_version": pages_version(),
    }
