import csv
import random
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw

from home.demo import ensure_index_page, publish_child, save_drawn_image
from stories.models import (
    HonourCategory,
    ProfileIndexPage,
    ProfilePage,
    SeriesIndexPage,
    StoryIndexPage,
    Town,
)

# Fictional sample honourees (the article names none), in the columns of the honouree sheet;
# the admin marks them 示例.
SAMPLE_HONOUREES = Path(__file__).parent / "demo_data" / "honourees.csv"
PALETTE = [(214, 196, 176), (190, 205, 214), (206, 214, 190), (222, 200, 206), (200, 196, 222)]


def generated_portrait(title, seed):
    """A faceless silhouette drawn with Pillow, with its focal point on the head."""
    rng = random.Random(seed)
    width, height = 800, 1000
    canvas = PILImage.new("RGB", (width, height), rng.choice(PALETTE))
    draw = ImageDraw.Draw(canvas)
    tone = (70 + rng.randint(0, 40), 50, 50)
    draw.ellipse([width * 0.32, height * 0.16, width * 0.68, height * 0.50], fill=tone)
    draw.ellipse([width * 0.12, height * 0.55, width * 0.88, height * 1.25], fill=tone)
    draw.rectangle([width * 0.45, height * 0.66, width * 0.55, height * 0.72], fill=(179, 18, 27))
    focal_point = {
        "focal_point_x": 400,
        "focal_point_y": 330,
        "focal_point_width": 300,
        "focal_point_height": 360,
    }
    return save_drawn_image(title, canvas, f"portrait-{seed}.jpg", **focal_point)


def load(log):
    profiles_index = ensure_index_page(
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
    if not ProfilePage.objects.exists():
        count = _create_sample_profiles(profiles_index)
        log(f"创建示例先锋人物 {count} 位")


def _create_sample_profiles(index):
    honours = {honour.name: honour for honour in HonourCategory.objects.all()}
    towns = {town.name: town for town in Town.objects.all()}
    with SAMPLE_HONOUREES.open(encoding="utf-8") as sheet:
        rows = list(csv.DictReader(sheet))
    for seed, row in enumerate(rows, start=100):
        name = row["姓名/单位名称"]
        profile = ProfilePage(
            title=name,
            honour=honours[row["荣誉类别"]],
            year=int(row["年份"]),
            town=towns[row["乡镇"]],
            unit=row["村/单位"],
            micro_story=row["微事迹"],
            portrait=generated_portrait(f"示例：{name}", seed),
            is_sample=True,
            search_description=row["微事迹"],
            body=[
                ("paragraph", "<p>（示例人物：本页内容为演示而虚构，上线前由编辑换成真实事迹。）</p>"),
                ("quote", {"text": "把群众的小事当成自己的大事。", "attribution": name}),
            ],
        )
        profile.tags.add(*row["标签"].split())
        publish_child(index, profile)
    return len(rows)
