import io
import random

from django.core.files.images import ImageFile

from PIL import Image as PILImage
from PIL import ImageDraw

from home.demo import DEMO_CREDIT, ensure_index_page, publish_child
from home.models import SiteImage
from stories.models import (
    HonourCategory,
    ProfileIndexPage,
    ProfilePage,
    SeriesIndexPage,
    StoryIndexPage,
    Town,
)

# Fictional sample honourees (the article names none); the admin marks them 示例.
SAMPLE_PROFILES = [
    # name, honour, year, town, unit, micro-story, tags
    (
        "陈志刚",
        "优秀共产党员",
        2026,
        "茗山乡",
        "杨桥村",
        "牵头成立金湾村庄理事会，三年调处邻里纠纷四十余起，没有一起矛盾出村。",
        "村庄理事会 调解",
    ),
    (
        "刘桂兰",
        "优秀共产党员",
        2026,
        "还地桥镇",
        "还地桥社区",
        "退休不褪色，每月为行动不便的老党员送学上门，风雨无阻。",
        "送学上门 党员三日+",
    ),
    (
        "王建国",
        "优秀共产党员",
        2026,
        "殷祖镇",
        "殷祖镇卫生院",
        "扎根乡镇卫生院二十年，带着药箱走遍全镇的偏远村湾。",
        "基层医疗",
    ),
    (
        "张秀梅",
        "优秀共产党员",
        2025,
        "金湖街道",
        "金湖街道社区服务中心",
        "认领并实现群众“微心愿”六十多个，被居民称为“贴心大姐”。",
        "微心愿 在职党员进社区",
    ),
    (
        "李德明",
        "优秀共产党员",
        2025,
        "保安镇",
        "保安镇农技站",
        "推广稻虾共作，带动全村一百多户农户增收。",
        "产业发展",
    ),
    (
        "周海燕",
        "优秀共产党员",
        2026,
        "东岳路街道",
        "大冶市实验小学",
        "把党史故事编成课本剧，让孩子们在演出中学党史。",
        "进学校",
    ),
    (
        "吴国庆",
        "优秀党务工作者",
        2026,
        "灵乡镇",
        "灵乡镇党委",
        "开通“两学一做”微信课堂，外出务工党员每月都能按时参学。",
        "微信课堂 两学一做",
    ),
    (
        "郑丽华",
        "优秀党务工作者",
        2026,
        "罗家桥街道",
        "罗家桥街道党工委",
        "建立党员电子台账，组织关系集中排查做到一个不漏。",
        "组织关系排查",
    ),
    (
        "孙永红",
        "优秀党务工作者",
        2025,
        "金山店镇",
        "金山店镇机关党支部",
        "坚持每月首个星期一开展支部主题党日，十年没有间断。",
        "支部主题党日",
    ),
    (
        "黄文斌",
        "优秀党务工作者",
        2025,
        "陈贵镇",
        "陈贵镇党委",
        "编印“口袋读本”，让一线党员随身带、随时学。",
        "口袋读本",
    ),
    (
        "茗山乡晏庄村党支部",
        "先进基层党组织",
        2026,
        "茗山乡",
        "晏庄村",
        "以党支部为核心，带领村委会、村庄理事会和农户共治，九成矛盾在村内化解。",
        "1+3 村庄理事会",
    ),
    (
        "茗山乡华若村党支部",
        "先进基层党组织",
        2026,
        "茗山乡",
        "华若村",
        "党员带头认领公益岗位，村里的路灯、水渠都有了“管家”。",
        "1+3 公益日",
    ),
    (
        "还地桥镇石料厂党支部",
        "先进基层党组织",
        2026,
        "还地桥镇",
        "石料厂",
        "在项目一线设立党小组，每月就地开展组织生活。",
        "一线党支部",
    ),
    (
        "东风路街道新华社区党委",
        "先进基层党组织",
        2025,
        "东风路街道",
        "新华社区",
        "组织在职党员进社区报到，志愿服务覆盖小区每一栋楼。",
        "在职党员进社区 志愿服务",
    ),
    (
        "大箕铺镇机关党支部",
        "先进基层党组织",
        2025,
        "大箕铺镇",
        "镇机关",
        "“四讲四有”对标看齐，领导干部以普通党员身份参加组织生活。",
        "四讲四有",
    ),
    (
        "胡春生",
        "优秀村（社区）书记",
        2026,
        "茗山乡",
        "杨桥村",
        "支持老党员牵头组建临时理事会，把群众的新创造变成全乡的好做法。",
        "村庄理事会 1+3",
    ),
    (
        "朱红英",
        "优秀村（社区）书记",
        2026,
        "金牛镇",
        "金牛社区",
        "把社区服务站办成党员群众连心桥，居民有事先找“红英书记”。",
        "连心桥",
    ),
    (
        "何志远",
        "优秀村（社区）书记",
        2026,
        "刘仁八镇",
        "刘仁八村",
        "带领村民修通十二公里产业路，红色旅游让老区变了样。",
        "产业发展 红色旅游",
    ),
    (
        "罗金水",
        "优秀村（社区）书记",
        2025,
        "灵乡镇",
        "灵乡村",
        "三年清理村级旧账，村务公开贴到每个村湾。",
        "村务公开",
    ),
    (
        "谢玉珍",
        "优秀村（社区）书记",
        2025,
        "殷祖镇",
        "殷祖村",
        "为长期外出务工党员建微信群，每月通过电话、微信联系不断线。",
        "流动党员 党员三日+",
    ),
    (
        "冯国华",
        "优秀共产党员",
        2025,
        "罗家桥街道",
        "大冶市公路局",
        "参与编写“两学一做”口袋书，全局党员随身携带、随时翻阅。",
        "口袋读本 两学一做",
    ),
]
PALETTE = [(214, 196, 176), (190, 205, 214), (206, 214, 190), (222, 200, 206), (200, 196, 222)]


