"""The servers the bench loads: gunicorn serving the site, and nginx serving saved copies of its pages."""

import getpass
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# Two sync workers, no threads: how bakerydemo is served for the comparison. gunicorn 27 opens a
# control socket shared by every gunicorn of the user unless told not to.
GUNICORN_ARGS = ["--workers", "2", "--no-control-socket"]
NGINX_WORKERS = 2  # as many as gunicorn has


class Answer:
    def __init__(self, response):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()


def get(port, path, host=HOST):
    """The answer to one GET, redirects not followed."""
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path)
        return Answer(conn.getresponse())
    finally:
        conn.close()


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(process, port, path, name, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited with code {process.returncode}")
        try:
            return get(port, path)
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{name} did not answer within {timeout} s")


@contextmanager
def running(command, port, path, name, **popen):
    process = subprocess.Popen(command, **popen)
    try:
        wait_until_up(process, port, path, name)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def gunicorn(**env):
    """The site served by gunicorn on a free port, with these environment variables added."""
    port = free_port()
    command = [Path(sys.executable).parent / "gunicorn", "site_project.wsgi", "--bind", f"{HOST}:{port}"]
    command += [*GUNICORN_ARGS, "--log-level", "warning"]
    return running(command, port, "/", "gunicorn", cwd=ROOT, env={**os.environ, **env})


@contextmanager
def static_copies(bodies):
    """nginx serving each of `bodies` as it is, at /0, /1, …: yields the port."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        sys.exit("nginx is missing: `make system-deps` installs it")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="tongdu-bench-nginx-") as prefix:
        (Path(prefix) / "root").mkdir()
        for n, body in enumerate(bodies):
            (Path(prefix) / "root" / str(n)).write_bytes(body)
        # keepalive_timeout 0: a new connection for every request, as a sync gunicorn worker has.
        (Path(prefix) / "nginx.conf").write_text(
            f"""
            user {getpass.getuser()};
            worker_processes {NGINX_WORKERS};
            pid {prefix}/nginx.pid;
            error_log {prefix}/error.log warn;
            events {{ worker_connections 1024; }}
            http {{
                access_log off;
                client_body_temp_path {prefix}/body;
                proxy_temp_path {prefix}/proxy;
                fastcgi_temp_path {prefix}/fastcgi;
                uwsgi_temp_path {prefix}/uwsgi;
                scgi_temp_path {prefix}/scgi;
                keepalive_timeout 0;
                server {{
                    listen {HOST}:{port};
                    root {prefix}/root;
                    default_type text/html;
                }}
            }}
            """
        )
        command = [binary, "-p", prefix, "-e", f"{prefix}/error.log", "-c", f"{prefix}/nginx.conf"]
        with running([*command, "-g", "daemon off;"], port, "/0", "nginx"):
            yield port
