"""What the SQLite and PostgreSQL backends share: cutting queries and indexed text."""

import types

from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText

from ..segmenter import current_segmenter

# How much more a match in the title counts than one in the body: enough to put every title
# match before every body match.
TITLE_WEIGHT = 1000.0

MATCH_NOTHING = Not(MatchAll())


def segment_query(query, segmenter):
    """The query with its text cut into words: plain words become one PlainText, a word with
    punctuation inside (1+3) a Phrase of its pieces. Text without any word matches nothing."""
    if isinstance(query, (PlainText, Phrase)):
        operator = getattr(query, "operator", PlainText.DEFAULT_OPERATOR)
        words = segmenter.query_words(query.query_string)
        plain = [pieces[0] for pieces in words if len(pieces) == 1]
        parts = [Phrase(" ".join(pieces)) for pieces in words if len(pieces) > 1]
        if plain:
            parts.insert(0, PlainText(" ".join(plain), operator=operator))
        if not parts:
            return MATCH_NOTHING
        if len(parts) == 1:
            return parts[0]
        return And(parts) if operator == "and" else Or(parts)
    if isinstance(query, (And, Or)):
        return type(query)([segment_query(subquery, segmenter) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(segment_query(query.subquery, segmenter))
    if isinstance(query, Boost):
        return Boost(segment_query(query.subquery, segmenter), query.boost)
    return query


class SegmentingCompilerMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = segment_query(self.query, current_segmenter())


def segmenting_indexer(indexer_class):
    """The backend's ObjectIndexer, passing every text it indexes through the segmenter."""

    class SegmentingIndexer(indexer_class):
        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            self.segmenter = current_segmenter()

        def prepare_value(self, value):
            return self.segmenter.index_text(super().prepare_value(value))

    return SegmentingIndexer


def add_items_with(index_class, indexer_class):
    """index_class.add_items, run with indexer_class where it names its module's ObjectIndexer.

    modelsearch builds index rows in add_items with the ObjectIndexer of its own module and
    offers no hook to change it; this reuses its insert-or-update code unchanged instead of
    copying it.
    """
    add_items = index_class.add_items
    namespace = {**add_items.__globals__, "ObjectIndexer": indexer_class}
    return types.FunctionType(add_items.__code__, namespace, add_items.__name__, add_items.__defaults__)
