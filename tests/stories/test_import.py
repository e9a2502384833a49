import csv
import io
import json
import re
import zipfile

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageLogEntry

import pytest
from openpyxl import Workbook

from home.sheets import views as sheet_views
from stories.demo import SAMPLE_HONOUREES
from stories.honourees import HonoureeSheet
from stories.models import ProfileIndexPage, ProfilePage, Town
from tests.factories import ProfilePageFactory

IMPORT_URL = "/admin/xianfeng/import/"
CONFIRM_URL = "/admin/xianfeng/import/confirm/"
COLUMNS = HonoureeSheet.headers()
HEADER = list(COLUMNS)
ROWS = [
    [
        "陈志刚",
        "优秀共产党员",
        "2026",
        "茗山乡",
        "杨桥村",
        "牵头成立金湾村庄理事会，纠纷不出村。",
        "村庄理事会 调解",
    ],
    [
        "晏庄村党支部",
        "先进基层党组织",
        "2026",
        "茗山乡",
        "晏庄村",
        "推行“1+3”治理，90%的纠纷在村内解决。",
        "",
    ],
    # half-width brackets and full-width digits, as typed on a Chinese keyboard
    ["朱红英", "优秀村(社区)书记", "２０２５", "还地桥镇", "", "十年如一日为群众办实事。", "微心愿"],
]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def zip_bytes(unpacked_size):
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * unpacked_size)
    return content.getvalue()


def csv_bytes(rows=ROWS, header=HEADER, encoding="utf-8"):
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return text.getvalue().encode(encoding)


def with_cell(column, value, row=0):
    """ROWS with one cell of one row replaced."""
    rows = [list(cells) for cells in ROWS]
    rows[row][COLUMNS.index(column)] = value
    return csv_bytes(rows)


@pytest.fixture
def index(home_page):
    return ProfileIndexPage.objects.get()


def check(content, index):
    return HonoureeSheet(index).check_file(io.BytesIO(content))


def problems(sheet):
    return [(problem.row, problem.column, problem.message) for problem in sheet.problems]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_each_encoding_excel_saves_becomes_drafts(index, encoding):
    sheet = check(csv_bytes(encoding=encoding), index)
    assert problems(sheet) == []
    sheet.apply()
    profiles = {profile.title: profile for profile in ProfilePage.objects.child_of(index)}
    assert set(profiles) == {"陈志刚", "晏庄村党支部", "朱红英"}
    zhu = profiles["朱红英"]
    assert (zhu.honour.name, zhu.year, zhu.town.name) == ("优秀村（社区）书记", 2025, "还地桥镇")
    assert sorted(tag.name for tag in profiles["陈志刚"].tags.all()) == ["村庄理事会", "调解"]


def test_xlsx_with_numeric_years_shuffled_and_spaced_headers(index):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", " 微事迹", "年份", "姓名／单位名称 ", "乡镇", "荣誉类别", "村／单位"])
    sheet.append([1, "扎根乡镇卫生院二十年。", 2026, "王建国", "殷祖镇", "优秀共产党员", "殷祖镇卫生院"])
    sheet.append([])
    sheet.append([2, "开通微信课堂。", 2025.0, "吴国庆", "灵乡镇", "优秀党务工作者", None])
    content = io.BytesIO()
    workbook.save(content)

    checked = check(content.getvalue(), index)

    assert problems(checked) == []
    assert [(row.number, row.values["title"], row.values["year"]) for row in checked.rows] == [
        (2, "王建国", 2026),
        (4, "吴国庆", 2025),
    ]


