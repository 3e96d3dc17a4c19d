"""Reads for tickets and check-in: the access helper for a ticket (the door's
slots go through activities.queries.get_slot_for_user), the lists at the door
and the hosts' slot list."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise

from manifatture.accounts.models import Consent, User
from manifatture.activities.models import Activity, TimeSlot
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.directory.models import Membership, Organisation
from manifatture.directory.queries import get_organisation_for_member
from manifatture.editions.models import Edition

from .models import CalendarFeed, DoorDevice, DoorEvent, ReminderSent

# Access ---------------------------------------------------------------------------


def get_booking_for_ticket(user: User, pk: int) -> Booking:
    """The booking `pk` for its ticket page: its visitor, or city staff.
    404 if it doesn't exist, 403 for anyone else (hosts included: the door
    works with codes, not with the visitor's ticket page)."""
    booking = get_object_or_404(
        Booking.objects.select_related(
            "visitor",
            "slot__activity__organisation",
            "slot__activity__site__comune",
            "slot__activity__edition__hub_venue",
            "slot__room",
        ),
        pk=pk,
    )
    if not user.is_authenticated or (booking.visitor_id != user.pk and not user.is_city_staff):
        raise PermissionDenied
    return booking


# At the door -----------------------------------------------------------------------


# A confirmed booking at the door is in one state: admitted (checked in),
# absent (marked as a no-show and not checked in) or still expected. The
# counters and the list read these same conditions, so they always agree.
DOOR_STATES = {
    "admitted": {"checked_in_at__isnull": False},
    "absent": {"checked_in_at__isnull": True, "no_show": True},
    "expected": {"checked_in_at__isnull": True, "no_show": False},
}


def _state(name: str, prefix: str = "") -> Q:
    return Q(**{prefix + lookup: value for lookup, value in DOOR_STATES[name].items()})


def expected_bookings(slot: TimeSlot) -> QuerySet[Booking]:
    """The slot's confirmed bookings with only what the door needs: the
    visitor's name, the party, the group's name and `door_state` (expected,
    absent, admitted: the counters' own conditions). Those still expected
    first, then the absent, then those in; by name within each."""
    return (
        Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED)
        .select_related("visitor")
        .only(
            "pk",
            "slot_id",
            "kind",
            "party_size",
            "group_name",
            "attendee_names",
            "checked_in_at",
            "no_show",
            "visitor__full_name",
        )
        .annotate(
            door_state=Case(
                *(When(_state(name), then=Value(name)) for name in DOOR_STATES),
                output_field=CharField(),
            ),
            door_order=Case(
                When(_state("expected"), then=Value(0)),
                When(_state("absent"), then=Value(1)),
                default=Value(2),
            ),
        )
        .order_by("door_order", "visitor__full_name", "pk")
    )


def bookings_for_host(slot: TimeSlot) -> QuerySet[Booking]:
    """The door's list, with `contact_email`: the visitor's address only when
    their latest say on sharing it with hosts is yes, else "" (the address
    itself is not even read)."""
    latest_say = Consent.objects.filter(
        user=OuterRef("visitor"), purpose=Consent.Purpose.HOST_CONTACT
    ).order_by("-created_at", "-pk")
    return (
        expected_bookings(slot)
        .alias(contact_consent=Subquery(latest_say.values("given")[:1]))
        .annotate(
            contact_email=Case(
                When(contact_consent=True, then=F("visitor__email")),
                default=Value(""),
                output_field=CharField(),
            )
        )
    )


# What `with_door_counts` adds to each slot, and `door_counts` returns.
DOOR_COUNTS = (
    "booked",
    "booked_bookings",
    "admitted",
    "admitted_bookings",
    "absent",
    "absent_bookings",
    "expected",
    "expected_bookings",
    "walk_ins",
    "places_left_now",
)


def with_door_counts(slots: QuerySet[TimeSlot]) -> QuerySet[TimeSlot]:
    """The door's counters, the one place they are computed: for each slot
    the people (`booked`, `admitted`, `absent`, `expected`) and the bookings
    (`booked_bookings`, `admitted_bookings`, ...) among its confirmed bookings, in
    the states of `DOOR_STATES`; the walk-ins; the places still free."""
    confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
    counts = {
        "booked": Sum("bookings__party_size", filter=confirmed, default=0),
        "booked_bookings": Count("bookings", filter=confirmed),
    }
    for name in ("admitted", "absent", "expected"):
        in_state = confirmed & _state(name, "bookings__")
        counts[name] = Sum("bookings__party_size", filter=in_state, default=0)
        counts[f"{name}_bookings"] = Count("bookings", filter=in_state)
    return slots.annotate(
        **counts,
        walk_ins=Coalesce(F("walk_in__count"), 0),
        places_left_now=TimeSlot.places_left_expression(),
    )


