from django.db import migrations

# DOMAIN.md: the columns opened in 《今日大冶》 and on 大冶电视台.
COLUMNS = [
    ("两学一做、对标看齐、履职担当", "liangxue-yizuo", "《今日大冶》、大冶电视台“两学一做”学习教育专栏。"),
    ("铜都先锋", "tongdu-xianfeng", "宣传身边先进典型的专栏。"),
]


def seed(apps, schema_editor):
    Column = apps.get_model("stories", "Column")
    for order, (name, slug, description) in enumerate(COLUMNS):
        Column.objects.get_or_create(
            name=name, defaults={"slug": slug, "description": description, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("stories", "0005_column_stories")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
