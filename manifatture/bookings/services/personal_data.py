"""The visitor's personal data in bookings (accounts.personal_data): erased when
the account is deleted, detached to an anonymous placeholder at retention."""

import datetime

from django.utils import timezone

from manifatture.accounts.models import User

from ..models import Booking, VisitorProfile, WaitingListEntry, new_ticket_code
from .access_needs import delete_access_needs
from .cancellation import cancel_booking
from .waiting_list import leave_waiting_list

# Group bookings keep a name (the database requires one); an anonymised one says nothing.
ANONYMISED_GROUP_NAME = "—"


def erase_personal_data(user: User) -> None:
    """The person deletes their account: bookings of visits still to come are
    cancelled (seats go to the waiting lists), they leave live waiting lists of
    slots still to come. Past bookings and entries stay with the anonymised
    account, for the statistics, without group names and with new ticket codes
    (the old ones are in the person's e-mails). The statistics profile stays:
    it was given for statistics, and the account no longer names anyone."""
    now = timezone.now()
    for booking in Booking.objects.filter(
        visitor=user, status=Booking.Status.CONFIRMED, slot__starts_at__gt=now
    ).order_by("pk"):
        cancel_booking(booking, by=user, enforce_deadline=False)
    for entry in WaitingListEntry.objects.filter(
        visitor=user,
        status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
        slot__starts_at__gt=now,
    ).order_by("pk"):
        leave_waiting_list(entry, by=user)
    _anonymise_bookings(Booking.objects.filter(visitor=user))
    _anonymise_waiting_groups(WaitingListEntry.objects.filter(visitor=user))
    # Health data: nothing of it stays, not even for statistics.
    delete_access_needs(user)


def _anonymise_bookings(bookings) -> None:
    for booking in bookings.only("pk", "kind", "group_name"):
        Booking.objects.filter(pk=booking.pk).update(
            ticket_code=new_ticket_code(),
            group_name=ANONYMISED_GROUP_NAME if booking.kind == Booking.Kind.GROUP else "",
            attendee_names=[],
        )


def _anonymise_waiting_groups(entries) -> None:
    # The groups and classes that waited keep no name either.
    entries.filter(kind=Booking.Kind.GROUP).update(group_name=ANONYMISED_GROUP_NAME)


def detach_expired_bookings(visitor: User, placeholder: User, cutoff: datetime.date) -> None:
    """Retention: the visitor's bookings and waiting-list entries of editions
    ended before `cutoff` pass to the anonymous `placeholder`, with a copy of
    their statistics profile, so the editions' figures stay the same."""
    expired = {"slot__activity__edition__event_end__lt": cutoff}
    profile = VisitorProfile.objects.filter(user=visitor).first()
    if profile is not None and not VisitorProfile.objects.filter(user=placeholder).exists():
        profile.pk = None
        profile.user = placeholder
        profile.save(force_insert=True)
    Booking.objects.filter(visitor=visitor, **expired).update(visitor=placeholder)
    WaitingListEntry.objects.filter(visitor=visitor, **expired).update(visitor=placeholder)
    _anonymise_bookings(Booking.objects.filter(visitor=placeholder))
    _anonymise_waiting_groups(WaitingListEntry.objects.filter(visitor=placeholder))
