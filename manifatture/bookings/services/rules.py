"""The checks a booking (or a place on a waiting list) passes before it takes
seats: the slot takes bookings now, the party's size and kind, the site rules
accepted, who may act for a visitor, and the visitor's own limits and overlaps
(with travel time)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from manifatture.accounts.models import User
from manifatture.activities import travel
from manifatture.activities.models import Activity, HubVenue, TimeSlot
from manifatture.activities.queries import may_manage_programme
from manifatture.editions.models import Edition

from .. import queries
from ..conf import booking_cutoff
from ..exceptions import (
    ActivityAlreadyBooked,
    AllBookingsUsed,
    BookingClosed,
    BookingLimitReached,
    InvalidParty,
    NotBookable,
    OverlappingBooking,
    RegistrationClosed,
    RulesNotAcknowledged,
)
from ..models import Booking
from .limits import (
    bookings_per_visitor,
    groups_per_visitor,
    household_seats,
    seat_limit_refusal,
    seats_per_visitor,
)


def _local(moment: datetime.datetime, fmt: str) -> str:
    return date_format(timezone.localtime(moment), fmt)


def _load_slot(slot: TimeSlot) -> TimeSlot:
    """The slot with its activity, site and edition, read once: a slot the
    view already loaded with them is used as it is (they are not scarce; the
    seats are taken later by the conditional update)."""
    if (
        TimeSlot.activity.is_cached(slot)
        and Activity.edition.is_cached(slot.activity)
        and (slot.activity.site_id is None or Activity.site.is_cached(slot.activity))
    ):
        return slot
    return TimeSlot.objects.select_related("activity__edition", "activity__site").get(pk=slot.pk)


def _check_bookable(slot: TimeSlot, now: datetime.datetime) -> None:
    """The slot takes bookings now: bookable activity, registration open,
    before the cut-off."""
    activity = slot.activity
    if activity.is_cancelled or slot.is_cancelled:
        raise NotBookable(_("Questo turno è stato annullato."))
    if activity.is_draft:
        raise NotBookable(_("Questa attività non è ancora nel programma."))
    if activity.booking_mode == Activity.BookingMode.DROP_IN:
        raise NotBookable(_("L'ingresso è libero: non serve prenotare."))
    if activity.booking_mode == Activity.BookingMode.BALLOT:
        raise _ballot_refusal()
    window = activity.edition.booking_window_at(now)
    if not window.is_open:
        raise RegistrationClosed(window.reason)
    closed = cutoff_refusal(slot, now)
    if closed is not None:
        raise closed


def cutoff_refusal(slot: TimeSlot, now: datetime.datetime) -> BookingClosed | None:
    """The refusal of a booking past the slot's cut-off (BOOKING_CUTOFF_MINUTES
    before it starts), or None before it: the booking is refused with it, and
    the booking page shows it instead of a form sure to fail."""
    if now < slot.bookings_close_at:
        return None
    cutoff = booking_cutoff()
    return BookingClosed(
        _("Le prenotazioni di questo turno chiudono %(minutes)s minuti prima dell'inizio.")
        % {"minutes": int(cutoff.total_seconds() // 60)}
    )


def _check_party(activity: Activity, kind: str, party_size: int, group_name: str) -> None:
    if kind == Booking.Kind.GROUP:
        if activity.max_group_size < 1:
            raise InvalidParty(_("Questa attività non accoglie gruppi."), field=None)
        if not group_name.strip():
            raise InvalidParty(
                _("Indicate la scuola o l'organizzazione del gruppo."), field="group_name"
            )
        if not 1 <= party_size <= activity.max_group_size:
            raise InvalidParty(
                _("Un gruppo può essere di 1–%(max)s persone.") % {"max": activity.max_group_size}
            )
    elif not 1 <= party_size <= activity.max_party_size:
        raise InvalidParty(
            _("Potete prenotare per 1–%(max)s persone.") % {"max": activity.max_party_size}
        )


def _check_site_rules(activity: Activity, *, rules_acknowledged: bool) -> datetime.datetime | None:
    """An activity with site rules is booked only once the visitor has accepted
    them: the moment it was accepted (None for an activity without rules)."""
    if not activity.site_rules:
        return None
    if not rules_acknowledged:
        raise RulesNotAcknowledged
    return timezone.now()


def _may_act_for(user: User, visitor_id: int, activity: Activity) -> bool:
    """The visitor themselves, city staff, or a member of the host."""
    return user.pk == visitor_id or may_manage_programme(user, activity)


class _Places:
    """Where activities take place (a host's site or the edition's hub), as
    `travel.Point`s, with the hub looked up at most once."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self._hub: travel.Point | None = None
        self._hub_loaded = False

    def of(self, activity: Activity) -> travel.Point | None:
        site = activity.site
        if site is not None:
            return float(site.latitude), float(site.longitude)
        return self.hub()

    def of_booked(self, booked: queries.BookedSlot) -> travel.Point | None:
        if booked.latitude is not None and booked.longitude is not None:
            return float(booked.latitude), float(booked.longitude)
        return self.hub()

    def hub(self) -> travel.Point | None:
        if not self._hub_loaded:
            venue = HubVenue.objects.filter(edition_id=self.edition.pk).first()
            if venue is not None:
                self._hub = float(venue.latitude), float(venue.longitude)
            self._hub_loaded = True
        return self._hub


