"""Demo content for launch day, built from the news report the site grew from.

Each app keeps its part in its own `demo.py` with a `load(log)` function; `manage.py load_demo`
runs them in INSTALLED_APPS order. Every loader creates what is missing and changes nothing that
exists, so running it again keeps what editors changed.
"""

import io
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile

from wagtail.models import Page, Site

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

from home.blocks import FigureBlock
from home.models import HomePage, SiteImage, SiteSettings
from home.roles import AUDIT_ADMINS, EDITORS, FINAL_REVIEW, FIRST_REVIEW, SECURITY_ADMINS, SYSTEM_ADMINS
from home.sites import site_address

DEMO_CREDIT = "系统生成（示例）"

FIGURES = [
    (3921, "名", "在职党员进社区报到"),
    (5120, "人次", "参加志愿服务"),
    (3658, "个", "群众“微心愿”得到实现"),
    (105, "场", "理论和百姓宣讲"),
    (150, "名", "“七一”受表彰的先进"),
    (10, "个", "督导组深入基层督导"),
]


def save_drawn_image(title, canvas, filename, **fields):
    """Saves a Pillow drawing as a credited demo SiteImage, once per title."""
    existing = SiteImage.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=85)
    image = SiteImage(title=title, credit=DEMO_CREDIT, **fields)
    image.file = ImageFile(buffer, name=filename)
    image.save()
    return image


def generated_image(title, size=(1600, 900), seed=0):
    """A banner drawn with Pillow (no photo is downloaded): copper rings on party red."""
    rng = random.Random(seed)
    width, height = size
    canvas = PILImage.new("RGB", size, (179, 18, 27))
    draw = ImageDraw.Draw(canvas)
    for y in range(height):
        shade = int(40 * y / height)
        draw.line([(0, y), (width, y)], fill=(179 - shade, 18, 27 + shade // 3))
    for _ in range(14):
        radius = rng.randint(height // 10, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tone = rng.choice([(255, 211, 107), (212, 140, 70), (255, 236, 200)])
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=tone, width=rng.randint(2, 8))
    return save_drawn_image(title, canvas.filter(ImageFilter.GaussianBlur(1.5)), f"demo-{seed}.jpg")


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


def publish_child(parent, page):
    """Adds `page` under `parent` and publishes it through a revision, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_index_page(model, slug, title, intro, log):
    """The section's index page under the home page, created once."""
    page = model.objects.first()
    if page:
        return page
    home = HomePage.objects.get()
    page = publish_child(home, model(title=title, slug=slug, intro=intro, show_in_menus=True))
    log(f"创建栏目 {title} /{slug}/")
    return page


# One demo account per newsroom role (home.roles), each with DEMO_STAFF_PASSWORD.
STAFF = [
    ("bianji", "编辑（示例）", EDITORS),
    ("chushen", "初审（示例）", FIRST_REVIEW),
    ("zhongshen", "终审（示例）", FINAL_REVIEW),
    ("guanli", "系统管理员（示例）", SYSTEM_ADMINS),
    ("anquan", "安全管理员（示例）", SECURITY_ADMINS),
    ("shenji", "审计管理员（示例）", AUDIT_ADMINS),
]
DEMO_EMAIL_DOMAIN = "example.com"  # reserved for examples (RFC 2606): how the demo's accounts are told apart


def load(log):
    home = HomePage.objects.first()
    if home is None:
        home = _create_home_page()
        _make_home_page_the_site_root(home)
        log("创建首页")
    _fill_site_settings(Site.objects.get(root_page=home), log)
    _create_demo_admin(log)
    for username, name, role in STAFF:
        demo_account(username, name, role, log)


def demo_account(username, name, group_name, log):
    """The demo's account for a role, made once when DEMO_STAFF_PASSWORD is set; its mail goes to
    username@example.com (in `make run`, a file in mail/)."""
    password = settings.DEMO_STAFF_PASSWORD
    user_model = get_user_model()
    group = Group.objects.filter(name=group_name).first()  # None if an administrator renamed it
    if not password or group is None or user_model.objects.filter(username=username).exists():
        return
    user = user_model.objects.create_user(
        username, f"{username}@{DEMO_EMAIL_DOMAIN}", password, first_name=name
    )
    user.groups.add(group)
    log(f"创建演示账号 {username}（{group_name}）")


def demo_logins():
    """(username, roles, password) of each demo account, to print beside the site's address."""
    accounts = get_user_model().objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    for user in accounts.order_by("-is_superuser", "date_joined", "pk").prefetch_related("groups"):
        if user.is_superuser:
            yield user.username, "超级管理员", settings.DEMO_ADMIN_PASSWORD
        else:
            yield (
                user.username,
                "、".join(group.name for group in user.groups.all()),
                settings.DEMO_STAFF_PASSWORD,
            )


def _create_home_page():
    home = HomePage(
        title="首页",
        slug="tongdu",
        seo_title="铜都先锋 — 大冶市基层党建典型宣传",
        search_description="大冶“铜都先锋”：先锋人物、《先锋》专题片、专栏报道和“铜都先锋”宣讲团的宣讲安排。",
        hero_heading="铜都先锋",
        hero_text="以“四讲四有”为标尺，选树身边的先锋：6个基层党支部、9名党员的“微事迹”拍成专题片《先锋》，"
        "“铜都先锋”宣讲团走进机关、学校、社区、农村和企业。",
        hero_image=generated_image("示例：铜都先锋首页头图", seed=1),
        hero_link_text="看先锋榜",
        figures=[
            ("figure", FigureBlock().to_python({"number": number, "unit": unit, "label": label}))
            for number, unit, label in FIGURES
        ],
    )
    return publish_child(Page.get_first_root_node(), home)


def _make_home_page_the_site_root(home):
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    address = site_address()
    site.hostname, site.port = address["hostname"], address["port"]
    site.root_page = home
    site.site_name = "铜都先锋"
    site.save()
    # Wagtail's installer leaves a "Welcome" page where the home page now stands.
    home.get_siblings(inclusive=False).filter(content_type__model="page", slug="home").delete()


def _fill_site_settings(site, log):
    site_settings = SiteSettings.for_site(site)
    if site_settings.description:
        return
    site_settings.description = "大冶市“铜都先锋”：先锋人物、《先锋》专题片、专栏报道和宣讲安排。"
    site_settings.organiser = "中共大冶市委组织部 中共大冶市委宣传部（示例）"
    site_settings.icp_number = "鄂ICP备00000000号-1（示例）"
    site_settings.contact_address = "湖北省大冶市"
    site_settings.default_social_image = generated_image("示例：铜都先锋分享图", size=(1200, 630), seed=2)
    site_settings.save()
    log("填写网站设置")


def _create_demo_admin(log):
    password = settings.DEMO_ADMIN_PASSWORD
    user_model = get_user_model()
    if not password or user_model.objects.filter(username="admin").exists():
        return
    user_model.objects.create_superuser(
        "admin", f"admin@{DEMO_EMAIL_DOMAIN}", password, first_name="管理员（示例）"
    )
    log("创建演示管理员 admin")
