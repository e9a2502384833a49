from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.signals import page_published
from wagtail.snippets.models import register_snippet

from home.search.reindex import reindex_on_commit
from lectures import import_views
from lectures.bulk_actions import CancelBulkAction, MarkHeldBulkAction
from lectures.models import LectureTeamPage, Session, Speaker, TourPage
from lectures.permissions import TeamPermissionPolicy, grant_team_permissions
from lectures.search import SEARCH_KINDS
from lectures.viewsets import LecturesAdminGroup
from stories.models import Town

# Before the viewsets are registered: they would otherwise make Wagtail's plain model policy.
register_permission_policy(Session, TeamPermissionPolicy(Session))
register_permission_policy(Speaker, TeamPermissionPolicy(Speaker))

register_snippet(LecturesAdminGroup)

hooks.register("register_bulk_action", MarkHeldBulkAction)
hooks.register("register_bulk_action", CancelBulkAction)


@hooks.register("register_admin_urls")
def register_lecture_import_urls():
    return import_views.urlpatterns


@hooks.register("register_admin_menu_item")
def register_lecture_import_menu_item():
    return import_views.LectureImportMenuItem(
        "导入宣讲安排", reverse("lectures_import"), name="import-lectures", icon_name="upload", order=260
    )


def grant_on_publish(sender, instance, **kwargs):
    """Publishing a tour (from the editor, a workflow, a schedule or in bulk) may have changed its
    teams: the teams' groups follow. (A team's group is no page content: it is set up when chosen.)"""
    if isinstance(instance, TourPage):
        for team in LectureTeamPage.objects.filter(team_group__isnull=False).select_related(
            "team_group__group"
        ):
            grant_team_permissions(team)


page_published.connect(grant_on_publish)


@hooks.register("register_search_kinds")
def register_search_kinds():
    return SEARCH_KINDS


@receiver(post_save, sender=Town)
def reindex_sessions_after_town_rename(sender, instance, **kwargs):
    reindex_on_commit(Session.objects.filter(town=instance))


@receiver(post_save, sender=Speaker)
def reindex_sessions_after_speaker_rename(sender, instance, **kwargs):
    reindex_on_commit(Session.objects.filter(speakers=instance))
