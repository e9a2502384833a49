"""The lecture spreadsheet through `import_lectures` and the export: every hand-kept spelling in
DOMAIN.md, each kind of bad file, re-import and the round trip."""

import datetime
import io

from django.core.management import CommandError, call_command

import pytest
from openpyxl import Workbook, load_workbook

from lectures import export
from lectures import sheet as lecture_sheet
from lectures.models import Session, SessionState, Speaker, VenueKind
from lectures.sheet import LectureSheet
from tests.factories import SessionFactory

HEADER = "序号,日期,开始时间,结束时间,宣讲团,主讲人,题目,乡镇,地点,类型,备注"
# One row per spelling the teams use: dates, times (full-width too), speaker separators, quoted
# team names, the 进 prefix, stray spaces.
ROWS = [
    "1,2026-12-03,9:00,10:30,“铜都先锋”宣讲团,王明,学党章守规矩,茗山乡,茗山乡中心小学,进学校,",
    "2,2026/12/3,14:00,15:30,铜都先锋宣讲团,王明、李红,做合格党员,茗山乡, 晏庄村村委会 ,农村,带上笔记本",
    '3,2026.12.04,09:00,10:00,"铜都先锋" 宣讲团,张伟，李红,四讲四有,金湖街道,金湖社区,社区,',
    "4,2026年12月5日,０９：００,１１：００,理论宣讲团,赵老师 钱老师,党的创新理论,东岳路街道,市财政局,机关,",
    "5,2026-12-06,8:30,9:30,百姓宣讲团,孙大姐,身边的先锋,还地桥镇,还地桥镇铜矿,企业,",
    '6, 2026-12-07 ,15:00,16:00,百姓宣讲团,"孙大姐, 周师傅",1+3模式,茗山乡,杨桥村金湾,进农村,',
]


def csv_bytes(rows=ROWS, header=HEADER, encoding="utf-8"):
    return "\n".join([header, *rows]).encode(encoding)


def import_file(tmp_path, data, tour, *args, name="sheet.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_lectures", str(path), "--tour", tour.slug, *args, stdout=out, stderr=err)
    return out.getvalue()


def failing_import(tmp_path, data, tour, name="sheet.csv"):
    """The errors a bad file gives, having imported nothing."""
    path = tmp_path / name
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError, match="没有导入任何内容|没有导入"):
        call_command("import_lectures", str(path), "--tour", tour.slug, stdout=io.StringIO(), stderr=err)
    assert Session.objects.count() == 0
    return err.getvalue()


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_every_spelling_in_a_csv_of_each_encoding_imports(tmp_path, tour, teams, encoding):
    output = import_file(tmp_path, csv_bytes(encoding=encoding), tour)

    assert "新建 6 场" in output
    sessions = {session.number: session for session in Session.objects.all()}
    assert len(sessions) == 6
    assert {sessions[n].date for n in (1, 2)} == {datetime.date(2026, 12, 3)}
    assert sessions[3].date == datetime.date(2026, 12, 4)
    assert sessions[4].date == datetime.date(2026, 12, 5)
    assert (sessions[4].start, sessions[4].end) == (datetime.time(9), datetime.time(11))
    assert {session.team for session in (sessions[1], sessions[2], sessions[3])} == {teams[0]}
    assert sessions[2].venue == "晏庄村村委会"
    assert sessions[6].venue_kind == VenueKind.VILLAGE
    assert sessions[1].venue_kind == VenueKind.SCHOOL
    assert sorted(s.name for s in sessions[2].speakers.all()) == ["李红", "王明"]
    assert sorted(s.name for s in sessions[3].speakers.all()) == ["张伟", "李红"]
    assert sorted(s.name for s in sessions[4].speakers.all()) == ["赵老师", "钱老师"]
    assert sorted(s.name for s in sessions[6].speakers.all()) == ["周师傅", "孙大姐"]
    assert sessions[2].notes == "带上笔记本"
    assert all(session.state == SessionState.PLANNED for session in sessions.values())
    assert Speaker.objects.filter(team=teams[0], name="李红").count() == 1


