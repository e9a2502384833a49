from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.sites.forms import SiteForm as WagtailSiteForm
from wagtail.sites.views import SiteViewSet as WagtailSiteViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from django_otp.plugins.otp_totp.models import TOTPDevice

from home.autosave import PageViewSet
from home.models import SearchTerm
from home.security import users, views
from home.security.models import Lockout, LoginFailure, LoginRecord, ModelAuditEntry, PageAuditEntry
from home.security.records import RecordPolicy, SecurityGroup


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "search"
    menu_label = "搜索词典"
    add_to_settings_menu = True
    list_display = ["word", "note", "updated_at"]
    search_fields = ["word", "note"]
    ordering = ["word"]


register_snippet(SearchTermViewSet)


@hooks.register("construct_reports_menu")
def name_the_search_terms_report_in_chinese(request, menu_items):
    # Wagtail's zh-hans translation lacks this label.
    for item in menu_items:
        if item.name == "search-terms":
            item.label = "热门搜索词"


@hooks.register("construct_help_menu")
def keep_only_chinese_help(request, menu_items):
    # Wagtail's release notes and editor guide are English pages abroad: only its shortcuts stay.
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in {"editor-guide"} and not item.name.startswith("whats-new")
    ]


@hooks.register("insert_editor_js")
def submit_only_after_autosave():
    return format_html('<script src="{}"></script>', static("home/admin/submit-after-autosave.js"))


@hooks.register("register_admin_viewset")
def register_page_viewset():
    # After Wagtail's own (order -1): this one then serves every page type.
    return PageViewSet()


class SiteForm(WagtailSiteForm):
    """设置 › 站点: the default site's host and port are SITE_URL's, which every absolute link names and
    every migrate writes here; an edit here would split the links, so they are shown, not edited."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_default_site:
            for name in ("hostname", "port", "is_default_site"):
                self.fields[name].disabled = True
            self.fields["hostname"].help_text = format_html(
                "网站的公开地址 {} 由部署设置 <code>SITE_URL</code> 决定，在这里不能修改；"
                "要换地址，请部署人员修改 <code>SITE_URL</code> 后重新部署。",
                settings.SITE_URL,
            )


class SiteViewSet(WagtailSiteViewSet):
    def get_form_class(self, for_update=False):
        return SiteForm


@hooks.register("register_admin_viewset", order=-1)
def register_site_viewset():
    # Ahead of Wagtail's own (order 0), at its address: this one answers Wagtail's links to it too.
    return SiteViewSet("sites", url_prefix="sites")


@hooks.register("register_admin_viewset")
def register_security_viewsets():
    # The policies first: a viewset would otherwise make Wagtail's plain one.
    for model in (Lockout, TOTPDevice):
        register_permission_policy(model, RecordPolicy(model, model._meta.concrete_model, ("view", "delete")))
    for model in (LoginRecord, LoginFailure, PageAuditEntry, ModelAuditEntry):
        register_permission_policy(model, RecordPolicy(model, model._meta.concrete_model))
    return SecurityGroup()


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("2fa/setup/", views.setup, name="two_factor_setup"),
        path("2fa/verify/", views.verify, name="two_factor_verify"),
        path("2fa/", views.manage, name="two_factor_manage"),
        path("2fa/recovery-codes/", views.regenerate_recovery_codes, name="two_factor_recovery_codes"),
        path("2fa/replace/", views.replace_authenticator, name="two_factor_replace"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_manage"),
        "label": "两步验证",
        "help_text": "身份验证器和备用验证码。",
    }


hooks.register("before_bulk_action", users.refuse_bulk_actions_on_guarded_users)
