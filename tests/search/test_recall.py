"""Recall on the demo content: every query of the query set finds the page or session it came from."""

from collections import Counter

import pytest

from lectures.models import Session
from tests.search_queries import build_query_set, is_found

pytestmark = pytest.mark.slow  # reads the demo, loaded once per session


def test_every_query_from_the_demo_content_finds_its_source(demo_site, client):
    queries = build_query_set()

    kinds = Counter(query.kind for query in queries)
    assert len(queries) >= 120 and all(
        kinds[kind] >= 3 for kind in ("2字", "3字", "4字", "多词", "片段", "名称", "数字", "混合")
    )
    assert any(isinstance(query.target, Session) for query in queries)
    missed = [str(query) for query in queries if not is_found(query)]
    assert missed == []

    for query in queries[:40]:
        if not isinstance(query.target, Session):
            response = client.get("/api/v2/pages/", {"search": query.query, "limit": 50})
            assert query.target.pk in [item["id"] for item in response.json()["items"]], str(query)
