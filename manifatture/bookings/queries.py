"""Reads of bookings: places left on slots, a visitor's bookings and waiting
lists, and the access helpers."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from manifatture import statements
from manifatture.accounts.models import User
from manifatture.activities.models import Activity, TimeSlot, TimeSlotQuerySet
from manifatture.directory.models import Site, localized
from manifatture.statements import RelatedRow, Statement, select_sql

from .models import AccessNeeds, Booking, VisitorProfile, WaitingListEntry

# Access -------------------------------------------------------------------------------


def get_booking_for_visitor(user: User, pk: int) -> Booking:
    """The booking `pk` if it is the user's own: 404 otherwise (other people's
    bookings don't exist for them)."""
    return get_object_or_404(
        Booking.objects.select_related(
            "slot__activity__edition",
            "slot__activity__site__comune",
            "slot__activity__organisation",
        ),
        pk=pk,
        visitor=user,
    )


def get_entry_for_visitor(user: User, pk: int) -> WaitingListEntry:
    return get_object_or_404(
        WaitingListEntry.objects.select_related("slot__activity__edition"), pk=pk, visitor=user
    )


def get_slot_for_booking(pk: int) -> TimeSlot:
    """A slot with what its booking page shows."""
    return get_object_or_404(
        TimeSlot.objects.select_related(
            "activity__edition", "activity__organisation", "activity__site__comune", "room"
        ),
        pk=pk,
    )


# What bookings.services.book_slot reads of a slot, its activity, edition and site.
BOOKING_FIELDS = (
    "starts_at",
    "ends_at",
    # The seats left as the request found them: a booking refused on them
    # takes no lock and writes nothing (the conditional UPDATE decides the rest).
    *TimeSlot.SEAT_FIELDS,
    "activity__title_it",
    "activity__title_en",
    "activity__status",
    "activity__booking_mode",
    "activity__max_party_size",
    "activity__max_group_size",
    "activity__edition__registration_opens",
    "activity__edition__registration_closes",
    # booking_window_at's event bounds and the visitor limits of the edition:
    # left out, each was one more query per booking (and per refusal).
    "activity__edition__event_start",
    "activity__edition__event_end",
    "activity__edition__party_limit",
    "activity__edition__seat_limit",
    "activity__site__latitude",
    "activity__site__longitude",
    *(f"activity__{name}" for name in Activity.SITE_RULE_FIELDS),
)


# Booking is the busiest request of all: the ORM took longer to compose this
# query than the database to run it (manifatture/statements.py).
_SLOT_TO_BOOK = RelatedRow(TimeSlot, BOOKING_FIELDS)


def get_slot_to_book(pk: int) -> TimeSlot:
    """A slot with only what booking it needs (its activity, edition and site
    joined), in one narrow query, as `select_related(...).only(*BOOKING_FIELDS)`
    would give it. The page, when shown, reads the rest."""
    return _SLOT_TO_BOOK.get(pk)


# Places left --------------------------------------------------------------------------


def places_left(slot: TimeSlot) -> int:
    """Seats a visitor (not a group) can book on the slot now, read afresh
    from the slot's counters (`TimeSlot.places_left`)."""
    return TimeSlot.objects.only(*TimeSlot.SEAT_FIELDS).get(pk=slot.pk).places_left


# The activity is in a ballot not drawn yet: its places are the draw's, whatever
# its booking mode says. Read through the reverse relation (bookings sits left of
# ballots and does not import it); `ballot_activity__isnull=False` keeps the join
# inner, so activities in no ballot are not matched.
_IN_UNDRAWN_BALLOT = {
    "ballot_activity__isnull": False,
    "ballot_activity__ballot__drawn_at__isnull": True,
}


def in_undrawn_ballot(activity_id: int) -> bool:
    return Activity.objects.filter(pk=activity_id, **_IN_UNDRAWN_BALLOT).exists()


def _no_seats_sql(*, activity_id: int, slot_id: int, visitor_id: int):
    offers = WaitingListEntry.objects.filter(
        visitor_id=visitor_id, slot_id=slot_id, status=WaitingListEntry.Status.OFFERED
    )
    own = Booking.objects.filter(
        visitor_id=visitor_id, slot_id=slot_id, status=Booking.Status.CONFIRMED
    )
    return select_sql(
        Activity.objects.filter(pk=activity_id)
        .annotate(
            in_ballot=Exists(Activity.objects.filter(pk=OuterRef("pk"), **_IN_UNDRAWN_BALLOT)),
            offered=Exists(offers),
            booking_id=Subquery(own.values("pk")[:1]),
        )
        .order_by()
        .values_list("in_ballot", "offered", "booking_id")
    )


# A slot found full is answered with one statement composed once: the busiest
# answer of an opening rush, when the slots everyone wants are full.
_NO_SEATS = Statement(_no_seats_sql, "activity_id", "slot_id", "visitor_id")


@dataclass(frozen=True)
class NoSeats:
    """What else a visitor who finds a slot full should be told."""

    in_undrawn_ballot: bool  # `in_undrawn_ballot`: the places are the draw's
    offered: bool  # the visitor has an offer of the slot to answer
    booking_id: int | None  # the visitor's own live booking of it (sent twice)


