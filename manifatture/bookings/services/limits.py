"""How many bookings, seats and groups a visitor may hold: each read from the
settings or the edition here and nowhere else. The
cut-offs and the offer's duration are bookings.conf's; the cancellation
deadline is `Booking.cancel_deadline`."""

from django.conf import settings
from django.utils.translation import ngettext

from manifatture.editions.models import Edition

from .. import queries
from ..exceptions import BookingLimitReached
from ..models import Booking


def bookings_per_visitor(edition: Edition | None = None) -> int:
    """How many bookings (parties: a household or a group, each whole) a
    visitor may hold in the edition: the edition's own limit, or the setting."""
    if edition is not None and edition.party_limit is not None:
        return edition.party_limit
    return settings.BOOKINGS_PER_VISITOR


def seats_per_visitor(edition: Edition) -> int | None:
    """How many people in all a visitor may book for their household in the
    edition, summing their individual bookings (groups and classes have their
    own limits: `groups_per_visitor` and the activity's group size); None: no
    limit beyond the number of bookings."""
    return edition.seat_limit


def seat_limit_refusal(limit: int, held: int) -> BookingLimitReached:
    """The one sentence for a party that would take the visitor past the seat limit."""
    return BookingLimitReached(
        ngettext(
            "Potete prenotare al massimo %(n)s persona in tutto per questa edizione (già "
            "prenotate: %(held)s), e ogni gruppo entra tutto insieme o per niente.",
            "Potete prenotare al massimo %(n)s persone in tutto per questa edizione (già "
            "prenotate: %(held)s), e ogni gruppo entra tutto insieme o per niente.",
            limit,
        )
        % {"n": limit, "held": held},
        field="party_size",
    )


def household_seats(others: list[queries.BookedSlot]) -> int:
    """Seats the visitor holds for themselves and their household (not groups)."""
    return sum(b.party_size for b in others if b.kind != Booking.Kind.GROUP)


def groups_per_visitor() -> int:
    """How many of a visitor's bookings in an edition may be for groups: one
    account does not hold a slot's seats through group after group."""
    return settings.GROUP_BOOKINGS_PER_VISITOR
