"""The rate limiter itself: the sliding window, Retry-After, who counts as one
client (behind our proxies), a failing cache, and the deployment check."""

import socket
import uuid

import pytest
from django.core import checks
from django.test import RequestFactory

from manifatture import ratelimit


def take(name="api", key="ip:10.0.0.1"):
    return ratelimit.take(name, key)


def test_allows_the_limit_then_refuses_until_retry_after(clock, limits):
    limits(api=(3, 60))
    assert [take().remaining for _ in range(3)] == [2, 1, 0]
    refused = take()
    assert not refused.allowed
    # The three requests at second 0 weigh 2/3 of the window at second 80: room for one.
    assert refused.retry_after == 80
    clock.advance(79)
    assert not take().allowed
    clock.advance(1)
    assert take().allowed
    assert not take().allowed


def test_refused_requests_do_not_count(clock, limits):
    """Hammering while refused neither helps nor pushes the wait further."""
    limits(api=(3, 60))
    for _ in range(3):
        take()
    waits = {take().retry_after for _ in range(50)}
    assert waits == {80}
    clock.advance(80)
    assert take().allowed


def test_another_client_is_not_affected(clock, limits):
    limits(api=(2, 60))
    take(), take()
    assert not take().allowed
    assert take(key="ip:10.0.0.2").allowed
    assert take(name="booking", key="ip:10.0.0.1").allowed


def test_the_window_slides_so_a_boundary_does_not_double_the_quota(clock, limits):
    limits(api=(3, 60))
    clock.advance(59)
    assert all(take().allowed for _ in range(3))
    clock.advance(1)  # a fixed window would start again from zero here
    refused = take()
    assert not refused.allowed
    assert refused.retry_after == 20


def test_the_count_resets_after_a_quiet_window(clock, limits):
    limits(api=(3, 60))
    for _ in range(3):
        take()
    clock.advance(120)
    assert take().remaining == 2


# Who is one client ------------------------------------------------------------------------


def request(remote="203.0.113.7", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_address(request(forwarded="198.51.100.1")) == "203.0.113.7"


def test_behind_our_proxy_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it received the request from.
    assert ratelimit.client_address(request("127.0.0.1", "198.51.100.1")) == "198.51.100.1"
    # Whatever the client wrote itself further left is ignored.
    spoofed = request("127.0.0.1", "10.9.9.9, 1.2.3.4, 198.51.100.1")
    assert ratelimit.client_address(spoofed) == "198.51.100.1"
    # Without the header (a request that reached the app directly): REMOTE_ADDR.
    assert ratelimit.client_address(request("127.0.0.1")) == "127.0.0.1"


def test_behind_two_proxies_the_first_ones_view_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    chain = request("127.0.0.1", "10.9.9.9, 198.51.100.1, 192.0.2.10")
    assert ratelimit.client_address(chain) == "198.51.100.1"


def test_ipv6_clients_count_by_their_64_block_and_mapped_ipv4_as_ipv4(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    one = ratelimit.client_address(request("2001:db8:1:2::a"))
    other = ratelimit.client_address(request("2001:db8:1:2:ffff::b"))
    assert one == other == "2001:db8:1:2::/64"
    assert ratelimit.client_address(request("::ffff:198.51.100.1")) == "198.51.100.1"


def test_posted_e_mail_is_counted_case_folded_and_empty_not_at_all():
    key = ratelimit.by_posted("email")
    factory = RequestFactory()
    assert key(factory.post("/", {"email": " Giulia@Esempio.IT "})) == "email:giulia@esempio.it"
    assert key(factory.post("/", {"email": ""})) is None


# The cache ------------------------------------------------------------------------------


def test_a_failing_cache_lets_requests_through(settings, limits, caplog):
    limits(api=(1, 60))
    # A Redis server that isn't there: nothing listens on this port.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "manifatture.operations.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    assert take().allowed and take().allowed
    assert "the cache failed" in caplog.text


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis server on 127.0.0.1:6379")
def test_counts_in_redis_shared_by_every_process(settings, clock, limits):
    """Production's cache: the counters of one client, whichever worker asks."""
    limits(api=(3, 60))
    settings.CACHES = {
        "default": {
            "BACKEND": "manifatture.operations.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            # Keys of this test only; they expire by themselves (two windows).
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    assert all(take().allowed for _ in range(3))
    refused = take()
    assert not refused.allowed
    assert 1 <= refused.retry_after <= 120


# The deployment check ---------------------------------------------------------------------


def cache_warnings() -> list[str]:
    messages = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.caches])
    return [message.id for message in messages]


def test_deploy_check_warns_about_a_per_process_cache_in_production(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "manifatture.W001" in cache_warnings()
    settings.CACHES = {
        "default": {
            "BACKEND": "manifatture.operations.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert "manifatture.W001" not in cache_warnings()
    settings.DEBUG = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "manifatture.W001" not in cache_warnings()
