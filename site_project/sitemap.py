"""sitemap.xml, drawn once per version of the pages in each process: Wagtail's reads every live page
as its own type, a query for each page type. It lists the request's Site, whose full URLs name SITE_URL
whatever host the request came in by."""

from django.http import HttpResponse

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from site_project.fragments import remembered


def sitemap(request):
    site = Site.find_for_request(request)
    content, headers = remembered(("sitemap.xml", site and site.pk), lambda: _drawn(request))
    return HttpResponse(content, headers=headers)


def _drawn(request):
    response = wagtail_sitemap(request)
    response.render()
    return response.content, dict(response.headers)
