"""The newsroom's roles and its two-stage review (初审 → 终审) on every page.

Wagtail's stock groups "Editors" and "Moderators" become 编辑 and 终审 (their members stay), its
stock one-step "Moderators approval" workflow becomes the two-stage one, and the roots of the page
tree and of the collections get Chinese names. Each app's own migration
gives the roles the rights on that app's content.
"""

from django.db import migrations

from home.roles import (
    EDITORS,
    FINAL_REVIEW,
    FIRST_REVIEW,
    REVIEW_WORKFLOW,
    SYSTEM_ADMINS,
    grant,
    group,
    rename_group,
)

CHOOSE = ("wagtailimages.choose_image", "wagtaildocs.choose_document")
ROLES = {
    # Writes and edits every page, image and document; submits for review; never publishes.
    EDITORS: {
        "model_permissions": ["wagtailadmin.access_admin"],
        "page_permissions": ["wagtailcore.add_page", "wagtailcore.change_page"],
        "collection_permissions": [
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            *CHOOSE,
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
        ],
    },
    # Reviews first, correcting copy as it goes: edits every page (and so finds it in the explorer,
    # where Wagtail sends a reviewer after approving), never publishes; may swap an image.
    FIRST_REVIEW: {
        "model_permissions": ["wagtailadmin.access_admin"],
        "page_permissions": ["wagtailcore.change_page"],
        "collection_permissions": CHOOSE,
    },
    # Reviews last: publishes, unpublishes and schedules, and may lift an editor's lock.
    FINAL_REVIEW: {
        "model_permissions": ["wagtailadmin.access_admin"],
        "page_permissions": [
            "wagtailcore.change_page",
            "wagtailcore.publish_page",
            "wagtailcore.lock_page",
            "wagtailcore.unlock_page",
        ],
        "collection_permissions": CHOOSE,
    },
    # Users, groups and the settings menu; no content.
    SYSTEM_ADMINS: {
        "model_permissions": [
            "wagtailadmin.access_admin",
            *(
                f"auth.{action}_{model}"
                for model in ("user", "group")
                for action in ("add", "change", "delete")
            ),
            "home.change_sitesettings",
            *(f"home.{action}_searchterm" for action in ("add", "change", "delete")),
            *(f"wagtailredirects.{action}_redirect" for action in ("add", "change", "delete")),
            *(f"wagtailsearchpromotions.{action}_searchpromotion" for action in ("add", "change", "delete")),
            *(
                f"wagtailcore.{action}_{model}"
                for model in ("workflow", "task")
                for action in ("add", "change", "delete")
            ),
            "wagtailcore.change_site",
        ],
    },
}


def seed(apps, schema_editor):
    # The tree's and the collections' roots show in breadcrumbs, choosers and permissions.
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(
        title="根目录", draft_title="根目录"
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="Root").update(name="根文件夹")
    for stock, ours in (("Editors", EDITORS), ("Moderators", FINAL_REVIEW)):
        rename_group(apps, stock, ours)
    for name, grants in ROLES.items():
        role = group(apps, name)
        role.permissions.clear()
        apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=role).delete()
        apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(group=role).delete()
        grant(apps, name, **grants)
    _review_workflow(apps)


def _review_workflow(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    task_type = ContentType.objects.get_for_model(Task)
    tasks = []
    for name in (FIRST_REVIEW, FINAL_REVIEW):
        task = Task.objects.filter(groups__name=name).first() or Task(content_type=task_type)
        task.name, task.active = name, True
        task.save()
        task.groups.set([group(apps, name)])
        tasks.append(task)
    workflow = (
        Workflow.objects.filter(name__in=[REVIEW_WORKFLOW, "Moderators approval"]).first() or Workflow()
    )
    workflow.name, workflow.active = REVIEW_WORKFLOW, True
    workflow.save()
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowTask.objects.filter(workflow=workflow).delete()
    for order, task in enumerate(tasks):
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    root_page = apps.get_model("wagtailcore", "Page").objects.get(depth=1)
    apps.get_model("wagtailcore", "WorkflowPage").objects.update_or_create(
        page=root_page, defaults={"workflow": workflow}
    )


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

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
