from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from lectures.bulk_actions import CancelBulkAction, MarkHeldBulkAction
from lectures.models import Session, Speaker
from lectures.permissions import TeamPermissionPolicy
from lectures.search import SEARCH_KINDS
from lectures.sheet_views import LectureImportViewSet
from lectures.viewsets import LecturesAdminGroup

# Before the viewsets are registered: they would otherwise make Wagtail's plain model policy.
register_permission_policy(Session, TeamPermissionPolicy(Session))
register_permission_policy(Speaker, TeamPermissionPolicy(Speaker))

register_snippet(LecturesAdminGroup)

hooks.register("register_bulk_action", MarkHeldBulkAction)
hooks.register("register_bulk_action", CancelBulkAction)


@hooks.register("register_admin_viewset")
def register_lecture_import():
    return LectureImportViewSet()


@hooks.register("register_search_kinds")
def register_search_kinds():
    return SEARCH_KINDS
