"""Serves the site the production way on a throw-away database and prints what each page costs.

wrk measures requests/s and latency against gunicorn; Django's test client counts the SQL queries
of one request on the same database. It only prints, and fails only when a page does not answer 200.
BENCH_DURATION sets the seconds of each wrk run (default 5). The demo content is topped up with
BENCH_PROFILES generated profiles (default 1,000), so 先锋榜 is measured at the size of a few years'
commendations, and a second tour of BENCH_SESSIONS sessions (default 2,000) is measured beside the
demo's 105: its page and its calendar feed must cost the same number of queries.
"""

import argparse
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PAGES = [
    "/",
    "/xianfeng/",
    "/xianfeng/?honour=youxiu-cun-shequ-shuji&town=mingshan-xiang",
    "/xianfeng/rongyubang/2026/",
    "/xianfeng/chen-zhi-gang/",
    "/zhuanlan/",
    "/zhuanlan/sanji-zizhi/",
    "/zhuanlan/biaoqian/cun-zhuang-li-shi-hui/",
    "/shipin/",
    "/xuanjiang/",
    "/xuanjiang/?town=mingshan-xiang&kind=xuexiao",
    "/xuanjiang/bai-chang-xun-jiang/",
    "/xuanjiang/bai-chang-xun-jiang/rili.ics",
    "/xuanjiang/bai-chang-xun-jiang/71/",
    "/xuanjiang/bench/",
    "/xuanjiang/bench/rili.ics",
    "/search/?q=%E5%85%88%E9%94%8B",  # 先锋
]
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
PROFILES = int(os.environ.get("BENCH_PROFILES", "1000"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "2000"))
WRK_ARGS = ["-t2", "-c16", "--timeout", "10s"]
GUNICORN_ARGS = ["--workers", "2", "--threads", "4"]
MS_PER_UNIT = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}


class Run(NamedTuple):
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    problems: list[str]


class StylesheetFinder(HTMLParser):
    href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet" and self.href is None:
            self.href = attrs["href"]


