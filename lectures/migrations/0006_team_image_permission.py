"""Lecture teams' groups upload photos with Wagtail's image permission (wagtailimages.add_image, whatever
the image model); they had been given home.add_siteimage, which Wagtail never asks for."""

from django.db import migrations

from home.roles import permissions


def team_group_ids(apps):
    """The lecture teams' groups: a field of the team page in this migration's models, a TeamGroup
    (0007) in the current ones, with which the test suite seeds a flushed database."""
    LectureTeamPage = apps.get_model("lectures", "LectureTeamPage")
    if any(field.name == "group" for field in LectureTeamPage._meta.get_fields()):
        return LectureTeamPage.objects.filter(group__isnull=False).values_list("group_id", flat=True)
    return apps.get_model("lectures", "TeamGroup").objects.values_list("group_id", flat=True)


def seed(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = apps.get_model("wagtailcore", "Collection").objects.get(depth=1)
    (add_image,) = permissions(apps, "wagtailimages.add_image")
    for group_id in team_group_ids(apps):
        GroupCollectionPermission.objects.filter(
            group_id=group_id, permission__content_type__app_label="home", permission__codename__endswith="_siteimage"
        ).delete()
        GroupCollectionPermission.objects.get_or_create(
            group_id=group_id, collection=root_collection, permission=add_image
        )


class Migration(migrations.Migration):
    dependencies = [
        ("lectures", "0005_plural_names"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
