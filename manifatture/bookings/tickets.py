"""Ticket tokens: what the QR code on a booking carries.

The token is the booking's ticket code signed with the site's secret (salt
"tickets"), so a code read from a QR image can be trusted to come from us; the
bare ticket code (80 random bits) stays short enough to type at the door.
"""

import io

import segno
from django.core import signing

from .models import Booking

TICKET_SALT = "tickets"


def _signer() -> signing.Signer:
    return signing.Signer(salt=TICKET_SALT)


def signed_ticket_token(booking: Booking) -> str:
    """The signed token of the booking's ticket code, for its QR code."""
    return _signer().sign(booking.ticket_code)


def unsign_ticket_token(token: str) -> str:
    """The ticket code inside a signed token; `django.core.signing.BadSignature`
    if the token was not made by `signed_ticket_token`."""
    return _signer().unsign(token.strip())


def ticket_qr_png(booking: Booking, *, scale: int = 6) -> bytes:
    """A PNG image of the QR code carrying the booking's signed token."""
    buffer = io.BytesIO()
    segno.make(signed_ticket_token(booking), error="m").save(
        buffer, kind="png", scale=scale, border=4
    )
    return buffer.getvalue()


def ticket_qr_svg(booking: Booking, *, scale: int = 4) -> str:
    """The same QR code as inline SVG markup, for web pages."""
    buffer = io.BytesIO()
    segno.make(signed_ticket_token(booking), error="m").save(
        buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, title=None
    )
    return buffer.getvalue().decode()
