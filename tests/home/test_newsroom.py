"""The newsroom's roles and its two-stage review: 编辑 writes, 初审 and then 终审 approve, it goes live."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import GroupCollectionPermission, GroupPagePermission, PageLogEntry, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home import reference_data as home_data
from home.roles import EDITORS, FINAL_REVIEW, FIRST_REVIEW, REVIEW_WORKFLOW, SYSTEM_ADMINS
from lectures import reference_data as lectures_data
from stories import reference_data as stories_data
from stories.models import Column, StoryIndexPage, StoryPage

IMAGES = {"wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image"}
DOCUMENTS = {"wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document"}
CHOOSE = {"wagtailimages.choose_image", "wagtaildocs.choose_document"}
ROLES = {
    EDITORS: {
        "model": {
            "wagtailadmin.access_admin",
            *(f"stories.{a}_{m}" for m in ("town", "column", "honourcategory") for a in ("add", "change")),
            *(f"lectures.{a}_{m}" for m in ("session", "speaker") for a in ("add", "change")),
            "lectures.manage_all_sessions",
        },
        "page": {"add_page", "change_page"},
        "collection": IMAGES | DOCUMENTS | {"wagtailmedia.add_media", "wagtailmedia.change_media"},
    },
    FIRST_REVIEW: {"model": {"wagtailadmin.access_admin"}, "page": {"change_page"}, "collection": CHOOSE},
    FINAL_REVIEW: {
        "model": {"wagtailadmin.access_admin"},
        "page": {"change_page", "publish_page", "lock_page", "unlock_page"},
        "collection": CHOOSE,
    },
    SYSTEM_ADMINS: {
        "model": {
            "wagtailadmin.access_admin",
            *(f"auth.{a}_{m}" for m in ("user", "group") for a in ("add", "change", "delete")),
            "home.change_sitesettings",
            *(f"home.{a}_searchterm" for a in ("add", "change", "delete")),
            *(f"wagtailredirects.{a}_redirect" for a in ("add", "change", "delete")),
            *(f"wagtailsearchpromotions.{a}_searchpromotion" for a in ("add", "change", "delete")),
            *(f"wagtailcore.{a}_{m}" for m in ("workflow", "task") for a in ("add", "change", "delete")),
            "wagtailcore.change_site",
        },
        "page": set(),
        "collection": set(),
    },
}


def granted(group):
    return {
        "model": {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()},
        "page": set(
            GroupPagePermission.objects.filter(group=group, page__depth=1).values_list(
                "permission__codename", flat=True
            )
        ),
        "collection": {
            f"{app}.{codename}"
            for app, codename in GroupCollectionPermission.objects.filter(
                group=group, collection__depth=1
            ).values_list("permission__content_type__app_label", "permission__codename")
        },
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_has_exactly_its_permissions(db, role):
    group = Group.objects.get(name=role)
    assert granted(group) == ROLES[role]
    assert not GroupPagePermission.objects.filter(group=group, page__depth__gt=1).exists()


def test_wagtails_english_groups_are_gone_and_the_review_has_two_stages(db):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    workflow = Workflow.objects.get(active=True)
    assert workflow.name == REVIEW_WORKFLOW
    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == [FIRST_REVIEW, FINAL_REVIEW]
    assert [[group.name for group in task.groups.all()] for task in tasks] == [[FIRST_REVIEW], [FINAL_REVIEW]]
    assert workflow.workflow_pages.get().page.depth == 1  # every page


@pytest.fixture
def newsroom(home_page, django_user_model):
    def member(username, role):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.com", "pass", first_name=role
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return {
        "editor": member("bianji", EDITORS),
        "first": member("chushen", FIRST_REVIEW),
        "final": member("zhongshen", FINAL_REVIEW),
    }


def story_form(**fields):
    return nested_form_data(
        {
            "title": "茗山乡“1+3”治理见闻",
            "slug": "",
            "column": Column.objects.first().pk,
            "date": "2026-12-01",
            "body": streamfield([("paragraph", rich_text("<p>90%的矛盾纠纷在村里解决。</p>"))]),
            "profile_links": inline_formset([]),
            **fields,
        }
    )


def submit_story(client, editor):
    client.force_login(editor)
    index = StoryIndexPage.objects.get()
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("stories", "storypage", index.pk)),
        {**story_form(), "action-submit": "1"},
    )
    assert response.status_code == 302
    return StoryPage.objects.get(title="茗山乡“1+3”治理见闻")


def act(client, user, page, action, comment=""):
    client.force_login(user)
    task_state = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk)),
        {"comment": comment},
    )


def test_an_editor_can_neither_publish_nor_schedule(client, newsroom):
    client.force_login(newsroom["editor"])
    index = StoryIndexPage.objects.get()
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("stories", "storypage", index.pk)),
        {**story_form(go_live_at="2026-12-01 08:00"), "action-publish": "1"},
    )

    story = StoryPage.objects.get()
    assert response.status_code == 302
    assert not story.live
    assert not story.revisions.filter(approved_go_live_at__isnull=False).exists()
    editor = client.get(reverse("wagtailadmin_pages:edit", args=(story.pk,))).content.decode()
    assert 'name="action-publish"' not in editor
    assert 'name="action-submit"' in editor and "提交" in editor


def test_a_story_passes_first_then_final_review_and_goes_live(client, newsroom):
    story = submit_story(client, newsroom["editor"])
    assert story.current_workflow_task.name == FIRST_REVIEW
    assert not story.live
    first_notice = [message for message in mail.outbox if newsroom["first"].email in message.to]
    assert first_notice and "茗山乡“1+3”治理见闻" in first_notice[0].subject + first_notice[0].body
    assert "初审" in first_notice[0].body and "审核" in first_notice[0].subject
    assert not any(newsroom["final"].email in message.to for message in mail.outbox)

    assert act(client, newsroom["first"], story, "approve").status_code == 302
    story.refresh_from_db()
    assert story.current_workflow_task.name == FINAL_REVIEW and not story.live
    assert any(newsroom["final"].email in message.to and "终审" in message.body for message in mail.outbox)

    act(client, newsroom["final"], story, "approve", comment="同意发布。")
    story.refresh_from_db()
    assert story.live and story.current_workflow_state is None
    assert client.get("/zhuanlan/").content.decode().count("茗山乡“1+3”治理见闻") == 1
    actions = (
        PageLogEntry.objects.filter(page=story).order_by("timestamp", "pk").values_list("action", flat=True)
    )
    assert [
        action for action in actions if action.startswith("wagtail.workflow") or action == "wagtail.publish"
    ] == [
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "wagtail.workflow.approve",
        "wagtail.publish",
    ]
    history = client.get(reverse("wagtailadmin_pages:history", args=(story.pk,))).content.decode()
    assert "同意发布。" in history


def test_a_rejection_returns_the_story_to_its_editor_with_the_comment(client, newsroom):
    story = submit_story(client, newsroom["editor"])
    mail.outbox.clear()

    act(client, newsroom["first"], story, "reject", comment="第二段数据请核实出处。")

    story.refresh_from_db()
    assert story.current_workflow_state.status == "needs_changes" and not story.live
    (notice,) = [message for message in mail.outbox if newsroom["editor"].email in message.to]
    assert "第二段数据请核实出处。" in notice.body
    assert "退回修改" in notice.subject + notice.body
    client.force_login(newsroom["editor"])
    dashboard = client.get("/admin/").content.decode()
    assert "茗山乡“1+3”治理见闻" in dashboard and "退回修改" in dashboard
    history = client.get(reverse("wagtailadmin_pages:workflow_history", args=(story.pk,))).content.decode()
    assert "第二段数据请核实出处。" in history or "退回修改" in history


def test_each_reviewers_dashboard_lists_what_waits_for_them(client, newsroom):
    story = submit_story(client, newsroom["editor"])

    def waiting(user):
        client.force_login(user)
        return "茗山乡“1+3”治理见闻" in client.get("/admin/").content.decode()

    assert waiting(newsroom["first"]) and not waiting(newsroom["final"])
    act(client, newsroom["first"], story, "approve")
    assert waiting(newsroom["final"]) and not waiting(newsroom["first"])


def test_a_password_reset_mail_is_chinese(client, newsroom):
    response = client.post("/admin/password_reset/", {"email": "bianji@example.com"})

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["bianji@example.com"]
    assert "密码" in message.subject and "密码" in message.body
    assert "/admin/password_reset/confirm/" in message.body
    assert "password" not in message.body.lower().replace("password_reset", "")


def test_a_site_from_before_the_roles_keeps_its_people(db, django_user_model):
    """As before the migrations: Wagtail's stock groups with their members, its one-step review."""
    Group.objects.filter(name=EDITORS).update(name="Editors")
    Group.objects.filter(name=FINAL_REVIEW).update(name="Moderators")
    Group.objects.create(name=EDITORS)  # and a 编辑 an administrator made by hand
    Workflow.objects.filter(active=True).update(name="Moderators approval")
    writer = django_user_model.objects.create_user("writer")
    writer.groups.add(Group.objects.get(name="Editors"))
    moderator = django_user_model.objects.create_user("moderator")
    moderator.groups.add(Group.objects.get(name="Moderators"))

    for seed in (
        home_data.seed_newsroom_roles,
        stories_data.grant_newsroom_rights,
        lectures_data.grant_newsroom_rights,
    ):
        seed(apps)

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert list(writer.groups.values_list("name", flat=True)) == [EDITORS]
    assert list(moderator.groups.values_list("name", flat=True)) == [FINAL_REVIEW]
    assert granted(Group.objects.get(name=EDITORS)) == ROLES[EDITORS]
    workflow = Workflow.objects.get(active=True)
    assert workflow.name == REVIEW_WORKFLOW
    assert [task.name for task in workflow.tasks] == [FIRST_REVIEW, FINAL_REVIEW]


@pytest.mark.parametrize("made_by_hand", [False, True])
def test_a_site_from_before_the_three_roles_keeps_its_system_administrators(
    db, django_user_model, made_by_hand
):
    """Migrated when the group was called 站点管理员; perhaps with a 系统管理员 made by hand since."""
    rights = granted(Group.objects.get(name=SYSTEM_ADMINS))
    Group.objects.filter(name=SYSTEM_ADMINS).update(name="站点管理员")
    if made_by_hand:
        Group.objects.create(name=SYSTEM_ADMINS)
    guanli = django_user_model.objects.create_user("guanli")
    guanli.groups.add(Group.objects.get(name="站点管理员"))

    home_data.rename_site_admins(apps)

    assert not Group.objects.filter(name="站点管理员").exists()
    assert list(guanli.groups.values_list("name", flat=True)) == [SYSTEM_ADMINS]
    assert granted(Group.objects.get(name=SYSTEM_ADMINS)) == rights
