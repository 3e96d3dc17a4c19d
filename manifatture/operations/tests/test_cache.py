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