def test_the_demo_sample_sheet_is_in_the_import_format(index):
    with SAMPLE_HONOUREES.open("rb") as sample:
        assert problems(HonoureeSheet(index).check_file(sample)) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", (None, "", "文件是空的。")),
        (b"\xef\xbb\xbf\r\n,,,\r\n", (None, "", "文件是空的。")),
        (csv_bytes(rows=[]), (None, "", "表格只有表头，没有数据行。")),
        (csv_bytes(header=HEADER[:5] + HEADER[6:]), (1, "微事迹", "缺少必填列“微事迹”。")),
        (PNG, (None, "", "读不出表格内容：请上传 Excel（.xlsx）或 CSV 文件。")),
        (b"PK\x03\x04 not really a zip", (None, "", "读不出表格内容：请上传 Excel（.xlsx）或 CSV 文件。")),
        (zip_bytes(1000), (None, "", "读不出表格内容：请上传 Excel（.xlsx）或 CSV 文件。")),
        (zip_bytes(60 * 1024 * 1024), (None, "", "读不出表格内容：请上传 Excel（.xlsx）或 CSV 文件。")),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            (None, "", "这是旧版 Excel（.xls）文件：请在 Excel 里另存为 .xlsx 或 CSV 后再上传。"),
        ),
        (b"a" * (2 * 1024 * 1024 + 1), (None, "", "文件超过 2 MB，请分成几个文件导入。")),
        (csv_bytes(rows=ROWS * 700), (None, "", "表格超过 2000 行，请分成几个文件导入。")),
        (with_cell("姓名/单位名称", "  "), (2, "姓名/单位名称", "请填写姓名或单位名称。")),
        (
            with_cell("荣誉类别", "优秀青年"),
            (
                2,
                "荣誉类别",
                "没有“优秀青年”这个荣誉类别，可填：优秀共产党员、优秀党务工作者、先进基层党组织、优秀村（社区）书记。",
            ),
        ),
        (with_cell("年份", "20266"), (2, "年份", "“20266”不是 1921 至 2100 之间的四位年份。")),
        (with_cell("年份", "1900"), (2, "年份", "“1900”不是 1921 至 2100 之间的四位年份。")),
        (with_cell("年份", "今年"), (2, "年份", "“今年”不是 1921 至 2100 之间的四位年份。")),
        (
            with_cell("乡镇", "铜绿山镇"),
            (
                2,
                "乡镇",
                "没有“铜绿山镇”这个乡镇（街道）。如确有此地，请先在“基础数据 › 乡镇（街道）”里添加，再重新上传。",
            ),
        ),
        (with_cell("微事迹", "好" * 201), (2, "微事迹", "不能超过 200 个字，现在有 201 个字。")),
        (with_cell("微事迹", ""), (2, "微事迹", "请填写微事迹。")),
        (with_cell("村/单位", "村" * 61), (2, "村/单位", "不能超过 60 个字，现在有 61 个字。")),
        (
            csv_bytes(rows=[*ROWS, ROWS[0]]),
            (5, "姓名/单位名称", "与第 2 行重复（姓名/单位名称、年份、荣誉类别都相同）。"),
        ),
    ],
)
def test_a_bad_file_names_the_problem_and_imports_nothing(index, tmp_path, content, expected):
    assert expected in problems(check(content, index))

    path = tmp_path / "先锋.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="没有导入任何内容"):
        call_command("import_honourees", path, stdout=io.StringIO(), stderr=io.StringIO())
    assert not ProfilePage.objects.exists()


def test_every_problem_of_every_row_is_listed_and_blank_rows_keep_their_numbers(index):
    rows = [
        ["陈志刚", "优秀共产党员", "2o26", "铜绿山镇", "杨桥村", "纠纷不出村。", ""],
        ["", "", "", "", "", "", ""],
        ["", "优秀共产党员", "2026", "茗山乡", "", "送学上门。", ""],
    ]
    assert [(row, column) for row, column, _ in problems(check(csv_bytes(rows), index))] == [
        (2, "年份"),
        (2, "乡镇"),
        (4, "姓名/单位名称"),
    ]


def test_a_sheet_with_problems_is_never_imported(index):
    sheet = check(with_cell("乡镇", "铜绿山镇"), index)
    with pytest.raises(ValueError, match="never imported"):
        sheet.apply()
    assert not ProfilePage.objects.exists()


def test_existing_profiles_are_skipped_so_importing_twice_adds_nothing(index):
    ProfilePageFactory(parent=index, title="陈志刚", year=2026)
    sheet = check(csv_bytes(), index)
    assert [row.status for row in sheet.rows] == ["已存在，将跳过", "新建", "新建"]

    assert len(sheet.apply()) == 2
    again = check(csv_bytes(), index)
    assert [row.status for row in again.rows] == ["已存在，将跳过"] * 3
    assert again.apply() == []
    assert ProfilePage.objects.count() == 3


