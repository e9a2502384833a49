"""Cutting Chinese text into the words the search index stores and a query asks for.

SQLite's FTS5 and PostgreSQL's text search both take a run of Chinese characters for one word,
so text is cut with jieba (rjieba, the Rust port) before it reaches either, and so is the query.
The index gets jieba's search-mode words (理事会 and also 理事), then every character and every
pair of neighbouring characters of the text. A query word matches either the word itself or all
of its character pairs, so it is found even where jieba cut the text differently (和尚 in
结婚的和尚未结婚的, cut 和/尚未) or inside a longer dictionary word (铜都 in 铜都先锋); a
document holding it as jieba's word ranks higher. Pairs rather than a phrase of characters:
both databases answer an AND of words from their index, but must read every candidate's
positions to check a phrase. HMM guessing is off: jieba's dictionary and the editors' decide
what a word is.
"""

import re
import threading
import unicodedata
from itertools import pairwise

from django.core.cache import cache
from django.db.models import Count, Max

import rjieba

WORD = re.compile(r"[^\W_]+")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def normalize(text):
    """Full-width letters and digits become ASCII, Latin letters lower case."""
    return unicodedata.normalize("NFKC", text).lower()


class Segmenter:
    def __init__(self, words=()):
        self.jieba = rjieba.Jieba()
        for word in words:
            self.jieba.add_word(normalize(word), None, None)

    def index_text(self, text):
        """The words to index for a text, then its characters and character pairs."""
        text = normalize(text)
        words = [piece for token in self.jieba.cut_for_search(text, False) for piece in WORD.findall(token)]
        for run in WORD.findall(text):
            pieces = characters(run)
            words += pieces + character_pairs(pieces)
        return " ".join(words)

    def query_words(self, query):
        """The query cut into words; a word holding punctuation (1+3) comes as its pieces.

        Characters jieba leaves on their own next to each other (对标, cut 对/标) stay one word:
        apart, each would match any text holding that character anywhere.
        """
        words = []
        for pieces in self._join_lone_characters(self.jieba.cut(normalize(query), False)):
            if pieces not in words:
                words.append(pieces)
        return words

    @staticmethod
    def _join_lone_characters(tokens):
        run = ""
        for token in tokens:
            if HAN.fullmatch(token):
                run += token
                continue
            if run:
                yield (run,)
                run = ""
            pieces = tuple(WORD.findall(token))
            if pieces:
                yield pieces
        if run:
            yield (run,)


def characters(text):
    """Each Chinese character on its own and each run of letters or digits, in order."""
    return [piece for run in WORD.findall(text) for piece in HAN.sub(r" \g<0> ", run).split()]


def character_pairs(pieces):
    """Each two neighbouring Chinese characters among `pieces`."""
    return [
        first + second for first, second in pairwise(pieces) if HAN.fullmatch(first) and HAN.fullmatch(second)
    ]


DICTIONARY_VERSION_KEY = "search-dictionary-version"
DICTIONARY_VERSION_TIMEOUT = 60  # seconds: how late a process with its own cache sees a change

_lock = threading.Lock()
_current = {"version": None, "segmenter": None}


def dictionary_version():
    from home.models import SearchTerm

    version = cache.get(DICTIONARY_VERSION_KEY)
    if version is None:
        aggregate = SearchTerm.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
        version = f"{aggregate['count']}-{aggregate['changed']}"
        cache.set(DICTIONARY_VERSION_KEY, version, DICTIONARY_VERSION_TIMEOUT)
    return version


def forget_dictionary_version():
    cache.delete(DICTIONARY_VERSION_KEY)


def current_segmenter():
    """The segmenter with the editors' dictionary as it is in the database; another process sees a
    change at once through a shared cache (Redis), within a minute through its own."""
    from home.models import SearchTerm

    version = dictionary_version()
    if _current["version"] != version:
        with _lock:
            if _current["version"] != version:
                _current["segmenter"] = Segmenter(SearchTerm.objects.values_list("word", flat=True))
                _current["version"] = version
    return _current["segmenter"]
