"""Admin: 导入宣讲安排 and the export of a tour. Upload a sheet for a tour, read the preview of
what will be created and changed, confirm; or download the tour's sessions as .xlsx or .csv."""

from django import forms
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import re_path, reverse
from django.utils.http import content_disposition_header
from django.views.generic import FormView, View

from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, Table
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lectures import export
from lectures import sheet as lecture_sheet
from lectures.fields import BoundedModelChoiceField
from lectures.models import TourPage
from lectures.permissions import managed_tours, team_ids
from stories.sheet_admin import IMPORTED_MEANWHILE, SignedRowsForm, problems_table
from stories.spreadsheets import MB

PREVIEW_COLUMNS = (
    lecture_sheet.NUMBER,
    lecture_sheet.DATE,
    lecture_sheet.START,
    lecture_sheet.TEAM,
    lecture_sheet.TOPIC,
)
ACTIONABLE = (lecture_sheet.NEW, lecture_sheet.CHANGED)


def tours_for(user):
    """The tours whose sessions the user may import and export."""
    if not user.has_perms(["lectures.add_session", "lectures.change_session"]):
        return TourPage.objects.none()
    return managed_tours(user).order_by("-starts_on")


class SheetForm(forms.Form):
    tour = BoundedModelChoiceField(TourPage.objects.none(), label="巡讲", empty_label=None)
    sheet = forms.FileField(
        label="表格文件",
        help_text=(
            f"Excel（.xlsx）或 CSV（UTF-8 或 GBK 编码）文件，不超过 {lecture_sheet.MAX_FILE_BYTES // MB} MB、"
            f"{lecture_sheet.MAX_ROWS} 行。第一行是表头，必须有这些列：{'、'.join(lecture_sheet.REQUIRED_COLUMNS)}；"
            f"“{lecture_sheet.NUMBER}”“{lecture_sheet.NOTES}”可选。列的顺序不限。"
            "有序号的行按序号更新同一场，没有序号的按日期、开始时间和地点认出同一场，所以改好的表格可以再导入。"
        ),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, tours, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tour"].queryset = tours


class ConfirmForm(SignedRowsForm):
    salt = "lectures.session-import"
    tour = BoundedModelChoiceField(TourPage.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, tours, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tour"].queryset = tours


def rows_table(sheet):
    columns = [
        Column("row", label="行", accessor="number"),
        *[
            Column(column, label=column, accessor=lambda row, column=column: row.cells[column])
            for column in PREVIEW_COLUMNS
        ],
        StatusTagColumn("status", label="结果", primary=lambda row: row.status in ACTIONABLE),
        Column("note", label="说明"),
    ]
    # What needs the editor's eye first: rows with problems, then what will change.
    order = (lecture_sheet.HAS_PROBLEMS, lecture_sheet.NEW, lecture_sheet.CHANGED, lecture_sheet.UNCHANGED)
    rows = sorted(sheet.rows, key=lambda row: order.index(row.status))
    return Table(columns, rows, caption="表格内容")


class MayImportMixin:
    """Lets in only who manages some tour's sessions; keeps the tours as `self.tours`."""

    def dispatch(self, request, *args, **kwargs):
        self.tours = tours_for(request.user)
        if not self.tours.exists():
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class LectureImportMixin(MayImportMixin, WagtailAdminTemplateMixin):
    template_name = "lectures/admin/import_lectures.html"
    page_title = "导入宣讲安排"
    header_icon = "upload"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"tours": self.tours}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("lectures_import"), "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = {
            "action_url": reverse("lectures_import"),
            "submit_button_label": "上传并预览",
            "submit_button_active_label": "正在检查…",
            "tours": self.tours,
            **kwargs,
        }
        return super().get_context_data(**context)

    def render_preview(self, sheet):
        """The rows and their problems; the confirmation only when there is something to do."""
        context = {
            "sheet": sheet,
            "actionable": any(row.status in ACTIONABLE for row in sheet.rows),
            "rows_table": rows_table(sheet),
            "problems_table": problems_table(sheet.problems),
            "form": SheetForm(tours=self.tours, initial={"tour": sheet.tour}),
        }
        if not sheet.problems and context["actionable"]:
            context |= {
                "form": ConfirmForm(
                    tours=self.tours, initial={"rows": ConfirmForm.sign(sheet.records()), "tour": sheet.tour}
                ),
                "action_url": reverse("lectures_import_confirm"),
                "submit_button_label": "确认导入",
                "submit_button_active_label": "正在导入…",
            }
        return self.render_to_response(self.get_context_data(**context))


class UploadView(LectureImportMixin, FormView):
    form_class = SheetForm

    def form_valid(self, form):
        teams = team_ids(self.request.user)
        return self.render_preview(
            lecture_sheet.check_file(form.cleaned_data["sheet"], form.cleaned_data["tour"], teams)
        )


class ConfirmView(LectureImportMixin, FormView):
    form_class = ConfirmForm
    http_method_names = ["post"]

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect("lectures_import")

    def form_valid(self, form):
        # Checked again: a session, a team or a town may have changed since the preview.
        tour = form.cleaned_data["tour"]
        sheet = lecture_sheet.check_records(form.cleaned_data["rows"], tour, team_ids(self.request.user))
        if sheet.problems:
            return self.render_preview(sheet)
        try:
            lecture_sheet.apply(sheet, self.request.user)
        except IntegrityError:
            messages.error(self.request, IMPORTED_MEANWHILE)
            return redirect("lectures_import")
        messages.success(self.request, f"已导入{tour.title}：{sheet.summary()}")
        return redirect(reverse("wagtailsnippets_lectures_session:list") + f"?tour={tour.pk}")


class ExportView(MayImportMixin, View):
    formats = {
        "xlsx": (export.as_xlsx, export.XLSX_TYPE),
        "csv": (export.as_csv, "text/csv; charset=utf-8"),
    }

    def get(self, request, pk, extension):
        tour = get_object_or_404(self.tours, pk=pk)
        write, content_type = self.formats[extension]
        return HttpResponse(
            write(tour, team_ids(request.user)),
            content_type=content_type,
            headers={"Content-Disposition": content_disposition_header(True, f"{tour.title}.{extension}")},
        )


class LectureImportMenuItem(MenuItem):
    def is_shown(self, request):
        return tours_for(request.user).exists()


urlpatterns = [
    re_path(r"^xuanjiang/import/$", UploadView.as_view(), name="lectures_import"),
    re_path(r"^xuanjiang/import/confirm/$", ConfirmView.as_view(), name="lectures_import_confirm"),
    re_path(
        r"^xuanjiang/(?P<pk>[0-9]{1,18})/export\.(?P<extension>xlsx|csv)$",
        ExportView.as_view(),
        name="lectures_export",
    ),
]
