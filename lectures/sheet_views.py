"""Admin: 导入宣讲安排 and the export of a tour. Upload a sheet for a tour, read the preview of
what will be created and changed, confirm; or download the tour's sessions as .xlsx or .csv."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import re_path, reverse
from django.utils.http import content_disposition_header

from wagtail.admin.auth import permission_denied

from home.sheets.views import SheetImportViewSet
from lectures import export
from lectures.fields import BoundedModelChoiceField
from lectures.models import TourPage
from lectures.permissions import managed_tours, team_ids
from lectures.sheet import LectureSheet

EXPORT_FORMATS = {
    "xlsx": (export.as_xlsx, export.XLSX_TYPE),
    "csv": (export.as_csv, "text/csv; charset=utf-8"),
}


def tours_for(user):
    """The tours whose sessions the user may import and export."""
    if not user.has_perms(["lectures.add_session", "lectures.change_session"]):
        return TourPage.objects.none()
    return managed_tours(user).order_by("-starts_on")


class LectureImportViewSet(SheetImportViewSet):
    name = "lecture_import"
    url_prefix = "xuanjiang/import"
    menu_label = "导入宣讲安排"
    menu_name = "import-lectures"
    menu_order = 260
    salt = "lectures.session-import"
    sheet_class = LectureSheet
    sheet_note = (
        "有序号的行按序号更新同一场，没有序号的按日期、开始时间和地点认出同一场，所以改好的表格可以再导入。"
    )
    intro_template_name = "lectures/admin/lecture_import_intro.html"

    def may_import(self, user):
        return tours_for(user).exists()

    def option_fields(self, user):
        return {"tour": BoundedModelChoiceField(tours_for(user), label="巡讲", empty_label=None)}

    def make_sheet(self, user, options):
        return LectureSheet(options["tour"], team_ids(user))

    def success_url(self, sheet):
        return reverse("wagtailsnippets_lectures_session:list") + f"?tour={sheet.tour.pk}"

    def get_context(self, user):
        return {"tours": tours_for(user)}

    def extra_urlpatterns(self):
        return [
            re_path(r"^(?P<pk>[0-9]{1,18})/export\.(?P<extension>xlsx|csv)$", self.export, name="export"),
        ]

    def export(self, request, pk, extension):
        """The tour's sessions (a team's own, for its members) as a sheet that imports back."""
        tours = tours_for(request.user)
        if not tours.exists():
            return permission_denied(request)
        tour = get_object_or_404(tours, pk=pk)
        write, content_type = EXPORT_FORMATS[extension]
        return HttpResponse(
            write(tour, team_ids(request.user)),
            content_type=content_type,
            headers={"Content-Disposition": content_disposition_header(True, f"{tour.title}.{extension}")},
        )
