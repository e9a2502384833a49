"""sitemap.xml, drawn once per version of the pages in each process: Wagtail's reads every live page
as its own type, a query for each page type."""

from django.http import HttpResponse

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from site_project.fragments import remembered


def sitemap(request):
    content, headers = remembered(
        ("sitemap.xml", request.scheme, request.get_host()), lambda: _drawn(request)
    )
    return HttpResponse(content, headers=headers)


def _drawn(request):
    response = wagtail_sitemap(request)
    response.render()
    return response.content, dict(response.headers)
