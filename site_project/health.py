"""/healthz and /readyz for a load balancer or a monitor: JSON, never cached, no login.

/healthz says the process answers and touches nothing else. /readyz checks the database (one
trivial query), the default cache (a set and get), media storage, migrations applied and the worker's
last round, and names what is down. Without the database or with migrations missing a process cannot
serve: 503, so a load balancer sends it nothing. Without the cache, media storage or the worker it
still serves readers (slower, without uploads, with search and scheduled pages behind): 200 with
"degraded", for a monitor to raise, since every process shares them and taking them all out of the
balancer would only stop the site. Both are answered first in the middleware, before the page cache,
the session, the host check and the HTTPS redirect (a load balancer calls a process by its address,
over plain HTTP).
"""

import logging
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from home.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

CACHE_PROBE_KEY = "readyz-probe"
MEDIA_PROBE_NAME = "readyz-probe"


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.migrations = MigrationsApplied()

    def __call__(self, request):
        if request.path == "/healthz":
            return no_store(JsonResponse({"status": "up"}))
        if request.path == "/readyz":
            return no_store(self.readiness())
        return self.get_response(request)

    def readiness(self):
        states = {
            "database": state(database_answers),
            "cache": state(cache_answers),
            "media": state(media_storage_answers),
        }
        database_up = states["database"] == "up"  # the last two read it
        states["migrations"] = state(self.migrations.check) if database_up else "unknown"
        states["worker"] = state(worker_seen_recently) if database_up else "unknown"
        down = [name for name, value in states.items() if value == "down"]
        serving = database_up and states["migrations"] == "up"
        body = {"status": "down" if not serving else "degraded" if down else "up", "checks": states}
        if down:
            body["down"] = down
        return JsonResponse(body, status=200 if serving else 503)


def state(check):
    try:
        return "up" if check() else "down"
    except Exception as error:  # what failed goes to the log; the answer stays bare
        logger.warning("readyz: %s failed: %r", check.__name__, error)
        return "down"


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers():
    """A set and get through the default cache. The Redis cache answers from the process's memory
    while Redis is away (site_project/cache.py), so it is asked whether it did."""
    value = str(time.time_ns())
    cache.set(CACHE_PROBE_KEY, value, 10)
    return cache.get(CACHE_PROBE_KEY) == value and not getattr(cache, "redis_away", False)


def media_storage_answers():
    if isinstance(default_storage, FileSystemStorage):  # exists() never fails on a local disk
        return os.path.isdir(default_storage.location) and os.access(default_storage.location, os.W_OK)
    default_storage.exists(MEDIA_PROBE_NAME)  # object storage: one HEAD, which raises when it fails
    return True


def worker_seen_recently():
    seconds = WorkerHeartbeat.seconds_since_seen()
    return seconds is not None and seconds < settings.WORKER_SEEN_WITHIN_SECONDS


class MigrationsApplied:
    """Whether every migration is applied; once it is, the process does not ask again (the
    migrations on its disk do not change while it runs), so the graph is not built at each call."""

    def __init__(self):
        self.applied = False

    def check(self):
        if not self.applied:
            executor = MigrationExecutor(connection)
            self.applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        return self.applied
