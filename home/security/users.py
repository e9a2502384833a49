"""三员 separation in the users and groups admin: only a superuser makes a superuser, gives or takes the
三员 groups, touches their members and groups, or grants the security and audit permissions.

A 系统管理员 manages the editorial accounts and groups; without these limits Wagtail would let them make
themselves superuser (its user form offers it), join 审计管理员, or give their own group the audit logs.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from wagtail.users.views import groups as wagtail_groups
from wagtail.users.views import users as wagtail_users

from home.roles import AUDIT_ADMINS, SECURITY_ADMINS, SYSTEM_ADMINS

THREE_ROLES = (SYSTEM_ADMINS, SECURITY_ADMINS, AUDIT_ADMINS)
# Lockouts, two-factor devices, login records and the content's audit log.
GUARDED_APPS = ("axes", "otp_totp", "otp_static")
GUARDED_CODENAMES = ("view_pagelogentry", "view_modellogentry")


def guarded_permissions():
    return Permission.objects.filter(
        Q(content_type__app_label__in=GUARDED_APPS) | Q(codename__in=GUARDED_CODENAMES)
    )


def is_guarded(user):
    """Superusers and the members of the 三员 groups, whom only a superuser may change."""
    return user.is_superuser or user.groups.filter(name__in=THREE_ROLES).exists()


class SeparatedUserFormMixin:
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.restricted = for_user is not None and not for_user.is_superuser
        if self.restricted:
            self.fields.pop("is_superuser", None)
            if "groups" in self.fields:
                self.fields["groups"].queryset = self.fields["groups"].queryset.exclude(name__in=THREE_ROLES)


class UserCreationForm(SeparatedUserFormMixin, wagtail_users.UserCreationForm):
    pass


class UserEditForm(SeparatedUserFormMixin, wagtail_users.UserEditForm):
    pass


class GuardedObjectMixin:
    """Refuses a non-superuser an object only a superuser may change."""

    def guarded(self, obj):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser and self.guarded(self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FormForUserMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class UserCreateView(FormForUserMixin, wagtail_users.CreateView):
    pass


class UserEditView(GuardedObjectMixin, FormForUserMixin, wagtail_users.EditView):
    def guarded(self, user):
        return is_guarded(user)


class UserDeleteView(GuardedObjectMixin, wagtail_users.DeleteView):
    def guarded(self, user):
        return is_guarded(user)


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm


class GroupForm(wagtail_groups.GroupForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if for_user is not None and not for_user.is_superuser:
            self.fields["permissions"].queryset = self.fields["permissions"].queryset.exclude(
                pk__in=guarded_permissions().values("pk")
            )


class GroupCreateView(FormForUserMixin, wagtail_groups.CreateView):
    pass


class GroupEditView(GuardedObjectMixin, FormForUserMixin, wagtail_groups.EditView):
    def guarded(self, group):
        return group.name in THREE_ROLES


class GroupDeleteView(GuardedObjectMixin, wagtail_groups.DeleteView):
    def guarded(self, group):
        return group.name in THREE_ROLES


class GroupViewSet(wagtail_groups.GroupViewSet):
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView

    def get_form_class(self, for_update=False):
        return GroupForm


def refuse_bulk_actions_on_guarded_users(request, action_type, objects, action_class_instance):
    """The users listing's bulk actions (delete, deactivate, assign a group) on a superuser, a 三员
    member, or giving a 三员 group: a superuser's only."""
    if request.user.is_superuser or action_class_instance.model is not wagtail_users.User:
        return None
    role = request.POST.get("role")
    if (
        any(is_guarded(user) for user in objects)
        or Group.objects.filter(pk=role, name__in=THREE_ROLES).exists()
    ):
        raise PermissionDenied
    return None
