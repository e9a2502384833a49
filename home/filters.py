"""Listing filters that live in the query string: a listing page declares its facets (a model's
rows by slug, a year, a month, a tag, a set of choices) and gets the filtered rows and the panel.

A value that matches nothing (a mistyped link, ?year=abc) is dropped with a note, so a bad
link still shows a useful page. Each choice carries the count it would show, given the others; the
counts are read once per selection and version of the pages (site_project.fragments).
"""

import datetime
import re
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import TruncMonth

from home.models import SiteTag
from site_project.fragments import remembered

MAX_TAGS = 20
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")  # anything else (a NUL byte, ?tag=²) matches no row


class Facet:
    """One filter: a query-string parameter matched by slug against a model's rows."""

    def __init__(self, param, label, lookup, model=None, limit=None):
        self.param = param
        self.label = label
        self.lookup = lookup  # the ORM path from the listed page to the value
        self.model = model
        self.limit = limit

    def parse(self, raw):
        if not SLUG.fullmatch(raw):
            return None
        return remembered(
            ("facet-value", self.model._meta.label, raw), self.model.objects.filter(slug=raw).first
        )

    def lookups(self, value):
        return {self.lookup: value}

    def counts(self, rows):
        """{value: how many rows have it}."""
        counts = dict(
            rows.order_by()  # a page queryset's default ordering would split the groups
            .values_list(self.lookup)
            .annotate(n=Count("pk", distinct=True))
        )
        counts.pop(None, None)
        return counts

    @staticmethod
    def label_of(value):
        return str(value)

    def choices(self, counts):
        """(choice, count) pairs for the values that have any pages, in the model's order."""
        return [(choice, counts[choice.pk]) for choice in self.model.objects.filter(pk__in=counts)]

    @staticmethod
    def query_value(value):
        return value.slug


class YearFacet(Facet):
    def parse(self, raw):
        return int(raw) if re.fullmatch(r"[0-9]{4}", raw) and 1921 <= int(raw) <= 2100 else None

    def choices(self, counts):
        return sorted(counts.items(), reverse=True)

    @staticmethod
    def query_value(value):
        return value


class ChoiceFacet(Facet):
    """A field with fixed choices (a models.TextChoices), in the choices' order."""

    def __init__(self, param, label, lookup, choices):
        super().__init__(param, label, lookup)
        self.choices_class = choices

    def parse(self, raw):
        return raw if raw in self.choices_class.values else None

    def choices(self, counts):
        return [(value, counts[value]) for value in self.choices_class.values if value in counts]

    def label_of(self, value):
        return self.choices_class(value).label

    @staticmethod
    def query_value(value):
        return value


class MonthFacet(Facet):
    """A month of a date field, as ?month=2026-12; the months in date order."""

    def parse(self, raw):
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", raw)
        if match and 1921 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12:
            return datetime.date(int(match[1]), int(match[2]), 1)
        return None

    def lookups(self, value):
        return {f"{self.lookup}__year": value.year, f"{self.lookup}__month": value.month}

    def counts(self, rows):
        months = rows.order_by().annotate(month=TruncMonth(self.lookup)).values_list("month")
        return dict(months.annotate(n=Count("pk", distinct=True)))

    def choices(self, counts):
        return sorted(counts.items())

    @staticmethod
    def label_of(value):
        return f"{value.year}年{value.month}月"

    @staticmethod
    def query_value(value):
        return f"{value:%Y-%m}"


class TagFacet(Facet):
    """Tags, the most used first, at most MAX_TAGS of them."""

    def __init__(self, lookup="tagged_items__tag"):
        super().__init__("tag", "标签", lookup, SiteTag)

    def choices(self, counts):
        tags = sorted(self.model.objects.filter(pk__in=counts), key=lambda tag: (-counts[tag.pk], tag.name))
        return [(tag, counts[tag.pk]) for tag in tags[:MAX_TAGS]]


class ListingFilters:
    def __init__(self, query, pages, facets, key):
        """`key` names what `pages` holds: the counts of one key are read once per version."""
        self.pages = pages
        self.key = key
        self.facets = facets
        self.selected = {}
        self.notes = []
        for facet in self.facets:
            raw = query.get(facet.param, "").strip()
            value = facet.parse(raw)
            if value is not None:
                self.selected[facet.param] = value
            elif raw:
                self.notes.append(f"没有找到{facet.label}“{raw[:20]}”，已显示全部{facet.label}。")

    def queryset(self, without=None):
        lookups = {}
        for facet in self.facets:
            if facet.param in self.selected and facet.param != without:
                lookups |= facet.lookups(self.selected[facet.param])
        return self.pages.filter(**lookups).distinct()

    def url(self, **changes):
        facets = {facet.param: facet for facet in self.facets}
        values = {param: facets[param].query_value(value) for param, value in self.selected.items()}
        values.update(changes)
        query = urlencode({param: values[param] for param in facets if values.get(param)})
        return f"?{query}" if query else "?"

    @property
    def active(self):
        facets = {facet.param: facet for facet in self.facets}
        return [
            {"value": facets[param].label_of(value), "clear_url": self.url(**{param: None})}
            for param, value in self.selected.items()
        ]

    @property
    def selection_key(self):
        """The listing's key and the filters chosen, however the query string spelled them."""
        facets = {facet.param: facet for facet in self.facets}
        return self.key, tuple(
            (param, facets[param].query_value(value)) for param, value in sorted(self.selected.items())
        )

    def facet_options(self):
        """Each filter with its choices and how many pages each would show, given the other filters."""
        return remembered(
            ("facets", self.selection_key), lambda: [self._options(facet) for facet in self.facets]
        )

    def _options(self, facet):
        counts = facet.counts(self.queryset(without=facet.param))
        current = self.selected.get(facet.param)
        return {
            "param": facet.param,
            "label": facet.label,
            "current": current,
            "clear_url": self.url(**{facet.param: None}),
            "options": [
                {
                    "label": facet.label_of(choice),
                    "count": count,
                    "url": self.url(**{facet.param: facet.query_value(choice)}),
                    "active": choice == current,
                }
                for choice, count in facet.choices(counts)
            ],
        }
