import datetime
import re
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.html import escape

from home.blocks import FigureBlock
from home.demo import ensure_index_page, generated_image, generated_portrait, publish_child
from home.sheets.base import NEW
from stories.honourees import HonoureeSheet
from stories.models import (
    Column,
    EpisodePage,
    EpisodeProfile,
    ProfileIndexPage,
    ProfilePage,
    SeriesIndexPage,
    StoryIndexPage,
    StoryPage,
    StoryProfile,
    Video,
)

# Fictional sample honourees (the article names none), in the columns of the honouree sheet;
# the admin marks them 示例.
SAMPLE_HONOUREES = Path(__file__).parent / "demo_data" / "honourees.csv"
# The news report the site grew from; each of its four sections becomes a column story.
ARTICLE = Path(__file__).parent / "demo_data" / "article.txt"
CORRESPONDENT = "通讯员 石教炼"
# Per section, in the article's order: where and when it ran, its summary, tags and figures.
ARTICLE_SECTIONS = [
    {
        "column": "tongdu-xianfeng",
        "date": datetime.date(2026, 10, 8),
        "slug": "yishang-shuaixia",
        "summary": "市委常委带头学、带头讲党课；以“四讲四有”为标尺，选树6个基层党支部、9名党员的“微事迹”，拍成专题片《先锋》。",
        "tags": ["两学一做", "四讲四有", "党员三日+"],
        "figures": [],
    },
    {
        "column": "liangxue-yizuo",
        "date": datetime.date(2026, 10, 9),
        "slug": "zhuti-shijian",
        "summary": "“两学一做”，基础在学，关键在做：还地桥镇“四学”全覆盖，10个督导组深入14家乡镇（场）、80家市直部门督导。",
        "tags": ["两学一做", "送学上门", "督导检查"],
        "figures": [(10, "个", "督导组深入基层")],
    },
    {
        "column": "liangxue-yizuo",
        "date": datetime.date(2026, 10, 10),
        "slug": "changxiao-jizhi",
        "summary": "“党员三日+”覆盖所有党支部、所有党员；3921名在职党员进社区报到，认领实现“微心愿”3658个。",
        "tags": ["党员三日+", "微心愿", "在职党员进社区"],
        "figures": [(3921, "名", "在职党员进社区报到"), (3658, "个", "群众“微心愿”得到实现")],
    },
    {
        "column": "liangxue-yizuo",
        "date": datetime.date(2026, 10, 11),
        "slug": "sanji-zizhi",
        "summary": "茗山乡构建“1+3”农村基层治理体系，90%的矛盾纠纷经村庄理事会调解在村内解决，列入全省“小处方”汇编。",
        "tags": ["村庄理事会", "1+3", "茗山乡"],
        "figures": [(90, "%", "矛盾纠纷在村庄内部解决")],
    },
]
# 《先锋》: six short videos made with ffmpeg (colour, a tone and drawn titles; 6 s, 640x360,
# H.264/AAC), kept in the repo so the demo needs no ffmpeg. Subtitles are written from `lines`.
EPISODE_VIDEOS = Path(__file__).parent / "demo_data" / "episodes"
EPISODE_SECONDS = 6
EPISODES = [
    {
        "title": "金湾的理事会",
        "summary": "茗山乡杨桥村金湾的村民在老支书、老党员牵头下自发成立临时理事会，矛盾纠纷在村里就化解了。",
        "tags": ["村庄理事会"],
        "lines": ["金湾的村民自发成立了临时理事会", "老支书、老党员牵头", "90%的矛盾纠纷在村庄内部解决"],
    },
    {
        "title": "送学上门",
        "summary": "还地桥镇各村党支部每月为年老病弱党员送学上门，“两学一做”学习教育一个不落。",
        "tags": ["送学上门", "口袋读本"],
        "lines": ["集中学、覆盖学、灵活学", "每月为年老病弱党员送学上门", "学习教育全覆盖"],
    },
    {
        "title": "微心愿",
        "summary": "3921名在职党员到社区报到，认领实现群众“微心愿”3658个。",
        "tags": ["微心愿", "在职党员进社区"],
        "lines": ["在职党员进社区", "帮居民解决实际困难", "认领实现“微心愿”3658个"],
    },
    {
        "title": "党员三日+",
        "summary": "学习日、公益日、政治生日，每月一次，覆盖所有党支部、所有党员。",
        "tags": ["党员三日+", "支部主题党日"],
        "lines": [
            "学习日、公益日、政治生日",
            "每月首个星期一是支部主题党日",
            "不能有特殊党员，不能有失联党员",
        ],
    },
    {
        "title": "一线党支部",
        "summary": "在项目和工作一线设立党支部或党小组，每月就地组织活动。",
        "tags": ["一线党支部", "流动党员"],
        "lines": ["党支部建在项目一线", "外出务工党员每月联系", "党员在哪里，组织就在哪里"],
    },
    {
        "title": "四讲四有",
        "summary": "以“四讲四有”为标尺：讲政治有信念，讲规矩有纪律，讲道德有品行，讲奉献有作为。",
        "tags": ["四讲四有", "两学一做"],
        "lines": ["讲政治有信念，讲规矩有纪律", "讲道德有品行，讲奉献有作为", "做合格党员"],
    },
]


