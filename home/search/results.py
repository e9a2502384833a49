"""The site search: the pages and records found for a query, by type, with highlighted snippets.

Apps name their types of result with the `register_search_kinds` hook (a list of PageKind, or of
objects with the same slug, label, order, search() and hits() for records that are not pages).
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from wagtail import hooks
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from home.privacy import site_pages
from site_project.fragments import remembered, remembered_each

from .segmenter import current_segmenter, normalize
from .texts import searchable_texts

SNIPPET_LENGTH = 90  # characters around the first match
SNIPPET_LEAD = 20  # of which before it


@dataclass(frozen=True)
class PageKind:
    slug: str
    label: str
    order: int
    page_types: tuple

    def search(self, site_search):
        return site_search.pages(self)

    def hits(self, site_search, pages):
        return site_search.page_hits(pages)


def search_kinds():
    kinds = [kind for hook in hooks.get_hooks("register_search_kinds") for kind in hook()]
    return sorted(kinds, key=lambda kind: kind.order)


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    date: date | None
    snippet: SafeString


class Highlighter:
    """Marks the query's words in a text and cuts the text down to the part around the first.
    Words are matched as the index matches them: full-width letters and digits as ASCII."""

    def __init__(self, words):
        alternatives = [r"[\W_]*".join(map(re.escape, pieces)) for pieces in words]
        alternatives.sort(key=len, reverse=True)
        self.pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None

    def spans(self, text):
        if self.pattern is None:
            return []
        folded = normalize(text)
        return [match.span() for match in self.pattern.finditer(folded if len(folded) == len(text) else text)]

    def snippet(self, texts):
        texts = [text for text in (" ".join(strip_tags(text).split()) for text in texts) if text]
        for text in texts:
            if spans := self.spans(text):
                start = max(0, spans[0][0] - SNIPPET_LEAD)
                excerpt = text[start : start + SNIPPET_LENGTH]
                prefix = "…" if start else ""
                suffix = "…" if start + SNIPPET_LENGTH < len(text) else ""
                return mark_safe(prefix + self.mark(excerpt) + suffix)  # noqa: S308 - mark() escapes the text
        return escape(Truncator(texts[0]).chars(SNIPPET_LENGTH)) if texts else ""

    def mark(self, text):
        marked, position = [], 0
        for start, end in self.spans(text):
            marked += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
            position = end
        marked.append(escape(text[position:]))
        return "".join(marked)


class SiteSearch:
    """One search of the public site. Pages come first, ranked with title matches on top, then the
    records of other kinds; drafts, unpublished and private pages never appear. `type` is a kind's
    slug; an unknown one leaves `kind` None: everything."""

    def __init__(self, query, type=""):  # noqa: A002 - the query-string parameter's name
        self.query = query
        self.kinds = search_kinds()
        self.kind = next((kind for kind in self.kinds if kind.slug == type), None)
        self.words = current_segmenter().query_words(query)
        self.highlighter = Highlighter(self.words)

    @cached_property
    def public_pages(self):
        return site_pages().live().public()

    def pages(self, kind=None):
        pages = self.public_pages.type(*kind.page_types) if kind else self.public_pages
        return pages.search(self.query)

    @cached_property
    def page_counts(self):
        """How many public pages of each content type match, in one query."""
        return self.public_pages.search(self.query, order_by_relevance=False).facet("content_type_id")

    @cached_property
    def counts(self):
        """How many results each kind has, by slug; "" for all of them, section pages included."""
        counts = {"": sum(self.page_counts.values())}
        for kind in self.kinds:
            if isinstance(kind, PageKind):
                types = ContentType.objects.get_for_models(*kind.page_types).values()
                counts[kind.slug] = sum(self.page_counts.get(content_type.pk, 0) for content_type in types)
            else:
                counts[kind.slug] = kind.search(self).count()
                counts[""] += counts[kind.slug]
        return counts

    @property
    def record_kinds(self):
        return [kind for kind in self.kinds if not isinstance(kind, PageKind)]

    def facets(self):
        """(slug, label, count): everything, then each kind."""
        return [("", "全部", self.counts[""])] + [
            (kind.slug, kind.label, self.counts[kind.slug]) for kind in self.kinds
        ]

    def results(self):
        """Everything found, in order, as a sequence the paginator can count and slice."""
        return Chain(self._parts)

    def _parts(self):
        kinds = [self.kind] if self.kind else self.record_kinds
        parts = [(kind.search(self), partial(kind.hits, self), self.counts[kind.slug]) for kind in kinds]
        if self.kind is None:
            parts.insert(0, (self.pages(), self.page_hits, sum(self.page_counts.values())))
        return parts

    def promotions(self):
        """What editors pinned for this query (搜索推荐), live pages and links only."""
        query_string = normalise_query_string(self.query)
        return remembered(("search-promotions", query_string), lambda: _promotions(query_string))

    def page_hits(self, pages):
        keys = [("search-hit", page.pk) for page in pages]
        hits = remembered_each(keys, _page_hits)
        return [
            Hit(kind, title, url, date, self.highlighter.snippet(texts))
            for kind, title, url, date, texts in (hits[key] for key in keys if key in hits)
        ]


def _promotions(query_string):
    promotions = SearchPromotion.objects.filter(query__query_string=query_string).select_related("page")
    return [
        promotion
        for promotion in promotions
        if promotion.page is None or (promotion.page.live and not promotion.page.get_view_restrictions())
    ]


def _page_hits(keys):
    """What a result shows of each page but the snippet (its kind, title, URL, date and texts)."""
    pages = Page.objects.filter(pk__in=[pk for _, pk in keys]).specific()
    return {
        ("search-hit", page.pk): (
            page.specific_class._meta.verbose_name,
            page.title,
            page.url,
            page.search_date,
            [page.search_description, *searchable_texts(page)],
        )
        for page in pages
    }


class Chain:
    """Search results of several querysets one after the other, turned into Hits a page at a time."""

    def __init__(self, parts):
        self._read_parts = parts  # a function: nothing is counted until the results are asked for

    @cached_property
    def parts(self):
        """(search results, a function making Hits of some of them, how many there are) per kind."""
        return self._read_parts()

    def count(self):
        return sum(size for _, _, size in self.parts)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        hits = []
        for results, to_hits, size in self.parts:
            if start < size and stop > 0:
                hits += to_hits(list(results[max(start, 0) : min(stop, size)]))
            start, stop = start - size, stop - size
        return hits
