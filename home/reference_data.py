"""The search terms and the newsroom's roles this app's data migrations make, as plain functions.

The migrations' RunPython calls them with the historical `apps`; the tests call them with the app
registry to put back what a transactional test's flush removed. They are frozen as the migrations
made them: a change to the data is a new migration, not an edit here.
"""

from home.roles import (
    AUDIT_ADMINS,
    EDITORS,
    FINAL_REVIEW,
    FIRST_REVIEW,
    REVIEW_WORKFLOW,
    SECURITY_ADMINS,
    SYSTEM_ADMINS,
    grant,
    group,
    rename_group,
)

# The towns and streets of Daye, the villages and hamlet the article names, and the programme's
# terms: words jieba's own dictionary would cut apart.
TERMS = {
    "乡镇（街道）": [
        "东岳路街道",
        "东风路街道",
        "金湖街道",
        "罗家桥街道",
        "金山店镇",
        "还地桥镇",
        "殷祖镇",
        "刘仁八镇",
        "陈贵镇",
        "灵乡镇",
        "金牛镇",
        "保安镇",
        "大箕铺镇",
        "茗山乡",
    ],
    "村、湾": ["晏庄村", "杨桥村", "金湾", "华若村"],
    "工作术语": [
        "铜都先锋",
        "党员三日+",
        "党员三日",
        "微心愿",
        "微事迹",
        "小梦想",
        "四讲四有",
        "村庄理事会",
        "1+3",
        "两学一做",
        "三严三实",
        "在职党员进社区",
        "支部主题党日",
        "口袋读本",
        "小处方",
        "两代表一委员",
        "宣讲团",
    ],
}


def seed_search_terms(apps, schema_editor=None):
    SearchTerm = apps.get_model("home", "SearchTerm")
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word, note=note) for note, words in TERMS.items() for word in words],
        ignore_conflicts=True,
    )


CHOOSE = ("wagtailimages.choose_image", "wagtaildocs.choose_document")
NEWSROOM_ROLES = {
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


def seed_newsroom_roles(apps, schema_editor=None):
    """The newsroom's roles and its two-stage review (初审 → 终审) on every page.

    Wagtail's stock groups "Editors" and "Moderators" become 编辑 and 终审 (their members stay), its
    stock one-step "Moderators approval" workflow becomes the two-stage one, and the roots of the
    page tree and of the collections get Chinese names. Each app's own migration gives the roles the
    rights on that app's content."""
    # The tree's and the collections' roots show in breadcrumbs, choosers and permissions.
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(
        title="根目录", draft_title="根目录"
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="Root").update(name="根文件夹")
    for stock, ours in (("Editors", EDITORS), ("Moderators", FINAL_REVIEW)):
        rename_group(apps, stock, ours)
    for name, grants in NEWSROOM_ROLES.items():
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


READ_LOGINS = ["axes.view_accessattempt", "axes.view_accesslog", "axes.view_accessfailurelog"]
SECURITY_ROLES = {
    SECURITY_ADMINS: [
        "wagtailadmin.access_admin",
        *READ_LOGINS,
        "axes.delete_accessattempt",  # lifts a lockout
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",  # resets a lost authenticator
    ],
    AUDIT_ADMINS: [
        "wagtailadmin.access_admin",
        *READ_LOGINS,
        "wagtailcore.view_pagelogentry",
        "wagtailcore.view_modellogentry",
    ],
}


def seed_security_roles(apps, schema_editor=None):
    """The other two of 三员 beside 系统管理员: 安全管理员 (lockouts and two-factor resets) and
    审计管理员 (the login records and the content's audit log, read-only)."""
    for name, permissions in SECURITY_ROLES.items():
        grant(apps, name, model_permissions=permissions)


def rename_site_admins(apps, schema_editor=None):
    """站点管理员 became 系统管理员, one of 三员: a site migrated before keeps its people and their
    rights under the new name."""
    rename_group(apps, "站点管理员", SYSTEM_ADMINS)
