"""PostgreSQL text search, with the 'simple' configuration (no stemming, no stop words)."""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Func

from modelsearch.backends.database.postgres import postgres
from modelsearch.query import Fuzzy

from .common import (
    TITLE_WEIGHT,
    RankedInOnePassMixin,
    RankedInOnePassResultsMixin,
    SegmentingCompilerMixin,
    add_items_with,
    segmenting_indexer,
)


class PostgresIndex(postgres.PostgresIndex):
    add_items = add_items_with(postgres.PostgresIndex, segmenting_indexer(postgres.ObjectIndexer))


class SearchDocument(Func):
    """A row's title and body as one vector, through the function its GIN index is built on
    (home/migrations/0005_search_document_index.py)."""

    function = "home_search_document"
    output_field = SearchVectorField()


class PostgresRankedMixin(RankedInOnePassMixin):
    """Matches on the index table alone, through a GIN index, and filters objects by the ids
    it finds."""

    def document(self):
        """The index row's vector the query is matched against."""
        raise NotImplementedError

    def entry_vectors(self):
        """The index row's vectors a match is scored on, with their weights."""
        raise NotImplementedError

    def matches_index(self):
        return self.fields is None and super().matches_index() and not isinstance(self.query, Fuzzy)

    def match(self, config):
        return postgres.IndexEntry.objects.annotate(document=self.document()).filter(
            document=self.build_tsquery(self.query, config=config)
        )

    def entry_score(self, config):
        return self._build_rank_expression(self.entry_vectors(), config)

    def search(self, config, start, stop, score_field=None, backend=None):
        """Counts, facets and results not ordered by relevance; ranked() orders by relevance."""
        if not self.matches_index():
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        queryset = self.queryset.filter(pk__in=self.matched_ids(config))
        return self._apply_ordering_and_scoring(queryset, F("pk"), start, stop, score_field)


class PostgresQueryCompiler(
    PostgresRankedMixin, SegmentingCompilerMixin, postgres.PostgresSearchQueryCompiler
):
    def document(self):
        return SearchDocument(F("title"), F("body"))

    def entry_vectors(self):
        return [(F("title"), F("title_norm") * TITLE_WEIGHT), (F("body"), 1.0)]


class PostgresAutocompleteQueryCompiler(
    PostgresRankedMixin, SegmentingCompilerMixin, postgres.PostgresAutocompleteQueryCompiler
):
    def document(self):
        return F("autocomplete")

    def entry_vectors(self):
        return [(F("autocomplete"), 1.0)]


class PostgresSearchResults(RankedInOnePassResultsMixin, postgres.PostgresSearchResults):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    index_class = PostgresIndex
    results_class = PostgresSearchResults
    query_compiler_class = PostgresQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
