"""The public 宣讲 pages: the coming sessions, a team, a tour, a session, the printable schedule."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

import pytest

from lectures.models import Session, SessionPhoto, VenueKind
from stories.models import Town
from tests.conftest import build_site_tree
from tests.factories import (
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    SiteImageFactory,
    SpeakerFactory,
    TourPageFactory,
)

TODAY = timezone.localdate()
TOUR_URL = "/xuanjiang/bai-chang-xun-jiang/"


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


def town(name):
    return Town.objects.get(name=name)


def topics(response):
    return [session.topic for session in response.context["sessions"]]


@pytest.fixture
def schedule(tour, teams, speaker):
    """Five sessions around today: two planned, one moved, one cancelled, one held."""
    mingshan, huandiqiao = town("茗山乡"), town("还地桥镇")
    planned = SessionFactory(
        tour=tour,
        number=1,
        date=day(1),
        team=teams[0],
        speakers=[speaker],
        topic="学党章守规矩",
        town=mingshan,
        venue="茗山乡中心小学",
        venue_kind=VenueKind.SCHOOL,
        notes="请带好笔记本。",
    )
    village = SessionFactory(
        tour=tour,
        number=2,
        date=day(2),
        team=teams[1],
        topic="四讲四有进农村",
        town=huandiqiao,
        venue="还地桥镇新屋村",
        venue_kind=VenueKind.VILLAGE,
    )
    moved = SessionFactory(
        tour=tour, number=3, date=day(3), team=teams[0], topic="对标看齐", town=mingshan, venue="晏庄村"
    )
    moved = Session.objects.get(pk=moved.pk)
    moved.date, moved.start = day(5), datetime.time(14, 30)
    moved.end = datetime.time(16, 0)
    moved.save()
    cancelled = SessionFactory(
        tour=tour, number=4, date=day(4), team=teams[2], topic="两学一做", town=mingshan, venue="杨桥村"
    )
    cancelled.cancel("学校临时停课。")
    held = SessionFactory(
        tour=tour, number=5, date=day(-2), team=teams[0], speakers=[speaker], topic="铜都先锋事迹报告会"
    )
    held.mark_held(audience=80, report="讲了茗山乡“1+3”治理模式，听众反响热烈。")
    return {"planned": planned, "village": village, "moved": moved, "cancelled": cancelled, "held": held}


# /xuanjiang/: the coming sessions


def test_the_section_lists_the_coming_sessions_by_date_and_not_the_held_ones(client, schedule):
    response = client.get("/xuanjiang/")
    assert response.status_code == 200
    assert topics(response) == ["学党章守规矩", "四讲四有进农村", "两学一做", "对标看齐"]
    html = response.content.decode()
    assert "铜都先锋事迹报告会" not in html
    assert f'<time datetime="{day(1):%Y-%m-%d}">{day(1).year}年{day(1).month}月{day(1).day}日 周' in html
    assert f'href="{TOUR_URL}1/">学党章守规矩</a>' in html
    assert "主讲：王明" in html
    assert "茗山乡 · 茗山乡中心小学" in html
    assert 'href="/xuanjiang/lilun/"' in html  # the teams
    assert f'href="{TOUR_URL}"' in html  # the tour


def test_moved_and_cancelled_sessions_are_shown_with_their_state(client, schedule):
    html = client.get("/xuanjiang/").content.decode()
    assert '<span class="badge badge--moved">已改期</span> 原定' in html
    assert f"{day(3).month}月{day(3).day}日" in html.split("badge--moved")[1][:400]
    assert '<span class="badge badge--cancelled">已取消</span> 原因：学校临时停课。' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("town=mingshan-xiang", ["学党章守规矩", "两学一做", "对标看齐"]),
        ("kind=nongcun", ["四讲四有进农村"]),
        ("team=tongdu-xianfeng", ["学党章守规矩", "对标看齐"]),
        ("town=mingshan-xiang&kind=xuexiao", ["学党章守规矩", "两学一做", "对标看齐"]),
        ("town=mingshan-xiang&team=baixing", ["两学一做"]),
        ("town=huandiqiao-zhen&kind=xuexiao", []),
    ],
)
def test_filters_by_town_kind_and_team_combine(client, schedule, query, expected):
    assert topics(client.get(f"/xuanjiang/?{query}")) == expected


def test_the_month_filter_keeps_that_month_only(client, schedule):
    month = day(1).replace(day=1)
    expected = [
        topic
        for topic, date in (
            ("学党章守规矩", day(1)),
            ("四讲四有进农村", day(2)),
            ("两学一做", day(4)),
            ("对标看齐", day(5)),
        )
        if (date.year, date.month) == (month.year, month.month)
    ]
    assert topics(client.get(f"/xuanjiang/?month={month:%Y-%m}")) == expected


def test_no_match_explains_how_to_widen(client, schedule):
    html = client.get("/xuanjiang/?town=huandiqiao-zhen&kind=xuexiao").content.decode()
    assert "没有同时符合这些条件的宣讲" in html


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("town=nope", "没有找到乡镇（街道）“nope”"),
        ("month=2026-13", "没有找到月份“2026-13”"),
        ("kind=%3Cscript%3Ealert(1)%3C/script%3E", "没有找到类型"),
        ("month=%00", "没有找到月份"),
        ("team=%00", "没有找到宣讲团"),
        ("town=mingshan%00xiang", "没有找到乡镇（街道）"),
        ("page=999", ""),
    ],
)
def test_bad_filter_values_give_a_normal_page_with_a_note(client, schedule, query, note):
    response = client.get(f"/xuanjiang/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert note in html
    assert "<script>alert(1)" not in html
    assert len(topics(response)) == 4


def test_a_town_has_its_own_calendar_feed(client, schedule):
    html = client.get("/xuanjiang/?town=mingshan-xiang").content.decode()
    feed = "//localhost/xuanjiang/rili/mingshan-xiang.ics"
    assert f'<link rel="alternate" type="text/calendar" title="茗山乡宣讲日历" href="http:{feed}">' in html
    assert f'<a class="button" href="webcal:{feed}">订阅茗山乡宣讲日历</a>' in html
    assert f'href="http:{feed}">下载日历文件' in html
    assert "text/calendar" not in client.get("/xuanjiang/").content.decode()


def test_the_listing_is_paginated(client, tour, teams):
    for number in range(1, 26):
        SessionFactory(tour=tour, team=teams[0], number=number, date=day(1 + number % 9))
    first = client.get("/xuanjiang/?kind=xuexiao")
    assert len(first.context["sessions"]) == 20
    assert 'href="?kind=xuexiao&amp;page=2"' in first.content.decode()
    assert len(client.get("/xuanjiang/?kind=xuexiao&page=2").context["sessions"]) == 5


def test_a_draft_tour_and_its_sessions_stay_hidden(client, lecture_index, teams, schedule):
    draft = TourPageFactory(parent=lecture_index, title="草稿巡讲", slug="caogao", teams=teams, live=False)
    SessionFactory(tour=draft, team=teams[0], number=1, date=day(1), topic="未发布的场次")
    assert "未发布的场次" not in client.get("/xuanjiang/").content.decode()
    assert "未发布的场次" not in client.get("/xuanjiang/tongdu-xianfeng/").content.decode()
    for path in ("/xuanjiang/caogao/", "/xuanjiang/caogao/1/", "/xuanjiang/caogao/dayin/"):
        assert client.get(path).status_code == 404


# A tour


def test_the_tour_page_shows_progress_toward_the_target(client, tour, teams, schedule):
    SessionFactory(tour=tour, team=teams[1], number=6, date=day(-1)).mark_held(audience=30)
    html = client.get(TOUR_URL).content.decode()
    assert re.search(r"已完成 <strong>2</strong> / 105 场", html)
    assert (
        '<progress class="progress-panel__bar" max="105" value="2" aria-labelledby="progress-label">' in html
    )
    assert "待举办 <strong>2</strong>" in html
    assert "已改期 <strong>1</strong>" in html
    assert "已取消 <strong>1</strong>" in html
    assert re.search(r'<meta name="description" content="“铜都先锋”百场巡讲：[^"]*已完成 2 / 105 场。', html)


def test_the_cached_schedule_changes_as_soon_as_a_session_does(client, schedule):
    assert "学党章守规矩" in client.get(TOUR_URL).content.decode()
    session = Session.objects.get(pk=schedule["planned"].pk)
    session.topic = "学党章 守规矩 做合格党员"
    session.save()

    html = client.get(TOUR_URL).content.decode()

    assert "学党章 守规矩 做合格党员" in html
    assert "学党章守规矩<" not in html


def calendar_cell(html, date):
    """The <td> of a month calendar that holds `date`."""
    for cell in html.split("<td")[1:]:
        if f'href="#day-{date:%Y-%m-%d}"' in cell:
            return cell.split("</td>")[0]
    raise AssertionError(f"no calendar cell for {date}")


def test_the_month_calendar_lists_each_session_on_its_date(client, schedule):
    html = client.get(TOUR_URL).content.decode()
    planned = schedule["planned"]
    assert f"<caption>{planned.date.year}年{planned.date.month}月" in html
    assert '<th scope="col"><abbr title="星期一">一</abbr></th>' in html
    cell = calendar_cell(html, planned.date)
    assert f'<a href="{TOUR_URL}1/">' in cell
    assert "学党章守规矩" in cell
    assert "1场" in cell
    assert f'id="day-{planned.date:%Y-%m-%d}"' in html  # where the cell links to, in the list
    assert "（已取消）" in calendar_cell(html, schedule["cancelled"].date)


def test_the_tour_page_shows_reports_of_held_sessions(client, schedule):
    held = schedule["held"]
    SessionPhoto.objects.create(session=held, image=SiteImageFactory(), caption="现场")
    html = client.get(TOUR_URL).content.decode()
    report = html.split('id="reports-title"')[1]
    assert "铜都先锋事迹报告会" in report
    assert "听众 80 人" in report
    assert "讲了茗山乡“1+3”治理模式" in report
    assert 'loading="lazy"' in report
    assert "<figcaption>现场</figcaption>" in report


def test_the_tour_page_links_its_feed_and_printable_schedule(client, schedule):
    html = client.get(TOUR_URL).content.decode()
    feed = f"//localhost{TOUR_URL}rili.ics"
    assert (
        f'<link rel="alternate" type="text/calendar" title="“铜都先锋”百场巡讲日历" href="http:{feed}">'
        in html
    )
    assert f'href="webcal:{feed}"' in html
    assert f'href="{TOUR_URL}dayin/"' in html


def add_sessions(tour, teams, speaker, first, count):
    towns = [town(name) for name in ("茗山乡", "还地桥镇", "殷祖镇", "金湖街道")]
    kinds = list(VenueKind)
    image = SiteImageFactory()
    for number in range(first, first + count):
        session = SessionFactory(
            tour=tour,
            team=teams[number % 3],
            speakers=[speaker],
            number=number,
            date=day(number % 12 - 3),
            town=towns[number % 4],
            venue_kind=kinds[number % 5],
        )
        if session.date < TODAY and number % 3:
            session.mark_held(audience=50, report="简报。")
            SessionPhoto.objects.create(session=session, image=image)
        elif number % 7 == 0:
            session.cancel("天气原因。")


@pytest.mark.parametrize(
    "path", [TOUR_URL, "/xuanjiang/", "/xuanjiang/?town=mingshan-xiang", f"{TOUR_URL}dayin/"]
)
def test_query_count_does_not_grow_with_sessions(
    client, tour, teams, speaker, django_assert_num_queries, path
):
    add_sessions(tour, teams, speaker, 1, 5)
    client.get(path)  # the first request makes renditions and fills caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    five = len(queries)  # now: the next request empties the connection's query log
    add_sessions(tour, teams, speaker, 6, 35)
    client.get(path)
    with django_assert_num_queries(five):
        assert client.get(path).status_code == 200


def schedule_reads(queries):
    """How many of the captured queries read a tour's whole schedule (in date order, no LIMIT)."""
    return sum(
        1
        for query in queries
        if query["sql"].startswith('SELECT "lectures_session"."id"')
        and query["sql"].endswith(
            'ORDER BY "lectures_session"."date" ASC, "lectures_session"."start" ASC, '
            '"lectures_session"."number" ASC'
        )
    )


