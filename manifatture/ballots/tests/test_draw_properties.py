"""Property-based tests of the pure draw: random slots (capacities, times,
places) and random people (ranked choices, party sizes, existing bookings).

Invariants checked on every example:
- no slot gives more seats than it has;
- nobody holds two places that overlap in time or leave too little time to
  travel between them, two places of one activity, or a place that clashes
  with a booking they already had;
- every place is one of the person's choices, with its party size and rank:
  a party is never split, and nobody's places take more people than their
  limit allows;
- the same seed on the same entries (in any order) gives the same outcome;
- fairness, in two exact forms the round structure guarantees:
  * the first places are exactly what a draw of one place per person would
    give: nobody's second place ever takes a seat someone else's first place
    needed;
  * nothing is left that could still be given: every choice a person did not
    get has too few seats left for the party or clashes with what the person
    holds; in particular a person left with no place could not have been
    given any of their choices;
- each first place is the best-ranked choice that could still be given.
"""

import datetime
import math
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from manifatture.ballots.draw import (
    Choice,
    Entrant,
    Outcome,
    Slot,
    clash,
    draw,
    no_travel,
    travel_at,
)
from manifatture.directory.geo import distance_km

BOUNDED = settings(max_examples=200, deadline=None, database=None)
DAY = datetime.datetime(2030, 11, 29, 8, 0, tzinfo=datetime.UTC)
# A handful of places around Milan, so travel times matter (a few km apart).
PLACES = [(45.4842, 9.2399), (45.4525, 9.1622), (45.5100, 9.2100), (45.4642, 9.1900), None]


