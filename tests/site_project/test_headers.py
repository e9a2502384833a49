"""Security headers on every kind of response: a strict CSP on the public site, the admin's own."""

import datetime

from django.template.loader import render_to_string

import pytest

from tests.factories import (
    EpisodePageFactory,
    LectureTeamPageFactory,
    ProfilePageFactory,
    SessionFactory,
    StoryPageFactory,
    TourPageFactory,
)


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def site(home_page):
    sections = {page.slug: page.specific for page in home_page.get_children()}
    profile = ProfilePageFactory(parent=sections["xianfeng"], tags=["党员"])
    story = StoryPageFactory(parent=sections["zhuanlan"])
    episode = EpisodePageFactory(parent=sections["shipin"])
    team = LectureTeamPageFactory(parent=sections["xuanjiang"], title="理论宣讲团")
    tour = TourPageFactory(parent=sections["xuanjiang"], teams=[team])
    session = SessionFactory(tour=tour, team=team, date=datetime.date(2026, 12, 3))
    return [
        "/",
        *(f"/{slug}/" for slug in sections),
        profile.url,
        story.url,
        "/zhuanlan/biaoqian/dang-yuan/",
        "/xianfeng/rongyubang/",
        episode.url,
        team.url,
        tour.url,
        f"{tour.url}{session.number}/",
        f"{tour.url}rili.ics",
        "/search/?q=党员",
        "/sitemap.xml",
        "/robots.txt",
        "/api/v2/pages/",
        "/no-such-page/",
    ]


def test_every_public_response_has_a_strict_policy_and_the_other_headers(client, site):
    for url in site:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        csp = policy(response)
        assert csp["script-src"] == ["'self'"], url
        assert csp["style-src"] == ["'self'"], url
        assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"], url
        assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"], url
        assert (
            "camera=()" in response["Permissions-Policy"]
            and "geolocation=()" in response["Permissions-Policy"]
        )
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url


def test_the_admin_has_its_own_policy_without_eval_or_foreign_sources(admin_client, site):
    for url in ("/admin/login/", "/admin/", "/admin/pages/", "/admin/images/"):
        csp = policy(admin_client.get(url))
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert "'unsafe-eval'" not in " ".join(sum(csp.values(), []))
        assert csp["frame-ancestors"] == ["'self'"] and csp["object-src"] == ["'none'"], url


def test_the_500_page_needs_no_inline_style():
    assert "<style" not in render_to_string("500.html") and "style=" not in render_to_string("500.html")
