"""Serves the site the production way on a throw-away database and prints what each page costs.

Each pass loads the demo into a fresh database and serves it with gunicorn, two sync workers and no
threads (the way bakerydemo is served, so that the two compare). Per page it prints:

- uncached (PAGE_CACHE_SECONDS=0): requests/s and p50/p99 latency from wrk -t2 -c16, and the SQL
  queries of the page's second request, counted in-process with Django's test client;
- cached (PAGE_CACHE_SECONDS=600, every page requested first): requests/s and latency, and the
  static ceiling: the same HTML saved and served by a throw-away nginx with as many workers, both
  measured without keep-alive (a sync gunicorn worker closes every connection);

then 64 connections for BENCH_SURGE_SECONDS over all the pages in turn, against the uncached server
and the cached one: requests, requests/s, p50/p99, non-2xx answers and socket errors.

The first pass runs on SQLite with the cache in files (as `make run` has it); with --postgres
URL a second pass runs on a fresh database of that URL's name (dropped and created on its server,
dropped at the end) with the cache in --redis URL (a Redis database of its own: it is flushed).

With --compare URL (a bakerydemo already served on this machine, see shared/measure/bakerydemo.md),
the SQLite pass also measures pairs of comparable pages, ours (uncached: bakerydemo has no page
cache) and theirs in turn for BENCH_ROUNDS rounds, and prints the median requests/s of each and
their ratio. --compare-pages ours=theirs,... replaces the default pairs.

It only prints, and fails only when a page does not answer 200. Environment:
BENCH_DURATION   seconds of each per-page wrk run (default 5), each after a 1 s warm-up run
BENCH_SURGE_SECONDS  seconds of the 64-connection runs (default 60)
BENCH_ROUNDS     rounds of the comparison with bakerydemo (default 4)
BENCH_PROFILES   generated profiles added to the demo's (default 1,000), so that 先锋榜 is
                 measured at the size of a few years' commendations
BENCH_SESSIONS   sessions of a second tour, /xuanjiang/bench/ (default 2,000), measured beside
                 the demo's 105: its page and its calendar feed must cost the same number of queries
"""

import argparse
import ipaddress
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from urllib.parse import urlsplit

from servers import GUNICORN_ARGS, HOST, NGINX_WORKERS, ROOT, get, gunicorn, static_copies
from wrk import NO_KEEP_ALIVE, command_line, wrk

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
# Ours and bakerydemo's: home, indexes, a page of one (profile, story, episode, tour, session) and search.
COMPARED = (
    "/=/,/xianfeng/=/blog/,/zhuanlan/=/breads/,/xuanjiang/=/blog/,"
    "/xianfeng/chen-zhi-gang/=/blog/icelandic-baking/,/zhuanlan/sanji-zizhi/=/breads/anadama-bread/,"
    "/shipin/di-1-ji/=/blog/icelandic-baking/,/xuanjiang/bai-chang-xun-jiang/=/breads/anadama-bread/,"
    "/xuanjiang/bai-chang-xun-jiang/71/=/breads/anadama-bread/,"
    "/search/?q=%E5%85%88%E9%94%8B=/search/?q=bread"
)
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
SURGE_SECONDS = int(os.environ.get("BENCH_SURGE_SECONDS", "60"))
SURGE_CONNECTIONS = 64
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
PROFILES = int(os.environ.get("BENCH_PROFILES", "1000"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "2000"))
CACHED_SECONDS = 600


class StylesheetFinder(HTMLParser):
    href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet" and self.href is None:
            self.href = attrs["href"]


def stylesheet_path(html):
    finder = StylesheetFinder()
    finder.feed(html)
    if finder.href is None:
        sys.exit('No <link rel="stylesheet"> on /')
    return finder.href


def progress(message):
    print(f"... {message}", file=sys.stderr, flush=True)


# The demo, topped up.


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def add_profiles(count):
    """Live profiles spread over the categories, towns, years and tags, sharing the demo portraits."""
    from django.db import connection

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