@pytest.mark.django_db
def test_an_xlsx_with_real_date_and_time_cells_imports(tmp_path, tour):
    rows = [
        HEADER.split(","),
        [
            1,
            datetime.date(2026, 12, 3),
            datetime.time(9),
            datetime.time(10, 30),
            "理论宣讲团",
            "赵老师",
            "党史",
            "殷祖镇",
            "殷祖镇政府",
            "机关",
        ],
        [
            2.0,
            "2026/12/8",
            "14:00",
            "15:00",
            "百姓宣讲团",
            "孙大姐",
            "家风",
            "陈贵镇",
            "陈贵镇中学",
            "学校",
            "雨天改室内",
        ],
    ]
    output = import_file(tmp_path, xlsx_bytes(rows), tour, name="sheet.xlsx")

    assert "新建 2 场" in output
    first = Session.objects.get(number=1)
    assert (first.date, first.start, first.end) == (
        datetime.date(2026, 12, 3),
        datetime.time(9),
        datetime.time(10, 30),
    )
    assert Session.objects.get(number=2).notes == "雨天改室内"


@pytest.mark.django_db
def test_a_new_speaker_is_added_and_the_output_says_so_and_a_known_one_reused(tmp_path, tour, speaker):
    output = import_file(tmp_path, csv_bytes(ROWS[:2]), tour)

    assert "新主讲人：李红" in output
    assert "新主讲人：王明" not in output  # the `speaker` fixture is 王明 of the first team
    assert Speaker.objects.filter(name="王明").get() == speaker
    assert set(Session.objects.get(number=2).speakers.all()) == {speaker, Speaker.objects.get(name="李红")}


BAD_ROWS = [
    (
        "unknown kind",
        "1,2026-12-03,9:00,10:00,理论宣讲团,赵老师,党史,殷祖镇,殷祖镇政府,进医院,",
        "类型",
        "类型“进医院”不对",
    ),
    (
        "unknown town",
        "1,2026-12-03,9:00,10:00,理论宣讲团,赵老师,党史,大冶镇,镇政府,机关,",
        "乡镇",
        "没有“大冶镇”这个乡镇",
    ),
    (
        "impossible date",
        "1,2026-02-30,9:00,10:00,理论宣讲团,赵老师,党史,殷祖镇,镇政府,机关,",
        "日期",
        "没有“2026-02-30”这一天",
    ),
    (
        "end before start",
        "1,2026-12-03,10:00,9:00,理论宣讲团,赵老师,党史,殷祖镇,镇政府,机关,",
        "结束时间",
        "不晚于开始时间",
    ),
    (
        "unknown team",
        "1,2026-12-03,9:00,10:00,青年宣讲团,赵老师,党史,殷祖镇,镇政府,机关,",
        "宣讲团",
        "没有“青年宣讲团”",
    ),
    (
        "no such time",
        "1,2026-12-03,25:00,26:00,理论宣讲团,赵老师,党史,殷祖镇,镇政府,机关,",
        "开始时间",
        "没有“25:00”这个时间",
    ),
    (
        "outside the tour",
        "1,2028-12-03,9:00,10:00,理论宣讲团,赵老师,党史,殷祖镇,镇政府,机关,",
        "日期",
        "不在巡讲期间",
    ),
    (
        "speaker too long",
        "1,2026-12-03,9:00,10:00,理论宣讲团,赵" + "老" * 40 + ",党史,殷祖镇,镇政府,机关,",
        "主讲人",
        "超过 30 个字",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "bad_row", "column", "message"), BAD_ROWS, ids=[case[0] for case in BAD_ROWS]
)
def test_a_bad_row_names_its_row_and_column_and_nothing_is_imported(
    tmp_path, tour, case, bad_row, column, message
):
    errors = failing_import(tmp_path, csv_bytes([*ROWS[:2], bad_row]), tour)

    assert f"第 4 行　{column}：" in errors
    assert message in errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "data", "message"),
    [
        (
            "missing column",
            csv_bytes(header=HEADER.replace(",类型", ""), rows=[]),
            "第 1 行　类型：缺少必填列“类型”",
        ),
        ("empty file", b"", "文件是空的"),
        ("header only", HEADER.encode(), "只有表头"),
        ("not a spreadsheet", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "读不出表格内容"),
        ("legacy xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "旧版 Excel"),
    ],
    ids=lambda value: value if isinstance(value, str) and value.isascii() else "",
)
def test_a_bad_file_says_why_and_imports_nothing(tmp_path, tour, case, data, message):
    assert message in failing_import(tmp_path, data, tour)


