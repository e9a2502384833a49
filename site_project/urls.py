from django.urls import include, path, re_path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.security.logins import PasswordResetView
from home.views import search
from site_project.api import api_router
from site_project.sitemap import sitemap

urlpatterns = [
    # Before Wagtail's own, at its address: the limited reset form.
    path("admin/password_reset/", PasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search, name="search"),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    # Wagtail serves no path with a dot in it (wagtail#3653); the lecture pages' calendars end in .ics.
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.ics)$", wagtail_views.serve),
    path("", include(wagtail_urls)),
]

handler500 = "site_project.errors.server_error"
