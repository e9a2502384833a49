"""The newsroom's roles on this app's content: editors keep the towns, columns and honours and
upload the 《先锋》 videos (wagtailmedia has no choose permission: change lets them pick one)."""

from django.db import migrations

from stories.reference_data import grant_newsroom_rights


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0008_subtitle_extension"),
        ("home", "0006_newsroom_roles"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(grant_newsroom_rights, migrations.RunPython.noop)]
