from home.demo import ensure_index_page
from lectures.models import LectureIndexPage


def load(log):
    ensure_index_page(
        LectureIndexPage,
        "xuanjiang",
        "宣讲",
        "<p>“铜都先锋”宣讲团、理论宣讲团和百姓宣讲团走进机关、学校、社区、农村和企业。</p>",
        log,
    )
