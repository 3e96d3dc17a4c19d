"""The load generator of `make bench-booking`: the same for every system
measured (ours, the framework floor, pretix).

* Open loop: visitors arrive at a set rate (evenly spaced, whatever the
  server answers: a slow server does not slow the arrivals, so its queue
  shows in the latencies instead of hiding in the generator); each visitor
  is already logged in (a person logs in before the opening, not during it),
  books up to their limit one slot after the other, pausing between steps
  (uniformly 0 to twice `pause_ms`), and leaves.
* Closed loop: `visitors` at once, each booking as soon as answered (the
  saturation throughput; the latency is then the queue, visitors ÷ rate).

It speaks HTTP/1.1 from one asyncio loop, a new connection per request (so
the kernel spreads them over the server's workers), and keeps each visitor's
cookies. The caller pins the process to a core the server does not use
(`pin_to_generator_core`): the generator's CPU is not taken from the server
it measures.

A journey is an async function (client, visitor index, rng) -> None that
records its steps with `client.record`."""

import asyncio
import math
import os
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

HOST = "127.0.0.1"
# An open loop gives up on an answer after this long (an error); a closed
# loop waits longer, since its latency is the queue of its own visitors.
REQUEST_TIMEOUT = float(os.environ.get("BENCH_REQUEST_TIMEOUT", "10"))
CLOSED_TIMEOUT = float(os.environ.get("BENCH_CLOSED_TIMEOUT", "120"))

# The machine has two cores: the server measured gets core 0, the generator
# (and the SMTP sink) core 1. PostgreSQL is the machine's, on either core.
SERVER_CORE = int(os.environ.get("BENCH_SERVER_CORE", "0"))
GENERATOR_CORE = int(os.environ.get("BENCH_GENERATOR_CORE", "1"))


def pin_to_generator_core() -> str:
    if (os.cpu_count() or 1) < 2:
        return "one core only: generator and server share it"
    os.sched_setaffinity(0, {GENERATOR_CORE})
    return f"generator on core {GENERATOR_CORE}, server on core {SERVER_CORE}"


def server_prefix() -> list[str]:
    """The command prefix that pins a server to its core (taskset, from util-linux)."""
    if (os.cpu_count() or 1) < 2:
        return []
    return ["taskset", "-c", str(SERVER_CORE)]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


@dataclass
class Step:
    name: str  # what was asked ("book", "cart", "confirm", ...)
    kind: str  # "ok", "refused" or "error"
    seconds: float
    queries: int | None = None
    at: float = 0.0  # when it was answered, seconds from the start of the run
    status: int = 0  # the HTTP status (0: no answer)


@dataclass
class Journey:
    """One visitor's booking attempt across its requests (pretix: the pages from
    the event to the confirmed order; ours: one request)."""

    kind: str  # "ok", "refused", "error"
    seconds: float  # server time: the sum of its requests' times, pauses excluded
    at: float = 0.0  # when it ended, seconds from the start of the run


@dataclass
class Result:
    steps: list[Step] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)
    successes: set[tuple[int, int]] = field(default_factory=set)
    window: float = 0.0  # seconds over which visitors arrived (open) or ran (closed)
    elapsed: float = 0.0  # until the last answer
    offered_rate: float = 0.0
    started: float = 0.0  # time.perf_counter() at the start
    deadline: float = 0.0  # closed loop: no new request after this (perf_counter)

    def rate(self, kind: str | None = None) -> float:
        """Decisions (or journeys of `kind`) answered within the window, per second."""
        if kind is None:
            done = [s for s in self.decisions() if s.at <= self.window]
            return len(done) / self.window if self.window else 0.0
        return sum(1 for j in self.journeys if j.kind == kind and j.at <= self.window) / (
            self.window or 1
        )

    @property
    def errors(self) -> int:
        return sum(1 for s in self.steps if s.kind == "error")

    def error_statuses(self) -> str:
        """The errors by HTTP status ("0": no answer in time or a broken connection)."""
        counts: dict[int, int] = {}
        for step in self.steps:
            if step.kind == "error":
                counts[step.status] = counts.get(step.status, 0) + 1
        return ", ".join(f"{status or 'none'}: {n}" for status, n in sorted(counts.items()))

    def decisions(self, name: str | None = None) -> list[Step]:
        return [
            s
            for s in self.steps
            if s.kind in {"ok", "refused"} and (name is None or s.name == name)
        ]

    @staticmethod
    def _percentile(values: list[float], p: float) -> float:
        if not values:
            return 0.0
        values = sorted(values)
        return values[min(len(values) - 1, math.ceil(p / 100 * len(values)) - 1)] * 1000

    def percentile(self, p: float) -> float:
        """Of every request's time, in ms (errors included, at their time)."""
        return self._percentile([s.seconds for s in self.steps], p)

    def journey_percentile(self, p: float, kind: str = "ok") -> float:
        return self._percentile([j.seconds for j in self.journeys if j.kind == kind], p)

    def mean_queries(self, kind: str) -> float:
        counts = [s.queries for s in self.steps if s.kind == kind and s.queries is not None]
        return sum(counts) / len(counts) if counts else 0.0