@pytest.mark.django_db
def test_the_same_number_twice_is_an_error(tmp_path, tour):
    errors = failing_import(tmp_path, csv_bytes([ROWS[0], ROWS[0]]), tour)
    assert "第 3 行　序号：与第 2 行重复" in errors


@pytest.mark.django_db
def test_importing_the_same_sheet_again_changes_nothing(tmp_path, tour):
    import_file(tmp_path, csv_bytes(), tour)
    sequences = dict(Session.objects.values_list("number", "sequence"))

    output = import_file(tmp_path, csv_bytes(), tour)

    assert "新建 0 场，更新 0 场，6 场无变化" in output
    assert Session.objects.count() == 6
    assert dict(Session.objects.values_list("number", "sequence")) == sequences


@pytest.mark.django_db
def test_a_corrected_sheet_updates_and_a_new_time_is_a_move(tmp_path, tour):
    import_file(tmp_path, csv_bytes(), tour)
    corrected = [ROWS[0].replace("2026-12-03,9:00,10:30", "2026-12-10,14:00,15:30"), *ROWS[1:]]
    corrected[2] = corrected[2].replace("四讲四有", "四讲四有，争做合格党员")

    output = import_file(tmp_path, csv_bytes(corrected), tour)

    assert "新建 0 场，更新 2 场，4 场无变化" in output
    assert "改了时间" in output
    assert Session.objects.count() == 6
    moved = Session.objects.get(number=1)
    assert moved.state == SessionState.MOVED
    assert moved.previously_starts_at.isoformat() == "2026-12-03T09:00:00+08:00"
    assert moved.starts_at.isoformat() == "2026-12-10T14:00:00+08:00"
    assert moved.sequence == 1
    assert Session.objects.get(number=3).topic == "四讲四有，争做合格党员"


@pytest.mark.django_db
def test_rows_without_a_number_match_by_date_time_and_venue(tmp_path, tour):
    rows = [row.split(",", 1)[1] for row in ROWS[:3]]
    header = HEADER.split(",", 1)[1]
    import_file(tmp_path, csv_bytes(rows, header), tour)
    assert sorted(Session.objects.values_list("number", flat=True)) == [1, 2, 3]

    output = import_file(tmp_path, csv_bytes(rows, header), tour)
    assert "3 场无变化" in output
    assert Session.objects.count() == 3


@pytest.mark.django_db
def test_a_dry_run_checks_and_changes_nothing(tmp_path, tour):
    output = import_file(tmp_path, csv_bytes(), tour, "--dry-run")
    assert "试运行：将新建 6 场" in output
    assert Session.objects.count() == 0
    assert not Speaker.objects.exists()


@pytest.mark.django_db
def test_an_unknown_tour_is_refused(tmp_path, tour):
    path = tmp_path / "sheet.csv"
    path.write_bytes(csv_bytes())
    with pytest.raises(CommandError, match="没有网址名称为“nope”的巡讲"):
        call_command("import_lectures", str(path), "--tour", "nope", stdout=io.StringIO())