def no_seats(slot: TimeSlot, visitor_id: int) -> NoSeats:
    """For a slot with no seats left: whether its activity is in a ballot
    still to be drawn, whether the visitor has an offer of it, and their own
    booking of it if they have one (one query)."""
    row = _NO_SEATS.fetchone(activity_id=slot.activity_id, slot_id=slot.pk, visitor_id=visitor_id)
    in_ballot, offered, booking_id = row if row is not None else (False, False, None)
    return NoSeats(in_undrawn_ballot=in_ballot, offered=offered, booking_id=booking_id)


@functools.cache
def _outside_undrawn_ballots_sql() -> str:
    # The same condition as plain SQL: on the busiest request the ORM would
    # spend longer composing an Exists subquery than the database running it.
    listed = Activity._meta.get_field("ballot_activity").related_model
    ballot = listed._meta.get_field("ballot").related_model
    assert ballot is not None and not isinstance(ballot, str)  # a foreign key to the ballot
    return (
        f"NOT EXISTS (SELECT 1 FROM {listed._meta.db_table} l "
        f"JOIN {ballot._meta.db_table} b ON b.id = l.ballot_id "
        f"WHERE l.activity_id = {TimeSlot._meta.db_table}.activity_id AND b.drawn_at IS NULL)"
    )


def outside_undrawn_ballots(slots: TimeSlotQuerySet) -> TimeSlotQuerySet:
    """The slots whose activity is in no ballot still to be drawn (a condition
    the booking's conditional UPDATE carries, so it costs no extra query)."""
    return slots.filter(RawSQL(_outside_undrawn_ballots_sql(), (), output_field=BooleanField()))


def with_places_left(slots: TimeSlotQuerySet) -> TimeSlotQuerySet:
    """Annotate `places_left_now` (seats for individuals) and
    `group_places_left_now` on a queryset of slots, in the same query."""
    return slots.with_places_left()


# A visitor's own ------------------------------------------------------------------------


def bookings_of(visitor: User) -> QuerySet[Booking]:
    """The visitor's bookings, live ones first by time, then cancelled ones."""
    return (
        Booking.objects.filter(visitor=visitor)
        .select_related(
            "slot__activity__organisation",
            "slot__activity__site__comune",
            "slot__activity__edition",
        )
        .order_by("status", "slot__starts_at", "pk")
    )


def waiting_entries_of(visitor: User) -> QuerySet[WaitingListEntry]:
    """The visitor's live waiting-list entries (waiting or offered)."""
    return (
        WaitingListEntry.objects.filter(
            visitor=visitor,
            status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
        )
        .select_related("slot__activity__organisation", "slot__activity__edition")
        .order_by("slot__starts_at", "pk")
    )


def waiting_position(entry: WaitingListEntry) -> int:
    """1 for the first in line."""
    return (
        WaitingListEntry.objects.filter(
            slot_id=entry.slot_id,
            status=WaitingListEntry.Status.WAITING,
            joined_at__lte=entry.joined_at,
        )
        .exclude(joined_at=entry.joined_at, pk__gt=entry.pk)
        .count()
    )


def profile_of(user: User) -> VisitorProfile | None:
    return VisitorProfile.objects.filter(user=user).select_related("comune").first()


# The hot path of booking -------------------------------------------------------------
# Booking is the busiest request of all, and on a small machine the ORM spends
# more time composing a query with joins than the database spends running it:
# the two reads made under the visitor's lock are plain SQL, written once.


@dataclass(frozen=True)
class BookedSlot:
    """One of a visitor's live bookings, with what the visitor's limits and the
    overlap check need."""

    booking_id: int
    slot_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    title_it: str
    title_en: str
    site_id: int | None
    latitude: Decimal | float | None
    longitude: Decimal | float | None
    kind: str = Booking.Kind.INDIVIDUAL
    party_size: int = 1
    activity_id: int | None = None

    @property
    def title(self) -> str:
        return localized(self, "title")


_BOOKED_COLUMNS = (
    "b.id, b.slot_id, s.starts_at, s.ends_at, a.title_it, a.title_en, a.site_id, "
    "st.latitude, st.longitude, b.kind, b.party_size, s.activity_id"
)
_BOOKED_TABLES = (
    f"{Booking._meta.db_table} b "
    f"JOIN {TimeSlot._meta.db_table} s ON s.id = b.slot_id "
    f"JOIN {Activity._meta.db_table} a ON a.id = s.activity_id "
    f"LEFT JOIN {Site._meta.db_table} st ON st.id = a.site_id"
)
_BOOKED_SLOTS_SQL = (
    f"SELECT {_BOOKED_COLUMNS} FROM {_BOOKED_TABLES} "
    "WHERE b.visitor_id = %s AND b.status = %s AND a.edition_id = %s"
)