class Client:
    """One visitor's HTTP client: a cookie jar and one request at a time."""

    def __init__(
        self,
        port: int,
        result: Result,
        cookies: dict[str, str] | None = None,
        timeout: float = REQUEST_TIMEOUT,
    ):
        self.port = port
        self.timeout = timeout
        self.result = result
        self.cookies: dict[str, str] = dict(cookies or {})

    async def request(
        self, method: str, path: str, form: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        started = time.perf_counter()
        answer = await asyncio.wait_for(self._exchange(method, path, form, headers), self.timeout)
        answer.seconds = time.perf_counter() - started
        return answer

    async def _exchange(self, method, path, form, headers) -> Answer:
        reader, writer = await asyncio.open_connection(HOST, self.port)
        try:
            lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}", "Connection: close"]
            if self.cookies:
                lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
            for name, value in (headers or {}).items():
                lines.append(f"{name}: {value}")
            body = form or b""
            if method == "POST":
                lines.append("Content-Type: application/x-www-form-urlencoded")
                lines.append(f"Content-Length: {len(body)}")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            head_lines = head.decode("latin-1").split("\r\n")
            status = int(head_lines[0].split(" ", 2)[1])
            answer_headers: dict[str, str] = {}
            for line in head_lines[1:]:
                if ":" not in line:
                    continue
                name, value = line.split(":", 1)
                name, value = name.strip().lower(), value.strip()
                if name == "set-cookie":
                    pair = value.split(";", 1)[0]
                    if "=" in pair:
                        key, val = pair.split("=", 1)
                        if val in {"", '""'} or "max-age=0" in value.lower():
                            self.cookies.pop(key, None)
                        else:
                            self.cookies[key] = val
                answer_headers[name] = value
            if "content-length" in answer_headers:
                data = await reader.readexactly(int(answer_headers["content-length"]))
            elif answer_headers.get("transfer-encoding", "").lower() == "chunked":
                chunks = []
                while True:
                    size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    if size == 0:
                        await reader.readuntil(b"\r\n")
                        break
                    chunks.append(await reader.readexactly(size))
                    await reader.readexactly(2)
                data = b"".join(chunks)
            else:
                data = await reader.read()
            return Answer(status, answer_headers, data, 0.0)
        finally:
            writer.close()

    def record(
        self, name: str, kind: str, seconds: float, queries: int | None = None, status: int = 0
    ) -> None:
        at = time.perf_counter() - self.result.started
        self.result.steps.append(Step(name, kind, seconds, queries, at, status))

    def journey(self, kind: str, seconds: float) -> None:
        at = time.perf_counter() - self.result.started
        self.result.journeys.append(Journey(kind, seconds, at))

    @property
    def stopping(self) -> bool:
        """A closed loop's time is up: start no new booking."""
        deadline = self.result.deadline
        return bool(deadline) and time.perf_counter() >= deadline


JourneyFn = Callable[[Client, int, random.Random], Awaitable[None]]


def open_loop(
    port: int, rate: float, seconds: float, journey: JourneyFn, *, visitors_per_second: float
) -> Result:
    """Visitors arrive `visitors_per_second` for `seconds` (the offered rate of
    booking requests, `rate`, is only recorded); every journey runs to its end."""
    result = Result(window=seconds, offered_rate=rate)

    async def main() -> None:
        start = result.started = time.perf_counter()
        tasks = []
        n = 0
        while True:
            at = start + n / visitors_per_second
            if at - start >= seconds:
                break
            delay = at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            client = Client(port, result)
            tasks.append(asyncio.create_task(journey(client, n, random.Random(n))))
            n += 1
        await asyncio.gather(*tasks)
        result.elapsed = time.perf_counter() - start

    asyncio.run(main())
    return result


