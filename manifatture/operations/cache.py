"""The shared cache's backend (config/settings.py: CACHE_URL or REDIS_URL):
Django's Redis cache, keeping one redis-py client per connection pool.

Django's client makes a new `redis.Redis` for every cache operation, and each
one builds its table of some 200 response callbacks: a booking request (its
session, the rate limiter's four operations) spent about a tenth of its CPU
there. A `redis.Redis` is safe to share between threads (each command takes a
connection from the pool), so one per pool serves every operation."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.utils.functional import cached_property


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # Two threads may both make one at first: either serves.
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    @cached_property
    def _cache(self) -> SharedClientRedisCacheClient:
        return SharedClientRedisCacheClient(self._servers, **self._options)
