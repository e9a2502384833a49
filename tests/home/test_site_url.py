"""SITE_URL is the public origin: every migrate moves the default Site (设置 › 站点) to it, the admin
shows its address without letting it be changed, and a value no Site can name is a check error."""

import subprocess

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from home.checks import site_url_is_an_origin, site_url_is_https_behind_https
from home.roles import SYSTEM_ADMINS

OTHER_ORIGIN = "http://127.0.0.1:8500"


def test_migrate_moves_the_default_site_to_site_url(client, home_page, settings):
    """What `PORT=8500 make run` does to a site first served on 8000: its pages' URLs follow."""
    settings.SITE_URL = OTHER_ORIGIN
    call_command("migrate", verbosity=0, interactive=False)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8500, OTHER_ORIGIN)
    assert site.root_page_id == home_page.pk
    assert f'<link rel="canonical" href="{OTHER_ORIGIN}/">' in client.get("/").content.decode()
    assert f"<loc>{OTHER_ORIGIN}/xianfeng/</loc>" in client.get("/sitemap.xml").content.decode()


def test_the_admin_shows_the_sites_address_and_keeps_it(client, home_page, django_user_model):
    """A system admin renames the site; its host and port are SITE_URL's, whatever the form sends."""
    admin = django_user_model.objects.create_user("xitong", "xitong@daye.gov.cn", "x")
    admin.groups.add(Group.objects.get(name=SYSTEM_ADMINS))
    client.force_login(admin)
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/sites/edit/{site.pk}/"

    html = client.get(url).content.decode()
    assert "网站的公开地址 http://localhost 由部署设置 <code>SITE_URL</code> 决定" in html
    for name, value in (("hostname", "localhost"), ("port", "80")):
        field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": name})
        assert field["value"] == value and field.has_attr("disabled")

    form = {
        "hostname": "admin.example.cn",
        "port": "8443",
        "site_name": "大冶铜都先锋",
        "root_page": home_page.pk,
    }
    response = client.post(url, form)
    assert response.status_code == 302
    site.refresh_from_db()
    assert (site.hostname, site.port, site.site_name, site.is_default_site) == (
        "localhost",
        80,
        "大冶铜都先锋",
        True,
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("127.0.0.1:8500", "does not begin with http:// or https://"),
        ("ftp://www.example.cn", "does not begin with http:// or https://"),
        ("https://", "names no host"),
        ("https://www.example.cn/tongdu", "holds more than a scheme, a host and a port"),
        ("https://www.example.cn?from=wechat", "holds more than a scheme, a host and a port"),
        ("https://editor:secret@www.example.cn", "holds more than a scheme, a host and a port"),
        ("http://127.0.0.1:80000", "its port is not a number from 0 to 65535"),
        ("https://www.example.cn:8443", "https on port 443 only"),
        ("http://www.example.cn:443", "https on port 443 only"),
    ],
)
def test_a_site_url_that_is_no_origin_is_a_check_error(settings, value, problem):
    settings.SITE_URL = value
    (error,) = site_url_is_an_origin(None)
    assert error.id == "home.E004"
    assert problem in error.msg


@pytest.mark.parametrize("value", ["http://127.0.0.1:8500", "https://www.example.cn", "http://localhost"])
def test_an_origin_passes(settings, value):
    settings.SITE_URL, settings.ALLOWED_HOSTS = value, ["127.0.0.1", "www.example.cn", "localhost"]
    assert site_url_is_an_origin(None) == []


def test_a_site_url_whose_host_is_not_allowed_is_a_warning(settings):
    settings.SITE_URL, settings.ALLOWED_HOSTS = "https://www.example.cn", ["127.0.0.1", "localhost"]
    (warning,) = site_url_is_an_origin(None)
    assert warning.id == "home.W002"


def test_plain_http_links_from_a_site_that_redirects_to_https_are_a_deployment_warning(settings):
    settings.SITE_URL, settings.SECURE_SSL_REDIRECT = "http://www.example.cn", True
    (warning,) = site_url_is_https_behind_https(None)
    assert warning.id == "home.W003"
    settings.SITE_URL = "https://www.example.cn"
    assert site_url_is_https_behind_https(None) == []


@pytest.mark.parametrize(
    ("port", "site_url"), [(None, "http://127.0.0.1:8000"), ("8500", "http://127.0.0.1:8500")]
)
def test_make_run_sets_site_url_from_the_port(port, site_url):
    command = ["make", "--no-print-directory", "-n", "run", *([f"PORT={port}"] if port else [])]
    printed = subprocess.run(
        command, cwd=django_settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    serving = [
        line for line in printed.stdout.splitlines() if "manage.py migrate" in line or "honcho start" in line
    ]
    assert len(serving) == 2 and all(f"SITE_URL={site_url} " in line for line in serving)
