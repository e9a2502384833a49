"""Editors extend the search dictionary in the admin (设置 › 搜索词典); what it changes is indexed again."""

import re

from django.db import connection

from wagtail.search.models import IndexEntry

import pytest

from home.models import SearchTerm
from stories.models import StoryIndexPage
from tests.factories import StoryPageFactory

ADD_URL = "/admin/snippets/home/searchterm/add/"


@pytest.fixture
def stories(home_page):
    return StoryIndexPage.objects.get()


def titles(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    return sorted(re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html))


def add_term(admin_client, django_capture_on_commit_callbacks, word):
    with django_capture_on_commit_callbacks(execute=True):
        return admin_client.post(ADD_URL, {"word": word, "note": "村里的议事组织"})


def test_a_new_term_is_searched_as_one_word_once_an_editor_adds_it(
    admin_client, client, stories, django_capture_on_commit_callbacks
):
    StoryPageFactory(parent=stories, title="甲", summary="村里的石岭议事会，调处纠纷。")
    StoryPageFactory(parent=stories, title="乙", summary="石岭的村民。另一个村的议事会。")
    assert titles(client, "石岭议事会") == ["乙", "甲"]  # both hold its pieces

    response = add_term(admin_client, django_capture_on_commit_callbacks, "石岭议事会")

    assert response.status_code == 302
    assert titles(client, "石岭议事会") == ["甲"]  # the whole word, which only 甲 says
    assert titles(client, "议事会") == ["乙", "甲"]  # and its parts still find both
    assert titles(client, "石岭") == ["乙", "甲"]


def indexed_words(page):
    """The words the index holds for a page's body (PostgreSQL keeps the text beside the tsvector)."""
    entry = IndexEntry.objects.get(content_type=page.content_type, object_id=str(page.pk))
    return (entry.body_text if connection.vendor == "postgresql" else entry.body).split()


def test_removing_a_term_indexes_its_texts_again(client, stories, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        term = SearchTerm.objects.create(word="石岭议事会")
    story = StoryPageFactory(parent=stories, title="甲", summary="村里的石岭议事会。")
    assert "石岭议事会" in indexed_words(story)
    with django_capture_on_commit_callbacks(execute=True):
        term.delete()
    assert "石岭议事会" not in indexed_words(story)
    assert titles(client, "石岭议事会") == ["甲"]


def test_renaming_a_term_indexes_texts_with_the_old_and_the_new_word(
    client, stories, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        term = SearchTerm.objects.create(word="石岭议事会")
    story = StoryPageFactory(parent=stories, title="甲", summary="石岭议事会和金湾理事会。")
    assert "石岭议事会" in indexed_words(story)
    with django_capture_on_commit_callbacks(execute=True):
        term.word = "金湾理事会"
        term.save()
    words = indexed_words(story)
    assert "金湾理事会" in words and "石岭议事会" not in words


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("！？", "词语里要有文字或数字"),
        ("两个 词", "不能有空格"),
        ("晏庄村", "已存在"),
        ("", "此字段为必填项。"),
    ],
)
def test_a_bad_term_is_refused_with_a_message(admin_client, home_page, word, message):
    count = SearchTerm.objects.count()
    response = admin_client.post(ADD_URL, {"word": word})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SearchTerm.objects.count() == count


def test_full_width_letters_are_stored_as_the_index_sees_them(admin_client, home_page):
    admin_client.post(ADD_URL, {"word": "ＣＣＴＶ新闻"})
    assert SearchTerm.objects.filter(word="cctv新闻").exists()


def test_the_dictionary_is_in_the_settings_menu(admin_client, home_page):
    html = admin_client.get("/admin/snippets/home/searchterm/").content.decode()
    assert "搜索词典" in html and "1+3" in html and "东岳路街道" in html
