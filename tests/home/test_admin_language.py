"""The admin speaks Chinese: a crawl of what editors and the superuser see finds no English words.

Wagtail and wagtailmedia leave strings untranslated, derive a few labels from attribute names and
hard-code others in templates; the project's catalogue, template overrides and hooks cover them.
"""

import datetime
import json
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from bs4 import BeautifulSoup, Comment, Doctype

from home.roles import EDITORS, FINAL_REVIEW, FIRST_REVIEW
from tests.factories import (
    EpisodePageFactory,
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    SpeakerFactory,
    StoryPageFactory,
    TourPageFactory,
)

# Names of formats, standards and programs, which Chinese admin text writes in Latin letters too.
ALLOWED = {
    "URL", "API", "ICP", "ID", "IP", "SEO", "HTML", "JavaScript", "CSV", "XLSX", "xlsx", "csv", "PDF", "PNG",
    "JPEG", "JPG", "GIF", "WEBP", "WebP", "AVIF", "SVG", "MP4", "WebM", "H.264", "AAC", "WebVTT", "VTT",
    "vtt", "UTF-8", "GBK", "GB18030", "Excel", "ffmpeg", "KB", "MB", "GB", "px", "Alt", "iframe", "Tab",
    "Ctrl", "Cmd", "Shift", "Enter", "Esc", "Markdown", "TSV", "docx", "pptx", "pdf", "txt", "zip",
    "Mozilla",  # a browser's own name, as the login records keep it
}  # fmt: skip
ATTRIBUTES = ("title", "aria-label", "aria-description", "placeholder", "alt", "data-w-tooltip-content-value")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*")
# Addresses, e-mail addresses, file names, paths and slugs are not words.
NOT_WORDS = re.compile(
    r"https?://\S+|\S+@\S+|\S+\.(?:jpe?g|png|gif|mp4|webm|vtt|csv|xlsx|pdf|txt)\b|/\S*|\b[a-z0-9]+(?:-[a-z0-9]+)+\b"
)
# Read-only pages only: no logout, no downloads, no public pages behind the admin.
SKIP = re.compile(
    r"/logout/|/jsi18n/|/export|/download|/serve/|/preview|/view_draft/|/sendfile|format=|/sprite/|"
    r"/dismissibles/|/editing-sessions/|/block-preview/|/api/|\.(?:xlsx|csv|ics)$"
)
PER_PATTERN = 2
MOST_PAGES = 400


def texts_of(html):
    """What a person reads or hears on an admin page: text, labels, tooltips, button values."""
    soup = BeautifulSoup(html, "html.parser")
    # Wagtail's side-panel counter holds "None" until its script counts something.
    for element in soup(["script", "style", "svg", "code", "pre"]) + soup.select(
        "[data-side-panel-toggle-counter]"
    ):
        element.decompose()
    texts = [text for text in soup.find_all(string=True) if not isinstance(text, (Comment, Doctype))]
    for element in soup.find_all(True):
        texts += [element[name] for name in ATTRIBUTES if element.get(name)]
        if element.name == "input" and element.get("type") in {"submit", "button", "reset"}:
            texts.append(element.get("value", ""))
    return [" ".join(str(text).split()) for text in texts if str(text).strip()]


def english_words(text, names):
    """Latin words outside the allowed names; a letter alone (Ctrl + s, A → Z) or with digits
    (100x100, H5) is no word."""
    return [
        word
        for word in LATIN_WORD.findall(NOT_WORDS.sub(" ", text))
        if len(word) > 1 and not any(c.isdigit() for c in word) and word not in ALLOWED and word not in names
    ]


def html_of(response):
    if response["Content-Type"].startswith("application/json"):
        data = json.loads(response.content)
        return data.get("html", "") if isinstance(data, dict) else ""
    return response.content.decode()


def links_of(html):
    """The page's links, and the sidebar's menu items (drawn by its script from JSON)."""
    soup = BeautifulSoup(html, "html.parser")
    yield from (link["href"] for link in soup.find_all("a", href=True))
    sidebar = soup.find("script", id="wagtail-sidebar-props")
    if sidebar:
        yield from re.findall(r'"url": "([^"]+)"', sidebar.string)


