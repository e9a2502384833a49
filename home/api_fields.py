"""Serializer fields the page types' `api_fields` share: images as renditions in the sizes a phone
needs, linked pages and reference rows as small dicts, choices with their Chinese labels.

Every absolute URL the API writes comes from absolute_url(), the origin Wagtail's API itself uses.
"""

from wagtail.api.utils import get_full_url
from wagtail.images.api.fields import ImageRenditionField

from rest_framework.fields import Field

from .privacy import is_shown

# The renditions the site's own templates draw (so mostly made already), as JPEG, which every
# WeChat client shows.
WIDE = {"small": "fill-400x225-c70", "medium": "fill-800x450-c70", "large": "fill-1200x675-c70"}
PORTRAIT = {"small": "fill-240x300-c80", "medium": "fill-480x600-c80", "large": "fill-640x800-c80"}
WHOLE = {"small": "width-400", "medium": "width-800", "large": "width-1200"}


def absolute_url(request, url):
    """`url` (a path, or already absolute) as an absolute URL: WAGTAILAPI_BASE_URL's origin, else
    the request's Site's."""
    return get_full_url(request, url)


class AbsoluteUrlField(Field):
    """A URL the model gives (a path), made absolute."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, url):
        return absolute_url(self.context["request"], url)


def renditions(image, sizes, request):
    """An image's renditions in `sizes` (WIDE, PORTRAIT, WHOLE) by name, each with its absolute URL
    (full_url), width and height."""
    found = {}
    for name, spec in sizes.items():
        rendition = ImageRenditionField(f"{spec}|format-jpeg").to_representation(image)
        if "url" in rendition:  # not {"error": "SourceImageIOError"}, a file gone missing
            rendition["full_url"] = absolute_url(request, rendition["url"])
        found[name] = rendition
    return found


def image_representation(image, sizes, request):
    return {
        "id": image.pk,
        "title": image.title,
        "credit": image.credit,
        "renditions": renditions(image, sizes, request),
    }


class RenditionsField(Field):
    """An image's renditions in `sizes`."""

    def __init__(self, sizes, **kwargs):
        self.sizes = sizes
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, image):
        return renditions(image, self.sizes, self.context["request"])


class ImageField(RenditionsField):
    """A linked image: its id, title, credit (摄影) and renditions in `sizes`."""

    def to_representation(self, image):
        return image_representation(image, self.sizes, self.context["request"])


def page_link(page, request):
    """A page as {id, title, slug, html_url}; None unless the public may see it."""
    if not is_shown(page):
        return None
    url = absolute_url(request, page.get_url(request))
    return {"id": page.pk, "title": page.title, "slug": page.slug, "html_url": url}


class PageLinkField(Field):
    """A linked page as a small dict (page_link)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, page):
        return page_link(page, self.context["request"])


class PageLinksField(PageLinkField):
    """Linked pages (a many-to-many, or `through` rows' `attribute`), the public ones only."""

    def __init__(self, attribute=None, **kwargs):
        self.attribute = attribute
        super().__init__(**kwargs)

    def to_representation(self, related):
        pages = (getattr(row, self.attribute) if self.attribute else row for row in related.all())
        links = (page_link(page, self.context["request"]) for page in pages)
        return [link for link in links if link]


class ReferenceField(Field):
    """A reference row (a town, an honour, a column) as {id, and the named attributes}."""

    def __init__(self, *attributes, **kwargs):
        self.attributes = attributes
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, row):
        return {"id": row.pk, **{name: getattr(row, name) for name in self.attributes}}


class LabelledChoiceField(Field):
    """A value of a models.TextChoices with its Chinese label: {"value": "moved", "label": "已改期"}."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return {"value": value, "label": self.choices(value).label}


class TagNamesField(Field):
    """Tag names in order, from the prefetched tags (Wagtail's TagsField asks the database per item)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, tags):
        return sorted(tag.name for tag in tags.all())
