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
from django.shortcuts import get_object_or_404
from django.utils import timezone

from manifatture.accounts.models import Consent, User
from manifatture.activities.models import Activity, TimeSlot
from manifatture.bookings.models import Booking
from manifatture.directory.models import Membership, Organisation
from manifatture.directory.queries import get_organisation_for_member
from manifatture.editions.models import Edition

from .models import CalendarFeed, DoorDevice, DoorEvent, ReminderSent, WalkIn

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


def expected_bookings(slot: TimeSlot) -> QuerySet[Booking]:
    """The slot's confirmed bookings with only what the door needs: the
    visitor's name, the party, the group's name and whether they came. Those
    still expected first, then by name."""
    return (
        Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED)
        .select_related("visitor")
        .only(
            "pk",
            "slot_id",
            "kind",
            "party_size",
            "group_name",
            "checked_in_at",
            "no_show",
            "visitor__full_name",
        )
        .order_by(F("checked_in_at").asc(nulls_first=True), "visitor__full_name", "pk")
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


def door_counts(slot: TimeSlot) -> dict:
    """People booked, in and missing for the slot (one query), and walk-ins (another)."""
    counts = Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED).aggregate(
        booked=Sum("party_size", default=0),
        bookings=Count("pk"),
        checked_in=Sum("party_size", filter=Q(checked_in_at__isnull=False), default=0),
        no_shows=Sum("party_size", filter=Q(no_show=True), default=0),
    )
    counts["walk_ins"] = (
        WalkIn.objects.filter(slot=slot).values_list("count", flat=True).first() or 0
    )
    counts["expected"] = counts["booked"] - counts["checked_in"] - counts["no_shows"]
    return counts


# Hosts' slots ----------------------------------------------------------------------


def slots_for_host(user: User, edition: Edition) -> QuerySet[TimeSlot]:
    """The slots of the edition's published activities this person receives
    visitors for (all of them for city staff), by time, with their counts:
    `booked` (people), `checked_in` (people) and `walk_ins`."""
    slots = TimeSlot.objects.filter(
        activity__edition=edition, activity__status=Activity.Status.PUBLISHED
    )
    if not user.is_city_staff:
        slots = slots.filter(activity__organisation__memberships__user=user)
    confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
    return (
        slots.select_related("activity__organisation", "activity__site", "walk_in")
        .annotate(
            booked=Sum("bookings__party_size", filter=confirmed, default=0),
            checked_in=Sum(
                "bookings__party_size",
                filter=confirmed & Q(bookings__checked_in_at__isnull=False),
                default=0,
            ),
        )
        .order_by("starts_at", "activity__title_it", "pk")
    )


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
