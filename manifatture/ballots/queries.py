"""Reads of ballots: the current ballot, its activities and slots, a
visitor's own choices, and the demand per slot that staff watch."""

from dataclasses import dataclass
from typing import TypedDict, cast

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django_stubs_ext import WithAnnotations

from manifatture.accounts.models import User
from manifatture.activities.models import Activity, TimeSlot, free_seats
from manifatture.editions.models import Edition

from .models import Ballot, BallotEntry


def get_ballot(pk: int) -> Ballot:
    return get_object_or_404(Ballot.objects.select_related("edition", "drawn_by"), pk=pk)


def ballot_of(edition: Edition | None) -> Ballot | None:
    if edition is None:
        return None
    return Ballot.objects.select_related("edition").filter(edition=edition).first()


def all_ballots() -> QuerySet[Ballot]:
    """Every ballot, newest edition first, with its numbers, for staff."""
    return (
        Ballot.objects.select_related("edition")
        .annotate(
            activity_count=Count("ballot_activities", distinct=True),
            entrant_count=Count("entries__visitor", distinct=True),
        )
        .order_by("-edition__year")
    )


def _open_slots() -> QuerySet[TimeSlot]:
    return TimeSlot.objects.filter(cancelled_at__isnull=True).order_by("starts_at", "pk")


def ballot_activities(ballot: Ballot) -> QuerySet[Activity]:
    """The published activities in the ballot, each with `slot_list`."""
    return (
        Activity.objects.filter(ballot_activity__ballot=ballot, status=Activity.Status.PUBLISHED)
        .select_related("organisation", "site__comune")
        .prefetch_related(Prefetch("slots", queryset=_open_slots(), to_attr="slot_list"))
        .order_by("title_it", "pk")
    )


def ballot_slots(ballot: Ballot) -> QuerySet[TimeSlot]:
    """The slots visitors may choose: of published activities in the ballot, not cancelled."""
    return (
        _open_slots()
        .filter(
            activity__ballot_activity__ballot=ballot,
            activity__status=Activity.Status.PUBLISHED,
        )
        .select_related("activity")
        .order_by("activity__title_it", "starts_at", "pk")
    )


def activities_to_add(ballot: Ballot) -> QuerySet[Activity]:
    """The edition's activities staff may still put in the ballot."""
    return (
        Activity.objects.filter(edition_id=ballot.edition_id, status=Activity.Status.PUBLISHED)
        .exclude(booking_mode=Activity.BookingMode.DROP_IN)
        .filter(ballot_activity__isnull=True)
        .select_related("organisation")
        .order_by("title_it", "pk")
    )


def entries_of(visitor: User, ballot: Ballot | None = None) -> QuerySet[BallotEntry]:
    """A visitor's own choices (in one ballot, or in all), with their results."""
    entries = BallotEntry.objects.filter(visitor=visitor)
    if ballot is not None:
        entries = entries.filter(ballot=ballot)
    return entries.select_related(
        "ballot__edition",
        "slot__activity__organisation",
        "slot__activity__site",
        "booking",
        "waiting_entry",
    ).order_by("-ballot__edition__year", "rank")


class SlotDemand(TypedDict):
    requests: int
    first_requests: int
    seats_requested: int
    seats_won: int
    winners: int
    waiting: int
    seats: int  # the three below are worked out in Python
    demand: float | None
    oversubscribed: bool


def slot_demand(ballot: Ballot) -> "list[WithAnnotations[TimeSlot, SlotDemand]]":
    """Each slot of the ballot with what visitors asked for and, after the
    draw, what they got: `requests` (choices), `first_requests` (first
    choices), `seats_requested` (people in those choices), `seats_won`,
    `winners` and `waiting`, each counted in the database; `seats` (the seats
    for individuals) and `demand` (people asking per seat)."""
    mine = Q(ballot_entries__ballot=ballot)
    won = mine & Q(ballot_entries__result=BallotEntry.Result.WON)
    demand = (
        TimeSlot.objects.filter(activity__ballot_activity__ballot=ballot)
        .select_related("activity__organisation")
        .annotate(
            requests=Count("ballot_entries", filter=mine),
            first_requests=Count("ballot_entries", filter=mine & Q(ballot_entries__rank=1)),
            seats_requested=Sum("ballot_entries__party_size", filter=mine, default=0),
            seats_won=Sum("ballot_entries__party_size", filter=won, default=0),
            winners=Count("ballot_entries", filter=won),
            waiting=Count(
                "ballot_entries",
                filter=mine & Q(ballot_entries__result=BallotEntry.Result.WAITING),
            ),
        )
        .order_by("activity__title_it", "starts_at", "pk")
    )
    # The counts come from the query; seats, demand and oversubscribed are set here.
    slots = cast("list[WithAnnotations[TimeSlot, SlotDemand]]", list(demand))
    for slot in slots:
        # The seats individuals have on the slot, bookings aside (the one seat arithmetic).
        slot.seats = free_seats(slot.bookable_seats, 0, slot.group_seats, 0, group=False)
        slot.demand = slot.seats_requested / slot.seats if slot.seats else None
        slot.oversubscribed = slot.seats_requested > slot.seats
    return slots


@dataclass(frozen=True)
class Totals:
    entrants: int
    entries: int
    winners: int  # people with at least one place

    @property
    def without_place(self) -> int:
        return self.entrants - self.winners


def ballot_totals(ballot: Ballot) -> Totals:
    numbers = BallotEntry.objects.filter(ballot=ballot).aggregate(
        entrants=Count("visitor", distinct=True),
        entries=Count("pk"),
        winners=Count("visitor", distinct=True, filter=Q(result=BallotEntry.Result.WON)),
    )
    return Totals(**numbers)


# Personal data (accounts.personal_data) --------------------------------------------


def export_personal_data(user: User) -> dict:
    return {
        "ballot_choices": [
            {
                "edition": entry.ballot.edition.year,
                "rank": entry.rank,
                "activity": entry.slot.activity.title_it,
                "slot_starts_at": entry.slot.starts_at.isoformat(),
                "party_size": entry.party_size,
                "kind": entry.kind,
                "group_name": entry.group_name,
                "result": entry.result,
                "booking": entry.booking_id,
            }
            for entry in BallotEntry.objects.filter(visitor=user)
            .select_related("ballot__edition", "slot__activity")
            .order_by("ballot__edition__year", "rank")
        ]
    }


def expired_visitors(cutoff) -> set[int]:
    """Visitors with choices in ballots of editions that ended before `cutoff`."""
    return set(
        BallotEntry.objects.filter(ballot__edition__event_end__lt=cutoff)
        .values_list("visitor_id", flat=True)
        .distinct()
    )
