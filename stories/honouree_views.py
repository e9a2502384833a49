"""Admin: 导入先锋人物, and the empty sheet to fill in."""

import csv
import io

from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header

from wagtail.admin.auth import permission_denied

from home.sheets.views import SheetImportViewSet
from stories.honourees import HonoureeSheet
from stories.models import ProfileIndexPage

TEMPLATE_FILE_NAME = "先锋人物导入模板.csv"


def profile_index_for(user):
    """The 先锋榜 page, if the user may add profiles under it; else None."""
    index = ProfileIndexPage.objects.first()
    if index and index.permissions_for_user(user).can_add_subpage():
        return index
    return None


class HonoureeImportViewSet(SheetImportViewSet):
    name = "honouree_import"
    url_prefix = "xianfeng/import"
    menu_label = "导入先锋人物"
    menu_name = "import-honourees"
    menu_order = 250
    salt = "stories.honouree-import"
    sheet_class = HonoureeSheet
    sheet_note = "多个标签用空格分开。"
    intro_template_name = "stories/admin/honouree_import_intro.html"

    def may_import(self, user):
        return profile_index_for(user) is not None

    def make_sheet(self, user, options):
        return HonoureeSheet(profile_index_for(user))

    def success_url(self, sheet):
        return reverse("wagtailadmin_explore", args=[sheet.index.pk])

    def extra_urlpatterns(self):
        return [path("template.csv", self.template_sheet, name="template")]

    def template_sheet(self, request):
        """An empty sheet with the headers, with a BOM so that Excel reads it as UTF-8."""
        if not self.may_import(request.user):
            return permission_denied(request)
        sheet = io.StringIO()
        csv.writer(sheet).writerow(HonoureeSheet.headers())
        return HttpResponse(
            "\ufeff" + sheet.getvalue(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": content_disposition_header(True, TEMPLATE_FILE_NAME)},
        )