# A hit reads nothing: the site and its root page, the pages along the path and the tour, the
# session counts, the next session, the tour's teams, the menu, the site settings and the view
# restrictions are remembered per version of the pages (site_project/fragments.py).
TOUR_PAGE_HIT = 0
# A miss adds the cached fragment's reads: the schedule (and its speakers) once for both the month
# calendars and the list, the latest reports (their speakers and photos; renditions are cached); and,
# as any change moves the pages' version on, what is remembered per version: the site, the root page,
# the pages along the path, the tour, the alias pages, the private sections, the counts, the next
# session (and its speakers), the teams, the site settings and their image, the menu.
TOUR_PAGE_MISS = TOUR_PAGE_HIT + 5 + 13


def test_the_tour_page_reads_its_schedule_once_on_a_miss_and_not_at_all_on_a_hit(
    client, tour, teams, speaker, django_assert_num_queries
):
    add_sessions(tour, teams, speaker, 1, 20)
    client.get(TOUR_URL)  # makes renditions and fills Wagtail's caches
    with django_assert_num_queries(TOUR_PAGE_HIT) as hit:
        assert client.get(TOUR_URL).status_code == 200
    assert schedule_reads(hit.captured_queries) == 0

    Session.objects.get(tour=tour, number=1).save()  # the sessions' version moves on: a miss
    with django_assert_num_queries(TOUR_PAGE_MISS) as miss:
        html = client.get(TOUR_URL).content.decode()
    assert schedule_reads(miss.captured_queries) == 1
    # Both drawn from that one read: 20 in the month calendars, 20 in the list (and the next session).
    assert html.count('class="cal__session ') == 20
    assert html.count('class="session-row__topic"') == 20 + 1


