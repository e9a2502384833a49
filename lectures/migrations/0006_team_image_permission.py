"""Lecture teams' groups upload photos with Wagtail's image permission (wagtailimages.add_image, whatever
the image model); they had been given home.add_siteimage, which Wagtail never asks for."""

from django.db import migrations

from home.roles import permissions


def seed(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = apps.get_model("wagtailcore", "Collection").objects.get(depth=1)
    (add_image,) = permissions(apps, "wagtailimages.add_image")
    teams = apps.get_model("lectures", "LectureTeamPage").objects.filter(group__isnull=False)
    for group_id in teams.values_list("group_id", flat=True):
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
