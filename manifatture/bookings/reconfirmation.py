"""Seats that get used: bookers confirm shortly before their visit, or their
seats go to the waiting list.

For each slot the edition sets two moments (`Edition.reconfirmation_times`):
from the first, bookers are asked by e-mail to confirm with one click (a signed
link that needs no login, or the button in "Le mie prenotazioni"); at the
second, the bookings still unconfirmed are released through the booking engine
(`services.release_booking`: cancelled, seats offered to the waiting list in
order, the visitor told, the release audited).

Fair to the booker whatever the scheduler does: only a booking that was asked
is ever released, never before the deadline written in its request, and a
request that could only go out with less than `MIN_NOTICE` to answer is not
sent at all (the booking simply stays). Both jobs are idempotent and safe to
run from several places at once (`run_booking_deadlines`, every few minutes).
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.activities.models import Activity
from manifatture.editions.models import Edition
from manifatture.mail import send_templated_email

from . import services
from .exceptions import InvalidReconfirmLink, NotAllowed, ReconfirmationClosed
from .models import Booking

logger = logging.getLogger(__name__)

RECONFIRM_SALT = "manifatture.bookings.reconfirm-link"

# A request to confirm leaves at least this long to answer, or is not sent.
MIN_NOTICE = datetime.timedelta(hours=6)


# The one-click link --------------------------------------------------------------


def reconfirm_token(booking: Booking) -> str:
    """The signed link's token: it names the booking and its visitor, under a
    salt used for nothing else, so it cannot be forged or used for another
    purpose. It stays readable after the deadline so that the page can say
    what happened to the booking."""
    return signing.dumps(
        {"b": booking.pk, "v": booking.visitor_id}, salt=RECONFIRM_SALT, compress=True
    )


def reconfirm_url(booking: Booking) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "bookings:reconfirm_link", kwargs={"token": reconfirm_token(booking)}
    )


def booking_for_reconfirm_token(token: str) -> Booking:
    """The booking the token was made for; InvalidReconfirmLink if the token
    is not genuine or the booking is gone."""
    try:
        payload = signing.loads(token, salt=RECONFIRM_SALT)
        booking_id, visitor_id = int(payload["b"]), int(payload["v"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidReconfirmLink from error
    booking = (
        Booking.objects.select_related(
            "visitor",
            "slot__activity__organisation",
            "slot__activity__site__comune",
            "slot__activity__edition",
        )
        .filter(pk=booking_id, visitor_id=visitor_id)
        .first()
    )
    if booking is None:
        raise InvalidReconfirmLink
    return booking


# Confirming ----------------------------------------------------------------------


def reconfirm_booking(
    booking: Booking, *, by: User | None, now: datetime.datetime | None = None
) -> Booking:
    """The visitor confirms they will come. `by` is the visitor in their area,
    or None for the signed link (the link is the proof). Confirming again
    changes nothing. A booking may be confirmed as long as it is live and its
    slot has not started, even before being asked; a released or cancelled
    booking cannot (its seats are someone else's by now)."""
    now = now or timezone.now()
    if by is not None and by.pk != booking.visitor_id:
        raise NotAllowed
    with transaction.atomic():
        # The row lock orders this against a release running at the same moment.
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("slot")
            .get(pk=booking.pk)
        )
        if booking.reconfirmed_at is not None:
            return booking
        if booking.status != Booking.Status.CONFIRMED:
            raise ReconfirmationClosed(
                _released_message(booking)
                if booking.released
                else _("Questa prenotazione è stata annullata.")
            )
        if now >= booking.slot.starts_at:
            raise ReconfirmationClosed(_("Il turno è già cominciato."))
        Booking.objects.filter(pk=booking.pk).update(reconfirmed_at=now)
        booking.reconfirmed_at = now
    return booking


