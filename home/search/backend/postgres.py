"""PostgreSQL text search, with the 'simple' configuration (no stemming, no stop words)."""

from django.db.models import F

from modelsearch.backends.database.postgres import postgres

from .common import TITLE_WEIGHT, SegmentingCompilerMixin, add_items_with, segmenting_indexer


class PostgresIndex(postgres.PostgresIndex):
    add_items = add_items_with(postgres.PostgresIndex, segmenting_indexer(postgres.ObjectIndexer))


class PostgresQueryCompiler(SegmentingCompilerMixin, postgres.PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        return [
            (F("index_entries__title"), F("index_entries__title_norm") * TITLE_WEIGHT),
            (F("index_entries__body"), 1.0),
        ]


class PostgresAutocompleteQueryCompiler(SegmentingCompilerMixin, postgres.PostgresAutocompleteQueryCompiler):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    index_class = PostgresIndex
    query_compiler_class = PostgresQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