def generated_portrait(title, seed):
    """A faceless silhouette drawn with Pillow, with its focal point on the head."""
    existing = SiteImage.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(seed)
    width, height = 800, 1000
    canvas = PILImage.new("RGB", (width, height), rng.choice(PALETTE))
    draw = ImageDraw.Draw(canvas)
    tone = (70 + rng.randint(0, 40), 50, 50)
    draw.ellipse([width * 0.32, height * 0.16, width * 0.68, height * 0.50], fill=tone)
    draw.ellipse([width * 0.12, height * 0.55, width * 0.88, height * 1.25], fill=tone)
    draw.rectangle([width * 0.45, height * 0.66, width * 0.55, height * 0.72], fill=(179, 18, 27))
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=85)
    image = SiteImage(title=title, credit=DEMO_CREDIT, focal_point_x=400, focal_point_y=330)
    image.focal_point_width, image.focal_point_height = 300, 360
    image.file = ImageFile(buffer, name=f"portrait-{seed}.jpg")
    image.save()
    return image


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
        _create_sample_profiles(profiles_index)
        log(f"创建示例先锋人物 {len(SAMPLE_PROFILES)} 位")


def _create_sample_profiles(index):
    honours = {honour.name: honour for honour in HonourCategory.objects.all()}
    towns = {town.name: town for town in Town.objects.all()}
    for seed, (name, honour, year, town, unit, micro_story, tags) in enumerate(SAMPLE_PROFILES, start=100):
        profile = ProfilePage(
            title=name,
            honour=honours[honour],
            year=year,
            town=towns[town],
            unit=unit,
            micro_story=micro_story,
            portrait=generated_portrait(f"示例：{name}", seed),
            is_sample=True,
            search_description=micro_story,
            body=[
                ("paragraph", "<p>（示例人物：本页内容为演示而虚构，上线前由编辑换成真实事迹。）</p>"),
                ("quote", {"text": "把群众的小事当成自己的大事。", "attribution": name}),
            ],
        )
        profile.tags.add(*tags.split())
        publish_child(index, profile)
