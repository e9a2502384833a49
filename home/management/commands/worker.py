import logging
import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

DAY = 24 * 60 * 60

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "The site's background work, beside the web server: every INTERVAL seconds, puts live what "
        "editors scheduled and takes down what expired (Wagtail's publish_scheduled); once a day, "
        "drops the audit trail older than AUDIT_KEPT_DAYS (prune_audit). Until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=10, help="seconds between rounds (default 10)")

    def handle(self, *args, interval, **options):
        stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopping.set())
        self.stdout.write(f"定时发布：每 {interval:g} 秒检查一次上线和下线时间")
        pruned_at = 0
        while not stopping.is_set():
            close_old_connections()  # a connection the database dropped is opened again
            try:
                call_command("publish_scheduled")
                if time.monotonic() - pruned_at > DAY or not pruned_at:
                    call_command("prune_audit")
                    pruned_at = time.monotonic()
            except Exception:
                # The database may be away for a while: the next round tries again.
                logger.exception("Background work failed; trying again in %s s", interval)
            stopping.wait(interval)
