"""The newsroom's roles: user groups with Chinese names, set up by data migrations.

Each app's migration gives the roles the rights on its own content, so these helpers take the
migration's historical `apps`. Permissions are made first when `migrate` has not yet made them
(Django makes them after the last migration).
"""

from django.contrib.auth.management import create_permissions

EDITORS = "编辑"
FIRST_REVIEW = "初审"
FINAL_REVIEW = "终审"
SYSTEM_ADMINS = "系统管理员"  # 三员: users and settings
SECURITY_ADMINS = "安全管理员"  # 三员: lockouts and two-factor resets
AUDIT_ADMINS = "审计管理员"  # 三员: the logs, read-only
REVIEW_WORKFLOW = "两级审核（初审、终审）"


def permissions(apps, *names):
    """The Permission rows named "app_label.codename"."""
    Permission = apps.get_model("auth", "Permission")
    wanted = [name.split(".") for name in names]
    for app_label in {app_label for app_label, _ in wanted}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # create_permissions skips an app whose models it cannot see
        create_permissions(app_config, apps=apps, verbosity=0)
    found = []
    for app_label, codename in wanted:
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def group(apps, name):
    return apps.get_model("auth", "Group").objects.get_or_create(name=name)[0]


def rename_group(apps, old, new):
    """The group `old` becomes `new`; if both exist, `old`'s members and rights join `new`."""
    Group = apps.get_model("auth", "Group")
    old_group = Group.objects.filter(name=old).first()
    if old_group is None:
        return
    new_group = Group.objects.filter(name=new).first()
    if new_group is None:
        old_group.name = new
        old_group.save()
        return
    new_group.user_set.add(*old_group.user_set.all())
    new_group.permissions.add(*old_group.permissions.all())
    for model_name, target in (("GroupPagePermission", "page"), ("GroupCollectionPermission", "collection")):
        model = apps.get_model("wagtailcore", model_name)
        for granted in model.objects.filter(group=old_group):
            model.objects.get_or_create(
                group=new_group, permission=granted.permission, **{target: getattr(granted, target)}
            )
    old_group.delete()


def grant(apps, name, model_permissions=(), page_permissions=(), collection_permissions=()):
    """Gives the group `name` model permissions, page permissions on the root page (so on every
    page) and collection permissions on the root collection (so on every image, document, video)."""
    role = group(apps, name)
    role.permissions.add(*permissions(apps, *model_permissions))
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root_page = apps.get_model("wagtailcore", "Page").objects.get(depth=1)
    for permission in permissions(apps, *page_permissions):
        GroupPagePermission.objects.get_or_create(group=role, page=root_page, permission=permission)
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = apps.get_model("wagtailcore", "Collection").objects.get(depth=1)
    for permission in permissions(apps, *collection_permissions):
        GroupCollectionPermission.objects.get_or_create(
            group=role, collection=root_collection, permission=permission
        )
    return role
