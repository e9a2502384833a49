"""The newsroom's roles and its two-stage review (初审 → 终审) on every page.

Wagtail's stock groups "Editors" and "Moderators" become 编辑 and 终审 (their members stay), its
stock one-step "Moderators approval" workflow becomes the two-stage one, and the roots of the page
tree and of the collections get Chinese names. Each app's own migration
gives the roles the rights on that app's content.
"""

from django.db import migrations

from home.reference_data import seed_newsroom_roles


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_search_document_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(seed_newsroom_roles, migrations.RunPython.noop)]
