import logging
import os
import signal
import socket
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.signals import task_finished
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from home.models import WorkerHeartbeat
from site_project.page_cache import purge_pages

DAY = 24 * 60 * 60
TASKS_INTERVAL = 1  # seconds between looks at an empty queue

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "The site's background work, beside the web server: runs the queued tasks (index updates, "
        "the dictionary re-index) as they come, through django-tasks-db's worker; every INTERVAL "
        "seconds, puts live what editors scheduled and takes down what expired (Wagtail's "
        "publish_scheduled) and records that it is alive (/readyz); once a day, drops the audit trail "
        "older than AUDIT_KEPT_DAYS (prune_audit) and finished task results older than 14 days. Until "
        "stopped, or with --batch once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=10, help="seconds between rounds (default 10)")
        parser.add_argument(
            "--batch",
            action="store_true",
            help="one round, then the queued tasks until none is left, and exit",
        )

    def handle(self, *args, interval, batch, **options):
        tasks = task_worker()
        stopping = threading.Event()

        def stop(*_):
            stopping.set()
            if tasks:
                tasks.running = False  # it finishes the task it is running

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, stop)
        if tasks and not batch:
            running_tasks = threading.Thread(target=run_tasks, args=(tasks, stopping), name="tasks")
            running_tasks.start()
            self.stdout.write("后台任务：排队的任务随到随做")
        self.stdout.write(f"定时发布：每 {interval:g} 秒检查一次上线和下线时间")
        pruned_at = 0
        while not stopping.is_set():
            close_old_connections()  # a connection the database dropped is opened again
            try:
                call_command("publish_scheduled")
                WorkerHeartbeat.beat()
                if time.monotonic() - pruned_at > DAY or not pruned_at:
                    call_command("prune_audit")
                    prune_task_results()
                    pruned_at = time.monotonic()
            except Exception:
                # The database may be away for a while: the next round tries again.
                logger.exception("Background work failed; trying again in %s s", interval)
            if batch:
                break
            stopping.wait(interval)
        if tasks and batch:
            run_queued(tasks)
        elif tasks:
            running_tasks.join()


def queued_in_the_database():
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def task_worker():
    """django-tasks-db's worker for the default backend, which returns once the queue is empty; None
    when tasks run inside the request."""
    if not queued_in_the_database():
        return None
    return Worker(
        queue_names=["*"],
        interval=TASKS_INTERVAL,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{socket.gethostname()}:{os.getpid()}"[-64:],
        excluded_queue_names=[],
    )


def prune_task_results():
    """Drops the results of tasks finished more than 14 days ago (django-tasks-db's default)."""
    if queued_in_the_database():
        call_command("prune_db_task_results", queue_name="*", verbosity=0)


def run_tasks(tasks, stopping):
    """The queued tasks as they come, until stopped; the worker is started again when it fails (the
    database away)."""
    while not stopping.is_set():
        try:
            run_queued(tasks)
        except Exception:
            logger.exception("The task worker failed; starting it again in %s s", TASKS_INTERVAL)
        stopping.wait(TASKS_INTERVAL)
    connections.close_all()


def run_queued(tasks):
    """Runs the queue empty. Pages and search results are kept until a change purges them, at its
    commit, before its index update ran here: once the queue is empty, if any task ran, they are
    purged again (once for a backlog, not at each task)."""
    ran = []

    def count(**kwargs):
        ran.append(True)

    task_finished.connect(count)
    try:
        tasks.run()
    finally:
        task_finished.disconnect(count)
    if ran:
        purge_pages()