def test_drafts_have_a_revision_an_owner_a_history_and_their_own_pinyin_slugs(index, admin_user):
    rows = [ROWS[0], ["陈志刚", "优秀共产党员", "2025", "茗山乡", "杨桥村", "前一年的事迹。", ""]]
    check(csv_bytes(rows), index).apply(admin_user)

    for page in ProfilePage.objects.child_of(index):
        assert not page.live
        assert page.has_unpublished_changes
        assert page.owner == admin_user
        assert page.revisions.count() == 1
        assert page.latest_revision.user == admin_user
        assert PageLogEntry.objects.filter(page=page, action="wagtail.create", user=admin_user).exists()
    slugs = set(ProfilePage.objects.values_list("slug", flat=True))
    assert slugs == {"chen-zhi-gang", "chen-zhi-gang-2"}


def test_checking_looks_towns_and_categories_up_once_not_per_row(index):
    def queries(rows):
        with CaptureQueriesContext(connection) as context:
            check(csv_bytes(rows), index)
        return len(context)

    many = [[f"先锋{n}", *row[1:]] for n in range(10) for row in ROWS]
    assert queries(many) == queries(ROWS)


# The admin


def preview(client, content, name="先锋.xlsx"):
    return client.post(IMPORT_URL, {"sheet": SimpleUploadedFile(name, content)})


MENU_ITEM = json.dumps({"name": "import-honourees", "label": "导入先锋人物"})[1:-1]  # in the sidebar's props


def signed_rows(response):
    return response.context["form"]["rows"].value()


def test_the_upload_form_lists_the_columns_and_limits(admin_client, index):
    html = admin_client.get(IMPORT_URL).content.decode()
    assert "导入先锋人物" in html
    assert "不超过 2 MB、2000 行" in html
    assert "姓名/单位名称、荣誉类别、年份、乡镇、村/单位、微事迹" in html
    assert 'href="/admin/xianfeng/import/template.csv"' in html


def test_the_template_has_the_headers_and_reads_back_as_header_only(admin_client, index):
    response = admin_client.get("/admin/xianfeng/import/template.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8").startswith(
        "\ufeff姓名/单位名称,荣誉类别,年份,乡镇,村/单位,微事迹,标签"
    )
    assert problems(check(response.content, index)) == [(None, "", "表格只有表头，没有数据行。")]


def test_editor_fixes_the_sheet_the_preview_complained_about_then_confirms(admin_client, admin_user, index):
    response = preview(admin_client, with_cell("乡镇", "铜绿山镇"), name="先锋.csv")
    html = response.content.decode()
    assert response.status_code == 200
    assert "表格里有 1 处问题。改好后请重新上传，在此之前不会导入任何内容。" in html
    assert "没有“铜绿山镇”这个乡镇（街道）" in html
    assert CONFIRM_URL not in html

    response = preview(admin_client, csv_bytes(), name="先锋.csv")
    html = response.content.decode()
    assert "将新建 3 位先锋人物的草稿" in html
    assert html.count("新建") >= 3
    assert "确认导入，创建 3 份草稿" in html
    assert not ProfilePage.objects.exists()

    response = admin_client.post(CONFIRM_URL, {"rows": signed_rows(response)}, follow=True)
    assert response.redirect_chain == [(f"/admin/pages/{index.pk}/", 302)]
    assert "已创建 3 位先锋人物草稿，请审核后发布。" in response.content.decode()
    drafts = ProfilePage.objects.child_of(index)
    assert drafts.count() == 3
    assert not drafts.filter(live=True).exists()
    assert set(drafts.values_list("owner", flat=True)) == {admin_user.pk}


def test_the_preview_marks_existing_profiles_and_the_message_counts_them(admin_client, index):
    ProfilePageFactory(parent=index, title="陈志刚", year=2026)
    response = preview(admin_client, csv_bytes())
    assert "已存在，将跳过" in response.content.decode()
    response = admin_client.post(CONFIRM_URL, {"rows": signed_rows(response)}, follow=True)
    assert "已创建 2 位先锋人物草稿（跳过已存在的 1 位），请审核后发布。" in response.content.decode()


def test_a_sheet_of_only_existing_profiles_offers_no_confirmation(admin_client, index):
    check(csv_bytes(), index).apply()
    html = preview(admin_client, csv_bytes()).content.decode()
    assert "表格里的先锋人物都已存在，没有要新建的。" in html
    assert CONFIRM_URL not in html


def test_a_binary_file_gets_a_chinese_error_not_a_server_error(admin_client, index):
    response = preview(admin_client, PNG, name="照片.csv")
    assert response.status_code == 200
    assert "读不出表格内容" in response.content.decode()


