import datetime

from django.utils import timezone

from playwright.sync_api import expect

from lectures.models import LectureIndexPage, Session, SessionState, VenueKind
from lectures.permissions import grant_team_permissions
from stories.models import Town
from tests.browser.conftest import browser_test
from tests.factories import LectureTeamPageFactory, SessionFactory, SpeakerFactory, TourPageFactory

pytestmark = browser_test

HEADER = ["序号", "日期", "开始时间", "结束时间", "宣讲团", "主讲人", "题目", "乡镇", "地点", "类型", "备注"]


def lecture_tree():
    index = LectureIndexPage.objects.get()
    team = LectureTeamPageFactory(parent=index, title="理论宣讲团", slug="lilun")
    today = timezone.localdate()
    tour = TourPageFactory(
        parent=index,
        teams=[team],
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
    )
    return team, tour


def test_reader_on_a_phone_filters_to_a_town_and_schools_and_adds_a_session_to_the_calendar(
    phone, live_server, site_tree
):
    team, tour = lecture_tree()
    speaker = SpeakerFactory(team=team, name="周文华", title="市委党校副教授")
    mingshan, jinhu = Town.objects.get(name="茗山乡"), Town.objects.get(name="金湖街道")
    soon = timezone.localdate() + datetime.timedelta(days=3)
    for number, town, kind, topic in [
        (1, mingshan, VenueKind.SCHOOL, "学党章守规矩"),
        (2, mingshan, VenueKind.VILLAGE, "“1+3”模式"),
        (3, jinhu, VenueKind.SCHOOL, "四讲四有"),
    ]:
        SessionFactory(
            tour=tour,
            team=team,
            number=number,
            date=soon,
            town=town,
            venue_kind=kind,
            topic=topic,
            speakers=[speaker],
        )

    phone.goto(live_server.url + "/xuanjiang/")
    expect(phone.get_by_role("link", name="学党章守规矩")).to_be_visible()
    phone.get_by_text("筛选").first.click()
    phone.get_by_role("navigation", name="按乡镇（街道）筛选").get_by_role("link", name="茗山乡").click()
    phone.get_by_role("navigation", name="按类型筛选").get_by_role("link", name="学校").click()

    expect(phone).to_have_url(f"{live_server.url}/xuanjiang/?town=mingshan-xiang&kind=xuexiao")
    expect(phone.get_by_role("link", name="学党章守规矩")).to_be_visible()
    expect(phone.get_by_role("link", name="“1+3”模式")).to_have_count(0)
    expect(phone.get_by_role("link", name="四讲四有")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways on a phone"

    phone.get_by_role("link", name="学党章守规矩").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("学党章守规矩")
    expect(phone.get_by_text("周文华")).to_be_visible()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="添加到日历").click()
    ics = download.value.path().read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in ics
    assert "SUMMARY:学党章守规矩" in ics
    assert f"DTSTART;TZID=Asia/Shanghai:{soon:%Y%m%d}T090000" in ics


def test_team_editor_imports_a_sheet_fixes_a_bad_row_and_imports_it(
    page, live_server, site_tree, django_user_model, tmp_path
):
    team, tour = lecture_tree()
    editor = django_user_model.objects.create_user("lilun", password="correct-horse-9")  # noqa: S106
    editor.groups.add(grant_team_permissions(team))
    day = timezone.localdate() + datetime.timedelta(days=7)
    rows = [
        HEADER,
        [
            "1",
            f"{day:%Y/%m/%d}",
            "9:00",
            "10:30",
            "理论宣讲团",
            "周文华、吴晓燕",
            "学党章守规矩",
            "茗山乡",
            "茗山乡中心小学",
            "进学校",
            "",
        ],
        [
            "2",
            f"{day:%Y-%m-%d}",
            "14:00",
            "13:00",
            "理论宣讲团",
            "郑国平",
            "四讲四有",
            "金湖街道",
            "金湖社区",
            "社区",
            "",
        ],
    ]
    sheet = tmp_path / "理论宣讲团安排.csv"

    def save(rows):
        sheet.write_text(
            "\n".join(",".join(row) for row in rows), encoding="gbk"
        )  # as Excel on Chinese Windows

    save(rows)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("用户名").fill("lilun")
    page.get_by_label("密码").fill("correct-horse-9")
    page.get_by_role("button", name="登录").click()

    page.get_by_role("link", name="导入宣讲安排").click()
    page.get_by_label("表格文件").set_input_files(sheet)
    page.get_by_role("button", name="上传并预览").click()

    problems = page.get_by_role("table", name="表格里的问题")
    expect(problems.get_by_role("row", name="结束时间")).to_contain_text(
        "结束时间 13:00 不晚于开始时间 14:00"
    )
    expect(problems.get_by_role("row", name="结束时间")).to_contain_text("3")
    assert not Session.objects.exists()

    rows[2][3] = "15:30"
    save(rows)
    page.get_by_label("表格文件").set_input_files(sheet)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("新建 2 场，更新 0 场，0 场无变化")).to_be_visible()
    page.get_by_role("button", name="确认导入").click()  # the confirmation offered only now

    expect(page.get_by_text("已导入“铜都先锋”百场巡讲：新建 2 场")).to_be_visible()
    expect(page.get_by_role("link", name="学党章守规矩")).to_be_visible()
    assert Session.objects.filter(tour=tour, state=SessionState.PLANNED).count() == 2
