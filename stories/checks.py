"""Deployment checks of the stories app (`manage.py check --deploy --database default`)."""

from django.conf import settings
from django.core import checks
from django.db import connections


@checks.register(checks.Tags.database, deploy=True)
def no_samples_on_a_real_site(app_configs, databases=None, **kwargs):
    from stories.models import ProfilePage

    if settings.DEMO_SITE or not databases:
        return []
    samples = ProfilePage.objects.using(next(iter(databases))).filter(is_sample=True)
    if "stories_profilepage" not in connections[samples.db].introspection.table_names():
        return []  # not migrated yet
    count = samples.count()
    if not count:
        return []
    return [
        checks.Error(
            f"This real site (DEMO_SITE off) holds {count} sample profiles (示例) from the demo.",
            hint="Delete them in the admin (their titles end in （示例）), or set DEMO_SITE=true on a demo.",
            id="stories.E001",
        )
    ]
