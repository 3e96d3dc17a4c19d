"""Reads of bookings: places left on slots, a visitor's bookings and waiting
lists, and the access helpers."""

from django.core.exceptions import PermissionDenied
from django.db.models import ExpressionWrapper, F, IntegerField, QuerySet, Value
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404

from manifatture.accounts.models import User
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.queries import INDIVIDUAL_PLACES_LEFT
from manifatture.directory.models import Membership

from .models import Booking, VisitorProfile, WaitingListEntry

# Access -------------------------------------------------------------------------------


def may_manage_activity(user: User, activity: Activity) -> bool:
    """City staff, or a member of the organisation that hosts the activity."""
    if not user.is_authenticated:
        return False
    if user.is_city_staff:
        return True
    return Membership.objects.filter(user=user, organisation_id=activity.organisation_id).exists()


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
    """A slot with what booking it needs (its activity, edition and site), in
    one narrow query: the booking page is the busiest page of all. What only
    the page shows (organisation, comune) loads when the page is rendered."""
    return get_object_or_404(
        TimeSlot.objects.select_related("activity__edition", "activity__site"), pk=pk
    )


def get_slot_for_manager(user: User, pk: int) -> TimeSlot:
    """The slot `pk` if `user` manages its activity (city staff or host member)."""
    slot = get_slot_for_booking(pk)
    if not may_manage_activity(user, slot.activity):
        raise PermissionDenied
    return slot


# Places left --------------------------------------------------------------------------


def places_left(slot: TimeSlot) -> int:
    """Seats a visitor (not a group) can book on the slot now, read afresh
    from the slot's counters."""
    fresh = TimeSlot.objects.only(
        "capacity", "seats_taken", "group_seats", "group_seats_taken"
    ).get(pk=slot.pk)
    return fresh.places_left


def with_places_left(slots: QuerySet[TimeSlot]) -> QuerySet[TimeSlot]:
    """Annotate `places_left_now` (seats for individuals) and
    `group_places_left_now` on a queryset of slots, in the same query."""
    return slots.annotate(
        places_left_now=ExpressionWrapper(INDIVIDUAL_PLACES_LEFT, output_field=IntegerField()),
        group_places_left_now=ExpressionWrapper(
            Greatest(Value(0), F("capacity") - F("seats_taken")), output_field=IntegerField()
        ),
    )


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


def live_booking(visitor: User, slot: TimeSlot) -> Booking | None:
    if not visitor.is_authenticated:
        return None
    return Booking.objects.filter(
        visitor=visitor, slot=slot, status=Booking.Status.CONFIRMED
    ).first()


def profile_of(user: User) -> VisitorProfile | None:
    return VisitorProfile.objects.filter(user=user).select_related("comune").first()
