"""Demo visitors: accounts with the optional statistics profile (comune of residence
and, for residents of Milan, their Municipio; age band; consent) and their bookings
in 2019 and 2018, checked in at the door or not, so that the staff dashboard has
visitors to count ("where visitors come from", returning visitors, no-shows).

The past can't be booked through the booking service (it acts "now"), so the rows
are written in bulk and the rules it applies are kept by construction: one booking
per visitor and slot, no two bookings of a visitor at the same time, at most three
each. The seats are taken the one way bookings take them, `TimeSlot.objects.take_seats`
(a conditional UPDATE that refuses more seats than a slot has), once per slot for
the seats of its confirmed bookings; the database checks the counters again.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from manifatture.accounts.models import User
from manifatture.activities.models import Activity, TimeSlot
from manifatture.bookings.models import Booking, VisitorProfile
from manifatture.editions.models import Edition

from . import programme
from .hosts import CINISELLO, CORSICO, LEGNANO, MILANO, RHO, ROZZANO, SAN_DONATO, SEGRATE, SESTO

VISITORS = 2400
# Where the demo visitors live: Milan for most, then comuni of the metropolitan area,
# some from further away, some who prefer not to say (no profile).
RESIDENCE_WEIGHTS = [
    (MILANO, 58),
    (SESTO, 5),
    (CINISELLO, 3),
    (RHO, 3),
    (LEGNANO, 2),
    (SAN_DONATO, 2),
    (ROZZANO, 2),
    (CORSICO, 2),
    (SEGRATE, 2),
    ("elsewhere", 9),
    ("", 12),
]
# Residents per Municipio of Milan, in thousands (Comune di Milano, 2019), as weights.
MUNICIPIO_WEIGHTS = {1: 97, 2: 160, 3: 142, 4: 160, 5: 125, 6: 150, 7: 172, 8: 188, 9: 186}
RESIDENCES = [code for code, _weight in RESIDENCE_WEIGHTS]
MUNICIPI = list(MUNICIPIO_WEIGHTS)
AGE_BANDS = [band.value for band in VisitorProfile.AgeBand] + [""]
AGE_WEIGHTS = [8, 30, 34, 20, 4, 4]


@dataclass
class Seat:
    slot: TimeSlot
    max_party: int
    free: int


# How often booked people did not come, by what the slot is: free visits are
# easily skipped, evenings and talks more, hands-on workshops (few places,
# paid for with time) less; Sunday mornings and evenings more than afternoons.
NO_SHOW_BASE = 0.09
NO_SHOW_BY_KIND = {"evening": 0.07, "talk": 0.05, "open_doors": 0.03, "workshop": -0.04}


def _no_show_chance(slot: TimeSlot) -> float:
    local = timezone.localtime(slot.starts_at)
    chance = NO_SHOW_BASE + NO_SHOW_BY_KIND.get(slot.activity.kind, 0)
    if local.hour < 12:
        chance += 0.04 if local.isoweekday() == 7 else 0.02
    elif local.hour >= 18:
        chance += 0.03
    return chance


def _bookable(edition: Edition) -> list[Seat]:
    slots = TimeSlot.objects.filter(
        activity__edition=edition,
        activity__status=Activity.Status.PUBLISHED,
        activity__booking_mode=Activity.BookingMode.BOOKING,
        cancelled_at__isnull=True,
    ).select_related("activity")
    return [
        Seat(slot, slot.activity.max_party_size, slot.places_left) for slot in slots.order_by("pk")
    ]


def _overlaps(slot: TimeSlot, taken: list[TimeSlot]) -> bool:
    return any(slot.starts_at < other.ends_at and other.starts_at < slot.ends_at for other in taken)


def _take_seats(bookings: list[Booking]) -> None:
    """Take the seats of the confirmed bookings on their slots: one conditional
    UPDATE for all the slots that take the same number of seats (a few dozen
    statements for thousands of bookings). A slot that refuses them is a bug in
    the demo data."""
    seats: dict[int, int] = defaultdict(int)
    for booking in bookings:
        if booking.status == Booking.Status.CONFIRMED:
            seats[booking.slot.pk] += booking.party_size
    slots_taking: dict[int, list[int]] = defaultdict(list)
    for slot_id, taken in seats.items():
        slots_taking[taken].append(slot_id)
    for taken, slot_ids in slots_taking.items():
        took = TimeSlot.objects.filter(pk__in=slot_ids).take_seats(taken, group=False)
        if took != len(slot_ids):
            raise RuntimeError(f"The demo books {taken} seats on slots without room for them.")


def _demo_visitor_history(demo_visitor: User, editions: list[Edition], seats: list[Seat]) -> list:
    """Sara Colombo came to both past editions: two visits in 2019 and one in 2018,
    each checked in at the door, so her tickets page has a history."""
    bookings = []
    for edition in editions:
        wanted = 2 if edition.year == 2019 else 1
        taken: list[TimeSlot] = []
        for seat in seats:
            if len(taken) == wanted:
                break
            if seat.slot.activity.edition_id != edition.pk or seat.free < 2:
                continue
            if _overlaps(seat.slot, taken):
                continue
            taken.append(seat.slot)
            seat.free -= 2
            bookings.append(
                Booking(
                    slot=seat.slot,
                    visitor=demo_visitor,
                    party_size=2,
                    checked_in_at=seat.slot.starts_at - datetime.timedelta(minutes=5),
                )
            )
    return bookings


def create_visitors(*, editions: list[Edition], demo_visitor: User) -> list[User]:
    """Visitors of the demo editions (most recent last in `editions`), with their
    profiles and bookings. Returns the visitors (not the demo visitor)."""
    rng = random.Random(1129)  # apart from the builder's, so the rest of the demo is unchanged
    password = make_password(None)
    tz = timezone.get_default_timezone()
    users, profiles = [], []
    for number in range(1, VISITORS + 1):
        first, last = rng.choice(programme.FIRST_NAMES), rng.choice(programme.LAST_NAMES)
        joined = datetime.datetime(2018 + (number % 3 > 0), 10, rng.randint(1, 28), 18, tzinfo=tz)
        user = User(
            email=f"visitatore.{number:04d}@visitatori.example",
            full_name=f"{first} {last}",
            role=User.Role.VISITOR,
            language=rng.choices(["it", "en"], [9, 1])[0],
            password=password,
            email_verified_at=joined,
            privacy_accepted_at=joined,
            date_joined=joined,
        )
        users.append(user)
        residence = rng.choices(RESIDENCES, [weight for _code, weight in RESIDENCE_WEIGHTS])[0]
        if residence:
            milan = residence == MILANO
            profiles.append(
                VisitorProfile(
                    user=user,
                    comune_id=None if residence == "elsewhere" else residence,
                    lives_elsewhere=residence == "elsewhere",
                    municipio_id=(
                        rng.choices(MUNICIPI, list(MUNICIPIO_WEIGHTS.values()))[0]
                        if milan
                        else None
                    ),
                    age_band=rng.choices(AGE_BANDS, AGE_WEIGHTS)[0],
                    statistics_consent_at=joined,
                )
            )
    User.objects.bulk_create(users)
    for profile in profiles:
        profile.user_id = profile.user.pk
    # The demo visitor lives in Milan too, in Municipio 8, and said so.
    profiles.append(
        VisitorProfile(
            user=demo_visitor,
            comune_id=MILANO,
            municipio_id=8,
            age_band=VisitorProfile.AgeBand.FROM_35_TO_54,
            statistics_consent_at=demo_visitor.date_joined,
        )
    )
    VisitorProfile.objects.bulk_create(profiles)

    bookings: list[Booking] = []
    booked_at: dict[datetime.datetime, list[Booking]] = defaultdict(list)
    all_seats = {edition.pk: _bookable(edition) for edition in editions}
    # Her seats first (in slot order, the second slot of each activity: quieter hours).
    for booking in _demo_visitor_history(
        demo_visitor, editions, [seat for seats in all_seats.values() for seat in seats[1::7]]
    ):
        bookings.append(booking)
        edition = booking.slot.activity.edition
        booked_at[edition.registration_opens + datetime.timedelta(hours=2)].append(booking)
    for edition in editions:
        seats = all_seats[edition.pk]
        # The moments people booked at: every few hours of the registration window.
        window = edition.registration_closes - edition.registration_opens
        moments = [edition.registration_opens + window * step / 40 for step in range(40)]
        # A third of the accounts came in 2018; two in three of all came in 2019.
        visitors = [
            user
            for user in users
            if (user.date_joined.year == 2018 or edition.year == 2019) and rng.random() < 0.8
        ]
        for visitor in visitors:
            taken: list[TimeSlot] = []
            wanted = rng.choice([1, 1, 2, 2, 3])
            for seat in rng.sample(seats, k=min(len(seats), 12)):
                if len(taken) == wanted:
                    break
                party = min(rng.choices([1, 2, 3, 4], [50, 32, 10, 8])[0], seat.max_party)
                if party > seat.free or _overlaps(seat.slot, taken):
                    continue
                taken.append(seat.slot)
                booking = Booking(slot=seat.slot, visitor=visitor, party_size=party)
                moment = rng.choice(moments)
                booked_at[moment].append(booking)
                outcome = rng.random()
                if outcome < 0.06:
                    booking.status = Booking.Status.CANCELLED
                    booking.cancelled_at = moment + datetime.timedelta(hours=30)
                else:
                    seat.free -= party
                    # 5% are never recorded at the door; the rest came or not.
                    if outcome < 0.95 - _no_show_chance(seat.slot):
                        booking.checked_in_at = seat.slot.starts_at + datetime.timedelta(
                            minutes=rng.randint(-10, 5)
                        )
                    elif outcome < 0.95:
                        booking.no_show = True
                bookings.append(booking)
    _take_seats(bookings)
    Booking.objects.bulk_create(bookings, batch_size=1000)
    # created_at is set to "now" on insert: put back the moments of the demo.
    for moment, group in booked_at.items():
        Booking.objects.filter(pk__in=[booking.pk for booking in group]).update(created_at=moment)
    return users
