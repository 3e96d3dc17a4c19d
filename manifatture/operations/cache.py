"""The shared cache's backend (config/settings.py: CACHE_URL or REDIS_URL):
Django's Redis cache, keeping one redis-py client per connection pool.

Django's client makes a new `redis.Redis` for every cache operation, and each
one builds its table of some 200 response callbacks: a booking request (its
session, the rate limiter's four operations) spent about a tenth of its CPU
there. A `redis.Redis` is safe to share between threads (each command takes a
connection from the pool), so one per pool serves every operation.

`rate_count` is the rate limiter's counting (manifatture/ratelimit.py) in one
command, a script Redis keeps by its hash: Django's `add`, `incr` and `get`
took four round trips, and a pipeline of the three cost redis-py half as much
again as one command (measured on a booking: 0.11 against 0.07 ms of CPU)."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.utils.functional import cached_property
from redis.commands.core import Script

# Add one to the counter KEYS[1] (made at 0, living ARGV[1] seconds, if there is
# none) and read the counter KEYS[2]: as `add`, `incr` and `get` would.
RATE_COUNT = """
redis.call('SET', KEYS[1], 0, 'EX', ARGV[1], 'NX')
return {redis.call('INCR', KEYS[1]), redis.call('GET', KEYS[2])}
"""


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

    @cached_property
    def rate_count_script(self) -> Script:
        # On the one client of the server written to. Sent by its hash
        # (EVALSHA); redis-py loads it again where the server has forgotten it
        # (a restart, SCRIPT FLUSH).
        return self.get_client(write=True).register_script(RATE_COUNT)


class RedisCache(DjangoRedisCache):
    @cached_property
    def _cache(self) -> SharedClientRedisCacheClient:
        return SharedClientRedisCacheClient(self._servers, **self._options)

    def rate_count(self, key: str, other_key: str, *, timeout: int) -> tuple[int, int]:
        """Add one to the counter `key` (made, with `timeout` seconds to live, if
        there is none) and read the counter `other_key` (0 if none): one round
        trip, as `add`, `incr` and `get` would do them."""
        current, other = self._cache.rate_count_script(
            keys=[self.make_and_validate_key(key), self.make_and_validate_key(other_key)],
            args=[timeout],
        )
        return int(current), (self._cache._serializer.loads(other) if other is not None else 0)
