import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from home.security.models import Lockout, LoginFailure, LoginRecord, ModelAuditEntry, PageAuditEntry

# Each kind of the audit trail, with the field that dates a row.
KINDS = [
    (LoginRecord, "attempt_time"),
    (LoginFailure, "attempt_time"),
    (Lockout, "attempt_time"),
    (PageAuditEntry, "timestamp"),
    (ModelAuditEntry, "timestamp"),
]


class Command(BaseCommand):
    help = (
        "Drops the audit trail older than AUDIT_KEPT_DAYS (180 at least): login records, login failures, "
        "lockouts, Wagtail's page and object logs; prints how many of each went. The worker runs it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count what would go, remove nothing")

    def handle(self, *args, dry_run, **options):
        days = settings.AUDIT_KEPT_DAYS
        cutoff = timezone.now() - datetime.timedelta(days=days)
        done = "试运行，将删除" if dry_run else "已删除"
        self.stdout.write(
            f"审计记录保存 {days} 天，{done} {timezone.localtime(cutoff):%Y-%m-%d %H:%M} 之前的："
        )
        with transaction.atomic():
            for model, dated_by in KINDS:
                old = model.objects.filter(**{f"{dated_by}__lt": cutoff})
                count = old.count()
                if not dry_run:
                    old.delete()
                self.stdout.write(f"  {model._meta.verbose_name}：{count} 条")