# A session


def test_the_session_page_shows_everything_about_it(client, tour, schedule, speaker):
    speaker.title = "市委党校讲师"
    speaker.profile = ProfilePageFactory(
        parent=tour.get_parent().get_parent().get_children().get(slug="xianfeng")
    )
    speaker.save()
    planned = schedule["planned"]
    response = client.get(f"{TOUR_URL}1/")
    assert response.status_code == 200
    html = response.content.decode()
    when = f"{planned.date.year}年{planned.date.month}月{planned.date.day}日 周"
    assert "<title>学党章守规矩 | 铜都先锋</title>" in html
    assert f'<link rel="canonical" href="http://localhost{TOUR_URL}1/">' in html
    assert f'<meta name="description" content="{when}' in html
    assert "<h1>学党章守规矩</h1>" in html
    assert '<span class="badge badge--planned">待举办</span>' in html
    assert f"{when}" in html and "09:00</time>–<time" in html
    assert "茗山乡 · 茗山乡中心小学" in html
    assert "进学校" in html
    assert '<a href="/xuanjiang/tongdu-xianfeng/">“铜都先锋”宣讲团</a>' in html
    assert f'<a href="{speaker.profile.url}">王明</a>' in html
    assert "市委党校讲师" in html
    assert "请带好笔记本。" in html
    assert f'href="{TOUR_URL}1.ics">添加到日历</a>' in html
    assert f'<a href="{TOUR_URL}">“铜都先锋”百场巡讲</a>' in html