def visitor_bookings(visitor: User, edition: Edition) -> list[queries.BookedSlot]:
    """The visitor's live bookings in the edition, with what the overlap
    check needs. A booking's decision calls it under the lock on the visitor's
    row; a page showing where the visitor stands (`standing_refusal`) need not."""
    return queries.booked_slots(visitor.pk, edition.pk)


def _booking_of_activity(
    slot: TimeSlot, others: list[queries.BookedSlot]
) -> queries.BookedSlot | None:
    """The visitor's live booking of another slot of the slot's activity, if any."""
    return next(
        (b for b in others if b.activity_id == slot.activity_id and b.slot_id != slot.pk), None
    )


def _check_one_per_activity(slot: TimeSlot, others: list[queries.BookedSlot]) -> None:
    """One booking per activity and visitor, as event platforms do: a second
    slot of the same visit would keep seats from someone else. Changing slot
    is cancelling the booking, then booking the other (`others`: from
    `visitor_bookings`)."""
    refusal = _one_per_activity_refusal(slot, others)
    if refusal is not None:
        raise refusal


def _one_per_activity_refusal(
    slot: TimeSlot, others: list[queries.BookedSlot]
) -> ActivityAlreadyBooked | None:
    booked = _booking_of_activity(slot, others)
    if booked is None:
        return None
    return ActivityAlreadyBooked(
        _(
            "Avete già prenotato «%(title)s» il %(day)s alle %(start)s: ogni attività si "
            "prenota una volta sola. Per cambiare turno annullate quella prenotazione in "
            "«Le mie prenotazioni», poi prenotate questo."
        )
        % {
            "title": booked.title,
            "day": _local(booked.starts_at, "j F"),
            "start": _local(booked.starts_at, "H:i"),
        }
    )


def standing_refusal(
    slot: TimeSlot, others: list[queries.BookedSlot]
) -> ActivityAlreadyBooked | AllBookingsUsed | None:
    """The refusal any booking of the slot, or place on its waiting list, meets
    whatever the form says, or None: another slot of its activity is booked
    (`_check_one_per_activity`), or the visitor holds all the bookings the
    edition allows (`_check_visitor_limits`). `others`: from `visitor_bookings`.
    The booking page and the activity's page show it instead of forms sure to
    fail."""
    return _one_per_activity_refusal(slot, others) or _all_bookings_used(
        slot.activity.edition, [booking for booking in others if booking.slot_id != slot.pk]
    )


