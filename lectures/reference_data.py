"""The rights this app's data migrations give, as plain functions.

The migrations' RunPython calls them with the historical `apps`; the tests call them with the app
registry to put back what a transactional test's flush removed. They are frozen as the migrations
made them: a change to the rights is a new migration, not an edit here.
"""

from home.roles import EDITORS, grant, permissions


def grant_newsroom_rights(apps, schema_editor=None):
    """Editors keep every team's sessions and speakers (the lecture teams' own groups keep their
    team's, lectures.permissions)."""
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


def team_group_ids(apps):
    """The lecture teams' groups: a field of the team page in the models of migration 0006, a
    TeamGroup (0007) in the current ones, with which the tests seed a flushed database."""
    LectureTeamPage = apps.get_model("lectures", "LectureTeamPage")
    if any(field.name == "group" for field in LectureTeamPage._meta.get_fields()):
        return LectureTeamPage.objects.filter(group__isnull=False).values_list("group_id", flat=True)
    return apps.get_model("lectures", "TeamGroup").objects.values_list("group_id", flat=True)


def grant_team_image_permission(apps, schema_editor=None):
    """Lecture teams' groups upload photos with Wagtail's image permission (wagtailimages.add_image,
    whatever the image model); they had been given home.add_siteimage, which Wagtail never asks for."""
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = apps.get_model("wagtailcore", "Collection").objects.get(depth=1)
    (add_image,) = permissions(apps, "wagtailimages.add_image")
    for group_id in team_group_ids(apps):
        GroupCollectionPermission.objects.filter(
            group_id=group_id,
            permission__content_type__app_label="home",
            permission__codename__endswith="_siteimage",
        ).delete()
        GroupCollectionPermission.objects.get_or_create(
            group_id=group_id, collection=root_collection, permission=add_image
        )
