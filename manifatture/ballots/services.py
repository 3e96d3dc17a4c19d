"""Writes of ballots: the ballot and its window, the activities in it, the
visitors' ranked choices, and the draw. Each function owns its transaction
and raises a `BallotError` with a message for the person when a rule says no.

The draw itself is the pure function `draw.draw`; `run_draw` feeds it what
the database holds (seats left, choices, the bookings people already have),
then turns its places into bookings and the other choices into waiting-list
entries, and tells everyone the result by e-mail.
"""

import datetime
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.activities.models import Activity, HubVenue, TimeSlot
from manifatture.activities.travel import travel_speed_kmh
from manifatture.bookings import demand
from manifatture.bookings import services as booking_services
from manifatture.bookings.exceptions import BookingError
from manifatture.bookings.models import Booking
from manifatture.editions.models import Edition
from manifatture.mail import send_templated_email

from . import draw as lottery
from .exceptions import (
    ActivityHasChoices,
    AlreadyDrawn,
    BallotClosed,
    BallotExists,
    InvalidActivity,
    InvalidChoice,
    InvalidWindow,
    NotAllowed,
    TooManyChoices,
    WindowStillOpen,
)
from .models import MAX_CHOICES, Ballot, BallotActivity, BallotEntry

# Seeds drawn by the platform have twelve digits: easy to read out and write down.
SEED_LIMIT = 10**12


def _local(moment: datetime.datetime, fmt: str) -> str:
    return date_format(timezone.localtime(moment), fmt)


def _check_staff(user: User) -> None:
    if not user.is_city_staff:
        raise NotAllowed


# The ballot and its window ---------------------------------------------------------


def _check_window(
    edition: Edition, opens_at: datetime.datetime, closes_at: datetime.datetime
) -> None:
    if closes_at <= opens_at:
        raise InvalidWindow(
            _("La chiusura delle iscrizioni deve venire dopo la loro apertura."), field="closes_at"
        )
    event_start, _end = edition.event_bounds()
    if closes_at > event_start:
        raise InvalidWindow(
            _("Il sorteggio deve chiudersi prima dell'inizio dell'evento (%(day)s).")
            % {"day": date_format(edition.event_start, "j F Y")},
            field="closes_at",
        )


def create_ballot(
    edition: Edition, *, by: User, opens_at: datetime.datetime, closes_at: datetime.datetime
) -> Ballot:
    """The edition's ballot, open to visitors' choices between the two dates."""
    _check_staff(by)
    _check_window(edition, opens_at, closes_at)
    with transaction.atomic():
        if Ballot.objects.filter(edition=edition).exists():
            raise BallotExists
        return Ballot.objects.create(edition=edition, opens_at=opens_at, closes_at=closes_at)


def update_ballot_window(
    ballot: Ballot, *, by: User, opens_at: datetime.datetime, closes_at: datetime.datetime
) -> Ballot:
    """Move the window in which visitors enter their choices (until the draw)."""
    _check_staff(by)
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("edition").get(pk=ballot.pk)
        if ballot.is_drawn:
            raise AlreadyDrawn
        _check_window(ballot.edition, opens_at, closes_at)
        ballot.opens_at, ballot.closes_at = opens_at, closes_at
        ballot.save(update_fields=["opens_at", "closes_at"])
    return ballot


def _set_booking_mode(activity_ids: Sequence[int], mode: str) -> None:
    # The one write ballots make to the programme: how an activity's places
    # are given (activities sits left of ballots, so this direction is allowed).
    Activity.objects.filter(pk__in=activity_ids).update(
        booking_mode=mode, updated_at=timezone.now()
    )


def add_ballot_activity(ballot: Ballot, *, by: User, activity: Activity) -> BallotActivity:
    """Put the activity in the ballot: from now on its places are drawn, not booked."""
    _check_staff(by)
    if activity.edition_id != ballot.edition_id:
        raise InvalidActivity(_("L'attività non fa parte dell'edizione del sorteggio."))
    if activity.is_cancelled:
        raise InvalidActivity(_("L'attività è annullata."))
    if activity.booking_mode == Activity.BookingMode.DROP_IN:
        raise InvalidActivity(
            _("L'attività è a ingresso libero: non ci sono posti da sorteggiare.")
        )
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if ballot.is_drawn:
            raise AlreadyDrawn
        if BallotActivity.objects.filter(activity=activity).exists():
            raise InvalidActivity(_("L'attività è già nel sorteggio."))
        listed = BallotActivity.objects.create(ballot=ballot, activity=activity)
        _set_booking_mode([activity.pk], Activity.BookingMode.BALLOT)
    activity.booking_mode = Activity.BookingMode.BALLOT
    return listed