def door_waiting_list(slot: TimeSlot) -> QuerySet[WaitingListEntry]:
    """The slot's live waiting list in order of joining, with only what the
    door needs: whoever of them is at the door goes in first when seats free up."""
    return (
        WaitingListEntry.objects.filter(
            slot=slot,
            status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
        )
        .select_related("visitor")
        .only("pk", "slot_id", "party_size", "status", "joined_at", "visitor__full_name")
        .order_by("joined_at", "pk")
    )


def door_counts(slot: TimeSlot) -> dict:
    """The slot's counters (`with_door_counts`), in one query."""
    return with_door_counts(TimeSlot.objects.filter(pk=slot.pk)).values(*DOOR_COUNTS).get()


def door_role(user: User, organisation: Organisation) -> StrOrPromise:
    """What the person keeping the door is for the organisation: its
    membership's role ("Titolare", "Collaboratore") or city staff; "" if none."""
    role = (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )
    if role is not None:
        return Membership.Role(role).label
    if user.is_city_staff:
        return gettext("Staff del Comune")
    return ""


# Hosts' slots ----------------------------------------------------------------------


def slots_for_host(user: User, edition: Edition) -> QuerySet[TimeSlot]:
    """The slots of the edition's published activities this person receives
    visitors for (all of them for city staff), by time, with the door's
    counters (`with_door_counts`)."""
    slots = TimeSlot.objects.filter(
        activity__edition=edition, activity__status=Activity.Status.PUBLISHED
    )
    if not user.is_city_staff:
        slots = slots.filter(activity__organisation__memberships__user=user)
    return with_door_counts(
        slots.select_related("activity__organisation", "activity__site")
    ).order_by("starts_at", "activity__title_it", "pk")


# The door app (tickets.door) -------------------------------------------------------


def get_door_device_for_member(user: User, pk) -> DoorDevice:
    """The door device `pk` for a member of its organisation, or city staff
    (the organisation's own rule, `get_organisation_for_member`). 404 if it
    doesn't exist, 403 for anyone else."""
    device = get_object_or_404(DoorDevice.objects.select_related("organisation"), pk=pk)
    get_organisation_for_member(user, device.organisation.slug)
    return device


def door_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose door this person may keep: their own."""
    return Organisation.objects.filter(
        pk__in=Membership.objects.filter(user=user).values("organisation_id")
    ).order_by("name")


def door_slots(organisation: Organisation, day: datetime.date) -> QuerySet[TimeSlot]:
    """The organisation's slots starting on `day` (local time), of published
    activities, not cancelled, by time: what a door serves that day."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return (
        TimeSlot.objects.filter(
            activity__organisation=organisation,
            activity__status=Activity.Status.PUBLISHED,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
            cancelled_at__isnull=True,
        )
        .select_related("activity", "walk_in")
        .order_by("starts_at", "activity__title_it", "pk")
    )


def door_devices_of(organisation: Organisation) -> QuerySet[DoorDevice]:
    """The organisation's door devices, newest first, for revoking a lost one."""
    return DoorDevice.objects.filter(organisation=organisation).select_related("registered_by")


def door_reports(organisation: Organisation, day: datetime.date) -> QuerySet[DoorEvent]:
    """What the host must look at after the doors synced: double admissions
    (with the admission kept) and admissions the server refused (a booking
    cancelled while the door was offline, a time outside the slot)."""
    return (
        DoorEvent.objects.filter(
            slot__in=door_slots(organisation, day).values("pk"),
            kind=DoorEvent.Kind.ADMIT,
            outcome__in=[DoorEvent.Outcome.DOUBLE, DoorEvent.Outcome.REFUSED],
        )
        .select_related("device", "booking__visitor", "slot__activity", "first__device")
        .order_by("-changed_at", "-pk")
    )


# Calendar feed ---------------------------------------------------------------------


def get_feed_by_token(token: str) -> CalendarFeed:
    return get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)


# Personal data (accounts.personal_data) --------------------------------------------


def export_personal_data(user: User) -> dict:
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "calendar_feed": feed.get_absolute_url() if feed is not None else None,
        "reminders_sent_for_bookings": list(
            ReminderSent.objects.filter(booking__visitor=user)
            .order_by("sent_at")
            .values_list("booking_id", flat=True)
        ),
    }
