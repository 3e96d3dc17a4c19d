import time

import pytest


class Clock:
    """The wall clock, stopped, moved by hand: `clock.advance(60)`."""

    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    # Midnight UTC of a day to come: a window boundary for every limit (60 s,
    # 300 s, 3600 s ...). The cache's own expiry reads the same clock.
    clock = Clock((int(time.time()) // 86400 + 1) * 86400)
    monkeypatch.setattr(time, "time", clock)
    return clock


@pytest.fixture
def limits(settings):
    """Set some rate limits for one test: `limits(booking=(3, 60))`."""

    def set_limits(**values: tuple[int, int]) -> None:
        settings.RATE_LIMITS = {
            **settings.RATE_LIMITS,
            **{name.replace("_", "-"): value for name, value in values.items()},
        }

    return set_limits
