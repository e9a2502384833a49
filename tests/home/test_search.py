import pytest

BAD_QUERIES = [
    "",
    " ",
    "先" * 10_000,
    "！？。，",
    "ＡＢＣ１２３",
    '"',
    "*",
    "OR",
    "NEAR(",
    "'",
    ":",
    "&",
    "|",
    "!",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_get_a_normal_page(client, home_page, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_empty_query_explains_what_to_do(client, home_page):
    assert "请输入要找的内容" in client.get("/search/").content.decode()


def test_punctuation_only_query_gets_a_message(client, home_page):
    assert "没有文字或数字" in client.get("/search/", {"q": "！？"}).content.decode()


def test_long_query_is_cut_with_a_message(client, home_page):
    assert "搜索词太长" in client.get("/search/", {"q": "先" * 200}).content.decode()


def test_finds_a_page_by_title(client, home_page):
    html = client.get("/search/", {"q": "先锋榜"}).content.decode()
    assert 'href="/xianfeng/"' in html


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_bad_page_numbers_get_a_normal_page(client, home_page, page):
    assert client.get("/search/", {"q": "先锋榜", "page": page}).status_code == 200
