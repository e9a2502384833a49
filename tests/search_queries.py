"""A search query set built from the site's own content: each query is taken from inside one
object's running text (or is its name, a number, or a term mixing Chinese with digits or signs),
and that object must be among its results. The recall test and `make bench` both use it."""

import re
from itertools import pairwise
from typing import NamedTuple

from wagtail.models import Page

import rjieba

from home.search.results import SiteSearch
from home.search.texts import searchable_texts
from lectures.models import LectureTeamPage, Session, TourPage
from lectures.search import SessionKind
from stories.models import EpisodePage, ProfilePage, StoryPage

HAN_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
NUMBER = re.compile(r"\d{2,}")
MIXED = re.compile(r"[\u4e00-\u9fff]{2,}[+＋]|\d+[+＋]\d+|[A-Za-z]{2,}[\u4e00-\u9fff]{1,4}")
SESSION_STEP = 10  # every tenth lecture session
MAX_DOCUMENT_FREQUENCY = 3  # a query word occurs in at most this many objects' texts


class TestQuery(NamedTuple):
    query: str
    kind: str  # "2字", "3字", "4字", "多词", "片段", "名称", "数字", "混合"
    target: object  # the page or session it must find

    def __str__(self):
        return f"{self.kind} {self.query!r} → {self.target}"


def running_text(obj):
    return "\n".join(searchable_texts(obj))


def searchable_objects():
    pages = (
        Page.objects.live()
        .public()
        .type(ProfilePage, StoryPage, EpisodePage, LectureTeamPage, TourPage)
        .specific()
    )
    tours = TourPage.objects.live().public()
    sessions = Session.objects.filter(tour__in=tours).order_by("pk")[::SESSION_STEP]
    return [*pages, *sessions]


def fragments(tokens):
    """Three characters across a word boundary: the end of one word and the start of the next."""
    for before, after in pairwise(tokens):
        fragment = before[-1:] + after[:2]
        if len(before) > 1 and len(after) > 1 and len(fragment) == 3 and HAN_WORD.match(fragment):
            yield fragment


def build_query_set(objects=None):
    objects = objects if objects is not None else searchable_objects()
    texts = {obj: running_text(obj) for obj in objects}
    jieba = rjieba.Jieba()  # the reader's idea of a word: jieba's own dictionary and guesses

    def rare(word):
        return sum(word in text for text in texts.values()) <= MAX_DOCUMENT_FREQUENCY

    queries = []
    for obj, text in texts.items():
        tokens = jieba.cut(text)
        words = [word for word in tokens[1:] if HAN_WORD.match(word)]  # not the opening word
        chosen = {}
        for length in (2, 3, 4):
            word = next((word for word in words if len(word) == length and rare(word)), None)
            if word:
                chosen[length] = word
                queries.append(TestQuery(word, f"{length}字", obj))
        if 2 in chosen and 3 in chosen:
            queries.append(TestQuery(f"{chosen[3]} {chosen[2]}", "多词", obj))
        fragment = next((fragment for fragment in fragments(tokens) if rare(fragment)), None)
        if fragment:
            queries.append(TestQuery(fragment, "片段", obj))
        if isinstance(obj, ProfilePage):
            queries.append(TestQuery(obj.title, "名称", obj))
        for pattern, kind in ((NUMBER, "数字"), (MIXED, "混合")):
            found = sorted({match for match in pattern.findall(text) if rare(match)}, key=text.index)
            queries += [TestQuery(match, kind, obj) for match in found[:2]]
    return queries


def is_found(test_query):
    """Whether the site search, run the way /search/ runs it, returns the query's object."""
    site_search = SiteSearch(test_query.query)
    target = test_query.target
    if isinstance(target, Session):
        results = SessionKind().search(site_search)
    else:
        results = site_search.public_pages.filter(pk=target.pk).search(site_search.query)
    return target.pk in {result.pk for result in results}