def crawl(client, seeds, names):
    """English found, by text, with a page that shows it: a breadth-first walk over the admin's
    links from `seeds`, a few pages per URL pattern."""
    queue, seen, per_pattern, found = list(seeds), set(), Counter(), {}
    while queue and len(seen) < MOST_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or not response["Content-Type"].startswith(
            ("text/html", "application/json")
        ):
            continue
        html = html_of(response)
        for text in texts_of(html):
            if english_words(text, names):
                found.setdefault(text, url)
        for href in links_of(html):
            parts = urlsplit(urljoin(url, href))
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            pattern = re.sub(r"\d+", "N", parts.path)
            if (
                parts.netloc in ("", "testserver")
                and parts.path.startswith("/admin/")
                and not SKIP.search(target)
                and target not in seen
                and per_pattern[pattern] < PER_PATTERN
            ):
                per_pattern[pattern] += 1
                queue.append(target)
    return found, seen


@pytest.fixture
def newsroom(home_page, django_user_model):
    """A day's work in the admin: pages in every state, review under way, sessions, media."""
    users = {
        name: django_user_model.objects.create_user(name, f"{name}@example.com", "x", first_name=f"{role}一")
        for name, role in (("bianji", EDITORS), ("chushen", FIRST_REVIEW), ("zhongshen", FINAL_REVIEW))
    }
    for name, role in (("bianji", EDITORS), ("chushen", FIRST_REVIEW), ("zhongshen", FINAL_REVIEW)):
        users[name].groups.add(Group.objects.get(name=role))
    profile = ProfilePageFactory(parent=home_page.get_children().get(slug="xianfeng").specific)
    stories = home_page.get_children().get(slug="zhuanlan").specific
    story = StoryPageFactory(parent=stories, title="两学一做", profiles=[profile])
    story.title = "两学一做，对标看齐"
    story.save_revision(user=users["bianji"])
    story.get_workflow().start(story, users["bianji"])
    scheduled = StoryPageFactory(parent=stories, title="定时发布的报道")
    scheduled.save_revision(
        user=users["zhongshen"], approved_go_live_at=timezone.now() + datetime.timedelta(days=1)
    )
    locked = StoryPageFactory(parent=stories, title="锁定的报道", locked=True, locked_by=users["zhongshen"])
    locked.save_revision(user=users["zhongshen"]).publish()
    EpisodePageFactory(parent=home_page.get_children().get(slug="shipin").specific)
    lectures = home_page.get_children().get(slug="xuanjiang").specific
    team = LectureTeamPageFactory(parent=lectures, title="理论宣讲团")
    tour = TourPageFactory(parent=lectures, teams=[team])
    speaker = SpeakerFactory(team=team, name="王明")
    SessionFactory(tour=tour, team=team, speakers=[speaker])
    SessionFactory(tour=tour, team=team, date=timezone.localdate() - datetime.timedelta(days=3))
    Document.objects.create(title="宣讲提纲", file=SimpleUploadedFile("tigang.pdf", b"%PDF-1.4"))
    Redirect.objects.create(old_path="/old", redirect_page=story)
    SearchPromotion.objects.create(query=Query.get("党员"), page=story, description="推荐")
    login = {
        "username": "bianji",
        "ip_address": "203.0.113.7",
        "user_agent": "Mozilla/5.0",
        "path_info": "/admin/login/",
    }
    AccessLog.objects.create(**login, http_accept="text/html")
    AccessFailureLog.objects.create(**login, http_accept="text/html", locked_out=True)
    AccessAttempt.objects.create(
        **login, http_accept="text/html", get_data="", post_data="", failures_since_start=5
    )
    return users, story


