"""Readers' pages go out compressed; nothing that holds a token, and no media, is compressed."""

import gzip

import pytest

from tests.conftest import SECTION_PATHS

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.parametrize("path", ["/", *SECTION_PATHS, "/sitemap.xml"])  # robots.txt: too short to gain
def test_public_pages_are_compressed_for_a_reader_who_accepts_it(client, home_page, path, settings):
    settings.PAGE_CACHE_SECONDS = 600
    for _ in range(2):  # kept, then from the page cache
        response = client.get(path, **GZIP)
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == client.get(path).content
    assert "Content-Encoding" not in client.get(path)


def test_nothing_holding_a_token_is_compressed(client, home_page, django_user_model):
    login = client.get("/admin/login/", **GZIP)
    assert "csrfmiddlewaretoken" in login.content.decode() and "Content-Encoding" not in login

    client.force_login(django_user_model.objects.create_superuser("zz", "zz@example.com", "pw-123456789"))
    assert "Content-Encoding" not in client.get("/", **GZIP)
    assert "Content-Encoding" not in client.get("/admin/", **GZIP)
