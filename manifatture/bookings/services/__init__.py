"""Writes of bookings and waiting lists. Each function owns its transaction and
raises a `BookingError` with a message for the person when a rule says no.

How seats stay within capacity, under any concurrency:

* a booking takes its seats with ONE conditional UPDATE of the slot's counter
  (`TimeSlotQuerySet.take_seats`: the places left that pages show, from
  `activities.models.free_seats`, must be at least the party), late, in the
  same transaction as the INSERT of the booking row; the slot's check
  constraints are the last line;
* the per-visitor rules (limit per edition, no overlaps) are checked under a
  lock on the visitor's own row, so two requests of one person queue;
* seats offered to the waiting list are held in the same counter until the
  offer is accepted (they become the booking's) or expires (they are offered
  to the next entry, or freed).

Lock order, the same everywhere, so transactions never wait on each other in
a circle: visitor row, slot row, then booking and waiting-list rows.

One module per thing people do, each with the rules it holds:

* `limits`: how many bookings, seats and groups per visitor; cut-offs;
* `rules`: the checks before seats are taken (slot, party, site rules,
  the visitor's limits and overlaps);
* `seats`: taking and freeing seats, the visitor's lock, the confirmation;
* `booking`: booking a slot, or a place drawn in a ballot;
* `attendees`: the names on named tickets;
* `cancellation`: cancelling a booking, a slot, an activity;
* `release`: seats of an unconfirmed booking or a no-show given to others;
* `waiting_list`: joining, leaving, offers (all or nothing) and accepting;
* `profile`, `access_needs`, `personal_data`: what the visitor tells us, and
  its erasure.

Callers use the package (`from manifatture.bookings import services`,
`services.book_slot(...)`): the names below are its public ones.
"""

from ..conf import booking_cutoff, offer_duration
from .access_needs import delete_access_needs, save_access_needs
from .attendees import clean_attendee_names, name_attendees
from .booking import book_drawn_place, book_slot, wait_for_drawn_place
from .cancellation import cancel_activity_bookings, cancel_booking, cancel_slot
from .limits import (
    bookings_per_visitor,
    groups_per_visitor,
    household_seats,
    seat_limit_refusal,
    seats_per_visitor,
)
from .personal_data import ANONYMISED_GROUP_NAME, detach_expired_bookings, erase_personal_data
from .profile import delete_visitor_profile, erase_visitor_profile, update_visitor_profile
from .release import release_booking
from .rules import cutoff_refusal, standing_refusal, visitor_bookings
from .seats import CONFIRMATION_TASK
from .waiting_list import (
    EXPIRE_OFFERS_TASK,
    MIN_OFFER_MINUTES,
    accept_offer,
    expire_offers,
    join_waiting_list,
    leave_waiting_list,
)

__all__ = [
    "cutoff_refusal",
    "ANONYMISED_GROUP_NAME",
    "CONFIRMATION_TASK",
    "EXPIRE_OFFERS_TASK",
    "MIN_OFFER_MINUTES",
    "accept_offer",
    "book_drawn_place",
    "book_slot",
    "booking_cutoff",
    "bookings_per_visitor",
    "cancel_activity_bookings",
    "cancel_booking",
    "cancel_slot",
    "clean_attendee_names",
    "delete_access_needs",
    "delete_visitor_profile",
    "detach_expired_bookings",
    "erase_personal_data",
    "erase_visitor_profile",
    "expire_offers",
    "groups_per_visitor",
    "household_seats",
    "join_waiting_list",
    "leave_waiting_list",
    "name_attendees",
    "offer_duration",
    "release_booking",
    "save_access_needs",
    "seat_limit_refusal",
    "seats_per_visitor",
    "standing_refusal",
    "update_visitor_profile",
    "visitor_bookings",
    "wait_for_drawn_place",
]
