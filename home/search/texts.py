"""The plain texts an object gives the search index."""

from django.utils.encoding import force_str

from wagtail.search import index


def flatten(value):
    """A field's value as a list of strings: StreamField and list values give one per item."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in flatten(item)]
    if isinstance(value, dict):
        return flatten(list(value.values()))
    return [force_str(value)]


def searchable_texts(obj):
    """The texts of an object's indexed fields other than its title."""
    return [
        text
        for field in obj.get_search_fields()
        if isinstance(field, index.SearchField) and field.field_name != "title"
        for text in flatten(field.get_value(obj))
    ]
