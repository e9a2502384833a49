"""Chinese search at 10,000 pages, on SQLite and on PostgreSQL: recall, latency and index time.

For each database: migrate, load the demo, build the query set from the demo content
(tests/search_queries.py), publish SEARCH_PAGES generated column stories (default 10,000) whose
text is sentences of the source article, rebuild the whole index, then run every query through
/search/ in-process (Django's test client, production settings): a warm-up pass, then a timed one.
Recall is the share of queries whose page or session is among the results. It only prints.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
PAGES = int(os.environ.get("SEARCH_PAGES", "10000"))
ARTICLE = ROOT / "stories" / "demo_data" / "article.txt"


def sentences():
    text = ARTICLE.read_text(encoding="utf-8")
    return [sentence for sentence in re.split(r"(?<=[。！？])", text.replace("\n", "")) if len(sentence) > 8]


def add_stories(count):
    """Live column stories of six article sentences each, published (and indexed) one by one."""
    from django.db import transaction

    from wagtail.rich_text import RichText

    from stories.models import Column, StoryIndexPage, StoryPage

    rng = random.Random(6)
    pool = sentences()
    index = StoryIndexPage.objects.get()
    columns = list(Column.objects.all())
    with transaction.atomic():
        for n in range(count):
            picked = rng.sample(pool, 6)
            story = StoryPage(
                title=f"{picked[0][:14]}（{n}）",
                slug=f"bench-{n}",
                column=columns[n % len(columns)],
                summary=picked[1],
                body=[("paragraph", RichText("".join(f"<p>{sentence}</p>" for sentence in picked[2:])))],
            )
            index.add_child(instance=story)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure():
    """Runs in a child process whose environment names the database; prints one JSON line."""
    from django.core.management import call_command
    from django.test import Client

    from tests.search_queries import build_query_set, is_found

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    queries = build_query_set()

    started = time.perf_counter()
    add_stories(PAGES)
    publish_seconds = time.perf_counter() - started

    started = time.perf_counter()
    call_command("update_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    index_seconds = time.perf_counter() - started

    found = sum(is_found(query) for query in queries)
    client = Client(HTTP_HOST="127.0.0.1")
    timings = []
    for timed in (False, True):
        for query in queries:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query.query})
            if timed:
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"/search/?q={query.query} answered {response.status_code}")
    from wagtail.models import Page

    print(
        json.dumps(
            {
                "pages": Page.objects.live().count(),
                "queries": len(queries),
                "found": found,
                "publish_s": publish_seconds,
                "index_s": index_seconds,
                "p50_ms": statistics.median(timings),
                "p95_ms": percentile(timings, 0.95),
                "max_ms": max(timings),
            }
        )
    )


def run(database_url, tmp):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "HTTPS_ONLY": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": f"{tmp}/media",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "DEMO_SITE": "true",
        "DEMO_ADMIN_PASSWORD": "",
        "REDIS_URL": "",
    }
    child = subprocess.run(
        [sys.executable, __file__, "--measure"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode:
        sys.exit(f"search bench on {database_url} failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def postgres_database(url, name):
    """A fresh database called `name` on the server of `url`, dropped when the bench ends."""
    import psycopg

    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def drop_postgres_database(url):
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="also measure on this PostgreSQL server")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, str(ROOT))
        django.setup()
        return measure()

    results = {}
    with tempfile.TemporaryDirectory(prefix="tongdu-search-bench-") as tmp:
        results["SQLite"] = run(f"sqlite:///{tmp}/bench.sqlite3", tmp)
        if args.postgres:
            import psycopg

            try:
                database = postgres_database(args.postgres, "tongdu_search_bench")
            except psycopg.OperationalError as error:
                print(f"!!! SKIPPED PostgreSQL: {error}".strip(), file=sys.stderr)
            else:
                try:
                    results["PostgreSQL"] = run(database, tmp)
                finally:
                    drop_postgres_database(database)

    print(f"Search: nproc {len(os.sched_getaffinity(0))}; the demo plus {PAGES} generated column stories")
    print(
        f"{'database':<11} {'pages':>6} {'recall':>14} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
        f" {'publish s':>10} {'index s':>8}"
    )
    for name, result in results.items():
        recall = f"{result['found']}/{result['queries']} {result['found'] / result['queries']:.0%}"
        print(
            f"{name:<11} {result['pages']:>6} {recall:>14} {result['p50_ms']:>7.1f} {result['p95_ms']:>7.1f}"
            f" {result['max_ms']:>7.1f} {result['publish_s']:>10.1f} {result['index_s']:>8.1f}"
        )
    print(
        "(latency: a whole /search/ request in-process; publish: creating and indexing the pages one by one;"
        " index: update_index over the whole site)"
    )


if __name__ == "__main__":
    sys.exit(main())