@pytest.mark.parametrize("tamper", [lambda rows: "e" + rows[1:], lambda rows: "胡说"])
def test_a_tampered_confirmation_is_refused_and_creates_nothing(admin_client, index, tamper):
    rows = signed_rows(preview(admin_client, csv_bytes()))
    response = admin_client.post(CONFIRM_URL, {"rows": tamper(rows)}, follow=True)
    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert "预览数据无效，没有导入任何内容，请重新上传表格。" in response.content.decode()
    assert not ProfilePage.objects.exists()


def test_an_expired_confirmation_is_refused(admin_client, index, monkeypatch):
    rows = signed_rows(preview(admin_client, csv_bytes()))
    monkeypatch.setattr(sheet_views, "PREVIEW_MAX_AGE", -1)
    response = admin_client.post(CONFIRM_URL, {"rows": rows}, follow=True)
    assert "预览已超过一小时，请重新上传表格。" in response.content.decode()
    assert not ProfilePage.objects.exists()


def test_the_confirmation_checks_again(admin_client, index):
    """A town removed between preview and confirmation stops the import."""
    Town.objects.create(name="铜山口街道")
    response = preview(admin_client, with_cell("乡镇", "铜山口街道"))
    Town.objects.filter(name="铜山口街道").delete()

    response = admin_client.post(CONFIRM_URL, {"rows": signed_rows(response)})

    assert response.status_code == 200
    assert "没有“铜山口街道”这个乡镇（街道）" in response.content.decode()
    assert not ProfilePage.objects.exists()


def test_an_editor_who_may_add_profiles_gets_the_menu_item_and_the_page(client, index, django_user_model):
    editor = django_user_model.objects.create_user("bianji", password="correct-horse-9")
    editor.groups.add(Group.objects.get(name="编辑"))  # add and change on the root page
    client.force_login(editor)
    assert client.get(IMPORT_URL).status_code == 200
    assert MENU_ITEM in client.get("/admin/").content.decode()


def test_a_user_who_may_not_add_profiles_is_refused(client, index, django_user_model):
    user = django_user_model.objects.create_user("duzhe", password="correct-horse-9")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert MENU_ITEM not in client.get("/admin/").content.decode()
    for response in (
        client.get(IMPORT_URL),
        client.post(IMPORT_URL, {"sheet": SimpleUploadedFile("a.csv", csv_bytes())}),
        client.post(CONFIRM_URL, {"rows": "x"}),
        client.get("/admin/xianfeng/import/template.csv"),
    ):
        assert response.status_code == 302
        assert response.url == "/admin/"
    assert not ProfilePage.objects.exists()


# The command


def test_the_command_lists_the_rows_and_creates_drafts(index, tmp_path):
    path = tmp_path / "先锋.csv"
    path.write_bytes(csv_bytes())
    out = io.StringIO()
    call_command("import_honourees", path, stdout=out)
    output = out.getvalue()
    assert "第 2 行　陈志刚（2026 年优秀共产党员，茗山乡）：新建" in output
    assert "已创建 3 位先锋人物草稿，请审核后发布。" in output
    assert ProfilePage.objects.filter(live=False).count() == 3


def test_the_command_dry_run_creates_nothing(index, tmp_path):
    path = tmp_path / "先锋.csv"
    path.write_bytes(csv_bytes())
    out = io.StringIO()
    call_command("import_honourees", path, "--dry-run", stdout=out)
    assert "试运行：将新建 3 位，跳过已存在的 0 位；没有创建任何页面。" in out.getvalue()
    assert not ProfilePage.objects.exists()


def test_the_command_reports_every_problem_with_row_and_column(index, tmp_path):
    path = tmp_path / "先锋.csv"
    path.write_bytes(with_cell("乡镇", "铜绿山镇", row=1))
    err = io.StringIO()
    with pytest.raises(CommandError, match="表格里有 1 处问题，没有导入任何内容。"):
        call_command("import_honourees", path, stdout=io.StringIO(), stderr=err)
    assert re.search(r"第 3 行　乡镇：没有“铜绿山镇”这个乡镇", err.getvalue())
    assert not ProfilePage.objects.exists()


def test_the_command_refuses_a_missing_file(index, tmp_path):
    with pytest.raises(CommandError, match="打不开文件"):
        call_command("import_honourees", tmp_path / "nope.csv")
