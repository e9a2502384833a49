from django.db import migrations

# The towns and streets of Daye, the villages and hamlet the article names, and the programme's
# terms: words jieba's own dictionary would cut apart.
TERMS = {
    "乡镇（街道）": [
        "东岳路街道",
        "东风路街道",
        "金湖街道",
        "罗家桥街道",
        "金山店镇",
        "还地桥镇",
        "殷祖镇",
        "刘仁八镇",
        "陈贵镇",
        "灵乡镇",
        "金牛镇",
        "保安镇",
        "大箕铺镇",
        "茗山乡",
    ],
    "村、湾": ["晏庄村", "杨桥村", "金湾", "华若村"],
    "工作术语": [
        "铜都先锋",
        "党员三日+",
        "党员三日",
        "微心愿",
        "微事迹",
        "小梦想",
        "四讲四有",
        "村庄理事会",
        "1+3",
        "两学一做",
        "三严三实",
        "在职党员进社区",
        "支部主题党日",
        "口袋读本",
        "小处方",
        "两代表一委员",
        "宣讲团",
    ],
}


def seed(apps, schema_editor):
    SearchTerm = apps.get_model("home", "SearchTerm")
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word, note=note) for note, words in TERMS.items() for word in words],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("home", "0003_search_terms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
