"""deploy/ as the README's production section uses it: the systemd units, `.env.example`, a graceful
reload, and an upgrade from the previous release's database."""

import getpass
import json
import re
import shlex
import signal
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request
from pathlib import Path

from django.conf import settings

import pytest

from tests.site_project.conftest import free_port, production_env, server_database, wait_until_serving

BASE_DIR = Path(settings.BASE_DIR)
DEPLOY = BASE_DIR / "deploy"
UNITS = sorted([*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")])


def unit_here(unit):
    """The unit with this checkout for /srv/tongdu/app and this machine's user for `tongdu`."""
    user = getpass.getuser()
    text = unit.read_text().replace("/srv/tongdu/app", str(BASE_DIR))
    return re.sub(r"^(User|Group)=tongdu$", rf"\1={user}", text, flags=re.MULTILINE)


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_the_units_pass_systemd_analyze(unit, tmp_path):
    here = tmp_path / unit.name
    here.write_text(unit_here(unit))
    for other in UNITS:  # a timer names its service
        if other != unit:
            (tmp_path / other.name).write_text(unit_here(other))
    verified = subprocess.run(["systemd-analyze", "verify", str(here)], capture_output=True, text=True)
    assert verified.returncode == 0 and verified.stderr == "", verified.stderr


def settings_variables():
    """Every environment variable the settings modules read through django-environ."""
    names = set()
    for module in (BASE_DIR / "site_project" / "settings").glob("*.py"):
        names |= set(re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', module.read_text()))
    return names


def test_env_example_lists_every_variable_the_settings_read():
    listed = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (BASE_DIR / ".env.example").read_text(), re.MULTILINE)
    )
    variables = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MEDIA_STORAGE"} <= variables
    assert variables - listed == set()


def exec_line(unit, key):
    line = re.search(rf"^{key}=(.+)$", unit_here(DEPLOY / unit), re.MULTILINE).group(1)
    return shlex.split(line)


def worker_pids(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return set(map(int, children))


@pytest.mark.slow  # a gunicorn of its own on the server fixture's database
def test_reloading_the_web_unit_replaces_its_workers_without_a_failed_request(server, tmp_path):
    port = free_port()
    command = [
        part.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        for part in exec_line("tongdu-web.service", "ExecStart")
    ]
    assert exec_line("tongdu-web.service", "ExecReload") == ["/bin/kill", "-s", "HUP", "$MAINPID"]
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(command, env=server.env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        deadline = time.monotonic() + 30
        while len(before := worker_pids(process.pid)) < 5:
            assert time.monotonic() < deadline, "gunicorn did not start its five workers"
            time.sleep(0.2)
        urllib.request.urlopen(url + "/xianfeng/", timeout=120)  # its pictures drawn before the clock runs
        statuses, reading = [], threading.Event()
        reading.set()

        def read_all_along():
            while reading.is_set():
                try:  # a busy machine boots new workers slowly: only a refusal or reset fails
                    statuses.append(urllib.request.urlopen(url + "/xianfeng/", timeout=60).status)
                except OSError as error:
                    statuses.append(repr(error))

        reader = threading.Thread(target=read_all_along)
        reader.start()
        time.sleep(0.5)
        process.send_signal(signal.SIGHUP)  # what ExecReload sends
        deadline = time.monotonic() + 60
        while worker_pids(process.pid) & before or len(worker_pids(process.pid)) < 5:
            assert time.monotonic() < deadline, "the old workers were not replaced"
            time.sleep(0.2)
        time.sleep(0.5)
        reading.clear()
        reader.join()
        assert process.poll() is None
        assert len(statuses) > 10 and set(statuses) == {200}
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


PREVIOUS_RELEASE = (DEPLOY / "previous-release").read_text().split()[0]


def checkout_of(commit, folder):
    """The tree of a commit of this repository, as an operator's checkout of that release has it."""
    if subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=BASE_DIR).returncode != 0:
        shallow = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository"], cwd=BASE_DIR, capture_output=True, text=True
        ).stdout.strip()
        if shallow == "true":
            pytest.skip(f"a shallow clone lacks the previous release {commit}")
        pytest.fail(f"deploy/previous-release names {commit}, which this repository lacks")
    archive = folder.with_suffix(".tar")
    subprocess.run(["git", "archive", "--output", archive, commit], cwd=BASE_DIR, check=True)
    folder.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder


COUNT_ROWS = """
import json
from django.apps import apps
print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in APPS}))
"""
KEPT_APPS = ["wagtailcore", "wagtailimages", "home", "stories", "lectures", "auth", "taggit"]


@pytest.mark.slow  # the previous release loads its demo, this one migrates it
def test_the_previous_release_demo_site_migrates_to_this_release(tmp_path):
    previous = checkout_of(PREVIOUS_RELEASE, tmp_path / "previous")
    database_url, drop_database = server_database(tmp_path, "upgrade")
    env = production_env(tmp_path, database_url, free_port())

    def manage(code, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            env=env,
            cwd=code,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def rows(code):
        printed = manage(code, "shell", "-c", f"APPS = {KEPT_APPS!r}" + COUNT_ROWS)
        return json.loads(printed.splitlines()[-1])

    try:
        manage(previous, "migrate", "--noinput")
        manage(previous, "load_demo")
        before = rows(previous)
        # The README's upgrade steps that touch the database, with this release's code.
        manage(BASE_DIR, "migrate", "--noinput")
        manage(BASE_DIR, "migrate", "--check")
        manage(BASE_DIR, "check", "--database", "default")
        after = rows(BASE_DIR)
        assert before["wagtailcore.Page"] > 20 and before["lectures.Session"] > 100
        # Nothing lost on the way; new models bring their permissions.
        assert after.pop("auth.Permission") >= before.pop("auth.Permission")
        assert {label: after[label] for label in before} == before
        if "lectures.TeamGroup" not in before:  # the groups moved off the team pages (lectures 0007)
            assert after["lectures.TeamGroup"] == before["lectures.LectureTeamPage"]
    finally:
        drop_database()
