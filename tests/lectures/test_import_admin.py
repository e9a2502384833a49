"""导入宣讲安排 in the admin: upload, preview, confirm; the export; who may do it."""

import datetime
import io
import re
from html import unescape

from django.contrib.auth.models import Permission
from django.core import signing
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
from openpyxl import load_workbook

from home.sheets import views as sheet_views
from lectures.models import Session, SessionState
from lectures.permissions import grant_team_permissions
from lectures.sheet import LectureSheet
from lectures.sheet_views import LectureImportViewSet
from tests.factories import SessionFactory
from tests.lectures.test_import import ROWS, csv_bytes, xlsx_bytes

IMPORT_URL = reverse("lecture_import:upload")
CONFIRM_URL = reverse("lecture_import:confirm")
BAD_ROW = "7,2026-12-08,9:00,10:00,理论宣讲团,赵老师,党史,大冶镇,镇政府,机关,"


def upload(client, tour, data, name="安排.csv"):
    sheet = io.BytesIO(data)
    sheet.name = name
    return client.post(IMPORT_URL, {"tour": tour.pk, "sheet": sheet})


def signed_rows(response):
    return unescape(re.search(r'name="rows" value="([^"]+)"', response.content.decode())[1])


@pytest.fixture
def team_editor(django_user_model, teams):
    """A member of the 理论宣讲团's group."""
    user = django_user_model.objects.create_user("lilun", password="x")  # noqa: S106
    user.groups.add(grant_team_permissions(teams[1]))
    return user


@pytest.mark.django_db
def test_a_bad_row_is_shown_by_row_and_column_and_nothing_is_imported(admin_client, tour):
    response = upload(admin_client, tour, csv_bytes([*ROWS, BAD_ROW]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "表格里有 1 处问题" in page
    assert "没有“大冶镇”这个乡镇" in page
    assert 'name="rows"' not in page
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_preview_then_confirm_imports_and_a_corrected_sheet_updates(admin_client, tour):
    response = upload(admin_client, tour, csv_bytes())
    page = response.content.decode()
    assert "新建 6 场，更新 0 场，0 场无变化，新增主讲人 7 位。" in page
    assert not Session.objects.exists()

    response = admin_client.post(CONFIRM_URL, {"rows": signed_rows(response), "tour": tour.pk}, follow=True)

    assert "已导入“铜都先锋”百场巡讲：新建 6 场" in response.content.decode()
    assert Session.objects.count() == 6

    corrected = [ROWS[0].replace("9:00,10:30", "14:00,15:30"), *ROWS[1:]]
    response = upload(admin_client, tour, csv_bytes(corrected))
    assert "新建 0 场，更新 1 场，5 场无变化" in response.content.decode()
    admin_client.post(CONFIRM_URL, {"rows": signed_rows(response), "tour": tour.pk})
    assert Session.objects.count() == 6
    moved = Session.objects.get(number=1)
    assert moved.state == SessionState.MOVED
    history = ModelLogEntry.objects.for_instance(moved).order_by("timestamp")
    assert [(entry.action, entry.user.username) for entry in history] == [
        ("wagtail.create", "admin"),
        ("wagtail.edit", "admin"),
    ]


@pytest.mark.django_db
def test_an_unchanged_sheet_offers_no_confirmation(admin_client, tour):
    admin_client.post(
        CONFIRM_URL, {"rows": signed_rows(upload(admin_client, tour, csv_bytes())), "tour": tour.pk}
    )
    response = upload(admin_client, tour, csv_bytes())
    assert "没有要新建或更新的场次" in response.content.decode()
    assert 'name="rows"' not in response.content.decode()


@pytest.mark.django_db
def test_a_tampered_or_expired_confirmation_imports_nothing(admin_client, tour, monkeypatch):
    rows = signed_rows(upload(admin_client, tour, csv_bytes()))
    response = admin_client.post(CONFIRM_URL, {"rows": "e" + rows[1:], "tour": tour.pk}, follow=True)
    assert "预览数据无效，没有导入任何内容" in response.content.decode()
    monkeypatch.setattr(sheet_views, "PREVIEW_MAX_AGE", -1)
    response = admin_client.post(CONFIRM_URL, {"rows": rows, "tour": tour.pk}, follow=True)
    assert "预览已超过一小时" in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_a_non_spreadsheet_upload_gets_a_chinese_error(admin_client, tour):
    response = upload(admin_client, tour, b"\x89PNG\r\n\x1a\n\x00\x00", name="照片.csv")
    assert response.status_code == 200
    assert "读不出表格内容" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_the_export_downloads_the_tour(admin_client, tour, teams, extension):
    SessionFactory(tour=tour, team=teams[0], number=3, topic="学党章守规矩")
    response = admin_client.get(reverse("lecture_import:export", args=[tour.pk, extension]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if extension == "xlsx":
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert rows[0][:3] == ("序号", "日期", "开始时间")
        assert rows[1][0] == 3 and rows[1][6] == "学党章守规矩"
    else:
        assert "学党章守规矩" in response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_a_team_editor_imports_only_their_team(client, tour, teams, team_editor):
    client.force_login(team_editor)

    response = upload(client, tour, csv_bytes(ROWS[3:4]))  # the 理论宣讲团's row
    assert "新建 1 场" in response.content.decode()
    response = upload(client, tour, csv_bytes(ROWS[:1]))  # a 铜都先锋宣讲团 row
    assert "你只能导入本团的宣讲场次" in response.content.decode()


@pytest.mark.django_db
def test_someone_without_session_permissions_cannot_import_or_export(client, tour, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")  # noqa: S106
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 302
    assert client.get(reverse("lecture_import:export", args=[tour.pk, "csv"])).status_code == 302
    assert upload(client, tour, csv_bytes()).status_code == 302
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_the_preview_shows_excel_date_and_time_cells_as_the_editor_wrote_them(admin_client, tour):
    header = ["序号", "日期", "开始时间", "结束时间", "宣讲团", "主讲人", "题目", "乡镇", "地点", "类型"]
    row = [1, datetime.datetime(2026, 9, 11), datetime.time(15), datetime.time(16, 30)]
    row += ["“铜都先锋”宣讲团", "王明", "学党章守规矩", "茗山乡", "茗山乡中心小学", "学校"]

    page = upload(admin_client, tour, xlsx_bytes([header, row]), name="安排.xlsx").content.decode()

    assert "2026-09-11" in page and "15:00" in page
    assert "00:00:00" not in page and "15:00:00" not in page


@pytest.mark.django_db
def test_the_second_of_two_simultaneous_confirmations_changes_nothing(admin_client, tour, monkeypatch):
    preview = upload(admin_client, tour, csv_bytes())
    confirmation = {"rows": signed_rows(preview), "tour": tour.pk}
    records = signing.loads(confirmation["rows"], salt=LectureImportViewSet.salt)
    checked_before_either = LectureSheet(tour).check_records(records)
    admin_client.post(CONFIRM_URL, confirmation)
    # As when both confirmations checked the rows before either wrote them.
    monkeypatch.setattr(LectureSheet, "check_records", lambda *args: checked_before_either)

    response = admin_client.post(CONFIRM_URL, confirmation, follow=True)

    assert "这份表格刚刚已由别人或另一个窗口导入，这次没有改动任何内容" in response.content.decode()
    assert Session.objects.count() == 6