def remove_ballot_activity(ballot: Ballot, *, by: User, activity: Activity) -> None:
    """Take the activity out of the ballot before anyone chose it: it is booked again."""
    _check_staff(by)
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if ballot.is_drawn:
            raise AlreadyDrawn
        if BallotEntry.objects.filter(ballot=ballot, slot__activity=activity).exists():
            raise ActivityHasChoices
        deleted, _counts = BallotActivity.objects.filter(ballot=ballot, activity=activity).delete()
        if deleted:
            _set_booking_mode([activity.pk], Activity.BookingMode.BOOKING)


# Visitors' choices -----------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    slot: TimeSlot
    party_size: int


def ballot_is_accepting(ballot: Ballot, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return not ballot.is_drawn and ballot.opens_at <= now < ballot.closes_at


def _check_choices(ballot: Ballot, choices: Sequence[Choice], *, group: bool = False) -> None:
    if len(choices) > MAX_CHOICES:
        raise TooManyChoices(_("Potete indicare al massimo %(n)s preferenze.") % {"n": MAX_CHOICES})
    seen: set[int] = set()
    activity_ids = {choice.slot.activity_id for choice in choices}
    in_ballot = set(
        BallotActivity.objects.filter(ballot=ballot, activity_id__in=activity_ids).values_list(
            "activity_id", flat=True
        )
    )
    seat_limit = booking_services.seats_per_visitor(ballot.edition)
    for rank, choice in enumerate(choices, start=1):
        slot, activity = choice.slot, choice.slot.activity
        if slot.activity_id not in in_ballot:
            raise InvalidChoice(_("Questo turno non fa parte del sorteggio."), rank=rank)
        if slot.is_cancelled or activity.is_cancelled:
            raise InvalidChoice(_("Questo turno è stato annullato."), rank=rank)
        if slot.pk in seen:
            raise InvalidChoice(_("Avete già scelto questo turno."), rank=rank)
        seen.add(slot.pk)
        if group:
            if activity.max_group_size < 1:
                raise InvalidChoice(_("Questa attività non accoglie gruppi."), rank=rank)
            if not 1 <= choice.party_size <= activity.max_group_size:
                raise InvalidChoice(
                    _("Per questa attività un gruppo può essere di 1–%(max)s persone.")
                    % {"max": activity.max_group_size},
                    field="party_size",
                    rank=rank,
                )
            continue
        if not 1 <= choice.party_size <= activity.max_party_size:
            raise InvalidChoice(
                _("Per questa attività potete indicare 1–%(max)s persone.")
                % {"max": activity.max_party_size},
                field="party_size",
                rank=rank,
            )
        if seat_limit is not None and choice.party_size > seat_limit:
            # A party wins whole or not at all: one past the edition's limit never could.
            raise InvalidChoice(
                _("In questa edizione potete prenotare al massimo %(n)s persone in tutto.")
                % {"n": seat_limit},
                field="party_size",
                rank=rank,
            )


def save_choices(
    ballot: Ballot, *, visitor: User, choices: Sequence[Choice], group_name: str = ""
) -> list[BallotEntry]:
    """Replace the visitor's choices in the ballot with `choices`, best first
    (none: the visitor leaves the ballot). With a `group_name` the choices are
    for a group or school class the visitor leads (within each activity's
    group size), otherwise for their household. Only while the window is open."""
    group_name = group_name.strip()
    group = bool(group_name)
    with transaction.atomic():
        # Queues one person's submissions; the draw takes the same lock.
        list(User.objects.select_for_update().filter(pk=visitor.pk).values_list("pk"))
        ballot = Ballot.objects.select_related("edition").get(pk=ballot.pk)
        now = timezone.now()
        if not ballot_is_accepting(ballot, now):
            if now < ballot.opens_at:
                raise BallotClosed(
                    _("Le iscrizioni al sorteggio aprono il %(day)s alle %(time)s.")
                    % {
                        "day": _local(ballot.opens_at, "j F Y"),
                        "time": _local(ballot.opens_at, "H:i"),
                    }
                )
            raise BallotClosed(
                _("Le iscrizioni al sorteggio si sono chiuse il %(day)s alle %(time)s.")
                % {
                    "day": _local(ballot.closes_at, "j F Y"),
                    "time": _local(ballot.closes_at, "H:i"),
                }
            )
        _check_choices(ballot, choices, group=group)
        BallotEntry.objects.filter(ballot=ballot, visitor=visitor).delete()
        return BallotEntry.objects.bulk_create(
            BallotEntry(
                ballot=ballot,
                visitor=visitor,
                rank=rank,
                slot=choice.slot,
                party_size=choice.party_size,
                kind=Booking.Kind.GROUP if group else Booking.Kind.INDIVIDUAL,
                group_name=group_name,
            )
            for rank, choice in enumerate(choices, start=1)
        )


# The draw --------------------------------------------------------------------------


def _draw_slot(
    slot: TimeSlot, seats: int, hub: tuple[float, float] | None, kept: int = 0
) -> lottery.Slot:
    site = slot.activity.site
    location = (float(site.latitude), float(site.longitude)) if site is not None else hub
    return lottery.Slot(
        id=slot.pk,
        seats=seats,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        activity=slot.activity_id,
        location=location,
        kept_for_groups=kept,
    )


@dataclass
class _Person:
    visitor: User
    entries: list[BallotEntry]
    busy: list[lottery.Slot]
    bookings: int
    seats: int = 0  # people in their household bookings (groups have their own limits)
    groups: int = 0  # their group bookings

    @property
    def for_a_group(self) -> bool:
        return any(entry.is_group for entry in self.entries)


def run_draw(ballot: Ballot, *, by: User, seed: int | None = None) -> Ballot:
    """Draw the ballot's places (after its window closed) and record the seed.

    Winners get bookings on their slots; the choices that could not be given
    for lack of seats go on the slots' waiting lists, people with no place
    first; everybody gets an e-mail with the result. The activities are then
    booked as usual: seats left or freed go to their waiting lists.
    """
    _check_staff(by)
    if seed is None:
        seed = secrets.randbelow(SEED_LIMIT)
    now = timezone.now()
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("edition").get(pk=ballot.pk)
        if ballot.is_drawn:
            raise AlreadyDrawn
        if now < ballot.closes_at:
            raise WindowStillOpen
        edition = ballot.edition

        entries = list(
            BallotEntry.objects.filter(ballot=ballot)
            .select_related("visitor", "slot__activity__organisation", "slot__activity__site")
            .order_by("visitor_id", "rank")
        )
        people: dict[int, _Person] = {}
        for entry in entries:
            person = people.setdefault(entry.visitor_id, _Person(entry.visitor, [], [], 0))
            person.entries.append(entry)
        # Lock order as in bookings: visitors' rows, then slots' rows. While we
        # hold them nobody in the draw books elsewhere, and no seat moves.
        list(
            User.objects.select_for_update()
            .filter(pk__in=list(people))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        slots = {
            slot.pk: slot
            for slot in TimeSlot.objects.select_for_update(of=("self",))
            .filter(activity__ballot_activity__ballot=ballot)
            .select_related("activity__site")
            .order_by("pk")
        }
        venue = HubVenue.objects.filter(edition=edition).first()
        hub = (float(venue.latitude), float(venue.longitude)) if venue else None

        for booking in (
            Booking.objects.filter(
                visitor_id__in=list(people),
                status=Booking.Status.CONFIRMED,
                slot__activity__edition=edition,
            )
            .select_related("slot__activity__site")
            .order_by("pk")
        ):
            person = people[booking.visitor_id]
            person.busy.append(_draw_slot(booking.slot, 0, hub))
            person.bookings += 1
            if booking.kind == Booking.Kind.GROUP:
                person.groups += 1
            else:
                person.seats += booking.party_size

        # Cancelled or past slots have nothing to give.
        closed = {
            slot.pk
            for slot in slots.values()
            if slot.is_cancelled or slot.activity.is_cancelled or slot.starts_at <= now
        }
        # Seats for anyone, and those kept for groups (the one seat arithmetic).
        draw_slots = {
            slot.pk: _draw_slot(slot, 0, hub)
            if slot.pk in closed
            else _draw_slot(
                slot, slot.places_left, hub, kept=slot.group_places_left - slot.places_left
            )
            for slot in slots.values()
        }
        limit = booking_services.bookings_per_visitor(edition)
        seat_limit = booking_services.seats_per_visitor(edition)
        group_limit = booking_services.groups_per_visitor()

        def limits(person: _Person) -> tuple[int, int | None]:
            # A class counts as a booking and a group; a household in people too.
            if person.for_a_group:
                return min(limit - person.bookings, group_limit - person.groups), None
            seats = None if seat_limit is None else seat_limit - person.seats
            return limit - person.bookings, seats

        entrants = [
            lottery.Entrant(
                person=visitor_id,
                choices=tuple(
                    lottery.Choice(entry.slot_id, entry.party_size, group=entry.is_group)
                    for entry in person.entries
                    if entry.slot_id in draw_slots
                ),
                busy=tuple(person.busy),
                max_places=limits(person)[0],
                max_seats=limits(person)[1],
            )
            for visitor_id, person in people.items()
        ]
        travel = lottery.travel_at(travel_speed_kmh())
        outcome = lottery.draw(draw_slots.values(), entrants, seed=seed, travel=travel)

        # Winners: bookings, in the order the places were given.
        by_choice = {(entry.visitor_id, entry.slot_id): entry for entry in entries}
        held: dict[int, list[lottery.Slot]] = defaultdict(list)
        for place in outcome.places:
            entry = by_choice[(place.person, place.slot)]
            try:
                entry.booking = booking_services.book_drawn_place(
                    slots[place.slot],
                    visitor=entry.visitor,
                    party_size=place.party_size,
                    kind=entry.kind,
                    group_name=entry.group_name,
                )
            except BookingError:
                entry.result = BallotEntry.Result.NOT_PLACED
                continue
            entry.result, entry.round = BallotEntry.Result.WON, place.round
            held[place.person].append(draw_slots[place.slot])

        # The activities are booked as usual from now on.
        _set_booking_mode(
            list(
                BallotActivity.objects.filter(ballot=ballot).values_list("activity_id", flat=True)
            ),
            Activity.BookingMode.BOOKING,
        )

        # The others: waiting lists, in the draw's order, people with no place
        # first (those who never had a turn, e.g. already at their limit, last).
        order = list(outcome.orders[0]) if outcome.orders else []
        had_a_turn = set(order)
        order += [visitor_id for visitor_id in people if visitor_id not in had_a_turn]
        order.sort(key=lambda visitor_id: bool(held[visitor_id]))
        for visitor_id in order:
            person = people[visitor_id]
            for entry in person.entries:
                if entry.result != BallotEntry.Result.PENDING:
                    continue
                slot = draw_slots.get(entry.slot_id)
                if slot is None or slot.id in closed:  # no longer in the ballot, or closed
                    entry.result = BallotEntry.Result.NOT_PLACED
                elif any(
                    lottery.clash(slot, other, travel) for other in held[visitor_id] + person.busy
                ):
                    entry.result = BallotEntry.Result.CLASH
                elif outcome.room_for(slot.id, group=entry.is_group) >= entry.party_size:
                    # Seats are left, so the visitor had reached their limits (bookings, people).
                    entry.result = BallotEntry.Result.NOT_PLACED
                else:
                    entry.waiting_entry = booking_services.wait_for_drawn_place(
                        slots[slot.id],
                        visitor=person.visitor,
                        party_size=entry.party_size,
                        kind=entry.kind,
                        group_name=entry.group_name,
                    )
                    entry.result = BallotEntry.Result.WAITING
        # Long waiting lists tell the hosts (bookings.demand), once per slot.
        for slot_id in sorted(
            {entry.slot_id for entry in entries if entry.result == BallotEntry.Result.WAITING}
        ):
            demand.review_demand(slots[slot_id], now=now)
        for entry in entries:
            entry.updated_at = now
        BallotEntry.objects.bulk_update(
            entries, ["result", "round", "booking", "waiting_entry", "updated_at"]
        )

        ballot.status, ballot.seed = Ballot.Status.DRAWN, seed
        ballot.drawn_at, ballot.drawn_by = now, by
        ballot.save(update_fields=["status", "seed", "drawn_at", "drawn_by"])
        record_audit_event(
            actor=by,
            action="ballots.draw_run",
            target=ballot,
            changes={
                "seed": seed,
                "visitors": len(people),
                "choices": len(entries),
                "won": sum(1 for entry in entries if entry.result == BallotEntry.Result.WON),
            },
        )
        _email_results(ballot, people)
    return ballot


def _email_results(ballot: Ballot, people: dict[int, "_Person"]) -> None:
    def send():
        for person in people.values():
            entries = sorted(person.entries, key=lambda entry: entry.rank)
            send_templated_email(
                [person.visitor.email],
                "ballots/email/result",
                {
                    "ballot": ballot,
                    "edition": ballot.edition,
                    "visitor": person.visitor,
                    "entries": entries,
                    "won": [e for e in entries if e.result == BallotEntry.Result.WON],
                },
                person.visitor.language,
            )

    transaction.on_commit(send)


# Personal data (accounts.personal_data) --------------------------------------------


def erase_personal_data(user: User) -> None:
    """Choices in ballots still to be drawn are withdrawn; those of drawn ballots,
    or of past editions, stay (they count in the figures) with the anonymous account."""
    BallotEntry.objects.filter(
        visitor=user,
        ballot__status=Ballot.Status.OPEN,
        ballot__edition__event_end__gte=timezone.localdate(),
    ).delete()
    _anonymise_groups(BallotEntry.objects.filter(visitor=user))


def _anonymise_groups(entries) -> None:
    # The classes entered keep no name (the database requires one).
    entries.filter(kind=Booking.Kind.GROUP).update(
        group_name=booking_services.ANONYMISED_GROUP_NAME
    )


def detach_expired_entries(visitor: User, placeholder: User, cutoff: datetime.date) -> None:
    """Retention: the visitor's choices in ballots of editions ended before `cutoff`
    pass to the anonymous `placeholder`."""
    BallotEntry.objects.filter(visitor=visitor, ballot__edition__event_end__lt=cutoff).update(
        visitor=placeholder
    )
    _anonymise_groups(BallotEntry.objects.filter(visitor=placeholder))
