"""`manage.py worker` runs the work queued in the database (django-tasks-db) outside the request:
a publish queues its index update, and search finds the page once the worker has run it.

The worker checks its database connection as it goes (and drops one left in a transaction), as it
does in production: these tests commit, and a flush empties the database after each (pytest-django
runs them last; build_site_tree puts back what the migrations had made)."""

import datetime
import re

from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from home.models import WorkerHeartbeat
from stories.models import StoryIndexPage
from tests.conftest import build_site_tree
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@task()
def nothing_to_do():
    """A task that does nothing, for results to prune."""


@pytest.fixture
def site_tree(transactional_db):
    return build_site_tree()


@pytest.fixture
def queued_in_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def titles(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


def worker_batch():
    call_command("worker", "--batch")


def test_a_publish_queues_its_index_update_and_search_finds_the_page_once_the_worker_ran_it(
    site_tree, client, queued_in_the_database
):
    story = StoryPageFactory(
        parent=StoryIndexPage.objects.get(),
        title="铜绿山古矿遗址迎来研学队",
        summary="研学队走进古矿井。",
        live=False,
    )
    story.save_revision().publish()

    queued = DBTaskResult.objects.ready().filter(task_path="modelsearch.tasks.insert_or_update_object_task")
    assert str(story.pk) in [result.args_kwargs["args"][2] for result in queued]
    assert titles(client, "研学队") == []  # live, but not indexed yet

    worker_batch()

    assert titles(client, "研学队") == ["铜绿山古矿遗址迎来研学队"]
    assert not DBTaskResult.objects.ready().exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_the_worker_records_its_round_and_prunes_task_results_finished_two_weeks_ago(
    db, queued_in_the_database
):
    old, recent = nothing_to_do.enqueue(), nothing_to_do.enqueue()
    worker_batch()
    DBTaskResult.objects.filter(pk=old.id).update(finished_at=timezone.now() - datetime.timedelta(days=15))
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - datetime.timedelta(days=1))

    worker_batch()  # a new process: its daily prune runs in its first round

    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [recent.id]
    assert WorkerHeartbeat.seconds_since_seen() < 60  # the day-old round is not the last


def test_with_tasks_run_in_the_request_the_worker_still_publishes_on_schedule(site_tree):
    story = StoryPageFactory(parent=StoryIndexPage.objects.get(), title="定时上线", live=False)
    story.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    story.save_revision(approved_go_live_at=story.go_live_at)

    worker_batch()

    story.refresh_from_db()
    assert story.live
    assert WorkerHeartbeat.seconds_since_seen() < 60