def test_a_moved_session_shows_the_time_first_announced(client, schedule):
    html = client.get(f"{TOUR_URL}3/").content.decode()
    first = day(3)
    assert '<span class="badge badge--moved">已改期</span>' in html
    assert re.search(
        rf'原定 <time datetime="{first:%Y-%m-%d}T09:00:00\+08:00">{first.year}年{first.month}月{first.day}日 周. 09:00</time>',
        html,
    )
    assert " 14:30</time>" in html


def test_a_cancelled_session_gives_its_reason_and_no_calendar_button(client, schedule):
    html = client.get(f"{TOUR_URL}4/").content.decode()
    assert '<span class="badge badge--cancelled">已取消</span> 原因：学校临时停课。' in html
    assert "添加到日历" not in html


def test_a_held_session_shows_its_audience_report_and_photos(client, schedule):
    SessionPhoto.objects.create(session=schedule["held"], image=SiteImageFactory(), caption="听众提问")
    html = client.get(f"{TOUR_URL}5/").content.decode()
    assert "<dd>80 人</dd>" in html
    assert "听众反响热烈。" in html
    assert "<figcaption>听众提问</figcaption>" in html
    assert re.search(r'<img [^>]*loading="lazy"', html)


def test_an_unknown_session_is_not_found(client, schedule):
    assert client.get(f"{TOUR_URL}99/").status_code == 404


# The team