@st.composite
def slot_lists(draw_, max_slots: int = 8) -> list[Slot]:
    count = draw_(st.integers(1, max_slots))
    slots = []
    for slot_id in range(1, count + 1):
        start = draw_(st.integers(0, 10 * 4)) * 15  # quarter hours from 08:00
        length = draw_(st.sampled_from([30, 45, 60, 90, 120]))
        slots.append(
            Slot(
                id=slot_id,
                seats=draw_(st.integers(0, 12)),
                starts_at=DAY + datetime.timedelta(minutes=start),
                ends_at=DAY + datetime.timedelta(minutes=start + length),
                # Few activities, so two slots of one activity happen often.
                activity=draw_(st.integers(1, max(1, count // 2))),
                location=draw_(st.sampled_from(PLACES)),
            )
        )
    return slots


@st.composite
def draw_inputs(draw_) -> tuple[list[Slot], list[Entrant], int]:
    slots = draw_(slot_lists())
    ids = [slot.id for slot in slots]
    people = draw_(st.integers(0, 25))
    entrants = []
    for person in range(1, people + 1):
        chosen = draw_(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        choices = tuple(Choice(slot_id, draw_(st.integers(1, 5))) for slot_id in chosen)
        # Sometimes the person already booked something elsewhere that day.
        busy = ()
        if draw_(st.booleans()) and draw_(st.booleans()):
            start = draw_(st.integers(0, 40)) * 15
            busy = (
                Slot(
                    id=1000 + person,
                    seats=0,
                    starts_at=DAY + datetime.timedelta(minutes=start),
                    ends_at=DAY + datetime.timedelta(minutes=start + 60),
                    activity=1000 + person,
                    location=draw_(st.sampled_from(PLACES)),
                ),
            )
        # Sometimes the person is near their limit of bookings per edition.
        max_places = draw_(st.one_of(st.none(), st.integers(0, 3)))
        # Sometimes near the edition's limit in people (households count their seats).
        max_seats = draw_(st.one_of(st.none(), st.integers(0, 8)))
        entrants.append(
            Entrant(
                person=person,
                choices=choices,
                busy=busy,
                max_places=max_places,
                max_seats=max_seats,
            )
        )
    seed = draw_(st.integers(0, 2**63 - 1))
    return slots, entrants, seed


TRAVEL = travel_at(12.0)  # a visitor crossing Milan on foot and by tram


def _overlap_or_too_close(a: Slot, b: Slot) -> bool:
    """The clash rule written out again, independently of the draw's code."""
    if a.activity == b.activity:
        return True
    if a.starts_at < b.ends_at and b.starts_at < a.ends_at:
        return True
    minutes = 0
    if a.location and b.location and a.location != b.location:
        minutes = math.ceil(distance_km(*a.location, *b.location) / 12.0 * 60)
    first, second = sorted([a, b], key=lambda slot: slot.starts_at)
    return (second.starts_at - first.ends_at).total_seconds() / 60 < minutes


def _run(slots, entrants, seed, **kwargs) -> Outcome:
    return draw(slots, entrants, seed=seed, travel=TRAVEL, **kwargs)


# Each invariant is a function, so one generated example checks them all
# (generating the inputs is most of the time these tests take).


def assert_no_slot_gives_more_seats_than_it_has(slots, entrants, outcome):
    given_seats = Counter()
    for place in outcome.places:
        given_seats[place.slot] += place.party_size
    for slot in slots:
        assert given_seats[slot.id] <= slot.seats
        assert outcome.seats_left[slot.id] == slot.seats - given_seats[slot.id]


def assert_nobody_holds_two_clashing_places(slots, entrants, outcome):
    by_id = {slot.id: slot for slot in slots}
    for entrant in entrants:
        held = [by_id[place.slot] for place in outcome.places_of(entrant.person)]
        for i, a in enumerate(held):
            for b in [*held[i + 1 :], *entrant.busy]:
                assert not _overlap_or_too_close(a, b), (entrant.person, a, b)


def assert_every_place_is_one_of_the_persons_choices(slots, entrants, outcome):
    choices = {entrant.person: entrant.choices for entrant in entrants}
    for entrant in entrants:
        if entrant.max_places is not None:
            assert len(outcome.places_of(entrant.person)) <= entrant.max_places
        if entrant.max_seats is not None:
            assert _seats_of(outcome, entrant.person) <= entrant.max_seats
    for place in outcome.places:
        assert choices[place.person][place.rank - 1] == Choice(place.slot, place.party_size)
    pairs = [(place.person, place.slot) for place in outcome.places]
    assert len(pairs) == len(set(pairs))


def _seats_of(outcome, person) -> int:
    return sum(place.party_size for place in outcome.places_of(person))


def _seats_still_allowed(outcome, entrant) -> float:
    if entrant.max_seats is None:
        return math.inf
    return entrant.max_seats - _seats_of(outcome, entrant.person)


def assert_nothing_is_left_that_could_still_be_given(slots, entrants, outcome):
    """Every choice a person did not get has too few seats left for the party
    or clashes with what the person holds: in particular, a person left with
    no place could not have been given any of their choices (unless they may
    hold no more places)."""
    by_id = {slot.id: slot for slot in slots}
    for entrant in entrants:
        places = outcome.places_of(entrant.person)
        if entrant.max_places is not None and len(places) >= entrant.max_places:
            continue
        held = [by_id[place.slot] for place in places] + list(entrant.busy)
        won = {place.slot for place in places}
        for choice in entrant.choices:
            if choice.slot in won:
                continue
            slot = by_id[choice.slot]
            assert (
                outcome.seats_left[slot.id] < choice.party_size
                or _seats_still_allowed(outcome, entrant) < choice.party_size
                or any(_overlap_or_too_close(slot, other) for other in held)
            )


def assert_each_first_place_is_the_best_choice_still_possible(slots, entrants, outcome):
    by_id = {slot.id: slot for slot in slots}
    for entrant in entrants:
        for place in outcome.places_of(entrant.person):
            if place.round != 1:
                continue
            for better in entrant.choices[: place.rank - 1]:
                slot = by_id[better.slot]
                # It did not fit then, and seats only run out afterwards.
                assert (
                    outcome.seats_left[slot.id] < better.party_size
                    or (entrant.max_seats is not None and better.party_size > entrant.max_seats)
                    or any(_overlap_or_too_close(slot, busy) for busy in entrant.busy)
                )


@BOUNDED
@given(draw_inputs())
def test_draw_invariants(inputs):
    slots, entrants, seed = inputs
    outcome = _run(slots, entrants, seed)
    assert_no_slot_gives_more_seats_than_it_has(slots, entrants, outcome)
    assert_nobody_holds_two_clashing_places(slots, entrants, outcome)
    assert_every_place_is_one_of_the_persons_choices(slots, entrants, outcome)
    assert_nothing_is_left_that_could_still_be_given(slots, entrants, outcome)
    assert_each_first_place_is_the_best_choice_still_possible(slots, entrants, outcome)


@BOUNDED
@given(draw_inputs(), st.randoms(use_true_random=False))
def test_same_seed_same_entries_same_outcome(inputs, shuffler):
    slots, entrants, seed = inputs
    first = _run(slots, entrants, seed)
    shuffled_slots, shuffled_entrants = list(slots), list(entrants)
    shuffler.shuffle(shuffled_slots)
    shuffler.shuffle(shuffled_entrants)
    assert _run(shuffled_slots, shuffled_entrants, seed) == first


@BOUNDED
@given(draw_inputs())
def test_second_places_never_take_a_seat_a_first_place_needed(inputs):
    """The first places are exactly those of a draw of one place per person."""
    slots, entrants, seed = inputs
    outcome = _run(slots, entrants, seed)
    one_each = _run(slots, entrants, seed, rounds=1)
    assert [place for place in outcome.places if place.round == 1] == list(one_each.places)
    # In the first round every person gets at most one place ...
    first_round = Counter(place.person for place in one_each.places)
    assert all(count == 1 for count in first_round.values())
    # ... and whoever got none there gets none later.
    assert {place.person for place in outcome.places} == set(first_round)


# Examples ----------------------------------------------------------------------


def _slot(slot_id: int, seats: int, hour: int, activity: int | None = None, **kwargs) -> Slot:
    start = DAY.replace(hour=hour)
    return Slot(
        id=slot_id,
        seats=seats,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        activity=activity if activity is not None else slot_id,
        **kwargs,
    )


def test_a_party_is_all_or_nothing():
    slots = [_slot(1, 3, 10)]
    entrants = [Entrant(1, (Choice(1, 4),)), Entrant(2, (Choice(1, 2),))]
    outcome = draw(slots, entrants, seed=7)
    assert [(p.person, p.party_size) for p in outcome.places] == [(2, 2)]
    assert outcome.seats_left == {1: 1}


def test_a_person_with_no_place_goes_before_a_second_place():
    # Two seats on two popular slots at different times; three people want both.
    slots = [_slot(1, 1, 10), _slot(2, 1, 14)]
    entrants = [Entrant(n, (Choice(1, 1), Choice(2, 1))) for n in (1, 2, 3)]
    for seed in range(30):
        outcome = draw(slots, entrants, seed=seed)
        assert len(outcome.places) == 2
        assert len({place.person for place in outcome.places}) == 2


def test_the_best_ranked_choice_that_fits_is_given():
    slots = [_slot(1, 0, 10), _slot(2, 5, 12), _slot(3, 5, 14)]
    outcome = draw(slots, [Entrant(1, (Choice(1, 1), Choice(3, 2), Choice(2, 2)))], seed=1)
    assert [(p.slot, p.rank, p.round) for p in outcome.places] == [(3, 2, 1), (2, 3, 2)]


def test_one_place_per_activity():
    slots = [_slot(1, 5, 10, activity=9), _slot(2, 5, 15, activity=9)]
    outcome = draw(slots, [Entrant(1, (Choice(1, 2), Choice(2, 2)))], seed=3)
    assert [place.slot for place in outcome.places] == [1]


def test_travel_time_between_places_counts():
    hub = (45.4525, 9.1622)
    lambrate = (45.4842, 9.2399)  # about 7 km away
    assert 7.0 < distance_km(*hub, *lambrate) < 7.1
    first = _slot(1, 5, 10, location=hub)  # 10:00-11:00
    second = Slot(
        2, 5, DAY.replace(hour=11, minute=15), DAY.replace(hour=12), activity=2, location=lambrate
    )
    same_place = Slot(3, 5, DAY.replace(hour=11), DAY.replace(hour=12), activity=3, location=hub)
    assert not clash(first, second, no_travel)
    assert travel_at(12.0)(first, second) == datetime.timedelta(minutes=36)
    assert clash(first, second, travel_at(12.0))  # 15 minutes are not enough
    assert not clash(first, second, travel_at(40.0))  # about 10 minutes
    assert not clash(first, same_place, travel_at(12.0))
    entrant = Entrant(1, (Choice(1, 1), Choice(2, 1), Choice(3, 1)))
    outcome = draw([first, second, same_place], [entrant], seed=0, travel=travel_at(12.0))
    assert [place.slot for place in outcome.places] == [1, 3]


def test_a_person_gets_no_more_places_than_allowed():
    slots = [_slot(1, 5, 10), _slot(2, 5, 12)]
    entrant = Entrant(1, (Choice(1, 1), Choice(2, 1)), max_places=1)
    outcome = draw(slots, [entrant], seed=0)
    assert [place.slot for place in outcome.places] == [1]
    none_left = Entrant(1, (Choice(1, 1),), max_places=0)
    assert draw(slots, [none_left], seed=0).places == ()


def test_existing_bookings_are_respected():
    booked = _slot(99, 0, 10)
    slots = [_slot(1, 5, 10), _slot(2, 5, 12)]
    outcome = draw(slots, [Entrant(1, (Choice(1, 1), Choice(2, 1)), busy=(booked,))], seed=0)
    assert [place.slot for place in outcome.places] == [2]


def test_different_seeds_give_everyone_a_chance():
    # One seat, four people: over 400 seeds each wins about 100 times.
    slots = [_slot(1, 1, 10)]
    entrants = [Entrant(n, (Choice(1, 1),)) for n in range(1, 5)]
    wins = Counter(draw(slots, entrants, seed=seed).places[0].person for seed in range(400))
    assert set(wins) == {1, 2, 3, 4}
    assert all(60 <= count <= 140 for count in wins.values()), wins


def test_the_outcome_of_a_seed_never_changes():
    # A recorded draw must replay identically on any machine and Python version
    # we run: this pins the outcome of one seed.
    slots = [_slot(1, 2, 10), _slot(2, 2, 12), _slot(3, 1, 14)]
    entrants = [
        Entrant(n, tuple(Choice(s, 1) for s in random.Random(n).sample([1, 2, 3], 3)))
        for n in range(1, 7)
    ]
    outcome = draw(slots, entrants, seed=20301129)
    assert outcome == draw(list(reversed(slots)), list(reversed(entrants)), seed=20301129)
    assert [(p.person, p.slot, p.round) for p in outcome.places] == [
        (1, 1, 1),
        (6, 3, 1),
        (2, 1, 1),
        (3, 2, 1),
        (4, 2, 1),
    ]
    assert outcome.orders == ((1, 6, 2, 3, 4, 5), (4, 1, 3, 2, 6))


@pytest.mark.parametrize(
    "entrants",
    [
        [Entrant(1, (Choice(2, 1),))],  # a slot not in the draw
        [Entrant(1, (Choice(1, 0),))],  # an empty party
        [Entrant(1, (Choice(1, 1), Choice(1, 1)))],  # one slot twice
        [Entrant(1, (Choice(1, 1),)), Entrant(1, ())],  # one person twice
    ],
)
def test_bad_input_is_refused(entrants):
    with pytest.raises(ValueError):
        draw([_slot(1, 1, 10)], entrants, seed=0)


def test_a_household_within_its_limit_in_people_is_placed_whole():
    # Five people allowed: a family of four wins its first choice, then its
    # second choice (three more) no longer fits whole and is not split.
    slots = [_slot(1, 10, 10), _slot(2, 10, 14), _slot(3, 10, 16)]
    entrant = Entrant(1, (Choice(1, 4), Choice(2, 3), Choice(3, 1)), max_seats=5)
    outcome = draw(slots, [entrant], seed=0)
    assert [(place.slot, place.party_size) for place in outcome.places] == [(1, 4), (3, 1)]
    assert outcome.seats_left == {1: 6, 2: 10, 3: 9}


# Households and school classes -------------------------------------------------------


@st.composite
def parties(draw_) -> tuple[list[Slot], list[Entrant], int]:
    """Few slots, many parties of very different sizes: households (1-6) and
    school classes (15-30), so that a big party often meets too few seats."""
    slots = draw_(slot_lists(max_slots=4))
    ids = [slot.id for slot in slots]
    slots = [
        Slot(
            s.id,
            draw_(st.integers(0, 60)),
            s.starts_at,
            s.ends_at,
            s.activity,
            s.location,
            kept_for_groups=draw_(st.integers(0, 30)),
        )
        for s in slots
    ]
    entrants = []
    for person in range(1, draw_(st.integers(1, 30)) + 1):
        school = draw_(st.booleans())  # a teacher enters for a class, or a household
        size = st.integers(15, 30) if school else st.integers(1, 6)
        chosen = draw_(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        entrants.append(
            Entrant(
                person,
                tuple(Choice(slot_id, draw_(size), group=school) for slot_id in chosen),
                max_seats=None if school else draw_(st.one_of(st.none(), st.integers(1, 40))),
            )
        )
    return slots, entrants, draw_(st.integers(0, 2**63 - 1))


@BOUNDED
@given(parties())
def test_a_party_is_never_split_and_no_slot_is_overfilled(inputs):
    """Each place takes exactly its party's people, at most one place per
    person and slot, within every slot's seats and every person's limit; a
    party passed over did not fit whole (seats, limit, or a clash)."""
    slots, entrants, seed = inputs
    outcome = _run(slots, entrants, seed)
    wanted = {(e.person, c.slot): c for e in entrants for c in e.choices}
    given_seats, given_to_households = Counter(), Counter()
    for place in outcome.places:
        choice = wanted[(place.person, place.slot)]
        assert place.party_size == choice.party_size
        given_seats[place.slot] += place.party_size
        if not choice.group:
            given_to_households[place.slot] += place.party_size
    assert len({(p.person, p.slot) for p in outcome.places}) == len(outcome.places)
    for slot in slots:
        # Within the slot's seats; households never in the seats kept for groups.
        assert given_seats[slot.id] <= slot.seats + slot.kept_for_groups
        assert given_to_households[slot.id] <= slot.seats
        assert outcome.seats_left[slot.id] + outcome.kept_left[slot.id] == (
            slot.seats + slot.kept_for_groups - given_seats[slot.id]
        )
    for entrant in entrants:
        if entrant.max_seats is not None:
            assert _seats_of(outcome, entrant.person) <= entrant.max_seats
    # A party passed over did not fit whole (seats for its kind, its limit, a clash).
    by_id = {slot.id: slot for slot in slots}
    for entrant in entrants:
        places = outcome.places_of(entrant.person)
        held = [by_id[place.slot] for place in places]
        won = {place.slot for place in places}
        for choice in entrant.choices:
            if choice.slot in won:
                continue
            slot = by_id[choice.slot]
            assert (
                outcome.room_for(slot.id, group=choice.group) < choice.party_size
                or _seats_still_allowed(outcome, entrant) < choice.party_size
                or any(_overlap_or_too_close(slot, other) for other in held)
            )


def test_a_class_uses_the_seats_kept_for_groups_first():
    slots = [Slot(1, 10, DAY, DAY + datetime.timedelta(hours=1), 1, kept_for_groups=20)]
    entrants = [
        Entrant(1, (Choice(1, 25, group=True),)),  # a class of 25: the 20 kept, then 5 more
        Entrant(2, (Choice(1, 4),)),  # a household of 4, in the other seats only
    ]
    for seed in range(10):  # whoever goes first, both fit
        outcome = draw(slots, entrants, seed=seed)
        assert sorted((p.person, p.party_size) for p in outcome.places) == [(1, 25), (2, 4)]
        assert (outcome.seats_left, outcome.kept_left) == ({1: 1}, {1: 0})
    # Households never take the seats kept for groups.
    alone = draw(slots, [Entrant(2, (Choice(1, 12),))], seed=4)
    assert alone.places == ()
