"""The database or Redis going away under the production server (issue 16, items 4 and 5): gunicorn
as `make run` starts it, with the full-page cache on, reaching PostgreSQL and Redis through TCP
proxies that a test cuts and restores. Readers get cached pages, or a Chinese 503 that says to wait,
never a 500; the site comes back by itself; a Redis cut in the middle of a load costs no request;
/readyz says the database is down while it is.

PostgreSQL + Redis pass only: the SQLite pass has neither a database server nor Redis to lose."""

import contextlib
import json
import os
import re
import socket
import struct
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.site_project.conftest import ADMIN_PASSWORD, free_port, get, serving
from tests.site_project.test_production_server import signed_in

pytestmark = [
    pytest.mark.slow,  # a production server of its own, migrated and loaded with the demo
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"),
        reason="outages of PostgreSQL and Redis: only on the PostgreSQL + Redis pass (DATABASE_URL, REDIS_URL)",
    ),
]

DEFAULT_PORTS = {"postgres": 5432, "postgresql": 5432, "redis": 6379}
READYZ_CHECKS = ("database", "cache", "media", "migrations", "worker")


class TcpProxy:
    """Forwards 127.0.0.1:port to a server. refuse() resets every connection through it and refuses
    new ones, as a server that went down; restore() accepts again, on the same port."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.port = free_port()
        self.accepted = 0  # connections made through it, ever
        self._lock = threading.Lock()
        self._listener = None
        self._sockets = set()
        self.restore()

    def restore(self):
        with self._lock:
            if self._listener is None:
                self._listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR
                threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def refuse(self):
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._sockets = self._sockets, set()
        if listener is not None:
            _close(listener)
        for sock in sockets:
            _reset(sock)

    def close(self):
        self.refuse()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # refuse() closed it
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                if self._listener is not listener:  # cut meanwhile
                    _reset(client), _reset(upstream)
                    continue
                self._sockets |= {client, upstream}
                self.accepted += 1
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        with self._lock:  # one end closed: close the other, unless refuse() has reset both
            ours = {source, sink} <= self._sockets
            self._sockets -= {source, sink}
        if ours:
            _close(source), _close(sink)


def _close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked on it
    sock.close()


def _reset(sock):
    """Closes with a TCP reset, as a crashed server's host answers."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)  # wakes the pump reading it, sends nothing
    sock.close()


def through(proxy, url):
    """url, with the proxy's address for its host and port."""
    parts = urllib.parse.urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@127.0.0.1:{proxy.port}" if credentials else f"127.0.0.1:{proxy.port}"
    return parts._replace(netloc=netloc).geturl()


class Site:
    def __init__(self, server, log, database, redis):
        self.url, self.log, self.database, self.redis = server.url, log, database, redis


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("outages")
    proxies = {}

    def through_proxies(env):
        for name in ("DATABASE_URL", "REDIS_URL"):
            parts = urllib.parse.urlsplit(env[name])
            proxies[name] = TcpProxy(parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme])
            env[name] = through(proxies[name], env[name])
        env["PAGE_CACHE_SECONDS"] = "600"
        env["CONN_MAX_AGE"] = "60"  # connections kept between requests, which an outage breaks

    try:
        with serving(tmp_path, name="outages", adjust_env=through_proxies) as server:
            yield Site(server, tmp_path / "server.log", proxies["DATABASE_URL"], proxies["REDIS_URL"])
    finally:
        for proxy in proxies.values():
            proxy.close()


def a_profile(site):
    """The address of a profile on 先锋榜."""
    html = get(site.url + "/xianfeng/").read().decode()
    return re.search(r'href="(/xianfeng/(?!rongyubang/)[^"?#/]+/)"', html).group(1)


def cached(site, path):
    """Asks for path until it comes from the page cache (Age is set on a cached page only)."""
    for _ in range(3):
        response = get(site.url + path)
        assert response.status == 200, path
        if response.headers["Age"] is not None:
            return
    pytest.fail(f"{path} is not kept in the page cache")


def assert_the_chinese_503(response, path):
    assert response.status == 503, path
    assert response.headers["Retry-After"] == "30", path
    html = response.read().decode()
    assert "网站正在恢复" in html and "请稍等片刻后刷新重试" in html, path
    assert "Connection refused" not in html and "psycopg" not in html, path


def test_the_database_refusing_connections_leaves_cached_pages_a_chinese_503_and_recovers(site):
    warm = ["/", a_profile(site)]
    for path in warm:
        cached(site, path)
    for _ in range(12):  # never cached: the workers open connections, which they keep
        assert get(site.url + "/admin/login/").status == 200

    site.database.refuse()
    try:
        for _ in range(6):  # three workers, four threads each: several of them answer
            for path in warm:
                response = get(site.url + path)
                assert response.status == 200, path
                assert response.headers["Age"] is not None, path  # from Redis, not rendered
            for path in ["/xuanjiang/", "/admin/login/"]:
                assert_the_chinese_503(get(site.url + path), path)
    finally:
        site.database.restore()

    statuses = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        statuses.append(get(site.url + "/xuanjiang/").status)
        if statuses[-1] == 200:
            break
        time.sleep(0.5)
    assert statuses[-1] == 200 and set(statuses) <= {200, 503}, statuses
    for _ in range(12):  # never cached: a worker's own connection answers each time
        assert get(site.url + "/admin/login/").status == 200


