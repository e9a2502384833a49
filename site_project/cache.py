"""Redis as the cache, with the process's own memory standing in while Redis is away.

Django's RedisCache raises on every call when Redis cannot be reached, and Wagtail reads its site
root paths from the cache on every page: a Redis outage would be a site outage. Here a failed call
is logged (once per outage) and answered from a small in-process cache instead, so pages render,
sessions fall through to the database and rate limits keep counting (per process) until Redis is
back, when what was kept meanwhile is dropped. For a few seconds after a failure Redis is not asked
at all, so an outage costs no time. (Each process has its own stand-in: while Redis is away, a purge
in one process does not reach another's.) What a process changed meanwhile is older in Redis (a
session that ended, the pages' version before a purge): before the process reads Redis again it
deletes those keys there (all of them, after very many changes), so they are read from the database
or made anew.
"""

import inspect
import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# The methods that change entries, with their argument naming the key or keys.
CHANGES = {"add": "key", "set": "key", "touch": "key", "delete": "key", "incr": "key"}
CHANGES_MANY = {"set_many": "data", "delete_many": "keys"}
# More keys changed during an outage than this (or a clear()), and Redis is emptied once it is back.
MAX_CHANGED_KEPT = 10_000


def _falls_back(name):
    def method(self, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
                self._forget_changed_meanwhile()
                result = getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
            except RedisError as error:
                if not self._redis_down_until:
                    logger.error("Redis is unreachable (%s); caching in process memory meanwhile", error)
                self._redis_down_until = time.monotonic() + RETRY_AFTER_SECONDS
            else:
                if self._redis_down_until:
                    logger.warning("Redis is back")
                    self._redis_down_until = 0.0
                    self._stand_in.clear()
                return result
        if name in CHANGES or name in CHANGES_MANY or name == "clear":
            self._changed_meanwhile(name, args, kwargs)
        return getattr(self._stand_in, name)(*args, **kwargs)

    method.__name__ = name
    return method


class OneClientPerPool(RedisCacheClient):
    """Django makes a new redis-py client for every call, and making one (its table of reply
    parsers) costs more than the call itself on loopback; a client is safe to share between threads
    (each command takes a connection from the pool), so one is kept per pool."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if id(pool) not in self._clients:
            self._clients[id(pool)] = self._client(connection_pool=pool)
        return self._clients[id(pool)]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool
        self._redis_down_until = 0.0
        self._stand_in = LocMemCache(f"stand-in-for-{server}", {"OPTIONS": {"MAX_ENTRIES": 5000}})
        self._changed = set()  # Redis's keys of the entries changed in the stand-in; None: too many
        self._changed_lock = threading.Lock()

    @property
    def redis_away(self):
        """Whether Redis failed within the last few seconds, so the process's memory answers."""
        return time.monotonic() < self._redis_down_until

    def _changed_meanwhile(self, name, args, kwargs):
        arguments = inspect.signature(getattr(RedisCache, name)).bind(self, *args, **kwargs).arguments
        if name in CHANGES:
            keys = [arguments[CHANGES[name]]]
        else:  # set_many, delete_many or clear
            keys = list(arguments.get(CHANGES_MANY.get(name), ()))
        keys = {self.make_and_validate_key(key, version=arguments.get("version")) for key in keys}
        with self._changed_lock:
            if self._changed is not None:
                self._changed |= keys
                if name == "clear" or len(self._changed) > MAX_CHANGED_KEPT:
                    self._changed = None

    def _forget_changed_meanwhile(self):
        if self._changed == set():  # the common case, on every call: nothing changed, no lock
            return
        with self._changed_lock:  # no thread of the process reads Redis before they are gone
            if self._changed is None:
                self._cache.clear()
            elif self._changed:
                self._cache.delete_many(list(self._changed))
            self._changed = set()

    add = _falls_back("add")
    get = _falls_back("get")
    set = _falls_back("set")
    touch = _falls_back("touch")
    delete = _falls_back("delete")
    get_many = _falls_back("get_many")
    has_key = _falls_back("has_key")
    incr = _falls_back("incr")
    set_many = _falls_back("set_many")
    delete_many = _falls_back("delete_many")
    clear = _falls_back("clear")
