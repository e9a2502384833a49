"""A page or session is indexed with the names of its town, honour, column and speakers: renaming
one of those indexes them again, and a deleted session leaves the index."""

import re

from django.contrib.contenttypes.models import ContentType

from wagtail.search.models import IndexEntry

import pytest

from lectures.models import LectureIndexPage, Session
from stories.models import Column, HonourCategory, ProfileIndexPage, StoryIndexPage, Town
from tests.factories import (
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    SpeakerFactory,
    StoryPageFactory,
    TourPageFactory,
)


def titles(client, query, kind=""):
    html = client.get("/search/", {"q": query, "type": kind}).content.decode()
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


@pytest.fixture
def session(home_page):
    lecture_index = LectureIndexPage.objects.get()
    team = LectureTeamPageFactory(parent=lecture_index, title="理论宣讲团")
    tour = TourPageFactory(parent=lecture_index, teams=[team])
    return SessionFactory(
        tour=tour, team=team, topic="学习四讲四有", speakers=[SpeakerFactory(team=team, name="王明")]
    )


def rename(instance, field, value, capture):
    with capture(execute=True):
        setattr(instance, field, value)
        instance.save()


def test_renaming_a_town_reindexes_its_profiles_and_sessions(
    client, session, django_capture_on_commit_callbacks
):
    ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="陈志刚")
    rename(Town.objects.get(name="茗山乡"), "name", "茗山新区", django_capture_on_commit_callbacks)
    assert titles(client, "茗山新区") == ["陈志刚", "学习四讲四有"]


def test_renaming_an_honour_reindexes_its_profiles(client, home_page, django_capture_on_commit_callbacks):
    ProfilePageFactory(parent=ProfileIndexPage.objects.get(), title="陈志刚")
    rename(
        HonourCategory.objects.get(name="优秀共产党员"),
        "name",
        "模范共产党员",
        django_capture_on_commit_callbacks,
    )
    assert titles(client, "模范共产党员") == ["陈志刚"]


def test_renaming_a_column_reindexes_its_stories(client, home_page, django_capture_on_commit_callbacks):
    StoryPageFactory(parent=StoryIndexPage.objects.get(), title="一篇报道")
    rename(Column.objects.get(slug="liangxue-yizuo"), "name", "学习园地", django_capture_on_commit_callbacks)
    assert titles(client, "学习园地") == ["一篇报道"]


def test_renaming_a_speaker_reindexes_their_sessions(client, session, django_capture_on_commit_callbacks):
    rename(session.speakers.get(), "name", "王晓明", django_capture_on_commit_callbacks)
    assert titles(client, "王晓明", "changci") == ["学习四讲四有"]


def test_a_deleted_session_leaves_the_index(session):
    entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Session))
    assert entries.count() == 1
    session.delete()
    assert entries.count() == 0