def test_redis_stopped_in_the_middle_of_a_load_costs_no_request(site):
    paths = ["/", "/xianfeng/", "/zhuanlan/", "/shipin/", a_profile(site)]
    for path in paths:  # rendered once, images and all: the load reads them as readers do
        cached(site, path)
    opener, dashboard = signed_in(site.url, "admin", ADMIN_PASSWORD)
    assert dashboard.url == site.url + "/admin/"
    connections_before = site.redis.accepted
    start = time.monotonic()
    stop = start + 10
    results = []  # (seconds since start, path, status or error)

    def reader(offset):
        n = offset
        while time.monotonic() < stop:
            path = paths[n % len(paths)]
            n += 1
            began = time.monotonic() - start
            try:
                with get(site.url + path) as response:
                    response.read()
                    results.append((began, path, response.status))
            except OSError as error:
                results.append((began, path, repr(error)))

    def signed_in_still():
        response = opener.open(site.url + "/admin/")
        return response.url == site.url + "/admin/" and "/admin/logout/" in response.read().decode()

    with ThreadPoolExecutor(6) as pool:
        readers = [pool.submit(reader, offset) for offset in range(6)]
        time.sleep(3)
        site.redis.refuse()
        cut_at = time.monotonic() - start
        try:
            time.sleep(1.5)
            assert signed_in_still(), "the login made before Redis stopped was lost"
            time.sleep(max(0, 7 - (time.monotonic() - start)))
        finally:
            site.redis.restore()
        restored_at = time.monotonic() - start
        for future in readers:
            future.result()

    failed = [result for result in results if result[2] != 200]
    assert not failed, failed[:20]
    during = [result for result in results if cut_at + 0.5 < result[0] < restored_at]
    after = [result for result in results if result[0] > restored_at + 1]
    assert len(during) >= 20 and len(after) >= 10, (len(during), len(after))
    assert signed_in_still()
    assert site.redis.accepted > connections_before  # the server went back to Redis
    log = site.log.read_text()
    assert "Redis is unreachable" in log and "Redis is back" in log
    assert not re.search(r'HTTP/1\.[01]" 500 ', log)  # gunicorn's access log: no 500, ever


def test_a_logout_while_redis_is_away_holds_once_redis_is_back(site):
    opener, _ = signed_in(site.url, "admin", ADMIN_PASSWORD)
    jar = next(h.cookiejar for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor))
    cookies = {cookie.name: cookie.value for cookie in jar}
    session = cookies["sessionid"]

    def admits(session):
        response = get(site.url + "/admin/", Cookie=f"sessionid={session}")
        return response.status == 200 and response.url == site.url + "/admin/"

    assert admits(session)
    log_before = len(site.log.read_text())

    site.redis.refuse()
    try:
        for _ in range(6):  # the workers find Redis away
            get(site.url + "/")
        logout = urllib.request.Request(
            site.url + "/admin/logout/", data=b"", headers={"X-CSRFToken": cookies["csrftoken"]}
        )
        assert opener.open(logout).url.startswith(site.url + "/admin/login/")
        assert not admits(session)
    finally:
        site.redis.restore()

    # A worker asks Redis again 5 s after it found it away, at its next request. Until the one that
    # ended the session has, another may still read the session from Redis; then none does.
    deadline = time.monotonic() + 30
    while not every_worker_is_back(site, log_before):
        assert time.monotonic() < deadline, "the workers did not go back to Redis"
        get(site.url + "/")
        time.sleep(0.1)
    for _ in range(12):
        assert not admits(session), "the session ended while Redis was away came back with Redis"


def every_worker_is_back(site, log_offset):
    """Whether every web worker that found Redis away (in the server's log since log_offset) uses it
    again."""
    lines = [line for line in site.log.read_text()[log_offset:].splitlines() if " web.1 " in line]
    away = sum("Redis is unreachable" in line for line in lines)
    return away > 0 and sum("Redis is back" in line for line in lines) == away


def readiness(site):
    with get(site.url + "/readyz") as response:
        return response.status, json.loads(response.read())


def test_readyz_names_the_database_down_while_it_refuses_and_is_up_again_after(site):
    assert readiness(site) == (200, {"status": "up", "checks": dict.fromkeys(READYZ_CHECKS, "up")})

    site.database.refuse()
    try:
        for _ in range(6):  # several of the server's workers answer
            status, body = readiness(site)
            assert status == 503 and body["down"] == ["database"], body
    finally:
        site.database.restore()

    deadline = time.monotonic() + 10
    while readiness(site)[0] != 200:
        assert time.monotonic() < deadline, "/readyz did not come back"
        time.sleep(0.5)
