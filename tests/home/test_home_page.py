import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import HomePage
from tests.factories import LectureTeamPageFactory, SessionFactory, TourPageFactory, figures


def test_home_page_shows_hero_and_figures(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert "铜都先锋" in html
    assert "选树身边的先锋。" in html
    assert re.search(r"3921</span><span class=\"figure__unit\">名</span>", html)
    assert "5120" in html and "3658" in html


def test_hero_image_has_modern_formats_and_dimensions(client, home_page):
    html = client.get("/").content.decode()
    assert re.search(r'<source [^>]*type="image/avif"', html)
    assert re.search(r'<source [^>]*type="image/webp"', html)
    img = re.search(r"<img [^>]*>", html[html.index('class="hero"') :]).group(0)
    assert 'width="' in img and 'height="' in img


def test_every_page_carries_sharing_metadata(client, home_page):
    for path in ["/", "/xianfeng/", "/search/?q=先锋"]:
        html = client.get(path).content.decode()
        for tag in [
            "<title>",
            '<meta name="description" content="',
            '<link rel="canonical" href="http://localhost/',
            '<meta property="og:title"',
            '<meta property="og:description"',
            '<meta property="og:url" content="http://localhost/',
            '<meta property="og:image" content="http://localhost/media/',
        ]:
            assert tag in html, (path, tag)


def test_description_falls_back_to_site_settings(client, home_page):
    html = client.get("/xianfeng/").content.decode()
    assert '<meta name="description" content="大冶市“铜都先锋”网站。">' in html


def test_empty_sections_show_nothing(client, home_page):
    html = client.get("/").content.decode()
    assert "home-section" not in html


def test_the_lecture_section_lists_the_next_sessions_once_there_are_any(client, home_page):
    index = home_page.get_children().get(slug="xuanjiang").specific
    team = LectureTeamPageFactory(parent=index)
    tour = TourPageFactory(parent=index, teams=[team])
    soon = timezone.localdate() + datetime.timedelta(days=2)
    SessionFactory(tour=tour, team=team, date=soon, topic="学党章守规矩")
    SessionFactory(tour=tour, team=team, date=soon - datetime.timedelta(days=5), topic="已经讲过的")

    html = client.get("/").content.decode()

    assert 'id="section-xuanjiang"' in html
    assert "学党章守规矩" in html
    assert "已经讲过的" not in html


def test_empty_figures_hide_the_figures_section(client, home_page):
    HomePage.objects.update(figures=[])
    assert 'class="figures"' not in client.get("/").content.decode()


def test_home_page_query_count_does_not_grow_with_figures(client, home_page):
    def count():
        client.get("/")  # renditions are created on the first request
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    few = count()
    home_page.figures = figures([(n, "名", f"数字{n}") for n in range(12)])
    home_page.save_revision().publish()
    assert count() == few
