"""SQLite FTS5."""

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from .common import TITLE_WEIGHT, SegmentingCompilerMixin, add_items_with, segmenting_indexer


class WeightedBM25(BM25):
    """FTS5's bm25() with the title column weighted; columns are (autocomplete, body, title)."""

    def as_sql(self, compiler, connection, function=None, template=None):
        table = sqlite.SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 1.0, 1.0, {TITLE_WEIGHT})", []


class SQLiteIndex(sqlite.SQLiteIndex):
    add_items = add_items_with(sqlite.SQLiteIndex, segmenting_indexer(sqlite.ObjectIndexer))


class RankedInOnePassMixin:
    """modelsearch orders by a score from a correlated subquery that runs the FTS5 query again
    for every matching row: 47 s for a word on 6,000 of 10,000 pages. This scores every match in
    one FTS5 pass, keeps those the queryset allows, and orders them in Python."""

    MAX_IDS_IN_QUERY = 500  # SQLite's limit on query parameters is 999 on older builds

    def ranked(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if not self.order_by_relevance or isinstance(query, (MatchAll, Not)):
            return list(self.search(config, start, stop, score_field=score_field))
        matches = sqlite.SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
            ),
            index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model),
        )
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        scores = dict(matches.annotate(score=rank).values_list("index_entry__object_id", "score"))
        allowed = self.queryset.filter(pk__in=matches.values("index_entry__object_id"))
        # bm25() is lower for a better match; ties newest first, as modelsearch orders them
        ranking = sorted(
            allowed.order_by().values_list("pk", flat=True), key=lambda pk: (scores[str(pk)], -pk)
        )
        window = ranking[start:stop]
        if len(window) <= self.MAX_IDS_IN_QUERY:
            allowed = allowed.filter(pk__in=window)
        objects = {obj.pk: obj for obj in allowed}
        if score_field:
            for pk in window:
                setattr(objects[pk], score_field, scores[str(pk)])
        return [objects[pk] for pk in window]


class SQLiteSearchResults(sqlite.SQLiteSearchResults):
    def _do_search(self):
        config = self.query_compiler.get_config(self.backend)
        return self.query_compiler.ranked(config, self.start, self.stop, score_field=self._score_field)


class SQLiteQueryCompiler(RankedInOnePassMixin, SegmentingCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # bm25() already scores the whole MATCH expression; modelsearch multiplies one bm25()
        # per sub-query, which turns FTS5's negative scores around for an And.
        return WeightedBM25()

    def get_index_vectors(self):
        return [(None, 1.0)]


class SQLiteAutocompleteQueryCompiler(
    RankedInOnePassMixin, SegmentingCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler
):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    index_class = SQLiteIndex
    results_class = SQLiteSearchResults
    query_compiler_class = SQLiteQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
