"""Every absolute URL the site writes names SITE_URL, whatever host a request comes in by: the demo
loaded with SITE_URL on port 8500, each page type, feed, the sitemap, the calendars and the API read
through 127.0.0.1:8000 (where the admin's base URL used to send them), every URL in them collected
from the parsed HTML, XML, JSON and iCalendar, and the QR codes decoded."""

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.test import Client

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from icalendar import Calendar
from PIL import Image, ImageDraw

from tests.conftest import load_demo

ORIGIN = "http://127.0.0.1:8500"
SITE = urlsplit(ORIGIN)
REQUEST_HOST = "127.0.0.1:8000"
# Where the pages link out of the site, and the names of schema.org's vocabulary in JSON-LD.
ELSEWHERE = {"beian.miit.gov.cn", "schema.org"}
URL = re.compile(r"\b(?:https?|webcal)://[^\s\"'<>]+")
TOUR = "/xuanjiang/bai-chang-xun-jiang/"
PAGES = {
    "home": "/",
    "先锋榜": "/xianfeng/?honour=youxiu-cun-shequ-shuji",
    "荣誉榜": "/xianfeng/rongyubang/",
    "profile": "/xianfeng/chen-zhi-gang/",
    "专栏": "/zhuanlan/",
    "column": "/zhuanlan/?column=sanji-zizhi",
    "tag": "/zhuanlan/biaoqian/cun-zhuang-li-shi-hui/",
    "story": "/zhuanlan/sanji-zizhi/",
    "视频": "/shipin/",
    "episode": "/shipin/di-1-ji/",
    "宣讲": "/xuanjiang/?town=mingshan-xiang",
    "team": "/xuanjiang/tongdu-xianfeng/",
    "tour": TOUR,
    "tour print": f"{TOUR}dayin/",
    "session": f"{TOUR}71/",
    "search": "/search/?q=%E5%85%88%E9%94%8B",  # 先锋
    "robots.txt": "/robots.txt",
}
FEEDS = [
    "/zhuanlan/rss/",
    "/zhuanlan/atom/",
    "/zhuanlan/rss/liangxue-yizuo/",
    "/zhuanlan/atom/liangxue-yizuo/",
    "/shipin/rss/",
    "/shipin/atom/",
    "/sitemap.xml",
]
# The page a page names as its own (canonical, og:url, the QR code), where it is another.
CANONICAL = {"tour print": TOUR, "404": "/"}
CALENDARS = [
    f"{TOUR}71.ics",
    f"{TOUR}rili.ics",
    "/xuanjiang/tongdu-xianfeng/rili.ics",
    "/xuanjiang/rili/mingshan-xiang.ics",
]
API = ["/api/v2/pages/?fields=*&limit=50", "/api/v2/images/?fields=*&limit=50"]


@pytest.fixture
def demo_on_port_8500(db, settings):
    """The demo as `PORT=8500 make run` loads it: SITE_URL and the URLs that default from it."""
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILAPI_BASE_URL = ORIGIN
    load_demo()
    return Client(HTTP_HOST=REQUEST_HOST)


