from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    """wagtail.users with the 三员-separated viewsets of home.security.users (INSTALLED_APPS names
    this instead of "wagtail.users")."""

    user_viewset = "home.security.users.UserViewSet"
    group_viewset = "home.security.users.GroupViewSet"
