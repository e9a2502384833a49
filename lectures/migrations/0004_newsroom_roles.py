"""The newsroom's roles on this app's content: editors keep every team's sessions and speakers
(the lecture teams' own groups keep their team's, lectures.permissions)."""

from django.db import migrations

from home.roles import EDITORS, grant


def seed(apps, schema_editor):
    grant(
        apps,
        EDITORS,
        model_permissions=[
            *(
                f"lectures.{action}_{model}"
                for model in ("session", "speaker")
                for action in ("add", "change")
            ),
            "lectures.manage_all_sessions",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lectures", "0003_session_protect_tour_and_manage_all"),
        ("home", "0006_newsroom_roles"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
