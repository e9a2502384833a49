"""What the SQLite and PostgreSQL backends share: cutting queries and indexed text."""

import types

from django.core.exceptions import ImproperlyConfigured

from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText

from ..segmenter import HAN, character_pairs, characters, current_segmenter
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
    if len(word) > 1 and HAN.search(word):
        parts = characters(word)
        return Or([PlainText(word), PlainText(" ".join(character_pairs(parts) or parts))])
    return PlainText(word)


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
