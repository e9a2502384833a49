"""The site served as `make run` serves it: gunicorn with the production settings and the worker
beside it (the Procfile, through honcho).

On the PostgreSQL pass the server gets its own PostgreSQL database and Redis for cache and
sessions, as a deployment has.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

import environ
import psycopg
import pytest

ADMIN_PASSWORD = "server-test-pass-42"


class Server(NamedTuple):
    url: str
    port: int
    media_root: Path
    static_root: Path
    env: dict  # the server's environment, for manage.py commands against its database
    log: Path  # what honcho prints: the web server's and the worker's output, a process name before each line


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_database(tmp_path, name="server"):
    """A database of the server's own: SQLite in tmp_path, or a fresh PostgreSQL database named after
    DATABASE_URL's and `name` (two checkouts' suites on one server do not share it)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'server.sqlite3'}", lambda: None
    db = environ.Env.db_url_config(url)
    admin = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    server_db = f"{db['NAME']}_{name}"

    def recreate(drop_only=False):
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {server_db} WITH (FORCE)")
            if not drop_only:
                conn.execute(f"CREATE DATABASE {server_db}")

    recreate()
    return url.rsplit("/", 1)[0] + f"/{server_db}", lambda: recreate(drop_only=True)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("server")) as served:
        yield served


@contextlib.contextmanager
def serving(tmp_path, name="server", adjust_env=None):
    """The server of the `server` fixture, on the database `name`, its log in tmp_path; adjust_env(env),
    when given, changes its environment first (test_outages.py puts proxies before its database and
    Redis)."""
    database_url, drop_database = server_database(tmp_path, name)
    port = free_port()
    env = production_env(tmp_path, database_url, port)
    if adjust_env:
        adjust_env(env)

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR, check=True)

    manage("migrate", "--noinput", "-v0")
    if "TEST_STATIC_ROOT" not in os.environ:
        manage("collectstatic", "--noinput", "-v0")
    manage("load_demo")
    # The demo's index updates, queued: run before the server starts, since the worker purges the
    # pages once it has run them, which would drop what a test had just had cached.
    manage("worker", "--batch")
    # What `make run` starts: the Procfile's web server and worker, through honcho.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    log_path = tmp_path / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "honcho", "start", "--port", str(port)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, process)
        yield Server(base_url, port, Path(env["MEDIA_ROOT"]), Path(env["STATIC_ROOT"]), env, log_path)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        drop_database()


def production_env(tmp_path, database_url, port):
    """The environment `make run` serves with, on database_url, its media and cache in tmp_path."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_project.settings.production",
        HTTPS_ONLY="false",
        SECRET_KEY="server-test-secret-" + "k" * 40,
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        CACHE_DIR=str(tmp_path / "cache"),
        # Collected already by `make test` (as by `make run`), or collected here.
        STATIC_ROOT=os.environ.get("TEST_STATIC_ROOT") or str(tmp_path / "static"),
        DEMO_ADMIN_PASSWORD=ADMIN_PASSWORD,
        # As `make run`: a demo site, whose admin logs in on its password.
        DEMO_SITE="true",
        DEMO_SKIP_TWO_FACTOR="true",
        SITE_URL=f"http://127.0.0.1:{port}",  # as `PORT=… make run`
    )
    return env


def wait_until_serving(base_url, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            urllib.request.urlopen(base_url + "/robots.txt", timeout=5)
            return
        except OSError:  # refused while booting, or a timeout while workers start
            time.sleep(0.5)
    pytest.fail(f"the server did not answer within {seconds} s")


def get(url, **headers):
    """GET with urllib; an HTTP error status is returned like any other response."""
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as error:
        return error
