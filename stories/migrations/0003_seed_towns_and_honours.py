from django.db import migrations

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


def seed(apps, schema_editor):
    Town = apps.get_model("stories", "Town")
    HonourCategory = apps.get_model("stories", "HonourCategory")
    for order, (name, slug) in enumerate(TOWNS):
        Town.objects.get_or_create(name=name, defaults={"slug": slug, "sort_order": order})
    for order, (name, slug, organisations) in enumerate(HONOURS):
        HonourCategory.objects.get_or_create(
            name=name, defaults={"slug": slug, "honours_organisations": organisations, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("stories", "0002_reference_data")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
