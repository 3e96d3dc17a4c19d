"""The booking benchmark's capacity search (bench/booking/rush.py): the
highest rate held, found within its precision, and ours and the floor's
searches taking their steps in turns."""

from bench.booking.rush import Result, Step, capacity_search, paired_capacity_search


def server_holding(limit: float, calls: list):
    """A fake measure: a rate is held (p99 10 ms) up to `limit`, not above (p99 900 ms)."""

    def measure(rate: float) -> Result:
        calls.append(rate)
        seconds = 0.01 if rate <= limit else 0.9
        return Result(steps=[Step("book", "ok", seconds)], window=8)

    return measure


def test_the_search_finds_the_highest_rate_held_within_its_precision():
    calls: list[float] = []
    rate, run = capacity_search(
        server_holding(230, calls),
        start=25,
        limit=2000,
        say=lambda _: None,
        precision=0.05,
        max_steps=10,
    )
    assert rate <= 230 < rate * 1.05
    assert run is not None and run.percentile(99) == 10
    assert calls[:4] == [25, 50, 100, 200]  # doubling, then bisecting


def test_ours_and_the_floor_take_their_steps_in_turns():
    order: list[str] = []
    ours: list[float] = []
    floor: list[float] = []

    def labelled(label, measure):
        def step(rate: float) -> Result:
            order.append(label)
            return measure(rate)

        return step

    found = paired_capacity_search(
        {
            "ours": labelled("ours", server_holding(180, ours)),
            "floor": labelled("floor", server_holding(330, floor)),
        },
        start=25,
        limit=2000,
        say=lambda _: None,
        precision=0.05,
        max_steps=10,
    )
    assert found["ours"][0] <= 180 < found["ours"][0] * 1.05
    assert found["floor"][0] <= 330 < found["floor"][0] * 1.05
    # Alternating while both search; the one still searching goes on alone.
    both = min(len(ours), len(floor))
    assert order[: 2 * both] == ["ours", "floor"] * both
    assert len(order) == len(ours) + len(floor)
