"""SQLite FTS5."""

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
from modelsearch.query import MatchAll, Not

from .common import (
    TITLE_WEIGHT,
    RankedInOnePassMixin,
    RankedInOnePassResultsMixin,
    SegmentingCompilerMixin,
    add_items_with,
    segmenting_indexer,
)


class WeightedBM25(BM25):
    """FTS5's bm25() with the title column weighted; columns are (autocomplete, body, title)."""

    def as_sql(self, compiler, connection, function=None, template=None):
        table = sqlite.SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 1.0, 1.0, {TITLE_WEIGHT})", []


class SQLiteIndex(sqlite.SQLiteIndex):
    add_items = add_items_with(sqlite.SQLiteIndex, segmenting_indexer(sqlite.ObjectIndexer))


class SQLiteRankedMixin(RankedInOnePassMixin):
    LOWER_SCORE_IS_BETTER = True  # bm25()
    ENTRY = "index_entry__"

    def matches_index(self):
        return not isinstance(normalize(self.query), (MatchAll, Not))

    def match(self, config):
        query = self.build_search_query(normalize(self.query), config=config)
        return sqlite.SQLiteFTSIndexEntry.objects.filter(
            MatchExpression(self.fields or self.FTS_TABLE_FIELDS, query)
        )

    def entry_score(self, config):
        return self._build_rank_expression(self.get_search_vectors(), config)


class SQLiteSearchResults(RankedInOnePassResultsMixin, sqlite.SQLiteSearchResults):
    pass


class SQLiteQueryCompiler(SQLiteRankedMixin, SegmentingCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # bm25() already scores the whole MATCH expression; modelsearch multiplies one bm25()
        # per sub-query, which turns FTS5's negative scores around for an And.
        return WeightedBM25()

    def get_index_vectors(self):
        return [(None, 1.0)]


class SQLiteAutocompleteQueryCompiler(
    SQLiteRankedMixin, SegmentingCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler
):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    index_class = SQLiteIndex
    results_class = SQLiteSearchResults
    query_compiler_class = SQLiteQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
