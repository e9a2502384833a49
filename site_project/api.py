"""Wagtail API v2, read-only, for a WeChat mini-program or a screen in a party-service centre."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError, ValidationError
from django.db import DataError
from django.db.models import CharField, IntegerField
from django.db.models.functions import Cast

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

from rest_framework import status
from rest_framework.response import Response

from home.privacy import site_pages

# What a malformed query string makes Wagtail's API raise deep down (a filter value that is no date,
# an id that is no number, an offset no database can hold, a NUL byte PostgreSQL refuses).
BAD_INPUT = (ValueError, OverflowError, ValidationError, FieldError, DataError)
MAX_OFFSET = 1_000_000


class BadInputMixin:
    """A malformed query is the caller's mistake: 400 with a message, never 500."""

    def handle_exception(self, exc):
        if isinstance(exc, BAD_INPUT):
            return Response({"message": "查询参数不正确。"}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


class BoundedPagination(WagtailPagination):
    """Wagtail's, refusing an offset beyond any listing (SQLite cannot even compare such a number)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset 不能大于 {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class SitePagesAPIViewSet(BadInputMixin, PagesAPIViewSet):
    pagination_class = BoundedPagination


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


class SiteImagesAPIViewSet(BadInputMixin, ImagesAPIViewSet):
    """Only the images that published pages show: an upload waiting for its page, or one a page no
    longer uses, stays out of the API."""

    pagination_class = BoundedPagination

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=shown_image_ids())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", SitePagesAPIViewSet)
api_router.register_endpoint("images", SiteImagesAPIViewSet)
