"""A lecture team's user group moves off the team page into TeamGroup, a link no revision holds.

Forward: each team page's group becomes a TeamGroup. The "group" key the team page's revisions
still carry is left as it is: with the field gone, Wagtail skips it when it loads a revision.
Backward: each TeamGroup's group goes back onto its team page's row. Revisions saved while the
link was a TeamGroup do not name the group; under the old code, publishing such a revision from
the editor would take the group off the team, and the team's members would manage nothing until
an editor chose it again on the team page's 设置 tab."""

import django.db.models.deletion
from django.db import migrations, models


def link_teams(apps, schema_editor):
    LectureTeamPage = apps.get_model("lectures", "LectureTeamPage")
    TeamGroup = apps.get_model("lectures", "TeamGroup")
    TeamGroup.objects.bulk_create(
        TeamGroup(team_id=team_id, group_id=group_id)
        for team_id, group_id in LectureTeamPage.objects.filter(group__isnull=False).values_list("pk", "group_id")
    )


def unlink_teams(apps, schema_editor):
    LectureTeamPage = apps.get_model("lectures", "LectureTeamPage")
    TeamGroup = apps.get_model("lectures", "TeamGroup")
    for team_id, group_id in TeamGroup.objects.values_list("team_id", "group_id"):
        LectureTeamPage.objects.filter(pk=team_id).update(group_id=group_id)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("lectures", "0006_team_image_permission"),
    ]

    operations = [
        migrations.CreateModel(
            name="TeamGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "group",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lecture_team",
                        to="auth.group",
                        verbose_name="用户组",
                    ),
                ),
                (
                    "team",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="team_group",
                        to="lectures.lectureteampage",
                        verbose_name="宣讲团",
                    ),
                ),
            ],
            options={"verbose_name": "宣讲团的用户组", "verbose_name_plural": "宣讲团的用户组"},
        ),
        migrations.RunPython(link_teams, unlink_teams),
    ]
