"""Redis as the cache, with the process's own memory standing in while Redis is away.

Django's RedisCache raises on every call when Redis cannot be reached, and Wagtail reads its site
root paths from the cache on every page: a Redis outage would be a site outage. Here a failed call
is logged (once per outage) and answered from a small in-process cache instead, so pages render,
sessions fall through to the database and rate limits keep counting (per process) until Redis is
back, when what was kept meanwhile is dropped. For a few seconds after a failure Redis is not asked
at all, so an outage costs no time. (Each process has its own stand-in: while Redis is away, a purge
in one process does not reach another's.)
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def _falls_back(name):
    def method(self, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
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
        return getattr(self._stand_in, name)(*args, **kwargs)

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._redis_down_until = 0.0
        self._stand_in = LocMemCache(f"stand-in-for-{server}", {"OPTIONS": {"MAX_ENTRIES": 5000}})

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
