"""The columns opened in 《今日大冶》 and on 大冶电视台 (DOMAIN.md)."""

from django.db import migrations

from stories.reference_data import seed_columns


class Migration(migrations.Migration):
    dependencies = [("stories", "0005_column_stories")]

    operations = [migrations.RunPython(seed_columns, migrations.RunPython.noop)]
