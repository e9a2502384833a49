"""Lecture teams' groups upload photos with Wagtail's image permission (wagtailimages.add_image, whatever
the image model); they had been given home.add_siteimage, which Wagtail never asks for."""

from django.db import migrations

from lectures.reference_data import grant_team_image_permission


class Migration(migrations.Migration):
    dependencies = [
        ("lectures", "0005_plural_names"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(grant_team_image_permission, migrations.RunPython.noop)]
