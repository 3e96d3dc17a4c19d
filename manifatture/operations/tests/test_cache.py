"""The shared cache's backend (operations/cache.py): Django's Redis cache with
one redis-py client per connection pool, not one per operation."""

from manifatture.operations.cache import RedisCache


def test_every_operation_uses_the_same_client():
    # Nothing connects until a command is sent: no Redis server needed.
    cache = RedisCache("redis://127.0.0.1:6379/0", {})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b", write=True) is first
    assert first.connection_pool is cache._cache._get_connection_pool(write=True)


def test_each_server_keeps_its_own_client():
    cache = RedisCache("redis://127.0.0.1:6379/0,redis://127.0.0.1:6380/0", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client(write=False)  # the only other server
    assert writer is not reader
    assert reader.connection_pool.connection_kwargs["port"] == 6380
    assert cache._cache.get_client(write=False) is reader


def _redis_or_skip(url: str) -> RedisCache:
    import pytest
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    return RedisCache(url, {})


def test_the_rate_count_is_add_incr_and_get_in_one_round_trip():
    cache = _redis_or_skip("redis://127.0.0.1:6379/14")
    cache.clear()
    cache.set("previous", 7)
    assert cache.rate_count("current", "previous", timeout=30) == (1, 7)
    assert cache.rate_count("current", "previous", timeout=30) == (2, 7)
    assert cache.rate_count("other", "missing", timeout=30) == (1, 0)
    assert cache.get("current") == 2
    assert 0 < cache._cache.get_client().ttl(cache.make_key("current")) <= 30
    # A server that has forgotten the script (restarted, SCRIPT FLUSH) is sent it again.
    cache._cache.get_client(write=True).script_flush()
    assert cache.rate_count("current", "previous", timeout=30) == (3, 7)
    cache.clear()


def test_the_limiter_decides_the_same_on_redis_and_in_memory(settings):
    from django.core.cache import caches

    from manifatture import ratelimit

    _redis_or_skip("redis://127.0.0.1:6379/14")
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "probe": (3, 60)}
    decisions = {}
    for backend, location in (
        ("manifatture.operations.cache.RedisCache", "redis://127.0.0.1:6379/14"),
        ("django.core.cache.backends.locmem.LocMemCache", "probe"),
    ):
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location}}
        caches["default"].clear()
        decisions[backend] = [
            ratelimit.take("probe", "someone", now=1_000_000 + second)
            for second in (0, 1, 2, 3, 59, 61, 62, 65, 100, 130)
        ]
        caches["default"].clear()
    redis_decisions, memory_decisions = decisions.values()
    assert redis_decisions == memory_decisions
    assert [d.allowed for d in memory_decisions].count(False) >= 2
