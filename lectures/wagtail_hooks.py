from django.urls import reverse

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from lectures import import_views
from lectures.bulk_actions import CancelBulkAction, MarkHeldBulkAction
from lectures.models import LectureTeamPage, Session, Speaker, TourPage
from lectures.permissions import TeamPermissionPolicy, grant_team_permissions
from lectures.viewsets import LecturesAdminGroup

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


@hooks.register("after_publish_page")
def grant_tour_permissions(request, page):
    """A tour's teams may have changed: their groups get the tour, and lose tours no longer theirs."""
    if isinstance(page.specific, TourPage):
        for team in LectureTeamPage.objects.filter(group__isnull=False):
            grant_team_permissions(team)
