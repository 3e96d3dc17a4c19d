"""The benchmark's visitors plan what the platform accepts: never two slots of
one activity (bookings.services.rules: one booking per activity and visitor)."""

import random

from bench.booking.world import World, plan


def test_a_plan_never_holds_two_slots_of_one_activity():
    # Three slots per activity, in bands n, n + 8 and n + 16 as the world seeds
    # them: bands of one parity hold slots of the same activity.
    bands: dict[int, list[int]] = {}
    activity_of = {}
    for activity in range(24):
        for k in range(3):
            slot = activity * 3 + k
            bands.setdefault((activity + 8 * k) % 24, []).append(slot)
            activity_of[slot] = activity
    world = World(
        slots=sorted(activity_of),
        popular=set(),
        bands=bands,
        popular_by_band={band: slots[0] for band, slots in bands.items()},
        activity_of=activity_of,
        visitors=[],
        user_range=(0, 0),
        slot_range=(0, 71),
    )
    for seed in range(500):
        slots = plan(world, random.Random(seed))
        assert len(slots) == 6
        assert len({activity_of[slot] for slot in slots}) == len(slots)
