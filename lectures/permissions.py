"""Who may manage which sessions: a lecture team's group manages its own team's rows only."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from wagtail.images.models import Image
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies import ModelPermissionPolicy

from lectures.models import LectureTeamPage, Session, TeamGroup, TourPage

SESSION_ACTIONS = ("add", "change", "delete")
# Not publish: with it Wagtail lets a page be unpublished or deleted, and a tour shared by several
# teams would take the others' sessions with it. A team's edits of a tour page go to review.
TOUR_PAGE_ACTIONS = ("change",)
IMAGE_ACTIONS = ("add",)


MANAGE_ALL = "lectures.manage_all_sessions"


def team_ids(user):
    """The ids of the teams whose sessions the user manages, or None for all teams: superusers and
    the department's editors, whose group has lectures.manage_all_sessions. Anyone else manages
    the teams whose groups they are in, and no team at all when in none. Cached on the user."""
    if not user.is_authenticated:
        return frozenset()
    if user.has_perm(MANAGE_ALL):
        return None
    if not hasattr(user, "_lecture_team_ids"):
        ids = frozenset(TeamGroup.objects.filter(group__user=user).values_list("team_id", flat=True))
        user._lecture_team_ids = ids
    return user._lecture_team_ids


def managed_teams(user):
    """The teams whose sessions the user manages."""
    teams = team_ids(user)
    return LectureTeamPage.objects.all() if teams is None else LectureTeamPage.objects.filter(pk__in=teams)


def managed_tours(user):
    """The tours that include a team whose sessions the user manages."""
    teams = team_ids(user)
    return TourPage.objects.all() if teams is None else TourPage.objects.filter(teams__in=teams).distinct()


class TeamPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed for a member of a team's group to the rows whose `team`
    is one of theirs. Wagtail's generic views ask it per row (bulk actions, edit, delete)."""

    def _covers(self, user, instance):
        teams = team_ids(user)
        return teams is None or instance.team_id in teams

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._covers(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._covers(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        teams = team_ids(user)
        return instances if teams is None else instances.filter(team__in=teams)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        user_model = get_user_model()
        in_some_team = user_model.objects.filter(groups__lecture_team__isnull=False)
        in_this_team = user_model.objects.filter(groups__lecture_team__team=instance.team_id)
        return users.filter(Q(is_superuser=True) | Q(pk__in=in_this_team) | ~Q(pk__in=in_some_team))


def _permissions(model, actions):
    return Permission.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        codename__in=[f"{action}_{model._meta.model_name}" for action in actions],
    )


@transaction.atomic
def set_team_group(team, group):
    """Make `group` the user group that manages the team's sessions (None: no group does) and set it
    up (grant_team_permissions); returns it. It takes effect at once: the link (a TeamGroup) is no
    part of the team page's revisions. Each change goes into the audit log."""
    team._state.fields_cache.pop("team_group", None)  # read the link afresh
    link = getattr(team, "team_group", None)
    if group is None:
        if link:
            log(instance=link, action="wagtail.delete")
            link.delete()
            team._state.fields_cache.pop("team_group", None)
        return None
    if link is None:
        _link(team, group)
    elif link.group_id != group.pk:
        link.group = group
        link.save(update_fields=["group"])
        log(instance=link, action="wagtail.edit")
    return grant_team_permissions(team)


def _link(team, group):
    log(instance=TeamGroup.objects.create(team=team, group=group), action="wagtail.create")


@transaction.atomic
def grant_team_permissions(team):
    """Set up the team's group so its members can manage their own sessions and tours; returns it.

    Makes the group (named after the team, e.g. “铜都先锋”宣讲团) and links it to the team (a
    TeamGroup) if the team has none; gives it admin access, the session add/change/delete
    permissions (narrowed to the team's sessions by TeamPermissionPolicy) and uploading images; page permission change
    (edits go to review) on each tour that includes the team and on the team's own page. Safe to run again, and to be
    run again when a tour's teams change: it also withdraws the tour permissions of tours that no
    longer include the team. Put users into the group in Settings → Users.
    """
    group = team.group
    if group is None:
        group, _ = Group.objects.get_or_create(name=team.title)
        _link(team, group)

    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *_permissions(Session, SESSION_ACTIONS),
    )
    # To upload the photos of a held session (each may then choose the images they uploaded). Image
    # permissions are Wagtail's Image model's, whatever the image model is.
    for permission in _permissions(Image, IMAGE_ACTIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=Collection.get_first_root_node(), permission=permission
        )

    page_permissions = {
        permission.codename: permission for permission in _permissions(Page, TOUR_PAGE_ACTIONS)
    }
    tours = TourPage.objects.filter(teams=team)
    for tour in tours:
        for permission in page_permissions.values():
            GroupPagePermission.objects.get_or_create(group=group, page_id=tour.pk, permission=permission)
    GroupPagePermission.objects.get_or_create(
        group=group, page_id=team.pk, permission=page_permissions["change_page"]
    )
    GroupPagePermission.objects.filter(
        group=group,
        page__in=TourPage.objects.exclude(teams=team).values("pk"),
        permission__in=page_permissions.values(),
    ).delete()
    return group
