from home.demo import ensure_index_page
from stories.models import ProfileIndexPage, SeriesIndexPage, StoryIndexPage


def load(log):
    ensure_index_page(
        ProfileIndexPage,
        "xianfeng",
        "先锋榜",
        "<p>以“四讲四有”为标尺选树的优秀共产党员、优秀党务工作者、先进基层党组织和优秀村（社区）书记。</p>",
        log,
    )
    ensure_index_page(
        StoryIndexPage,
        "zhuanlan",
        "专栏",
        "<p>《今日大冶》、大冶电视台“两学一做、对标看齐、履职担当”和“铜都先锋”专栏报道。</p>",
        log,
    )
    ensure_index_page(
        SeriesIndexPage,
        "shipin",
        "《先锋》",
        "<p>6个基层党支部、9名党员的“微事迹”专题片。</p>",
        log,
    )