def test_the_team_page_shows_its_members_and_coming_sessions(client, teams, schedule, speaker, home_page):
    speaker.bio = "长期在基层宣讲党章党规。"
    speaker.photo = SiteImageFactory()
    speaker.save()
    SpeakerFactory(team=teams[0], name="李华", title="茗山乡党委书记")
    html = client.get("/xuanjiang/tongdu-xianfeng/").content.decode()
    assert "走进机关、学校、社区、农村和企业宣讲。" in html
    assert '<h3 class="member__name">王明</h3>' in html
    assert "长期在基层宣讲党章党规。" in html
    assert "茗山乡党委书记" in html
    assert re.search(r'<img [^>]*loading="lazy"', html)
    assert "学党章守规矩" in html and "对标看齐" in html
    assert "两学一做" not in html  # another team's
    assert "铜都先锋事迹报告会" not in html  # held
    feed = "//localhost/xuanjiang/tongdu-xianfeng/rili.ics"
    assert (
        f'<link rel="alternate" type="text/calendar" title="“铜都先锋”宣讲团日历" href="http:{feed}">' in html
    )
    assert f'href="webcal:{feed}"' in html


# The printable schedule


def test_the_printable_schedule_has_every_session_and_a_qr_code(client, schedule):
    response = client.get(f"{TOUR_URL}dayin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<svg role="img"[^>]*class="qr__code"', html)
    assert "<title>扫码查看最新日程</title>" in html
    assert '<th scope="col">序号</th>' in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0].count("<tr")
    assert rows == 5
    assert "铜都先锋事迹报告会" in html  # held sessions too
    assert "学校临时停课。" in html
    assert 'class="print-schedule"' in html


# The lecture stylesheet: linked by the pages that show lectures, the home page's next ones too


def test_the_lecture_stylesheet_is_linked_where_lectures_are_shown(client, schedule):
    stylesheet = '<link rel="stylesheet" href="/static/lectures/css/lectures.css">'
    for url in (
        "/",
        "/xuanjiang/",
        "/xuanjiang/tongdu-xianfeng/",
        TOUR_URL,
        f"{TOUR_URL}1/",
        f"{TOUR_URL}dayin/",
    ):
        assert stylesheet in client.get(url).content.decode(), url
    assert stylesheet not in client.get("/xianfeng/").content.decode()


# Previews go through the same views


class LecturePagePreviewTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        index = build_site_tree().get_children().get(slug="xuanjiang").specific
        cls.team = LectureTeamPageFactory(parent=index, title="理论宣讲团", slug="lilun")
        cls.tour = TourPageFactory(parent=index, teams=[cls.team])
        SessionFactory(tour=cls.tour, team=cls.team, number=1, date=day(1))
        cls.index = index

    def setUp(self):
        self.login()

    def test_pages_and_their_routes_render_and_preview(self):
        for page, routes in ((self.index, ["/"]), (self.team, ["/"]), (self.tour, ["/", "/1/", "/dayin/"])):
            for route in routes:
                self.assertPageIsRenderable(page, route)
            self.assertPageIsPreviewable(page)

    def test_a_new_tour_previews_before_it_is_saved(self):
        data = nested_form_data(
            {
                "title": "新巡讲",
                "slug": "xin-xun-jiang",
                "intro": rich_text("<p>简介</p>"),
                "starts_on": "2027-03-01",
                "ends_on": "2027-06-30",
                "target": 50,
            }
        )
        data["teams"] = [self.team.pk]  # nested_form_data would number a list's items
        preview = reverse("wagtailadmin_pages:preview_on_add", args=["lectures", "tourpage", self.index.pk])
        response = self.client.post(preview, data)
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        response = self.client.get(preview)
        self.assertContains(response, "已完成 <strong>0</strong> / 50 场")

    def test_a_new_team_previews_before_it_is_saved(self):
        data = nested_form_data(
            {"title": "青年宣讲团", "slug": "qingnian", "intro": rich_text("<p>青年党员。</p>")}
        )
        preview = reverse(
            "wagtailadmin_pages:preview_on_add", args=["lectures", "lectureteampage", self.index.pk]
        )
        self.assertEqual(self.client.post(preview, data).json(), {"is_valid": True, "is_available": True})
        self.assertContains(self.client.get(preview), "青年党员。")


@pytest.mark.django_db
@pytest.mark.parametrize("tail", ["99999999999999999999/", "99999999999999999999.ics", "0/"])
def test_a_session_number_out_of_range_is_not_found(client, schedule, tail):
    assert client.get(TOUR_URL + tail).status_code == 404
