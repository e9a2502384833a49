"""Chinese for the few admin labels Wagtail 8.0 derives from attribute names instead of translating
(its sites listing's columns, a search promotion's link text, the page field of a workflow and of a
group's page permissions), for the ASCII colon it puts between a view's title and subtitle
("编辑 专栏文章: 标题"), and for the count under a listing ("4 页面"); and django-otp's authenticator,
named in plain English ("TOTP device")."""

from wagtail.admin.forms.workflows import WorkflowPageForm
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.sites.views import IndexView as SiteIndexView
from wagtail.users.forms import PagePermissionsForm

from django_otp.plugins.otp_totp.models import TOTPDevice

SITE_COLUMNS = {"port": "端口号", "site_name": "站点名称", "root_page": "根页面"}


def items_count_label(paginator):
    return f"{paginator.verbose_name_plural}共 {paginator.count} 项"


def header_title(view):
    title, subtitle = view.get_page_title(), view.get_page_subtitle()
    return f"{title}：{subtitle}" if subtitle else title


def label_wagtail_in_chinese():
    for column in SiteIndexView.columns:
        column.label = SITE_COLUMNS.get(column.name, column.label)
    SearchPromotion._meta.get_field("external_link_text").verbose_name = "外部链接文字"
    for form in (WorkflowPageForm, PagePermissionsForm):
        form.base_fields["page"].label = "页面"
    WagtailAdminTemplateMixin.get_header_title = header_title
    WagtailPaginator.items_count_label = property(items_count_label)
    TOTPDevice._meta.verbose_name = TOTPDevice._meta.verbose_name_plural = "身份验证器"
