"""The 先锋榜 filters: honour category, year, town and tag, all in the query string.

A value that matches nothing (a mistyped link, ?year=abc) is dropped with a note, so a bad
link still shows a useful page.
"""

from urllib.parse import urlencode

from django.db.models import Count

from home.models import SiteTag

from .models.reference import HonourCategory, Town

MAX_TAGS = 20


class ProfileFilters:
    params = ("honour", "year", "town", "tag")

    def __init__(self, query, profiles):
        self.query = query
        self.profiles = profiles
        self.selected = {}
        self.notes = []
        self._select(
            "honour", HonourCategory.objects.filter(slug=query.get("honour", "")).first(), "荣誉类别"
        )
        self._select("year", _year(query.get("year", "")), "年份")
        self._select("town", Town.objects.filter(slug=query.get("town", "")).first(), "乡镇")
        self._select("tag", SiteTag.objects.filter(slug=query.get("tag", "")).first(), "标签")

    def _select(self, param, value, label):
        raw = self.query.get(param, "").strip()
        if value is not None:
            self.selected[param] = value
        elif raw:
            self.notes.append(f"没有找到{label}“{raw[:20]}”，已显示全部{label}。")

    def _lookups(self, without=None):
        field = {"honour": "honour", "year": "year", "town": "town", "tag": "tagged_items__tag"}
        return {field[param]: value for param, value in self.selected.items() if param != without}

    def queryset(self, without=None):
        return self.profiles.filter(**self._lookups(without)).distinct()

    def url(self, **changes):
        values = {param: _param_value(value) for param, value in self.selected.items()}
        values.update(changes)
        query = urlencode({param: values[param] for param in self.params if values.get(param)})
        return f"?{query}" if query else "?"

    @property
    def active(self):
        return [
            {"value": value, "clear_url": self.url(**{param: None})} for param, value in self.selected.items()
        ]

    def facets(self):
        """Each filter's choices with how many profiles each would show, given the other filters."""
        return [
            self._facet("honour", "荣誉类别", self._counted(HonourCategory.objects.all(), "honour")),
            self._facet("year", "年份", self._years()),
            self._facet("town", "乡镇（街道）", self._counted(Town.objects.all(), "town")),
            self._facet("tag", "标签", self._tags()),
        ]

    def _facet(self, param, label, choices):
        current = self.selected.get(param)
        options = [
            {
                "label": str(choice),
                "count": count,
                "url": self.url(**{param: _param_value(choice)}),
                "active": choice == current,
            }
            for choice, count in choices
        ]
        return {
            "param": param,
            "label": label,
            "options": options,
            "clear_url": self.url(**{param: None}),
            "current": current,
        }

    def _counted(self, choices, field):
        counts = dict(
            self.queryset(without=field).order_by().values_list(field).annotate(n=Count("pk", distinct=True))
        )
        return [(choice, counts[choice.pk]) for choice in choices if counts.get(choice.pk)]

    def _years(self):
        counts = (
            self.queryset(without="year")
            .order_by()
            .values_list("year")
            .annotate(n=Count("pk", distinct=True))
        )
        return sorted(counts, reverse=True)

    def _tags(self):
        tags = (
            SiteTag.objects.filter(profile_items__content_object__in=self.queryset(without="tag"))
            .annotate(n=Count("profile_items", distinct=True))
            .order_by("-n", "name")[:MAX_TAGS]
        )
        return [(tag, tag.n) for tag in tags]


def _year(raw):
    raw = raw.strip()
    return int(raw) if raw.isdigit() and 1921 <= int(raw) <= 2100 else None


def _param_value(value):
    return getattr(value, "slug", value)