def _check_visitor_rules(
    slot: TimeSlot,
    others: list[queries.BookedSlot],
    *,
    kind: str = Booking.Kind.INDIVIDUAL,
    party_size: int = 1,
) -> None:
    """The visitor's limits per edition, counted in parties (bookings, and
    groups for a group booking) and in seats (the household's people, for an
    individual booking), and no overlap with their other bookings (`others`,
    from `visitor_bookings`), counting the travel time between places; one
    booking per activity."""
    _check_one_per_activity(slot, others)
    _check_visitor_limits(
        slot.activity.edition, others, kind=kind, party_size=party_size, exclude_slot=slot.pk
    )
    others = [booking for booking in others if booking.slot_id != slot.pk]
    if not others:
        return
    places = _Places(slot.activity.edition)
    here = places.of(slot.activity)
    for other in others:
        buffer = travel.travel_minutes(here, places.of_booked(other)) or 0
        if travel.visits_clash(
            (slot.starts_at, slot.ends_at), (other.starts_at, other.ends_at), buffer
        ):
            values = {
                "title": other.title,
                "day": _local(other.starts_at, "j F"),
                "start": _local(other.starts_at, "H:i"),
                "end": _local(other.ends_at, "H:i"),
                "minutes": buffer,
            }
            if buffer:
                message = _(
                    "Avete già prenotato «%(title)s» il %(day)s dalle %(start)s alle %(end)s: "
                    "contando %(minutes)s minuti per spostarsi da un luogo all'altro, "
                    "i due turni si sovrappongono."
                )
            else:
                message = _(
                    "Avete già prenotato «%(title)s» il %(day)s dalle %(start)s alle %(end)s: "
                    "i due turni si sovrappongono."
                )
            raise OverlappingBooking(message % values)


def _check_visitor_limits(
    edition: Edition,
    others: list[queries.BookedSlot],
    *,
    kind: str,
    party_size: int,
    exclude_slot: int | None = None,
) -> None:
    """The visitor's limits per edition for one more party, counted in parties
    (bookings; and groups, for a group) and in seats (their household's people,
    for an individual booking). A party's seats are all or nothing, so a party
    that does not fit whole is refused whole."""
    others = [booking for booking in others if booking.slot_id != exclude_slot]
    refusal = _all_bookings_used(edition, others)
    if refusal is not None:
        raise refusal
    seat_limit = seats_per_visitor(edition)
    if kind != Booking.Kind.GROUP and seat_limit is not None:
        held = household_seats(others)
        if held + party_size > seat_limit:
            raise seat_limit_refusal(seat_limit, held)
    if kind == Booking.Kind.GROUP:
        groups = sum(1 for booking in others if booking.kind == Booking.Kind.GROUP)
        if groups >= groups_per_visitor():
            raise BookingLimitReached(
                ngettext(
                    "Potete prenotare al massimo %(n)s gruppo per questa edizione: per altri "
                    "gruppi scrivete all'organizzazione dell'evento.",
                    "Potete prenotare al massimo %(n)s gruppi per questa edizione: per altri "
                    "gruppi scrivete all'organizzazione dell'evento.",
                    groups_per_visitor(),
                )
                % {"n": groups_per_visitor()}
            )


def _all_bookings_used(
    edition: Edition, others: list[queries.BookedSlot]
) -> AllBookingsUsed | None:
    """The refusal of one more party when the visitor's live bookings (`others`)
    are already as many as the edition allows, or None."""
    parties = bookings_per_visitor(edition)
    if len(others) < parties:
        return None
    return AllBookingsUsed(
        _("Potete avere al massimo %(n)s prenotazioni per questa edizione.") % {"n": parties}
    )


def _ballot_refusal() -> NotBookable:
    return NotBookable(
        _("I posti di questa attività si assegnano per sorteggio: partecipate al sorteggio.")
    )
