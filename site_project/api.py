"""Wagtail API v2, read-only, for a WeChat mini-program or a screen in a party-service centre: pages,
images and lecture sessions."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

from rest_framework.fields import Field

from home.api_fields import absolute_url
from home.api_views import BadInputMixin, BoundedPagination
from home.privacy import site_pages
from lectures.api import SessionsAPIViewSet


class SitePagesAPIViewSet(BadInputMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, each page type read with what its fields show (its queryset's
    for_api()), in as many queries for fifty pages as for one. A page's body is given in its
    detail only: a listing is for cards."""

    pagination_class = BoundedPagination
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "body"]

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")  # fields=* gives each one's
        for_api = getattr(queryset, "for_api", None)
        return for_api() if for_api else queryset

    def get_object(self):
        if not hasattr(self, "_page_for_api"):  # asked for its type, then for itself
            page = super().get_object()
            for_api = getattr(type(page).objects.all(), "for_api", None)
            self._page_for_api = for_api().get(pk=page.pk) if for_api else page
        return self._page_for_api


def shown_image_ids():
    """The images live, public pages use (by a field, a block or in rich text: Wagtail's reference
    index), as a subquery of ids."""
    pages = site_pages().live().public().annotate(key=Cast("pk", CharField())).values("key")
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages,
        to_content_type=ContentType.objects.get_for_model(get_image_model()),
    )
    return references.annotate(image=Cast("to_object_id", IntegerField())).values("image")


class AbsoluteDownloadUrlField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return absolute_url(self.context["request"], image.file.url)


class SiteImageSerializer(ImageSerializer):
    download_url = AbsoluteDownloadUrlField(read_only=True)


class SiteImagesAPIViewSet(BadInputMixin, ImagesAPIViewSet):
    """Only the images that published pages show: an upload waiting for its page, or one a page no
    longer uses, stays out of the API."""

    base_serializer_class = SiteImageSerializer
    pagination_class = BoundedPagination

    def get_queryset(self):
        shown = super().get_queryset().filter(pk__in=shown_image_ids())
        return shown.prefetch_related("renditions", "tags")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", SitePagesAPIViewSet)
api_router.register_endpoint("images", SiteImagesAPIViewSet)
api_router.register_endpoint("sessions", SessionsAPIViewSet)
