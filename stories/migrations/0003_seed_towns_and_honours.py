"""The towns and streets of Daye and the categories of the city's 七一 commendation (DOMAIN.md)."""

from django.db import migrations

from stories.reference_data import seed_towns_and_honours


class Migration(migrations.Migration):
    dependencies = [("stories", "0002_reference_data")]

    operations = [migrations.RunPython(seed_towns_and_honours, migrations.RunPython.noop)]
