"""The ballot draw, as a pure function: slots and entrants in, places out.

No database and no clock here, so the rules can be checked on thousands of
random inputs (tests/test_draw_properties.py) and a draw can be replayed from
its recorded seed.

The draw runs in rounds. In each round the people still in the draw take
turns in a random order, and each takes the best-ranked of their remaining
choices that still fits: enough seats left for the whole party (a party is
all or nothing: it is never split, and a party that does not fit leaves the
seats to the next person who fits; a group or class may also use the seats
kept for groups, and uses them first), within the seats the person may still
hold (the edition's limit in people), and no clash with a place they already hold or a booking they
already have. So everybody has had a turn at a first place before anybody gets
a second one; a person for whom nothing fits leaves the draw, since seats only
ever run out and nothing can fit for them later.

Two slots clash for one person when they are of the same activity (one place
per activity is enough), when they overlap in time, or when the gap between
them is shorter than the travel time from one place to the other.
"""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from manifatture.activities import travel


@dataclass(frozen=True)
class Slot:
    """A time slot as the draw sees it."""

    id: int
    seats: int  # seats the draw may give away (to anyone)
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    activity: int
    location: tuple[float, float] | None = None  # latitude, longitude; None if unknown
    # Seats set aside for groups and classes on top of `seats`: only a group
    # may take them (`activities.models.free_seats`), and a group takes them first.
    kept_for_groups: int = 0


@dataclass(frozen=True)
class Choice:
    slot: int
    party_size: int
    group: bool = False  # a group or school class, which may use the seats kept for groups


@dataclass(frozen=True)
class Entrant:
    person: int
    choices: tuple[Choice, ...]  # best first
    busy: tuple[Slot, ...] = ()  # slots the person has already booked
    max_places: int | None = None  # how many more places the person may hold
    max_seats: int | None = None  # how many more seats (people) their places may take


@dataclass(frozen=True)
class Place:
    person: int
    slot: int
    party_size: int
    rank: int  # 1 for the person's first choice
    round: int


@dataclass(frozen=True)
class Outcome:
    places: tuple[Place, ...]  # in the order they were given
    orders: tuple[tuple[int, ...], ...]  # the order people took their turns, per round
    seats_left: dict[int, int]
    kept_left: dict[int, int] = field(default_factory=dict)  # seats kept for groups, left

    def room_for(self, slot: int, *, group: bool) -> int:
        """Seats left a party (a group, or a household) could still take."""
        return self.seats_left[slot] + (self.kept_left.get(slot, 0) if group else 0)

    def places_of(self, person: int) -> list[Place]:
        return [place for place in self.places if place.person == person]


Travel = Callable[[Slot, Slot], datetime.timedelta]


def no_travel(a: Slot, b: Slot) -> datetime.timedelta:
    return datetime.timedelta(0)


def travel_at(speed_kmh: float) -> Travel:
    """Travel time between two slots' places at `speed_kmh`, by the rule
    bookings and "my day" apply (`activities.travel`). Unknown places need no
    travel time: the draw cannot guess it."""

    def between(a: Slot, b: Slot) -> datetime.timedelta:
        minutes = travel.travel_minutes(a.location, b.location, speed_kmh=speed_kmh)
        return datetime.timedelta(minutes=minutes or 0)

    return between


def clash(a: Slot, b: Slot, travel_time: Travel = no_travel) -> bool:
    """Whether one person cannot have both slots: one place per activity is
    enough, and two visits clash as they do for a booking (`activities.travel`)."""
    if a.activity == b.activity:
        return True
    minutes = travel_time(a, b).total_seconds() / 60
    return travel.visits_clash((a.starts_at, a.ends_at), (b.starts_at, b.ends_at), minutes)


def _check(slots: dict[int, Slot], entrants: list[Entrant]) -> None:
    people = [entrant.person for entrant in entrants]
    if len(set(people)) != len(people):
        raise ValueError("Each person enters the draw once.")
    for entrant in entrants:
        chosen = [choice.slot for choice in entrant.choices]
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"Person {entrant.person} chose a slot twice.")
        for choice in entrant.choices:
            if choice.slot not in slots:
                raise ValueError(f"Unknown slot {choice.slot}.")
            if choice.party_size < 1:
                raise ValueError("A party has at least one person.")


def draw(
    slots: Iterable[Slot],
    entrants: Iterable[Entrant],
    *,
    seed: int,
    travel: Travel = no_travel,
    rounds: int | None = None,
) -> Outcome:
    """Give places on `slots` to `entrants`, randomly but reproducibly from `seed`.

    The outcome depends only on the seed and the content of the inputs, not on
    their order. `rounds` caps the places per person (default: no cap beyond
    the number of choices); so does each entrant's `max_places`, and
    `max_seats` caps the people their places may take in all.
    """
    by_id = {slot.id: slot for slot in slots}
    people = sorted(entrants, key=lambda entrant: entrant.person)
    _check(by_id, people)
    seats = {slot_id: max(slot.seats, 0) for slot_id, slot in by_id.items()}
    kept = {slot_id: max(slot.kept_for_groups, 0) for slot_id, slot in by_id.items()}
    rng = random.Random(seed)

    # Each person's choices not yet given or given up, with their rank.
    remaining = {
        entrant.person: [(rank, choice) for rank, choice in enumerate(entrant.choices, start=1)]
        for entrant in people
    }
    held: dict[int, list[Slot]] = {entrant.person: list(entrant.busy) for entrant in people}
    places: list[Place] = []
    orders: list[tuple[int, ...]] = []
    allowed = {
        entrant.person: len(entrant.choices)
        if entrant.max_places is None
        else min(len(entrant.choices), max(entrant.max_places, 0))
        for entrant in people
    }
    seats_allowed = {
        entrant.person: None if entrant.max_seats is None else max(entrant.max_seats, 0)
        for entrant in people
    }
    in_draw = [entrant.person for entrant in people if allowed[entrant.person]]
    last_round = rounds if rounds is not None else max((len(e.choices) for e in people), default=0)

    round_number = 0
    while in_draw and round_number < last_round:
        round_number += 1
        order = list(in_draw)
        rng.shuffle(order)
        orders.append(tuple(order))
        in_draw = []
        for person in order:
            taken = None
            for rank, choice in remaining[person]:
                slot = by_id[choice.slot]
                room = seats_allowed[person]
                if room is not None and choice.party_size > room:
                    continue
                room_left = seats[slot.id] + (kept[slot.id] if choice.group else 0)
                if room_left >= choice.party_size and not any(
                    clash(slot, other, travel) for other in held[person]
                ):
                    taken = (rank, choice)
                    break
            if taken is None:
                continue  # nothing fits now, so nothing ever will
            rank, choice = taken
            from_kept = min(kept[choice.slot], choice.party_size) if choice.group else 0
            kept[choice.slot] -= from_kept
            seats[choice.slot] -= choice.party_size - from_kept
            room = seats_allowed[person]
            if room is not None:
                seats_allowed[person] = room - choice.party_size
            held[person].append(by_id[choice.slot])
            remaining[person].remove(taken)
            places.append(Place(person, choice.slot, choice.party_size, rank, round_number))
            allowed[person] -= 1
            if allowed[person]:
                in_draw.append(person)
    return Outcome(places=tuple(places), orders=tuple(orders), seats_left=seats, kept_left=kept)
