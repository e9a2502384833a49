"""No input from outside makes a 500: malformed paths, query strings, headers and form bodies sent to
every public URL pattern, the API with every parameter it takes, the calendars and the search.

Bounded in examples (FUZZ_EXAMPLES, 150 a test by default) so that it runs in `make test` on both
databases; each test prints how many requests it sent.
"""

import datetime
import os
from urllib.parse import quote, urlencode

from django.test import Client

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    EpisodePageFactory,
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    StoryPageFactory,
    TourPageFactory,
)

pytestmark = pytest.mark.slow  # 1,050 requests

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 150))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same inputs on every run, so a failure can be run again
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text as a hostile client sends it: Chinese, symbols, control characters and NUL, huge numbers.
hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "1e9", "99999999999999999999", "%00", "\x00", "../../etc/passwd", "<script>", "' OR 1=1 --", "党员", "２０２６", "null", "[]", "{}"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)  # fmt: skip
API_PARAMETERS = [
    "type", "fields", "limit", "offset", "order", "search", "search_operator", "child_of", "ancestor_of",
    "descendant_of", "translation_of", "locale", "site", "id", "slug", "title", "html_path", "show_in_menus",
    "first_published_at", "tags", "width", "height", "collection_id", "date", "year", "number",
    "rich_text_format", "honour", "town", "tour", "team", "kind", "state", "date_from", "date_to",
]  # fmt: skip
PAGE_PARAMETERS = [
    "honour",
    "year",
    "town",
    "tag",
    "column",
    "page",
    "team",
    "kind",
    "state",
    "month",
    "q",
    "type",
    "tour",
]


@pytest.fixture
def site(home_page):
    sections = {page.slug: page.specific for page in home_page.get_children()}
    profile = ProfilePageFactory(parent=sections["xianfeng"], tags=["党员"])
    story = StoryPageFactory(parent=sections["zhuanlan"], tags=["党员"])
    episode = EpisodePageFactory(parent=sections["shipin"])
    team = LectureTeamPageFactory(parent=sections["xuanjiang"], title="理论宣讲团")
    tour = TourPageFactory(parent=sections["xuanjiang"], teams=[team])
    SessionFactory(tour=tour, team=team, number=1, date=datetime.date(2026, 12, 3))
    return {
        "pages": [
            "/",
            *(f"/{slug}/" for slug in sections),
            profile.url,
            story.url,
            episode.url,
            team.url,
            tour.url,
            "/xianfeng/rongyubang/",
            "/zhuanlan/biaoqian/dang-yuan/",
            f"{tour.url}dayin/",
            f"{tour.url}1/",
            "/search/",
        ],
        "routes": [
            f"{tour.url}{{}}/",
            f"{tour.url}{{}}.ics",
            "/xuanjiang/rili/{}.ics",
            "/xianfeng/rongyubang/{}/",
            "/zhuanlan/biaoqian/{}/",
            "/api/v2/pages/{}/",
            "/api/v2/images/{}/",
            "/api/v2/sessions/{}/",
            "/{}/",
            "/xianfeng/{}/",
        ],
        "feeds": [f"{tour.url}rili.ics", f"{team.url}rili.ics", "/sitemap.xml", "/robots.txt"],
    }


class Fuzzer:
    """Sends requests and keeps every one that answered 5xx."""

    def __init__(self):
        self.client = Client(raise_request_exception=False)
        self.sent = 0
        self.failures = []

    def send(self, method, url, **extra):
        self.sent += 1
        response = getattr(self.client, method)(url, **extra)
        if response.status_code >= 500:
            self.failures.append((method, url, extra, response.status_code))
        return response

    def report(self, name):
        print(f"\nfuzz {name}: {self.sent} requests, {len(self.failures)} answered 5xx")
        assert not self.failures, self.failures[:10]


@pytest.fixture
def fuzzer():
    return Fuzzer()


def test_public_pages_with_hostile_query_strings(site, fuzzer):
    @FUZZ
    @given(
        url=st.sampled_from(site["pages"] + site["feeds"]),
        query=st.dictionaries(st.sampled_from(PAGE_PARAMETERS), hostile_text, max_size=4),
    )
    def check(url, query):
        fuzzer.send("get", f"{url}?{urlencode(query)}")

    check()
    fuzzer.report("pages")


def test_routes_with_hostile_path_segments(site, fuzzer):
    @FUZZ
    @given(route=st.sampled_from(site["routes"]), segment=hostile_text)
    def check(route, segment):
        fuzzer.send("get", route.format(quote(segment, safe="")))

    check()
    fuzzer.report("routes")


def test_the_api_with_every_parameter_it_takes(site, fuzzer):
    @FUZZ
    @given(
        endpoint=st.sampled_from(
            [
                *("/api/v2/pages/", "/api/v2/images/", "/api/v2/sessions/"),
                *("/api/v2/pages/find/", "/api/v2/images/find/", "/api/v2/sessions/find/"),
            ]
        ),
        query=st.dictionaries(st.sampled_from(API_PARAMETERS), hostile_text, max_size=4),
    )
    def check(endpoint, query):
        fuzzer.send("get", f"{endpoint}?{urlencode(query)}")

    check()
    fuzzer.report("api")


def test_the_search_with_hostile_words(site, fuzzer):
    @FUZZ
    @given(q=hostile_text, kind=hostile_text, page=hostile_text)
    def check(q, kind, page):
        fuzzer.send("get", "/search/?" + urlencode({"q": q, "type": kind, "page": page}))
        fuzzer.send("get", "/api/v2/pages/?" + urlencode({"search": q}))
        fuzzer.send("get", "/api/v2/sessions/?" + urlencode({"search": q}))

    check()
    fuzzer.report("search")


def test_hostile_headers_and_form_bodies(site, fuzzer):
    headers = st.fixed_dictionaries(
        {},
        optional={
            "HTTP_ACCEPT_LANGUAGE": hostile_text,
            "HTTP_RANGE": hostile_text.map(lambda text: f"bytes={text}"),
            "HTTP_IF_NONE_MATCH": hostile_text,
            "HTTP_IF_MODIFIED_SINCE": hostile_text,
            "HTTP_X_FORWARDED_FOR": hostile_text,
            "HTTP_COOKIE": hostile_text.map(lambda text: f"sessionid={quote(text)}"),
        },
    )

    @FUZZ
    @given(
        url=st.sampled_from(site["pages"] + site["feeds"] + ["/admin/login/", "/admin/password_reset/"]),
        extra=headers,
        body=st.dictionaries(
            st.sampled_from(["username", "password", "email", "q", "csrfmiddlewaretoken"]),
            hostile_text,
            max_size=3,
        ),
    )
    def check(url, extra, body):
        fuzzer.send("get", url, **extra)
        fuzzer.send("post", url, data=body, **extra)

    check()
    fuzzer.report("headers and bodies")