@pytest.mark.django_db
def test_a_team_imports_only_its_own_sessions(tour, teams):
    own = SessionFactory(tour=tour, team=teams[1], number=1)
    others = SessionFactory(tour=tour, team=teams[0], number=2)
    rows = [
        f"1,2026-12-03,9:00,10:00,{teams[1].title},赵老师,党史,殷祖镇,镇政府,机关,",
        f"2,2026-12-03,9:00,10:00,{teams[1].title},赵老师,党史,殷祖镇,镇小学,学校,",
        f"3,2026-12-04,9:00,10:00,{teams[0].title},王明,党章,殷祖镇,镇政府,机关,",
    ]
    result = LectureSheet(tour, team_ids={teams[1].pk}).check_file(io.BytesIO(csv_bytes(rows)))

    problems = {(problem.row, problem.column): problem.message for problem in result.problems}
    assert (2, "序号") not in problems
    assert problems[3, "序号"] == f"序号 2 是{others.team.title}的场次，你不能修改。"
    assert "你只能导入本团的宣讲场次" in problems[4, "宣讲团"]
    assert own.pk


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_tour_imports_back_unchanged(tmp_path, tour, kind):
    import_file(tmp_path, csv_bytes(), tour)
    Session.objects.get(number=5).cancel("企业停产检修。")
    sessions = list(Session.objects.order_by("number").values())

    data = export.as_csv(tour) if kind == "csv" else export.as_xlsx(tour)
    output = import_file(tmp_path, data, tour, name=f"export.{kind}")

    assert "新建 0 场，更新 0 场，6 场无变化" in output
    assert list(Session.objects.order_by("number").values()) == sessions


@pytest.mark.django_db
def test_the_csv_export_opens_in_excel_as_utf8(tour, teams):
    SessionFactory(tour=tour, team=teams[0], number=7, notes="带上笔记本")
    text = export.as_csv(tour).decode("utf-8")
    assert text.startswith("\ufeff" + HEADER)
    assert (
        "7,2026-12-03,09:00,10:30,“铜都先锋”宣讲团,,学党章守规矩,茗山乡,茗山乡中心小学,学校,带上笔记本"
        in text
    )


@pytest.mark.django_db
def test_two_rows_for_the_same_session_are_an_error(tmp_path, tour):
    import_file(tmp_path, csv_bytes(ROWS[:1]), tour)
    unnumbered = ROWS[0].split(",", 1)[1]  # the same date, time and venue, without 序号
    errors = failing_import_keeping(tmp_path, csv_bytes([ROWS[0], "," + unnumbered]), tour)
    assert "第 3 行　序号：与第 2 行是同一场（序号 1）" in errors


def failing_import_keeping(tmp_path, data, tour):
    path = tmp_path / "again.csv"
    path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_lectures", str(path), "--tour", tour.slug, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_text_that_looks_like_a_formula_is_exported_as_text_and_imports_back(tmp_path, tour, teams, kind):
    SessionFactory(
        tour=tour, team=teams[0], number=1, topic='=HYPERLINK("http://example.com","点我")', notes="-讲后答疑"
    )
    data = export.as_csv(tour) if kind == "csv" else export.as_xlsx(tour)

    if kind == "csv":
        assert "'=HYPERLINK" in data.decode("utf-8-sig")
    else:
        cell = load_workbook(io.BytesIO(data)).active["G2"]
        assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    output = import_file(tmp_path, data, tour, name=f"export.{kind}")
    assert "新建 0 场，更新 0 场，1 场无变化" in output


@pytest.mark.django_db
def test_a_teams_own_export_holds_its_sessions_only_and_imports_back(tour, teams):
    SessionFactory(tour=tour, team=teams[0], number=1)
    SessionFactory(tour=tour, team=teams[1], number=2, venue="金湖社区")
    data = export.as_csv(tour, team_ids={teams[1].pk})

    sheet = LectureSheet(tour, team_ids={teams[1].pk}).check_file(io.BytesIO(data))

    assert not sheet.problems
    assert [row.cells["序号"] for row in sheet.rows] == ["2"]
    assert sheet.rows[0].status == lecture_sheet.UNCHANGED
