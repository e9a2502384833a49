"""/healthz says the process answers; /readyz checks each dependency and names what is down: 503
without the database or a migration, 200 "degraded" without the cache, media storage or the worker. JSON, never cached, before
the host check and the HTTPS redirect, cheap enough to call every few seconds."""

import datetime
import json
import os
import subprocess
import sys

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import pytest

from home.models import WorkerHeartbeat
from tests.site_project.conftest import free_port

ALL_UP = {"database": "up", "cache": "up", "media": "up", "migrations": "up", "worker": "up"}


@pytest.fixture
def worker_ran(db):
    WorkerHeartbeat.beat()  # what its round records (tests/home/test_worker.py runs it)


def redis_at_a_closed_port():
    return {
        "default": {
            "BACKEND": "site_project.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def readiness(client, **headers):
    response = client.get("/readyz", **headers)
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return response.status_code, response.json()


def test_healthz_answers_without_asking_the_database_or_the_cache(client, settings):
    """No `db` fixture: a query would fail the test."""
    settings.CACHES = redis_at_a_closed_port()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "up"}
    assert response["Cache-Control"] == "no-store"
    assert not cache.redis_away  # never asked


def test_readyz_is_200_when_all_is_up_and_asks_the_database_twice(
    client, worker_ran, django_assert_num_queries
):
    assert readiness(client) == (200, {"status": "up", "checks": ALL_UP})
    with django_assert_num_queries(2):  # SELECT 1 and the heartbeat; the migrations known applied
        assert readiness(client) == (200, {"status": "up", "checks": ALL_UP})


def test_readyz_answers_a_load_balancer_by_address_over_http_and_is_never_kept(client, worker_ran, settings):
    settings.ALLOWED_HOSTS = ["tongdu.example.cn"]
    settings.SECURE_SSL_REDIRECT = True
    settings.PAGE_CACHE_SECONDS = 600
    assert readiness(client, HTTP_HOST="10.0.0.5:8000")[0] == 200

    WorkerHeartbeat.objects.all().delete()

    assert readiness(client, HTTP_HOST="10.0.0.5:8000")[1]["down"] == ["worker"]


def test_readyz_reports_the_cache_down_when_redis_does_not_answer(client, worker_ran, settings):
    settings.CACHES = redis_at_a_closed_port()
    assert readiness(client) == (
        200,
        {"status": "degraded", "checks": {**ALL_UP, "cache": "down"}, "down": ["cache"]},
    )


def test_readyz_reports_media_storage_down_when_its_folder_is_gone(client, worker_ran, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "gone")
    status, body = readiness(client)
    assert (status, body["status"], body["down"]) == (200, "degraded", ["media"])


def test_readyz_reports_migrations_not_applied(client, worker_ran):
    MigrationRecorder.Migration.objects.filter(app="home", name="0012_worker_heartbeat").delete()
    status, body = readiness(client)
    assert (status, body["status"], body["down"]) == (503, "down", ["migrations"])


def test_readyz_reports_the_worker_down_when_never_seen_or_seen_long_ago(client, db):
    status, body = readiness(client)
    assert (status, body["status"], body["down"]) == (200, "degraded", ["worker"])

    WorkerHeartbeat.objects.create(seen_at=timezone.now() - datetime.timedelta(minutes=2))
    status, body = readiness(client)
    assert (status, body["status"], body["down"]) == (200, "degraded", ["worker"])


def test_readyz_reports_the_database_down_when_it_is_at_a_closed_port():
    """A process of its own, whose DATABASE_URL names a port nothing listens on."""
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/tongdu"}
    script = "from django.test import Client; r = Client().get('/readyz'); print(r.status_code, r.content.decode())"
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        env=env,
        cwd=django_settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    status, body = output.split(" ", 1)
    assert int(status) == 503
    assert json.loads(body) == {
        "status": "down",
        "checks": {
            "database": "down",
            "cache": "up",
            "media": "up",
            "migrations": "unknown",
            "worker": "unknown",
        },
        "down": ["database"],
    }
