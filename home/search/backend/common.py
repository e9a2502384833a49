"""What the SQLite and PostgreSQL backends share: cutting queries and indexed text."""

import types

from django.core.exceptions import ImproperlyConfigured
from django.db.models.functions import Cast

from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from ..segmenter import character_pairs, characters, current_segmenter
from ..texts import flatten

# How much more a match in the title counts than one in the body: enough to put every title
# match before every body match.
TITLE_WEIGHT = 1000.0

MATCH_NOTHING = Not(MatchAll())
MAX_QUERY_WORDS = 32  # more would nest too deep for Django to compile


def word_query(pieces):
    """One query word: a Chinese word matches as a word or as all of its character pairs; a word
    with a sign inside (1+3) as its pieces side by side."""
    if len(pieces) > 1:
        return Phrase(" ".join(characters(" ".join(pieces))))
    (word,) = pieces
    parts = characters(word)
    pairs = (character_pairs(parts) or parts)[:MAX_QUERY_WORDS]
    if pairs == [word]:  # one character, two characters, or letters and digits
        return PlainText(word)
    return Or([PlainText(word), PlainText(" ".join(pairs))])


def segment_query(query, segmenter):
    """The query with its text cut into words, or None where no word is left."""
    if isinstance(query, (PlainText, Phrase)):
        operator = getattr(query, "operator", PlainText.DEFAULT_OPERATOR)
        words = [word_query(pieces) for pieces in segmenter.query_words(query.query_string)[:MAX_QUERY_WORDS]]
        if len(words) < 2:
            return words[0] if words else None
        return And(words) if operator == "and" else Or(words)
    if isinstance(query, (And, Or)):
        subqueries = [segment_query(subquery, segmenter) for subquery in query.subqueries]
        subqueries = [subquery for subquery in subqueries if subquery is not None]
        return type(query)(subqueries) if subqueries else None
    if isinstance(query, (Not, Boost)):
        subquery = segment_query(query.subquery, segmenter)
        if subquery is None:
            return None
        return Not(subquery) if isinstance(query, Not) else Boost(subquery, query.boost)
    return query


class SegmentingCompilerMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = segment_query(self.query, current_segmenter()) or MATCH_NOTHING


def segmenting_indexer(indexer_class):
    """The backend's ObjectIndexer, passing every text it indexes through the segmenter."""

    class SegmentingIndexer(indexer_class):
        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            self.segmenter = current_segmenter()

        def prepare_value(self, value):
            # Whole values only: modelsearch's own prepare_value recurses into lists.
            return self.segmenter.index_text(", ".join(flatten(value)))

    return SegmentingIndexer


def global_names(code):
    """The names a function's code (comprehensions included) looks up."""
    nested = [global_names(const) for const in code.co_consts if isinstance(const, types.CodeType)]
    return set(code.co_names).union(*nested)


def add_items_with(index_class, indexer_class):
    """index_class.add_items, run with indexer_class where it names its module's ObjectIndexer.

    modelsearch builds index rows in add_items with the ObjectIndexer of its own module and
    offers no hook to change it; this reuses its insert-or-update code unchanged instead of
    copying it.
    """
    add_items = index_class.add_items
    if "ObjectIndexer" not in global_names(add_items.__code__):
        raise ImproperlyConfigured(
            f"modelsearch's {index_class.__name__}.add_items no longer uses ObjectIndexer"
        )
    namespace = {**add_items.__globals__, "ObjectIndexer": indexer_class}
    return types.FunctionType(add_items.__code__, namespace, add_items.__name__, add_items.__defaults__)


class RankedInOnePassMixin:
    """Relevance order from one pass over the index.

    modelsearch ranks each result row against the index again: SQLite re-runs the FTS5 query for
    every row in a correlated subquery (47 s for a word in 6,000 of 10,000 pages), PostgreSQL joins
    pages to index rows on a text cast that its planner loops over (12 s). This matches the index
    once, scores each match in the same pass, keeps the objects the queryset allows and orders
    them in Python.
    """

    MAX_IDS_IN_QUERY = 500  # SQLite's limit on query parameters is 999 on older builds
    LOWER_SCORE_IS_BETTER = False
    ENTRY = ""  # the lookup path from a matched row to its IndexEntry

    def match(self, config):
        """A queryset of the index rows the query matches, of any model."""
        raise NotImplementedError

    def entry_score(self, config):
        """An expression scoring a row of match()."""
        raise NotImplementedError

    def matches_index(self):
        """Whether the index answers the query, rather than it meaning everything or nothing."""
        return not isinstance(self.query, (MatchAll, Not))

    def matched_entries(self, config):
        content_types = get_descendants_content_types_pks(self.queryset.model)
        return self.match(config).filter(**{f"{self.ENTRY}content_type__in": content_types})

    def object_pk(self):
        return Cast(f"{self.ENTRY}object_id", output_field=self.queryset.model._meta.pk)

    def matched_ids(self, config):
        """Ids of the queryset model's objects that the query matches, to filter by."""
        return self.matched_entries(config).values_list(self.object_pk())

    def allowed_entries(self, config):
        """The matched index rows of objects in the queryset. Asked this way round, the planner
        starts from the matches: from the objects, it can misjudge them as few and search the
        index once for each (PostgreSQL: 46 ms for 105 sessions)."""
        return (
            self.matched_entries(config)
            .annotate(object_pk=self.object_pk())
            .filter(object_pk__in=self.queryset.values("pk"))
        )

    def count(self, config):
        if not self.matches_index():
            return None
        return self.allowed_entries(config).count()

    def ranked(self, config, start, stop, score_field=None):
        if not self.order_by_relevance or not self.matches_index():
            return list(self.search(config, start, stop, score_field=score_field))
        scores = dict(
            self.allowed_entries(config)
            .annotate(score=self.entry_score(config))
            .values_list("object_pk", "score")
        )
        best_first = 1 if self.LOWER_SCORE_IS_BETTER else -1
        # ties newest first, as modelsearch orders them
        window = sorted(scores, key=lambda pk: (best_first * scores[pk], -pk))[start:stop]
        if len(window) <= self.MAX_IDS_IN_QUERY:
            objects = self.queryset.filter(pk__in=window)
        else:
            objects = self.queryset.filter(pk__in=self.matched_ids(config))
        objects = {obj.pk: obj for obj in objects}
        if score_field:
            for pk in window:
                setattr(objects[pk], score_field, scores[pk])
        return [objects[pk] for pk in window]


class RankedInOnePassResultsMixin:
    def _do_search(self):
        config = self.query_compiler.get_config(self.backend)
        return self.query_compiler.ranked(config, self.start, self.stop, score_field=self._score_field)

    def _do_count(self):
        count = self.query_compiler.count(self.query_compiler.get_config(self.backend))
        if count is None:
            return super()._do_count()
        stop = count if self.stop is None else min(count, self.stop)
        return max(0, stop - self.start)