def booked_slots(visitor_id: int, edition_id: int) -> list[BookedSlot]:
    """The visitor's live bookings in the edition (one query, no ORM). Not in
    the statement that locks the visitor's row (`lock_visitor`): a statement
    that waited for the lock would still read the bookings as they were before
    it waited, missing the one the other transaction just committed."""
    with statements.cursor() as cursor:
        cursor.execute(_BOOKED_SLOTS_SQL, [visitor_id, Booking.Status.CONFIRMED, edition_id])
        rows = cursor.fetchall()
    return [
        BookedSlot(b, s, start, end, t_it, t_en, site, lat, lon, kind, party, activity)
        for b, s, start, end, t_it, t_en, site, lat, lon, kind, party, activity in rows
    ]


_LOCK_USER_SQL = f"SELECT id FROM {User._meta.db_table} WHERE id = %s FOR UPDATE"


def lock_visitor(visitor_id: int) -> None:
    """Lock the visitor's row until the transaction ends: it queues the
    transactions of one person, so the limit and overlap checks see every
    booking committed before this one."""
    with statements.cursor() as cursor:
        cursor.execute(_LOCK_USER_SQL, [visitor_id])


# Access needs ------------------------------------------------------------------------


def access_needs_of(user: User | AnonymousUser) -> AccessNeeds | None:
    """The access needs the visitor keeps in their profile (with consent), if any."""
    if not user.is_authenticated:
        return None
    return AccessNeeds.objects.filter(user=user).first()


def access_counts_min_bookings() -> int:
    """A host sees how many people booked on a slot have each access need only
    when the slot has at least this many live bookings (settings): with fewer, a
    count could point at the person (one booking, one need). Needs kept on a
    visitor's device never count."""
    return settings.ACCESS_NEEDS_COUNTS_MIN_BOOKINGS


@dataclass(frozen=True)
class AccessNeedsCounts:
    bookings: int
    shown: bool  # False: fewer than access_counts_min_bookings(), counts withheld
    counts: dict[str, int]  # need -> bookings on the slot whose visitor keeps it


def access_needs_counts(slot: TimeSlot) -> AccessNeedsCounts:
    """How many of the slot's live bookings come from visitors who keep each
    access need in their profile (never who), withheld below the threshold."""
    live = Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED)
    total = live.count()
    if total < access_counts_min_bookings():
        return AccessNeedsCounts(bookings=total, shown=False, counts={})
    counts = AccessNeeds.objects.filter(user__in=live.values("visitor_id")).aggregate(
        **{need: Count("pk", filter=Q(**{need: True})) for need in AccessNeeds.NEEDS}
    )
    return AccessNeedsCounts(bookings=total, shown=True, counts=counts)


# Personal data (accounts.personal_data) --------------------------------------------


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_personal_data(user: User) -> dict:
    """The visitor's profile, bookings (with check-in) and waiting-list entries."""
    profile = VisitorProfile.objects.filter(user=user).select_related("comune", "municipio").first()
    return {
        "visitor_profile": {
            "comune": profile.comune.name if profile.comune else None,
            "municipio": str(profile.municipio) if profile.municipio else None,
            "lives_elsewhere": profile.lives_elsewhere,
            "age_band": profile.age_band,
            "statistics_consent_at": _iso(profile.statistics_consent_at),
        }
        if profile is not None
        else None,
        "access_needs": _export_access_needs(user),
        "bookings": [
            {
                "id": booking.pk,
                "activity": booking.slot.activity.title_it,
                "host": booking.slot.activity.organisation.name,
                "slot_starts_at": _iso(booking.slot.starts_at),
                "status": booking.status,
                "kind": booking.kind,
                "party_size": booking.party_size,
                "group_name": booking.group_name,
                "ticket_code": booking.ticket_code,
                "booked_at": _iso(booking.created_at),
                "cancelled_at": _iso(booking.cancelled_at),
                "checked_in_at": _iso(booking.checked_in_at),
                "no_show": booking.no_show,
                "attendee_names": booking.attendee_names,
                "rules_acknowledged_at": _iso(booking.rules_acknowledged_at),
            }
            for booking in Booking.objects.filter(visitor=user)
            .select_related("slot__activity__organisation")
            .order_by("slot__starts_at", "pk")
        ],
        "waiting_lists": [
            {
                "activity": entry.slot.activity.title_it,
                "slot_starts_at": _iso(entry.slot.starts_at),
                "party_size": entry.party_size,
                "kind": entry.kind,
                "group_name": entry.group_name,
                "status": entry.status,
                "joined_at": _iso(entry.joined_at),
                "offered_at": _iso(entry.offered_at),
            }
            for entry in WaitingListEntry.objects.filter(visitor=user)
            .select_related("slot__activity")
            .order_by("joined_at", "pk")
        ],
    }


def _export_access_needs(user: User) -> dict | None:
    needs = access_needs_of(user)
    if needs is None:
        return None
    return {"needs": needs.needs, "consent_at": _iso(needs.consent_at)}


def expired_visitors(cutoff: datetime.date) -> set[int]:
    """Visitors with bookings or waiting-list entries in editions ended before `cutoff`."""
    expired = {"slot__activity__edition__event_end__lt": cutoff}
    return set(
        Booking.objects.filter(**expired).values_list("visitor_id", flat=True).distinct()
    ) | set(
        WaitingListEntry.objects.filter(**expired).values_list("visitor_id", flat=True).distinct()
    )
