"""On PostgreSQL a search reads its matches from the GIN index on title and body together."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from stories.models import StoryIndexPage, StoryPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")


@pytest.fixture
def pages_all_holding_a_word(home_page):
    index = StoryIndexPage.objects.get()
    for n in range(30):
        StoryPageFactory(parent=index, title=f"报道{n}", summary="党员群众一起议事。")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def plans(search):
    """EXPLAIN of each query that lists and counts the results of search() and matches the index."""
    with CaptureQueriesContext(connection) as queries:
        list(search())
        search().count()  # a fresh one: results already listed count themselves
    explained = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if "home_search_document" in query["sql"]:
                cursor.execute(f"EXPLAIN {query['sql']}")
                explained.append("\n".join(row[0] for row in cursor.fetchall()))
    return explained


def test_a_word_in_every_page_is_matched_through_the_index(pages_all_holding_a_word):
    explained = plans(lambda: StoryPage.objects.live().search("党员"))
    assert len(explained) == 2  # the ranked results, the count
    for plan in explained:
        assert "home_search_document_gin" in plan, plan
        assert "Seq Scan on wagtailsearch_indexentry" not in plan, plan