def add_tour(count):
    """A live tour at /xuanjiang/bench/ of `count` sessions, copies of the demo tour's round the year."""
    import datetime

    from django.db import connection

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


def count_queries(paths):
    """Queries of each path's second request: the first fills the caches a running worker has warm."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    counts = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[path] = len(queries)
    connection.close()
    return counts


# Measuring.


def statuses_of(port, paths, server):
    statuses = {path: get(port, path).status for path in paths}
    for path, status in statuses.items():
        if status != 200:
            print(f"!!! {server} {path} answered {status}, not 200", file=sys.stderr)
    return statuses


def surge(port):
    progress(f"{SURGE_CONNECTIONS} connections for {SURGE_SECONDS} s")
    return wrk(f"http://{HOST}:{port}/", SURGE_SECONDS, SURGE_CONNECTIONS, paths=PAGES, warm_up=0)


def compared_pairs(text):
    """'ours=theirs,...' into pairs; a pair splits at the first '=' before a '/'."""
    pairs = []
    for pair in text.split(","):
        found = re.fullmatch(r"(/.*?)=(/.*)", pair.strip())
        if found is None:
            sys.exit(f"--compare-pages: {pair!r} is not ours=theirs, both paths starting with /")
        pairs.append(found.groups())
    return pairs


def compare(port, base_url, pairs):
    """Median requests/s of ours and theirs over ROUNDS rounds of ours, theirs, ours, theirs…"""
    theirs = urlsplit(base_url)
    results, failed = [], False
    for our_path, their_path in pairs:
        statuses = (get(port, our_path).status, get(theirs.port or 80, their_path, theirs.hostname).status)
        if statuses != (200, 200):
            print(
                f"!!! compared {our_path} answered {statuses[0]}, {their_path} {statuses[1]}", file=sys.stderr
            )
            failed = True
            continue
        progress(f"compare {our_path} with {their_path}")
        urls = (f"http://{HOST}:{port}{our_path}", base_url.rstrip("/") + their_path)
        rounds = [[], []]
        for n in range(ROUNDS):
            for side, url in enumerate(urls):
                rounds[side].append(wrk(url, DURATION, warm_up=1 if n == 0 else 0).requests_per_second)
        results.append((our_path, their_path, statistics.median(rounds[0]), statistics.median(rounds[1])))
    return results, failed


def row(run):
    return f"{run.requests_per_second:>7.1f}  {run.p50_ms:>7.2f}  {run.p99_ms:>7.2f}"


def ratio(run, reference):
    return (
        run.requests_per_second / reference.requests_per_second
        if reference.requests_per_second
        else float("nan")
    )


class Figures:
    """What one pass measured, gathered for print_report()."""

    def __init__(self):
        self.problems = []

    def measured(self, name, run):
        self.problems.extend(f"wrk {name}: {problem}" for problem in run.problems())
        return run


def measure_uncached(figures, args):
    with gunicorn(PAGE_CACHE_SECONDS="0") as port:
        figures.paths = paths = [*PAGES, stylesheet_path(get(port, "/").body.decode())]
        figures.statuses = statuses_of(port, paths, "uncached")
        progress(f"uncached, {len(paths)} paths")
        figures.uncached = {
            path: figures.measured(f"uncached {path}", wrk(f"http://{HOST}:{port}{path}", DURATION))
            for path in paths
        }
        figures.uncached_surge = figures.measured("uncached, 64 connections", surge(port))
        figures.compared, figures.compare_failed = (
            compare(port, args.compare, compared_pairs(args.compare_pages)) if args.compare else ([], False)
        )
    figures.queries = count_queries(paths)


def measure_cached(figures):
    paths = figures.paths
    with gunicorn(PAGE_CACHE_SECONDS=str(CACHED_SECONDS)) as port:
        figures.cached_statuses = statuses_of(port, paths, "cached")
        figures.answers = {path: get(port, path) for path in paths}  # the second request: from the cache
        progress(f"cached and static, {len(paths)} paths")
        figures.cached, figures.static = {}, {}
        with static_copies([answer.body for answer in figures.answers.values()]) as static_port:
            for n, path in enumerate(paths):
                url = f"http://{HOST}:{port}{path}"
                figures.cached[path] = figures.measured(
                    f"cached {path}", wrk(url, DURATION, headers=NO_KEEP_ALIVE)
                )
                url = f"http://{HOST}:{static_port}/{n}"
                figures.static[path] = figures.measured(
                    f"static {path}", wrk(url, DURATION, headers=NO_KEEP_ALIVE)
                )
        figures.cached_surge = figures.measured("cached, 64 connections", surge(port))


def print_report(label, figures, compare_url):
    print(f"=== {label} ===")
    print(
        f"nproc {len(os.sched_getaffinity(0))}; demo content plus {PROFILES} generated profiles"
        f" and a tour of {SESSIONS} sessions at /xuanjiang/bench/"
    )
    print(f"gunicorn {' '.join(GUNICORN_ARGS)}: 2 sync workers, no threads, as bakerydemo is served")
    print(
        f"uncached: PAGE_CACHE_SECONDS=0; {command_line(DURATION)}, after a 1 s warm-up; SQL: of the second request"
    )
    print(
        f"cached: PAGE_CACHE_SECONDS={CACHED_SECONDS}, each page requested twice before;"
        f" {command_line(DURATION, headers=NO_KEEP_ALIVE)}, after a 1 s warm-up;"
        f" hit: the second request came from the page cache (an Age header)"
    )
    print(
        f"static: that page's HTML, saved, from nginx ({NGINX_WORKERS} workers, keepalive_timeout 0), the same wrk"
    )
    print()
    width = max(len(path) for path in figures.paths)
    print(f"{'':<{width}}  {'':>6}  {'':>4}  {' uncached ':-^25}  {' cached ':-^30}  {' static ':-^16}")
    print(f"{'path':<{width}}  status   SQL{'    req/s   p50 ms   p99 ms' * 2}  hit    req/s    ratio")
    for path in figures.paths:
        hot, ceiling = figures.cached[path], figures.static[path]
        status = str(figures.statuses[path])
        if figures.cached_statuses[path] != figures.statuses[path]:
            status += f"/{figures.cached_statuses[path]}"
        hit = "yes" if "Age" in figures.answers[path].headers else "no"
        print(
            f"{path:<{width}}  {status:>6}  {figures.queries[path]:>4}  {row(figures.uncached[path])}  {row(hot)}"
            f"  {hit:>3}  {ceiling.requests_per_second:>7.1f}  {ratio(hot, ceiling):>7.1%}"
        )
    print(
        "(ratio: cached req/s of static; the last line is the stylesheet, which WhiteNoise serves before the page cache)"
    )
    print()
    print(
        f"{SURGE_CONNECTIONS} connections: {command_line(SURGE_SECONDS, SURGE_CONNECTIONS)}"
        f" over the {len(PAGES)} pages above in turn"
    )
    print(
        "server    requests    req/s   p50 ms   p99 ms  non-2xx  socket errors (connect read write timeout)"
    )
    for name, run in (("uncached", figures.uncached_surge), ("cached", figures.cached_surge)):
        errors = " ".join(str(count) for count in run.socket_errors)
        print(
            f"{name:<8}  {run.requests:>8}  {run.requests_per_second:>7.1f}  {run.p50_ms:>7.1f}  {run.p99_ms:>7.1f}"
            f"  {run.non2xx:>7}  {sum(run.socket_errors):>4} ({errors})"
        )
    if figures.compared:
        print()
        print(
            f"Against bakerydemo at {compare_url}: {ROUNDS} rounds of {command_line(DURATION)}, ours (uncached)"
            " then theirs; medians of the rounds"
        )
        ours_width = max(len(pair[0]) for pair in figures.compared)
        theirs_width = max(len(pair[1]) for pair in figures.compared)
        print(f"{'ours':<{ours_width}}  {'theirs':<{theirs_width}}  ours req/s  theirs req/s  ours/theirs")
        for our_path, their_path, ours, theirs in figures.compared:
            print(
                f"{our_path:<{ours_width}}  {their_path:<{theirs_width}}  {ours:>10.1f}  {theirs:>12.1f}"
                f"  {ours / theirs:>11.2f}"
            )
    for problem in figures.problems:
        print(f"!!! {problem}")
    print(flush=True)


def measure(args):
    """One pass, in a process of its own: its environment names the database and the cache."""
    import django

    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("load_demo")
    sys.path.insert(0, str(ROOT))
    django.setup()
    add_profiles(PROFILES)
    add_tour(SESSIONS)
    figures = Figures()
    measure_uncached(figures, args)
    measure_cached(figures)
    print_report(args.label, figures, args.compare)
    answered = all(
        status == 200 for status in [*figures.statuses.values(), *figures.cached_statuses.values()]
    )
    return 0 if answered and not figures.compare_failed else 1


# The passes.


def bench_env(folder, database_url, redis_url):
    return {
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "HTTPS_ONLY": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": f"{folder}/media",
        "STATIC_ROOT": f"{folder}/static",
        "CACHE_DIR": f"{folder}/cache",  # used when REDIS_URL is empty
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}",  # each server has a port of its own; the links' cost is the same
        "DEMO_SITE": "true",  # the demo's content is what is measured
        # Empty rather than unset, so that a developer's .env cannot fill them in.
        "DEMO_ADMIN_PASSWORD": "",
        "REDIS_URL": redis_url,
        "PAGE_CACHE_SECONDS": "0",  # for the queries counted in-process; each server sets its own
    }


def run_pass(label, folder, database_url, redis_url="", compare_args=()):
    progress(label)
    os.makedirs(folder)
    child = subprocess.run(
        [sys.executable, __file__, "--pass", label, *compare_args],
        env={**os.environ, **bench_env(folder, database_url, redis_url)},
        check=False,
    )
    return child.returncode


def postgres_pass(tmp, database_url, redis_url):
    import psycopg
    import redis
    from search import drop_postgres_database, postgres_database

    if redis_url:
        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=3).flushdb()
        except redis.RedisError as error:
            print(f"!!! SKIPPED PostgreSQL + Redis: Redis at {redis_url}: {error}", file=sys.stderr)
            return 0
    try:
        database = postgres_database(database_url, database_url.rsplit("/", 1)[1])
    except psycopg.OperationalError as error:
        print(f"!!! SKIPPED PostgreSQL: {error}".strip(), file=sys.stderr)
        return 0
    label = "PostgreSQL, cache in Redis" if redis_url else "PostgreSQL, cache in files"
    try:
        return run_pass(label, f"{tmp}/postgres", database, redis_url)
    finally:
        drop_postgres_database(database)
        if redis_url:
            redis.Redis.from_url(redis_url).flushdb()


def loopback(url):
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", metavar="URL", help="a second pass on a fresh database of this URL's name"
    )
    parser.add_argument(
        "--redis", metavar="URL", default="", help="the cache of the PostgreSQL pass (flushed)"
    )
    parser.add_argument(
        "--compare", metavar="URL", help="a bakerydemo served on this machine, to compare with"
    )
    parser.add_argument(
        "--compare-pages", metavar="OURS=THEIRS,...", default=COMPARED, help="the pairs compared"
    )
    parser.add_argument("--pass", dest="label", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compare and not loopback(args.compare):
        parser.error("--compare: only a server on this machine (loopback) is loaded")
    compared_pairs(args.compare_pages)
    if args.label:
        return measure(args)
    if args.redis and not args.postgres:
        parser.error("--redis is the cache of the PostgreSQL pass: give --postgres too")

    compare_args = ["--compare", args.compare, "--compare-pages", args.compare_pages] if args.compare else []
    with tempfile.TemporaryDirectory(prefix="tongdu-bench-") as tmp:
        codes = [
            run_pass(
                "SQLite, cache in files",
                f"{tmp}/sqlite",
                f"sqlite:///{tmp}/sqlite/bench.sqlite3",
                "",
                compare_args,
            )
        ]
        if args.postgres:
            codes.append(postgres_pass(tmp, args.postgres, args.redis))
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
