"""The reference data and rights this app's data migrations make, as plain functions.

The migrations' RunPython calls them with the historical `apps`; the tests call them with the app
registry to put back what a transactional test's flush removed. They are frozen as the migrations
made them: a change to the data is a new migration, not an edit here.
"""

from home.roles import EDITORS, grant

# DOMAIN.md: the towns and streets of Daye, and the categories of the city's 七一 commendation.
TOWNS = [
    ("东岳路街道", "dongyuelu-jiedao"),
    ("东风路街道", "dongfenglu-jiedao"),
    ("金湖街道", "jinhu-jiedao"),
    ("罗家桥街道", "luojiaqiao-jiedao"),
    ("金山店镇", "jinshandian-zhen"),
    ("还地桥镇", "huandiqiao-zhen"),
    ("殷祖镇", "yinzu-zhen"),
    ("刘仁八镇", "liurenba-zhen"),
    ("陈贵镇", "chengui-zhen"),
    ("灵乡镇", "lingxiang-zhen"),
    ("金牛镇", "jinniu-zhen"),
    ("保安镇", "baoan-zhen"),
    ("大箕铺镇", "dajipu-zhen"),
    ("茗山乡", "mingshan-xiang"),
]
HONOURS = [
    ("优秀共产党员", "youxiu-gongchandangyuan", False),
    ("优秀党务工作者", "youxiu-dangwu-gongzuozhe", False),
    ("先进基层党组织", "xianjin-jiceng-dangzuzhi", True),
    ("优秀村（社区）书记", "youxiu-cun-shequ-shuji", False),
]


def seed_towns_and_honours(apps, schema_editor=None):
    Town = apps.get_model("stories", "Town")
    HonourCategory = apps.get_model("stories", "HonourCategory")
    for order, (name, slug) in enumerate(TOWNS):
        Town.objects.get_or_create(name=name, defaults={"slug": slug, "sort_order": order})
    for order, (name, slug, organisations) in enumerate(HONOURS):
        HonourCategory.objects.get_or_create(
            name=name, defaults={"slug": slug, "honours_organisations": organisations, "sort_order": order}
        )


# DOMAIN.md: the columns opened in 《今日大冶》 and on 大冶电视台.
COLUMNS = [
    ("两学一做、对标看齐、履职担当", "liangxue-yizuo", "《今日大冶》、大冶电视台“两学一做”学习教育专栏。"),
    ("铜都先锋", "tongdu-xianfeng", "宣传身边先进典型的专栏。"),
]


def seed_columns(apps, schema_editor=None):
    Column = apps.get_model("stories", "Column")
    for order, (name, slug, description) in enumerate(COLUMNS):
        Column.objects.get_or_create(
            name=name, defaults={"slug": slug, "description": description, "sort_order": order}
        )


def grant_newsroom_rights(apps, schema_editor=None):
    """Editors keep the towns, columns and honours and upload the 《先锋》 videos (wagtailmedia has
    no choose permission: change lets them pick one)."""
    grant(
        apps,
        EDITORS,
        model_permissions=[
            f"stories.{action}_{model}"
            for model in ("town", "column", "honourcategory")
            for action in ("add", "change")
        ],
        collection_permissions=["wagtailmedia.add_media", "wagtailmedia.change_media"],
    )