def seeds_for(story):
    revision = story.revisions.order_by("created_at").first()
    latest = story.latest_revision
    workflow_state = story.current_workflow_state
    task_state = workflow_state.current_task_state
    return [
        *(
            reverse("wagtailadmin_pages:collect_workflow_action_data", args=(story.pk, action, task_state.pk))
            for action in ("approve", "reject")
        ),
        reverse("wagtailadmin_pages:workflow_history_detail", args=(story.pk, workflow_state.pk)),
        reverse("wagtailadmin_pages:revisions_view", args=(story.pk, revision.pk)),
        reverse("wagtailadmin_pages:revisions_revert", args=(story.pk, revision.pk)),
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{story.get_parent().pk}/",
        f"/admin/pages/{story.pk}/edit/",
        f"/admin/pages/{story.pk}/history/",
        f"/admin/pages/{story.pk}/revisions/compare/{revision.pk}...{latest.pk}/",
        f"/admin/pages/{story.pk}/workflow_history/",
        f"/admin/pages/{story.pk}/copy/",
        f"/admin/pages/{story.pk}/move/",
        reverse("wagtailadmin_pages:add_subpage", args=(story.get_parent().pk,)),
        reverse("wagtailadmin_pages:add", args=("stories", "storypage", story.get_parent().pk)),
        "/admin/pages/search/?q=两学",
        "/admin/choose-page/",
        "/admin/images/",
        "/admin/images/chooser/",
        "/admin/documents/",
        "/admin/documents/chooser/",
        "/admin/media/",
        "/admin/media/chooser/",
        "/admin/snippets/",
        "/admin/snippets/lectures/session/",
        "/admin/snippets/lectures/session/add/",
        "/admin/snippets/lectures/speaker/",
        "/admin/snippets/stories/town/",
        "/admin/import-honourees/",
        "/admin/reports/",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/account/",
        "/admin/sites/",
        "/admin/collections/",
        "/admin/redirects/",
        "/admin/searchpicks/",
        "/admin/settings/",
    ]


def assert_chinese(found):
    assert not found, "English in the admin:\n" + "\n".join(
        f"{text!r}  ({url})" for text, url in found.items()
    )


@pytest.mark.slow  # crawls up to 400 admin pages
@pytest.mark.parametrize("who", ["superuser", "bianji", "chushen"])
def test_the_admin_shows_no_english(client, admin_user, newsroom, who):
    users, story = newsroom
    user = admin_user if who == "superuser" else users[who]
    client.force_login(user)
    AccessLog.objects.filter(ip_address__isnull=True).delete()  # the test client's login, from no browser
    names = {user.username for user in (admin_user, *users.values())} | {
        site.hostname for site in Site.objects.all()
    }

    found, seen = crawl(client, seeds_for(story), names)

    assert len(seen) > 40
    assert_chinese(found)


def test_login_and_password_reset_are_chinese(client, admin_user):
    found = {}
    for url, data in (
        ("/admin/login/", None),
        ("/admin/login/", {"username": "admin", "password": "wrong"}),
        ("/admin/password_reset/", None),
        ("/admin/password_reset/", {"email": "nobody@example.com"}),
        ("/admin/password_reset/done/", None),
    ):
        response = client.post(url, data, follow=True) if data else client.get(url)
        for text in texts_of(response.content.decode()):
            if english_words(text, {"admin"}):
                found.setdefault(text, url)
    assert_chinese(found)


def test_form_errors_are_chinese(admin_client, newsroom):
    users, story = newsroom
    stories = story.get_parent()
    profiles = stories.get_siblings().get(slug="xianfeng")
    page_form = {
        "action-publish": "1",
        "title": "",
        "body": streamfield([]),
        "profile_links": inline_formset([]),
    }
    found = {}
    for url, data in (
        (reverse("wagtailadmin_pages:add", args=("stories", "storypage", stories.pk)), page_form),
        (
            reverse("wagtailadmin_pages:add", args=("stories", "profilepage", profiles.pk)),
            {**page_form, "year": "x"},
        ),
        (
            "/admin/snippets/lectures/session/add/",
            {"date": "x", "start": "25:00", "photos": inline_formset([])},
        ),
        ("/admin/snippets/stories/town/add/", {}),
        ("/admin/images/add/", {"title": "图"}),
        ("/admin/media/video/add/", {"title": "视频"}),
        ("/admin/documents/add/", {"title": "文档"}),
        ("/admin/users/new/", {"username": "", "email": "x", "password1": "a", "password2": "b"}),
        (reverse("honouree_import:upload"), {"sheet": SimpleUploadedFile("名单.xlsx", b"not a sheet")}),
        (reverse("lecture_import:upload"), {"sheet": SimpleUploadedFile("安排.csv", b"\xff\xfe\x00")}),
    ):
        nested = any(isinstance(value, dict) for value in data.values())
        response = admin_client.post(url, nested_form_data(data) if nested else data)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "error" in html, url
        for text in texts_of(html):
            if english_words(text, {"admin"}):
                found.setdefault(text, url)
    assert_chinese(found)


def test_headings_and_counts_read_as_chinese(admin_client, newsroom):
    users, story = newsroom
    html = admin_client.get(reverse("wagtailadmin_explore", args=(story.get_parent().pk,))).content.decode()
    assert "正在浏览：专栏" in html
    assert "页面共 3 项" in html