def closed_loop(port: int, visitors: int, seconds: float, journey: JourneyFn) -> Result:
    """`visitors` at once, each starting a new journey as soon as the last ended,
    for `seconds` (journeys under way then run to their end)."""
    result = Result(window=seconds)

    async def one(index: int) -> None:
        n = index
        while time.perf_counter() < result.deadline:
            await journey(Client(port, result, timeout=CLOSED_TIMEOUT), n, random.Random(n))
            n += visitors

    async def main() -> None:
        start = result.started = time.perf_counter()
        result.deadline = start + seconds
        await asyncio.gather(*(one(i) for i in range(visitors)))
        result.elapsed = time.perf_counter() - start

    asyncio.run(main())
    return result


def held(result: Result, p99_ms: float = 500.0) -> bool:
    """The rate was held: no error and p99 of every request under `p99_ms`."""
    return result.errors == 0 and bool(result.steps) and result.percentile(99) < p99_ms


class CapacitySearch:
    """The highest offered rate held (see `held`): doubling from `start` until
    a rate fails (or `limit`), then bisecting until the bounds are within
    `precision` of each other, in at most `max_steps`. `rate` is the next rate
    to measure (None once done); `record` takes its run."""

    def __init__(
        self, *, start: float, limit: float, precision: float = 0.15, max_steps: int = 8
    ) -> None:
        self.start, self.limit, self.precision = start, limit, precision
        self.steps_left = max_steps
        self.best: float = 0.0
        self.best_run: Result | None = None
        self.low, self.high = 0.0, None
        self.rate: float | None = start

    def record(self, run: Result) -> bool:
        """The run at `rate`: whether it held; moves `rate` on (None: done)."""
        rate = self.rate
        assert rate is not None
        ok = held(run)
        if ok:
            self.best, self.best_run, self.low = rate, run, rate
        else:
            self.high = rate
        self.steps_left -= 1
        self.rate = None if self.steps_left <= 0 else self._next(rate)
        return ok

    def _next(self, rate: float) -> float | None:
        if self.high is None:
            return None if rate >= self.limit else min(self.limit, rate * 2)
        if self.low == 0.0:
            lower = self.high / 2
            return None if lower < self.start / 8 else lower
        if self.high / self.low <= 1 + self.precision:
            return None
        return (self.low + self.high) / 2


def describe(rate: float, run: Result, ok: bool) -> str:
    return (
        f"offered {rate:.1f}/s: {len(run.decisions())} decisions in {run.window:.0f}s, "
        f"p99 {run.percentile(99):.0f} ms, {run.errors} errors"
        + (f" ({run.error_statuses()})" if run.errors else "")
        + f" -> {'held' if ok else 'not held'}"
    )


def capacity_search(
    measure: Callable[[float], Result],
    *,
    start: float,
    limit: float,
    say: Callable[[str], None],
    precision: float = 0.15,
    max_steps: int = 8,
) -> tuple[float, Result | None]:
    """One `CapacitySearch` run to its end. Returns the rate and its run."""
    search = CapacitySearch(start=start, limit=limit, precision=precision, max_steps=max_steps)
    while search.rate is not None:
        rate = search.rate
        run = measure(rate)
        say("  " + describe(rate, run, search.record(run)))
    return search.best, search.best_run


def paired_capacity_search(
    measures: dict[str, Callable[[float], Result]],
    *,
    start: float,
    limit: float,
    say: Callable[[str], None],
    precision: float = 0.15,
    max_steps: int = 8,
) -> dict[str, tuple[float, Result | None]]:
    """A `CapacitySearch` for each of `measures` (e.g. ours and the floor), their
    steps taken in turns: on a shared machine whose speed drifts, the two are
    measured seconds apart rather than minutes, so their ratio drifts less.
    Returns each one's rate and its run."""
    searches = {
        label: CapacitySearch(start=start, limit=limit, precision=precision, max_steps=max_steps)
        for label in measures
    }
    while any(search.rate is not None for search in searches.values()):
        for label, search in searches.items():
            rate = search.rate
            if rate is None:
                continue
            run = measures[label](rate)
            say(f"  {label}: " + describe(rate, run, search.record(run)))
    return {label: (search.best, search.best_run) for label, search in searches.items()}
