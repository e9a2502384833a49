"""The admin of a spreadsheet import: upload a sheet, read the preview of what it would do, confirm.

The checked rows travel from preview to confirmation signed in a hidden field (not in a
temporary file) and are checked again on confirmation. A subclass of SheetImportViewSet names
its Sheet and who may use it.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, Table
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from home.sheets.reading import MB

PREVIEW_MAX_AGE = 60 * 60
INVALID_PREVIEW = "预览数据无效，没有导入任何内容，请重新上传表格。"
# When two confirmations of one sheet meet in the database, the second changes nothing.
IMPORTED_MEANWHILE = "这份表格刚刚已由别人或另一个窗口导入，这次没有改动任何内容。请重新上传表格核对。"


class UploadForm(forms.Form):
    sheet = forms.FileField(label="表格文件", widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}))


class ConfirmForm(forms.Form):
    # Within the size and row limits the signed rows stay under Django's 2.5 MB POST limit.
    rows = forms.CharField(widget=forms.HiddenInput, error_messages={"required": INVALID_PREVIEW})

    def __init__(self, *args, salt, **kwargs):
        super().__init__(*args, **kwargs)
        self.salt = salt

    def clean_rows(self):
        try:
            return signing.loads(self.cleaned_data["rows"], salt=self.salt, max_age=PREVIEW_MAX_AGE)
        except signing.SignatureExpired as error:
            raise ValidationError("预览已超过一小时，请重新上传表格。") from error
        except signing.BadSignature as error:
            raise ValidationError(INVALID_PREVIEW) from error


def problems_table(problems):
    columns = [
        Column("row", label="行", accessor=lambda problem: problem.row or ""),
        Column("column", label="列"),
        Column("message", label="问题"),
    ]
    return Table(columns, problems, caption="表格里的问题")


def rows_table(sheet):
    columns = [
        Column("row", label="行", accessor="number"),
        *[
            Column(header, label=header, accessor=lambda row, header=header: row.cells[header])
            for header in sheet.preview_headers
        ],
        StatusTagColumn("status", label="结果", primary=lambda row: row.status in sheet.actionable),
        Column("note", label="说明"),
    ]
    # What needs the editor's eye first: rows with problems, then what will change.
    rows = sorted(sheet.rows, key=lambda row: sheet.statuses.index(row.status))
    return Table(columns, rows, caption="表格内容")


class SheetImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a sheet and see the preview, which offers the confirmation."""

    viewset = None
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.may_import(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.viewset.menu_label

    def get_template_names(self):
        return [self.viewset.template_name]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": self.viewset.menu_url, "label": self.get_page_title()}]

    def get_form(self, form_class=None):
        return self.viewset.upload_form(self.request.user, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        context = {
            "action_url": self.viewset.menu_url,
            "submit_button_label": "上传并预览",
            "submit_button_active_label": "正在检查…",
            "intro_template_name": self.viewset.intro_template_name,
            **self.viewset.get_context(self.request.user),
            **kwargs,
        }
        return super().get_context_data(**context)

    def options(self, form):
        return {name: form.cleaned_data[name] for name in self.viewset.option_fields(self.request.user)}

    def form_valid(self, form):
        options = self.options(form)
        sheet = self.viewset.make_sheet(self.request.user, options).check_file(form.cleaned_data["sheet"])
        return self.render_preview(sheet, options)

    def render_preview(self, sheet, options):
        """The rows and their problems; the confirmation only when there is something to do."""
        actionable = bool(sheet.actionable_rows)
        context = {
            "sheet": sheet,
            "actionable": actionable,
            "rows_table": rows_table(sheet),
            "problems_table": problems_table(sheet.problems),
            "form": self.viewset.upload_form(self.request.user, initial=options),
        }
        if not sheet.problems and actionable:
            rows = signing.dumps(sheet.records(), salt=self.viewset.salt, compress=True)
            context |= {
                "form": self.viewset.confirm_form(self.request.user, initial={"rows": rows, **options}),
                "action_url": reverse(self.viewset.get_url_name("confirm")),
                "submit_button_label": sheet.confirm_label(),
                "submit_button_active_label": "正在导入…",
            }
        return self.render_to_response(self.get_context_data(**context))


class ConfirmView(SheetImportView):
    """Check the signed rows again (a town, a team or a page may have changed) and apply them."""

    http_method_names = ["post"]

    def get_form(self, form_class=None):
        return self.viewset.confirm_form(self.request.user, **self.get_form_kwargs())

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect(self.viewset.menu_url)

    def form_valid(self, form):
        options = self.options(form)
        sheet = self.viewset.make_sheet(self.request.user, options).check_records(form.cleaned_data["rows"])
        if sheet.problems:
            return self.render_preview(sheet, options)
        try:
            saved = sheet.apply(self.request.user)
        except IntegrityError:
            messages.error(self.request, IMPORTED_MEANWHILE)
            return redirect(self.viewset.menu_url)
        messages.success(self.request, sheet.done_message(saved))
        return redirect(self.viewset.success_url(sheet))


class SheetImportViewSet(ViewSet):
    """An import in the admin menu: its upload page, its confirmation and whatever else it offers
    (`extra_urlpatterns`)."""

    add_to_admin_menu = True
    icon = "upload"
    template_name = "home/admin/sheet_import.html"
    intro_template_name = None  # what the page says before a sheet is uploaded
    salt = None
    sheet_class = None
    sheet_note = ""  # what the upload field's help adds about this sheet

    def may_import(self, user):
        raise NotImplementedError

    def make_sheet(self, user, options):
        raise NotImplementedError

    def success_url(self, sheet):
        raise NotImplementedError

    def option_fields(self, user):
        """Form fields chosen with the sheet (e.g. the tour it is for), carried to confirmation."""
        return {}

    def get_context(self, user):
        return {}

    def upload_form(self, user, **kwargs):
        form = UploadForm(**kwargs)
        sheet = self.sheet_class
        optional = "".join(f"“{column.header}”" for column in sheet.columns if not column.required)
        form.fields["sheet"].help_text = (
            f"Excel（.xlsx）或 CSV（UTF-8 或 GBK 编码）文件，不超过 {sheet.max_bytes // MB} MB、"
            f"{sheet.max_rows} 行。第一行是表头，必须有这些列：{'、'.join(sheet.headers(required=True))}；"
            f"{optional}可选。列的顺序不限，其他列不读。{self.sheet_note}"
        )
        form.fields = self.option_fields(user) | form.fields
        return form

    def confirm_form(self, user, **kwargs):
        form = ConfirmForm(salt=self.salt, **kwargs)
        for name, field in self.option_fields(user).items():
            field.widget = forms.HiddenInput()
            form.fields[name] = field
        return form

    @cached_property
    def menu_item_class(self):
        viewset = self

        class ImportMenuItem(MenuItem):
            def is_shown(self, request):
                return viewset.may_import(request.user)

        return ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", SheetImportView.as_view(viewset=self), name="upload"),
            path("confirm/", ConfirmView.as_view(viewset=self), name="confirm"),
            *self.extra_urlpatterns(),
        ]

    def extra_urlpatterns(self):
        return []