def strings_in(value):
    """Every string inside a piece of JSON."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def qr_text(svg):
    """What a QR code drawn by segno (rows of strokes one module high) reads, through zxing."""
    path = svg.find("path")
    size = int(svg["width"]) // int(re.fullmatch(r"scale\((\d+)\)", path["transform"]).group(1))
    image = Image.new("L", (size * 8, size * 8), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, dx, dy in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path["d"]):
        if command == "M":
            x, y = float(dx), float(dy)
        elif command == "m":
            x, y = x + float(dx), y + float(dy)
        else:
            draw.rectangle([x * 8, int(y) * 8, (x + float(dx)) * 8 - 1, int(y) * 8 + 7], fill=0)
            x += float(dx)
    (barcode,) = zxingcpp.read_barcodes(image)
    return barcode.text


def urls_in_html(html):
    soup = BeautifulSoup(html, "html.parser")
    texts = []
    for script in soup.find_all("script", type="application/ld+json"):
        texts += strings_in(json.loads(script.string))
        script.decompose()
    for svg in soup.find_all("svg", class_="qr__code"):
        texts.append(qr_text(svg))
        svg.decompose()
    for element in soup.find_all(True):
        texts += [" ".join(value) if isinstance(value, list) else value for value in element.attrs.values()]
    texts += soup.find_all(string=True)
    return texts


def urls_in_xml(body):
    texts = []
    for element in ET.fromstring(body).iter():  # noqa: S314 - the site's own feeds and sitemap
        texts += [*element.attrib.values(), element.text or ""]
    return texts


def urls_in_calendar(body):
    return [
        str(value) for component in Calendar.from_ical(body).walk() for _, value in component.property_items()
    ]


def absolute_urls(response):
    """Every absolute URL in an answer, parsed by its type."""
    kind = response["Content-Type"].split(";")[0]
    body = response.content
    if kind == "text/html":
        texts = urls_in_html(body.decode())
    elif kind in ("application/rss+xml", "application/atom+xml", "application/xml"):
        texts = urls_in_xml(body)
    elif kind == "text/calendar":
        texts = urls_in_calendar(body)
    elif kind == "application/json":
        texts = strings_in(json.loads(body))
    else:
        texts = body.decode().splitlines()
    return {url.rstrip(".,;)") for text in texts for url in URL.findall(text)}


def names_the_site(url):
    parts = urlsplit(url)
    return parts.netloc == SITE.netloc and parts.scheme in (SITE.scheme, "webcal")


def misdirected(urls):
    """The URLs that name neither SITE_URL (webcal:// alike) nor a place out of the site."""
    return sorted(url for url in urls if not names_the_site(url) and urlsplit(url).hostname not in ELSEWHERE)


def read(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response


def api_details(listing):
    """The detail_url of one item of each type in an API listing."""
    return {item["meta"]["type"]: item["meta"]["detail_url"] for item in listing.json()["items"]}.values()


@pytest.mark.slow  # loads a demo of its own, on another port
def test_every_absolute_url_names_site_url_whatever_host_the_request_came_by(demo_on_port_8500):
    client = demo_on_port_8500
    answers = {name: read(client, path) for name, path in PAGES.items()}
    answers["404"] = read(client, "/no-such-page/", status=404)
    answers |= {path: read(client, path) for path in FEEDS + CALENDARS + API}
    for path in API:
        answers |= {url: read(client, urlsplit(url).path) for url in api_details(answers[path])}
    found = {where: absolute_urls(response) for where, response in answers.items()}

    assert {where: misdirected(urls) for where, urls in found.items() if misdirected(urls)} == {}
    # What the bar names, among them: canonical and og:url, og:image, JSON-LD's publisher logo, the
    # QR codes, feed links and enclosures, the sitemap's <loc>, webcal:// subscriptions, the API's links.
    for name in [*PAGES, "404"]:
        if name == "robots.txt":
            continue
        soup = BeautifulSoup(answers[name].content, "html.parser")
        own = ORIGIN + CANONICAL.get(name, PAGES.get(name)).split("?")[0]
        image = soup.find("meta", property="og:image")["content"]
        assert soup.find("link", rel="canonical")["href"].startswith(own), name
        assert soup.find("meta", property="og:url")["content"].startswith(own), name
        assert image.startswith(f"{ORIGIN}/media/images/"), name
    for name in ("story", "session", "tour print"):
        qr_code = BeautifulSoup(answers[name].content, "html.parser").find("svg", class_="qr__code")
        assert qr_text(qr_code) == ORIGIN + CANONICAL.get(name, PAGES[name])
    assert f"{ORIGIN}/static/img/favicon.svg" in found["story"]
    assert any(url.startswith(f"{ORIGIN}/media/media/") for url in found["/shipin/rss/"])
    assert f"{ORIGIN}{TOUR}71/" in found["/sitemap.xml"]
    assert f"webcal://127.0.0.1:8500{TOUR}rili.ics" in found["tour"]
    assert f"{ORIGIN}{TOUR}71/" in found[f"{TOUR}rili.ics"]
    assert f"{ORIGIN}/sitemap.xml" in found["robots.txt"]
    assert {f"{ORIGIN}{PAGES['profile']}", f"{ORIGIN}{PAGES['episode']}"} <= found[API[0]]  # html_url
    assert any(url.startswith(f"{ORIGIN}/api/v2/pages/") for url in found[API[0]])  # detail_url
    assert any(url.startswith(f"{ORIGIN}/api/v2/images/") for url in found[API[1]])