def load(log):
    profiles_index = ensure_index_page(
        ProfileIndexPage,
        "xianfeng",
        "先锋榜",
        "<p>以“四讲四有”为标尺选树的优秀共产党员、优秀党务工作者、先进基层党组织和优秀村（社区）书记。</p>",
        log,
    )
    stories_index = ensure_index_page(
        StoryIndexPage,
        "zhuanlan",
        "专栏",
        "<p>《今日大冶》、大冶电视台“两学一做、对标看齐、履职担当”和“铜都先锋”专栏报道。</p>",
        log,
    )
    series_index = ensure_index_page(
        SeriesIndexPage,
        "shipin",
        "《先锋》",
        "<p>6个基层党支部、9名党员的“微事迹”专题片。</p>",
        log,
    )
    if not ProfilePage.objects.exists():
        count = _create_sample_profiles(profiles_index)
        log(f"创建示例先锋人物 {count} 位")
    if not StoryPage.objects.exists():
        count = _create_article_stories(stories_index)
        log(f"创建专栏文章 {count} 篇（来自种子报道）")
    if not EpisodePage.objects.exists():
        _create_episodes(series_index)
        log(f"创建《先锋》视频 {len(EPISODES)} 集")


def _create_sample_profiles(index):
    """The sample sheet goes through the importer's checks, then each row is published with a portrait."""
    with SAMPLE_HONOUREES.open("rb") as sheet_file:
        sheet = HonoureeSheet(index).check_file(sheet_file)
    if sheet.problems:
        raise ValueError(f"{SAMPLE_HONOUREES.name}: {sheet.problems}")
    new_rows = sheet.rows_with(NEW)
    for seed, row in enumerate(new_rows, start=100):
        values = dict(row.values)
        tags = values.pop("tags")
        profile = ProfilePage(
            **values,
            portrait=generated_portrait(f"示例：{values['title']}", seed),
            is_sample=True,
            search_description=values["micro_story"],
            body=[
                ("paragraph", "<p>（示例人物：本页内容为演示而虚构，上线前由编辑换成真实事迹。）</p>"),
                ("quote", {"text": "把群众的小事当成自己的大事。", "attribution": values["title"]}),
            ],
        )
        profile.tags.add(*tags)
        publish_child(index, profile)
    return len(new_rows)


def article_sections():
    """The report as (headline, paragraphs) per section; its opening paragraph leads the first.

    A section starts at its two-line heading: short lines with no full stop.
    """
    text = ARTICLE.read_text(encoding="utf-8").replace("(通讯员: 石教炼)", "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    opening, sections = [], []
    for line in lines:
        is_heading = len(line) <= 20 and not re.search(r"[。,，]", line)
        if is_heading and sections and not sections[-1][1]:
            sections[-1][0].append(line)
        elif is_heading:
            sections.append(([line], []))
        elif sections:
            sections[-1][1].append(line)
        else:
            opening.append(line)
    sections[0][1][:0] = opening
    return [("：".join(heading), paragraphs) for heading, paragraphs in sections]


def _create_article_stories(index):
    columns = {column.slug: column for column in Column.objects.all()}
    sections = zip(article_sections(), ARTICLE_SECTIONS, strict=True)
    for seed, ((headline, paragraphs), section) in enumerate(sections, start=10):
        body = [("paragraph", f"<p>{escape(paragraph)}</p>") for paragraph in paragraphs]
        body[1:1] = [
            ("figure", FigureBlock().to_python({"number": number, "unit": unit, "label": label}))
            for number, unit, label in section["figures"]
        ]
        story = StoryPage(
            title=headline,
            slug=section["slug"],
            column=columns[section["column"]],
            date=section["date"],
            author=CORRESPONDENT,
            source="《今日大冶》",
            summary=section["summary"],
            search_description=section["summary"],
            lead_image=generated_image(f"示例：{headline}", seed=seed),
            body=body,
        )
        story.tags.add(*section["tags"])
        for profile in ProfilePage.objects.filter(tagged_items__tag__name__in=section["tags"]).distinct()[:4]:
            story.profile_links.add(StoryProfile(profile=profile))
        publish_child(index, story)
    return len(ARTICLE_SECTIONS)


def subtitles_vtt(lines, seconds):
    """WebVTT with the lines shown one after another over `seconds`."""
    step = seconds / len(lines)
    cues = [
        f"{n + 1}\n{_timestamp(n * step)} --> {_timestamp((n + 1) * step)}\n{line}"
        for n, line in enumerate(lines)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _timestamp(seconds):
    minutes, secs = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{secs:06.3f}"


def _create_episodes(index):
    for number, episode in enumerate(EPISODES, start=1):
        title = f"《先锋》第{number}集：{episode['title']}"
        video = Video(
            title=title,
            type="video",
            duration=EPISODE_SECONDS,
            width=640,
            height=360,
            poster=generated_image(f"示例：{title}（海报）", size=(1280, 720), seed=20 + number),
        )
        with (EPISODE_VIDEOS / f"episode-{number}.mp4").open("rb") as clip:
            video.file.save(f"episode-{number}.mp4", File(clip), save=False)
        video.subtitles.save(
            f"episode-{number}.vtt",
            ContentFile(subtitles_vtt(episode["lines"], EPISODE_SECONDS).encode()),
            save=False,
        )
        video.save()
        page = EpisodePage(
            title=episode["title"],
            slug=f"di-{number}-ji",
            number=number,
            summary=episode["summary"],
            search_description=episode["summary"],
            video=video,
            transcript="\n".join([episode["summary"], *episode["lines"]]),
            aired_on="大冶电视台",
            aired_at=datetime.date(2026, 7, number),
        )
        for profile in ProfilePage.objects.filter(tagged_items__tag__name__in=episode["tags"]).distinct()[:3]:
            page.profile_links.add(EpisodeProfile(profile=profile))
        publish_child(index, page)
