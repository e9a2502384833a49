"""The team page's own group field goes, now that TeamGroup holds the link (0007). A migration of
its own, as Django advises: a schema change in the transaction of a RunPython that wrote rows may
fail on PostgreSQL ("pending trigger events")."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("lectures", "0007_teamgroup"),
    ]

    operations = [
        migrations.RemoveField(model_name="lectureteampage", name="group"),
    ]
