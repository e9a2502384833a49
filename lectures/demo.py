"""宣讲 demo: the three teams of the article with their speakers, and the 105-session tour imported
through the importer from demo_data/tour.csv, its dates moved by as many days as have passed
since the sheet was written, so the site reads the same on any day."""

import csv
import datetime
import io
import random
from pathlib import Path

from django.utils import timezone

from home.demo import demo_account, ensure_index_page, generated_portrait, publish_child
from lectures.models import LectureIndexPage, LectureTeamPage, Session, Speaker, TourPage
from lectures.permissions import grant_team_permissions
from lectures.sheet import DATE, LectureSheet
from stories.models import ProfilePage

TOUR_SHEET = Path(__file__).parent / "demo_data" / "tour.csv"
SHEET_DAY = datetime.date(2026, 11, 28)  # the "today" the sheet was written for
TOUR_SLUG = "bai-chang-xun-jiang"

# (team slug, the demo account of its group)
TEAM_ACCOUNTS = [("tongdu-xianfeng", "tongdu"), ("lilun", "lilun"), ("baixing", "baixing")]
TEAMS = [
    (
        "tongdu-xianfeng",
        "“铜都先锋”宣讲团",
        "<p>由受表彰的优秀共产党员、优秀党务工作者和优秀村（社区）书记组成，讲自己和身边人的先锋故事。</p>",
    ),
    (
        "lilun",
        "理论宣讲团",
        "<p>由市委党校教师和市委讲师团成员组成，讲党章党规、系列讲话和“四讲四有”的标准。</p>",
    ),
    ("baixing", "百姓宣讲团", "<p>由先进典型和普通党员组成，用身边事讲身边理，走进田间地头和车间班组。</p>"),
]
SPEAKERS = {
    "tongdu-xianfeng": [
        ("陈志刚", "茗山乡晏庄村党支部书记", "扎根村里二十年，带领村民推行“1+3”治理模式。"),
        ("刘桂兰", "金湖街道社区党委书记", "牵头在职党员进社区报到，认领群众微心愿。"),
        ("黄建国", "企业党支部书记", "车间里的老党员，带出一支党员先锋岗。"),
        ("胡春燕", "乡镇党务工作者", "十年如一日做党员教育管理工作。"),
    ],
    "lilun": [
        ("周文华", "市委党校副教授", "研究党的建设，长期为基层党员授课。"),
        ("吴晓燕", "市委党校讲师", "主讲党章党规和党员三日+制度。"),
        ("郑国平", "市委讲师团讲师", "擅长用大冶的故事讲理论。"),
    ],
    "baixing": [
        ("孙秀英", "退休教师、老党员", "讲好家风家训，从自家说起。"),
        ("王德福", "老党员、村庄理事会成员", "参与调解邻里纠纷四十余起。"),
        ("李春梅", "社区志愿者", "五年参加志愿服务三百多次。"),
        ("邓小军", "返乡创业青年党员", "讲自己返乡带富乡亲的经历。"),
    ],
}
REPORT = "{speakers}以“{topic}”为题，结合身边的先锋事迹，讲得具体实在。现场 {audience} 名党员群众认真听讲，会后围绕{kind}的实际交流讨论。"
CANCEL_REASON = "因大风降温预警，学校调整活动安排，本场取消，另行通知。"


def load(log):
    index = ensure_index_page(
        LectureIndexPage,
        "xuanjiang",
        "宣讲",
        "<p>“铜都先锋”宣讲团、理论宣讲团和百姓宣讲团走进机关、学校、社区、农村和企业。</p>",
        log,
    )
    teams = [_ensure_team(index, slug, title, intro, log) for slug, title, intro in TEAMS]
    if not TourPage.objects.filter(slug=TOUR_SLUG).exists():
        _create_tour(index, teams, log)
        for team in teams:
            grant_team_permissions(team)
        log("为三个宣讲团建立用户组，组员只能管理本团的场次")
    for slug, username in TEAM_ACCOUNTS:
        team = (
            LectureTeamPage.objects.filter(slug=slug, team_group__isnull=False)
            .select_related("team_group__group")
            .first()
        )
        if team:
            demo_account(username, f"{team.title}（示例）", team.group.name, log)


def _ensure_team(index, slug, title, intro, log):
    team = LectureTeamPage.objects.filter(slug=slug).first()
    if team:
        return team
    team = publish_child(index, LectureTeamPage(title=title, slug=slug, intro=intro))
    profile = ProfilePage.objects.filter(is_sample=True, honour__slug="youxiu-gongchandangyuan").first()
    for seed, (name, title_text, bio) in enumerate(SPEAKERS[slug]):
        Speaker.objects.create(
            team=team,
            name=name,
            title=title_text,
            bio=bio,
            photo=generated_portrait(f"示例：主讲人{name}", 500 + seed + 10 * len(team.title)),
            profile=profile if (slug, seed) == ("tongdu-xianfeng", 0) else None,
        )
    log(f"创建宣讲团 {title}，主讲人 {len(SPEAKERS[slug])} 位")
    return team


def _create_tour(index, teams, log):
    shift = timezone.localdate() - SHEET_DAY
    tour = publish_child(
        index,
        TourPage(
            title="“铜都先锋”百场巡讲",
            slug=TOUR_SLUG,
            intro="<p>三个宣讲团分赴14个乡镇（街道），走进机关、学校、社区、农村和企业，开展百场宣讲。</p>",
            teams=teams,
            starts_on=datetime.date(2026, 9, 1) + shift,
            ends_on=datetime.date(2027, 1, 31) + shift,
            target=105,
        ),
    )
    sheet = LectureSheet(tour).check_file(io.BytesIO(_shifted_sheet(shift)))
    if sheet.problems:
        raise ValueError(f"The demo sheet does not import: {[str(problem) for problem in sheet.problems]}")
    sheet.apply()
    _report_the_past(tour)
    log(f"导入巡讲 {tour.title}：{sheet.summary()}")


def _shifted_sheet(shift):
    """demo_data/tour.csv with each date moved by `shift`, kept in the sheet's own spelling."""
    with TOUR_SHEET.open(encoding="utf-8-sig", newline="") as file:
        header, *rows = csv.reader(file)
    column = header.index(DATE)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        text = row[column]
        date = datetime.date(*map(int, text.replace("/", "-").split("-"))) + shift
        row[column] = f"{date:%Y-%m-%d}" if "-" in text else f"{date.year}/{date.month}/{date.day}"
        writer.writerow(row)
    return out.getvalue().encode()


def _report_the_past(tour):
    """Past sessions held with their reports, one of them cancelled; one coming session moved."""
    rng = random.Random(tour.target)
    today = timezone.localdate()
    sessions = list(tour.sessions.for_listing().order_by("date", "start"))
    past = [session for session in sessions if session.date < today]
    for session in past[:-1]:
        audience = rng.randrange(30, 220, 5)
        speakers = session.speaker_names() or session.team.title
        report = REPORT.format(
            speakers=speakers, topic=session.topic, audience=audience, kind=session.get_venue_kind_display()
        )
        session.mark_held(audience=audience, report=report)
    if past:
        past[-1].cancel(CANCEL_REASON)
    coming = [session for session in sessions if session.date > today + datetime.timedelta(days=3)]
    if coming:
        moved = Session.objects.get(pk=coming[0].pk)
        moved.date += datetime.timedelta(days=2)
        moved.notes = "因场地调整改期。"
        moved.save()  # a new time for a planned session: saved as moved, the old time kept
