"""The newsroom's roles on this app's content: editors keep the towns, columns and honours and
upload the 《先锋》 videos (wagtailmedia has no choose permission: change lets them pick one)."""

from django.db import migrations

from home.roles import EDITORS, grant


def seed(apps, schema_editor):
    grant(
        apps,
        EDITORS,
        model_permissions=[
            f"stories.{action}_{model}"
            for model in ("town", "column", "honourcategory")
            for action in ("add", "change")
        ],
        collection_permissions=["wagtailmedia.add_media", "wagtailmedia.change_media"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0008_subtitle_extension"),
        ("home", "0006_newsroom_roles"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
