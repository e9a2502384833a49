import re

from django.test import RequestFactory, override_settings
from django.views.defaults import server_error

from tests.conftest import SECTION_PATHS


def test_header_links_every_section_and_the_search(client, home_page):
    html = client.get("/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    for path in SECTION_PATHS:
        assert f'href="{path}"' in nav
    assert 'action="/search/"' in html
    assert "跳到正文" in html


def test_current_section_is_marked(client, home_page):
    html = client.get("/xianfeng/").content.decode()
    assert '<a href="/xianfeng/" aria-current="page">先锋榜</a>' in html


def test_footer_links_the_icp_number_to_the_miit_site(client, home_page):
    html = client.get("/").content.decode()
    assert (
        '<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">鄂ICP备00000000号-1</a>' in html
    )
    assert "主办：中共大冶市委宣传部" in html
    assert 'href="tel:07148888888"' in html


def test_sections_render_a_helpful_empty_state(client, home_page):
    for path in SECTION_PATHS:
        response = client.get(path)
        assert response.status_code == 200
        assert "敬请关注" in response.content.decode()


def test_404_is_chinese(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面没有找到" in response.content.decode()


@override_settings(DEBUG=False)
def test_500_is_chinese_and_needs_no_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务暂时出错" in response.content.decode()


def test_robots_and_sitemap(client, home_page):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://localhost/sitemap.xml" in robots.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for path in ["/", *SECTION_PATHS]:
        assert f"<loc>http://localhost{path}</loc>" in sitemap


def test_api_lists_live_pages(client, home_page):
    data = client.get("/api/v2/pages/").json()
    titles = {item["title"] for item in data["items"]}
    assert {"首页", "先锋榜", "专栏", "《先锋》", "宣讲"} <= titles


def test_admin_is_in_chinese(admin_client, home_page):
    html = admin_client.get("/admin/").content.decode()
    assert 'lang="zh-hans"' in html
    assert "控制面板" in html


def test_admin_login_page_is_in_chinese(client, db):
    html = client.get("/admin/login/").content.decode()
    assert "<title>登录 - 铜都先锋 管理后台</title>" in html
    assert "密码" in html and "Password" not in html