def bench_env(tmp, redis_url):
    return {
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "HTTPS_ONLY": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        "MEDIA_ROOT": f"{tmp}/media",
        "ALLOWED_HOSTS": HOST,
        "DEMO_SITE": "true",  # the demo's content is what is measured
        # Empty rather than unset, so that a developer's .env cannot fill them in.
        "DEMO_ADMIN_PASSWORD": "",
        "REDIS_URL": redis_url,
    }


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port, path):
    """Status and body, without following redirects."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def wait_until_up(server, port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with code {server.returncode}")
        try:
            get(port, "/")
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer within {timeout} s")


def stylesheet_path(html):
    finder = StylesheetFinder()
    finder.feed(html)
    if finder.href is None:
        sys.exit('No <link rel="stylesheet"> on /')
    return finder.href


def latency_ms(output, percentile):
    found = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    if found is None:  # no request completed in time
        return float("nan")
    value, unit = found.groups()
    return float(value) * MS_PER_UNIT[unit]


def wrk(url):
    subprocess.run(["wrk", *WRK_ARGS, "-d1s", url], check=True, stdout=subprocess.DEVNULL)
    output = subprocess.run(
        ["wrk", *WRK_ARGS, f"-d{DURATION}s", "--latency", url], check=True, capture_output=True, text=True
    ).stdout
    problems = re.findall(r"^\s*(Non-2xx or 3xx responses: \d+|Socket errors: .*)$", output, re.MULTILINE)
    if "Latency Distribution" not in output:
        problems.append(f"no latency figures: {output.strip()[-200:]}")
    return Run(
        float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        latency_ms(output, "50%"),
        latency_ms(output, "99%"),
        problems,
    )


def add_profiles(count):
    """Live profiles spread over the categories, towns, years and tags, sharing the demo portraits."""
    from stories.models import HonourCategory, ProfileIndexPage, ProfilePage, Town

    index = ProfileIndexPage.objects.get()
    portraits = [profile.portrait for profile in ProfilePage.objects.select_related("portrait")]
    honours, towns = list(HonourCategory.objects.all()), list(Town.objects.all())
    for n in range(count):
        profile = ProfilePage(
            title=f"先锋{n:04d}",
            slug=f"bench-{n}",
            honour=honours[n % len(honours)],
            year=2020 + n % 7,
            town=towns[n % len(towns)],
            unit="杨桥村",
            micro_story="牵头成立村庄理事会，三年调处邻里纠纷四十余起。" * 2,
            portrait=portraits[n % len(portraits)],
        )
        profile.tags.add(f"标签{n % 30}")
        index.add_child(instance=profile)
    connection.close()


def add_tour(count):
    """A live tour at /xuanjiang/bench/ of `count` sessions, copies of the demo tour's round the year."""
    import datetime

    from lectures.models import LectureIndexPage, Session, TourPage

    demo = TourPage.objects.get(slug="bai-chang-xun-jiang")
    start = datetime.date(2026, 1, 5)
    tour = TourPage(
        title="压力测试巡讲",
        slug="bench",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=count // 4 + 7),
    )
    tour.teams = list(demo.teams.all())
    LectureIndexPage.objects.get().add_child(instance=tour)
    models = list(demo.sessions.prefetch_related("speakers"))
    sessions = Session.objects.bulk_create(
        Session(
            tour=tour,
            number=n + 1,
            date=start + datetime.timedelta(days=n // 4),
            **{field: getattr(model, field) for field in COPIED_SESSION_FIELDS},
        )
        for n, model in ((n, models[n % len(models)]) for n in range(count))
    )
    Session.speakers.through.objects.bulk_create(
        Session.speakers.through(session_id=session.pk, speaker_id=speaker.pk)
        for n, session in enumerate(sessions)
        for speaker in models[n % len(models)].speakers.all()
    )
    connection.close()


COPIED_SESSION_FIELDS = (
    "start",
    "end",
    "team_id",
    "topic",
    "town_id",
    "venue",
    "venue_kind",
    "notes",
    "state",
)


def count_queries(paths):
    """Queries of each path's second request: the first fills the caches a running worker has warm."""
    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    counts = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[path] = len(queries)
    connection.close()
    return counts


def print_report(paths, statuses, runs, queries):
    static_rps = runs[paths[-1]].requests_per_second
    width = max(len(path) for path in paths)
    print(
        f"nproc {len(os.sched_getaffinity(0))}; demo content plus {PROFILES} generated profiles"
        f" and a tour of {SESSIONS} sessions at /xuanjiang/bench/"
    )
    print(f"gunicorn {' '.join(GUNICORN_ARGS)}")
    print(f"wrk {' '.join(WRK_ARGS)} -d{DURATION}s --latency, each after a 1 s warm-up run")
    print()
    print(f"{'path':<{width}}  status    req/s   p50 ms   p99 ms  SQL/req  of static")
    for path in paths:
        run = runs[path]
        print(
            f"{path:<{width}}  {statuses[path]:>6}  {run.requests_per_second:>7.1f}  {run.p50_ms:>7.2f}"
            f"  {run.p99_ms:>7.2f}  {queries[path]:>7}  {run.requests_per_second / (static_rps or float('nan')):>8.1%}"
        )
    print("(the last line is the static file: the ceiling)")
    for path in paths:
        for problem in runs[path].problems:
            print(f"!!! wrk {path}: {problem}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", metavar="URL", default="", help="cache in this Redis, not in each process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tongdu-bench-") as tmp:
        os.environ.update(bench_env(tmp, args.redis))
        manage("migrate", "--noinput", "-v0")
        manage("collectstatic", "--noinput", "-v0")
        manage("load_demo")
        sys.path.insert(0, str(ROOT))
        django.setup()
        add_profiles(PROFILES)
        add_tour(SESSIONS)
        port = free_port()
        server = subprocess.Popen(
            [
                VENV_BIN / "gunicorn",
                "site_project.wsgi",
                "--bind",
                f"{HOST}:{port}",
                *GUNICORN_ARGS,
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
        )
        try:
            wait_until_up(server, port)
            paths = [*PAGES, stylesheet_path(get(port, "/")[1])]
            statuses = {path: get(port, path)[0] for path in paths}
            for path, status in statuses.items():
                if status != 200:
                    print(f"!!! {path} answered {status}, not 200", file=sys.stderr)
            runs = {path: wrk(f"http://{HOST}:{port}{path}") for path in paths}
        finally:
            server.terminate()
            server.wait()
        queries = count_queries(paths)
    print_report(paths, statuses, runs, queries)
    return 0 if all(status == 200 for status in statuses.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
