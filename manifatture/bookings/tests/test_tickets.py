"""Signed ticket tokens and the iCalendar writer."""

import datetime

import pytest
from django.core import signing

from manifatture.bookings import ical
from manifatture.bookings.models import Booking
from manifatture.bookings.tickets import signed_ticket_token, ticket_qr_svg, unsign_ticket_token


def test_ticket_token_round_trip_and_tampering():
    booking = Booking(ticket_code="0123456789ABCDEF0123")
    token = signed_ticket_token(booking)
    assert token.startswith("0123456789ABCDEF0123:")
    assert unsign_ticket_token(token) == "0123456789ABCDEF0123"
    assert unsign_ticket_token(f"  {token}\n") == "0123456789ABCDEF0123"
    with pytest.raises(signing.BadSignature):
        unsign_ticket_token("0123456789ABCDEF0124" + token[20:])
    with pytest.raises(signing.BadSignature):
        unsign_ticket_token("0123456789ABCDEF0123")
    # Another salt's signature is not a ticket.
    with pytest.raises(signing.BadSignature):
        unsign_ticket_token(signing.Signer(salt="other").sign("0123456789ABCDEF0123"))


def test_ticket_codes_are_unguessable():
    from manifatture.bookings.models import new_ticket_code

    codes = {new_ticket_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(code) == 20 for code in codes)


def test_qr_svg_for_pages():
    svg = ticket_qr_svg(Booking(ticket_code="0123456789ABCDEF0123"))
    assert svg.startswith("<svg")


def test_ical_escapes_and_folds():
    start = datetime.datetime(2019, 11, 29, 10, 0, tzinfo=datetime.UTC)
    text = ical.calendar(
        [
            ical.Event(
                uid="booking-1@manifattureaperte",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                summary="Visita; legno, ferro \\ e vetro",
                description="Riga uno\nRiga due " + "è" * 60,
                location="Via Ventura 15, Milano",
                latitude=45.4842,
                longitude=9.2399,
            )
        ],
        stamp=start,
    )
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Visita\\; legno\\, ferro \\\\ e vetro" in lines
    assert "DTSTART:20191129T100000Z" in lines
    assert "GEO:45.484200;9.239900" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:Riga uno\\nRiga due " + "è" * 60 in unfolded
