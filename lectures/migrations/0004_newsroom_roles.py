"""The newsroom's roles on this app's content: editors keep every team's sessions and speakers
(the lecture teams' own groups keep their team's, lectures.permissions)."""

from django.db import migrations

from lectures.reference_data import grant_newsroom_rights


class Migration(migrations.Migration):
    dependencies = [
        ("lectures", "0003_session_protect_tour_and_manage_all"),
        ("home", "0006_newsroom_roles"),
    ]

    operations = [migrations.RunPython(grant_newsroom_rights, migrations.RunPython.noop)]
