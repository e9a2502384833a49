"""Admin: 导入先锋人物. Upload a sheet, read the preview, confirm to create the drafts.

The checked rows travel from preview to confirmation signed in a hidden field, not in a
temporary file, and are checked again on confirmation.
"""

import csv
import io

from django import forms
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.views.generic import FormView, View

from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, Table
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from stories.honourees import (
    COLUMNS,
    HONOUR,
    MAX_FILE_BYTES,
    MAX_ROWS,
    NAME,
    NEW,
    REQUIRED_COLUMNS,
    TAGS,
    TOWN,
    UNIT,
    YEAR,
    check_file,
    check_records,
    create_drafts,
    created_message,
)
from stories.models import ProfileIndexPage
from stories.sheet_admin import IMPORTED_MEANWHILE, SignedRowsForm, problems_table
from stories.spreadsheets import MB

PREVIEW_COLUMNS = (NAME, HONOUR, YEAR, TOWN, UNIT)  # a table row has no room for the micro-story
TEMPLATE_FILE_NAME = "先锋人物导入模板.csv"


def profile_index_for(user):
    """The 先锋榜 page, if the user may add profiles under it; else None."""
    index = ProfileIndexPage.objects.first()
    if index and index.permissions_for_user(user).can_add_subpage():
        return index
    return None


class SheetForm(forms.Form):
    sheet = forms.FileField(
        label="表格文件",
        help_text=(
            f"Excel（.xlsx）或 CSV（UTF-8 或 GBK 编码）文件，不超过 {MAX_FILE_BYTES // MB} MB、{MAX_ROWS} 行。"
            f"第一行是表头，必须有这些列：{'、'.join(REQUIRED_COLUMNS)}；"
            f"“{TAGS}”列可选，多个标签用空格分开。列的顺序不限，其他列不读。"
        ),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ConfirmForm(SignedRowsForm):
    salt = "stories.honouree-import"


def rows_table(sheet):
    columns = [
        Column("row", label="行", accessor="number"),
        *[
            Column(column, label=column, accessor=lambda row, column=column: row.cells[column])
            for column in PREVIEW_COLUMNS
        ],
        StatusTagColumn("status", label="状态", primary=lambda row: row.status == NEW),
    ]
    return Table(columns, sheet.rows, caption="表格内容")


class MayImportMixin:
    """Lets in only who may add profiles under the 先锋榜, which it keeps as `self.index`."""

    def dispatch(self, request, *args, **kwargs):
        self.index = profile_index_for(request.user)
        if self.index is None:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class HonoureeImportMixin(MayImportMixin, WagtailAdminTemplateMixin):
    template_name = "stories/admin/import_honourees.html"
    page_title = "导入先锋人物"
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("stories_import_honourees"), "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = {
            "action_url": reverse("stories_import_honourees"),
            "submit_button_label": "上传并预览",
            "submit_button_active_label": "正在检查…",
            "template_url": reverse("stories_honouree_template"),
            **kwargs,
        }
        return super().get_context_data(**context)

    def render_preview(self, sheet):
        """The rows and their problems; the confirmation only when there is something to create."""
        context = {
            "sheet": sheet,
            "rows_table": rows_table(sheet),
            "problems_table": problems_table(sheet.problems),
            "form": SheetForm(),
        }
        if not sheet.problems and sheet.new_rows:
            rows = ConfirmForm.sign(sheet.records())
            context |= {
                "form": ConfirmForm(initial={"rows": rows}),
                "action_url": reverse("stories_import_honourees_confirm"),
                "submit_button_label": f"确认导入，创建 {len(sheet.new_rows)} 份草稿",
                "submit_button_active_label": "正在导入…",
            }
        return self.render_to_response(self.get_context_data(**context))


class UploadView(HonoureeImportMixin, FormView):
    form_class = SheetForm

    def form_valid(self, form):
        return self.render_preview(check_file(form.cleaned_data["sheet"], self.index))


class ConfirmView(HonoureeImportMixin, FormView):
    form_class = ConfirmForm
    http_method_names = ["post"]

    def form_invalid(self, form):
        for error in form.errors["rows"]:
            messages.error(self.request, error)
        return redirect("stories_import_honourees")

    def form_valid(self, form):
        # Checked again: a town or a profile may have changed since the preview.
        sheet = check_records(form.cleaned_data["rows"], self.index)
        if sheet.problems:
            return self.render_preview(sheet)
        try:
            pages = create_drafts(sheet, self.index, self.request.user)
        except IntegrityError:
            messages.error(self.request, IMPORTED_MEANWHILE)
            return redirect("stories_import_honourees")
        messages.success(self.request, created_message(len(pages), len(sheet.skipped_rows)))
        return redirect("wagtailadmin_explore", self.index.pk)


class TemplateSheetView(MayImportMixin, View):
    def get(self, request):
        """An empty sheet with the headers, with a BOM so that Excel reads it as UTF-8."""
        sheet = io.StringIO()
        csv.writer(sheet).writerow(COLUMNS)
        return HttpResponse(
            "\ufeff" + sheet.getvalue(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": content_disposition_header(True, TEMPLATE_FILE_NAME)},
        )


class HonoureeImportMenuItem(MenuItem):
    def is_shown(self, request):
        return profile_index_for(request.user) is not None


urlpatterns = [
    path("xianfeng/import/", UploadView.as_view(), name="stories_import_honourees"),
    path("xianfeng/import/confirm/", ConfirmView.as_view(), name="stories_import_honourees_confirm"),
    path("xianfeng/import/template.csv", TemplateSheetView.as_view(), name="stories_honouree_template"),
]
