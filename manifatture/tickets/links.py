"""The one-click cancel link of the reminder e-mail.

The token names the booking and when it expires (`Booking.cancel_deadline`), signed with the site's secret under a salt used for nothing else,
so it cannot be forged, reused for another purpose or stretched past the
deadline. Once the booking is cancelled the link only says so.
"""

import datetime

from django.core import signing
from django.utils import timezone

from manifatture.bookings.models import Booking

from .exceptions import InvalidCancelLink

CANCEL_SALT = "manifatture.tickets.cancel-link"


def cancel_token(booking: Booking) -> str:
    payload = {
        "b": booking.pk,
        "v": booking.visitor_id,
        "e": int(booking.cancel_deadline.timestamp()),
    }
    return signing.dumps(payload, salt=CANCEL_SALT, compress=True)


def booking_for_cancel_token(token: str, *, now: datetime.datetime | None = None) -> Booking:
    """The booking the token was made for, if the token is genuine and its
    deadline has not passed; InvalidCancelLink otherwise."""
    try:
        payload = signing.loads(token, salt=CANCEL_SALT)
        booking_id, visitor_id, expires = int(payload["b"]), int(payload["v"]), int(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidCancelLink from error
    now = now or timezone.now()
    if now.timestamp() >= expires:
        raise InvalidCancelLink
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
        raise InvalidCancelLink
    return booking