def _released_message(booking: Booking) -> str:
    if booking.released == Booking.Release.UNCONFIRMED:
        return _(
            "La prenotazione non è stata confermata in tempo: i suoi posti sono passati a chi "
            "era in lista d'attesa."
        )
    return str(Booking.Release(booking.released).label)


# The scheduled jobs --------------------------------------------------------------


def bookings_to_ask(edition: Edition, now: datetime.datetime):
    """Live bookings of the edition whose slot's request time has come, not
    yet asked nor confirmed, made before that time, with at least
    MIN_NOTICE left before the release."""
    earliest = now + datetime.timedelta(hours=edition.release_hours_before) + MIN_NOTICE
    latest = now + datetime.timedelta(hours=edition.reconfirm_hours_before)
    return (
        Booking.objects.filter(
            slot__activity__edition=edition,
            slot__activity__status=Activity.Status.PUBLISHED,
            slot__cancelled_at__isnull=True,
            slot__starts_at__gt=earliest,
            slot__starts_at__lte=latest,
            status=Booking.Status.CONFIRMED,
            reconfirm_by__isnull=True,
            reconfirmed_at__isnull=True,
            checked_in_at__isnull=True,
            created_at__lt=F("slot__starts_at")
            - datetime.timedelta(hours=edition.reconfirm_hours_before),
        )
        .select_related(
            "visitor",
            "slot__activity__organisation",
            "slot__activity__site__comune",
            "slot__activity__edition",
        )
        .order_by("slot__starts_at", "pk")
    )


def _email_request(booking: Booking) -> None:
    slot = booking.slot
    send_templated_email(
        [booking.visitor.email],
        "bookings/email/reconfirm",
        {
            "booking": booking,
            "slot": slot,
            "activity": slot.activity,
            "reconfirm_url": reconfirm_url(booking),
        },
        booking.visitor.language,
    )


def ask_for_reconfirmation(*, now: datetime.datetime | None = None) -> int:
    """Ask every booking due a request to confirm; returns how many were
    asked. Each request is recorded first (the booking's `reconfirm_by`, by a
    conditional update) and e-mailed only by the run that recorded it, after
    its transaction commits: never twice, even from two runs at once."""
    now = now or timezone.now()
    asked = 0
    editions = Edition.objects.filter(
        reconfirm_hours_before__gt=0, event_end__gte=timezone.localdate(now)
    )
    for edition in editions:
        for booking in bookings_to_ask(edition, now).iterator(chunk_size=500):
            times = edition.reconfirmation_times(booking.slot.starts_at)
            assert times is not None  # these editions ask for confirmation
            _asks_at, deadline = times
            with transaction.atomic():
                recorded = Booking.objects.filter(
                    pk=booking.pk,
                    status=Booking.Status.CONFIRMED,
                    reconfirm_by__isnull=True,
                    reconfirmed_at__isnull=True,
                ).update(reconfirm_by=deadline)
                if not recorded:
                    continue
                booking.reconfirm_by = deadline
                transaction.on_commit(partial(_email_request, booking))
            asked += 1
    if asked:
        logger.info("Asked %s bookings to confirm", asked)
    return asked


def release_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Release every booking asked to confirm whose deadline has passed
    unconfirmed; returns how many. Each goes through the booking engine in
    its own transaction, which checks again under the row locks."""
    now = now or timezone.now()
    due = list(
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            reconfirmed_at__isnull=True,
            reconfirm_by__lte=now,
            checked_in_at__isnull=True,
        )
        .order_by("reconfirm_by", "pk")
        .only("pk", "slot_id")
    )
    released = sum(
        services.release_booking(booking, reason=Booking.Release.UNCONFIRMED, now=now)
        for booking in due
    )
    if released:
        logger.info("Released %s unconfirmed bookings", released)
    return released


def run_booking_deadlines(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Both jobs, releases first (their seats reach the waiting list sooner)."""
    now = now or timezone.now()
    return {
        "released": release_unconfirmed(now=now),
        "asked": ask_for_reconfirmation(now=now),
    }
