"""Writes of the programme: activities and their slots, hub rooms, the hub's
place on the map, and routes. Each function owns its transaction and raises a
`ProgrammeError` with a message for the person when a rule says no."""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import AuditEvent, User
from manifatture.directory.models import Organisation, Site
from manifatture.directory.services import municipio_at
from manifatture.editions.models import Edition
from manifatture.participations.models import Application
from manifatture.participations.queries import organisation_can_manage_programme

from .exceptions import (
    ActivityCancelled,
    ActivityHasBookings,
    BallotModeReserved,
    BookingModeLocked,
    HostNotAccepted,
    InvalidSlot,
    LocationLocked,
    ProgrammeError,
    RoomError,
    RoomOccupied,
    RouteError,
    SiteNotOwned,
    SlotHasBookings,
    TalkNotAtHub,
)
from .models import (
    HUB_KINDS,
    Activity,
    HubRoom,
    HubVenue,
    Language,
    Route,
    RouteStop,
    TimeSlot,
    free_seats,
)
from .queries import released_percent

# Name of the database rule against double-booked rooms: the exclusion
# constraint of migration 0002.
ROOM_OVERLAP_CONSTRAINT = "slot_room_no_overlap"

ACTIVITY_FIELDS = frozenset(
    {
        "kind",
        "title_it",
        "title_en",
        "description_it",
        "description_en",
        "site",
        "audience",
        "min_age",
        "duration_minutes",
        "safety_notes_it",
        "safety_notes_en",
        "booking_mode",
        "max_party_size",
        "max_group_size",
        "closed_shoes",
        "protective_equipment",
        "no_photography",
        "id_required",
        "named_tickets",
        "companion_free",
        "quiet_visit",
    }
)

# Upper bounds that keep a typo from becoming a 4,000-person "party".
MAX_PARTY_SIZE = 20
MAX_GROUP_SIZE = 200


# Activities ------------------------------------------------------------------


def _check_activity_fields(fields: dict) -> None:
    unknown = set(fields) - ACTIVITY_FIELDS
    if unknown:
        raise TypeError(f"Unexpected activity fields: {', '.join(sorted(unknown))}")
    party = fields.get("max_party_size")
    if party is not None and not 1 <= party <= MAX_PARTY_SIZE:
        raise ProgrammeError(
            _("Una prenotazione può essere di 1–%(max)s persone.") % {"max": MAX_PARTY_SIZE},
            field="max_party_size",
        )
    group = fields.get("max_group_size")
    if group is not None and not 0 <= group <= MAX_GROUP_SIZE:
        raise ProgrammeError(
            _("Un gruppo può essere di al massimo %(max)s persone.") % {"max": MAX_GROUP_SIZE},
            field="max_group_size",
        )


def _check_booking_mode(current: str | None, requested: str | None) -> None:
    """How places are given is the ballot's decision for a balloted activity:
    only ballots.services puts an activity in ballot mode or takes it out
    (it writes the field itself), so no form of a host or of staff can."""
    if requested is None or requested == current:
        return
    if current == Activity.BookingMode.BALLOT:
        raise BookingModeLocked
    if requested == Activity.BookingMode.BALLOT:
        raise BallotModeReserved


def _check_location(organisation: Organisation, kind: str, site: Site | None) -> None:
    if site is not None and kind in HUB_KINDS:
        raise TalkNotAtHub
    if site is not None and site.organisation_id != organisation.pk:
        raise SiteNotOwned


def create_activity(
    organisation: Organisation,
    *,
    edition: Edition,
    by: User | None,
    languages: Iterable[Language] = (),
    **fields,
) -> Activity:
    """A new published activity of an accepted host in the edition's programme."""
    _check_activity_fields(fields)
    if not organisation_can_manage_programme(organisation, edition):
        raise HostNotAccepted
    _check_location(organisation, fields.get("kind", ""), fields.get("site"))
    _check_booking_mode(None, fields.get("booking_mode"))
    with transaction.atomic():
        activity = Activity.objects.create(
            organisation=organisation, edition=edition, created_by=by, **fields
        )
        activity.languages.set(languages)
    return activity


# Until the host says otherwise: a proposal has no duration.
DRAFT_DURATION_MINUTES = 60


def create_drafts_from_application(application: Application, *, by: User | None) -> list[Activity]:
    """The activities proposed in an accepted application, put into the
    programme as drafts for the host to complete and publish: kind, title,
    description; what was planned (slots, people per slot) stays on the draft
    through `proposed`. One draft per proposal, so calling it again adds none.

    Called by participations when it accepts an application (registered in
    ActivitiesConfig.ready: participations may not import activities), inside
    the acceptance's transaction."""
    if not organisation_can_manage_programme(application.organisation, application.edition):
        raise HostNotAccepted
    first_site = application.organisation.sites.order_by("pk").first()
    # In Italian until the host adds another language.
    italian = list(Language.objects.filter(code="it"))
    drafts = []
    for proposed in application.proposed_activities.filter(programme_activity__isnull=True):
        draft = Activity.objects.create(
            organisation=application.organisation,
            edition=application.edition,
            status=Activity.Status.DRAFT,
            kind=proposed.kind,
            title_it=proposed.title,
            description_it=proposed.description,
            # Talks are at the hub; everything else at the host's first site,
            # which the host may change before publishing.
            site=None if proposed.kind in HUB_KINDS else first_site,
            duration_minutes=DRAFT_DURATION_MINUTES,
            created_by=by,
            proposed=proposed,
        )
        draft.languages.set(italian)
        drafts.append(draft)
    return drafts


def publish_activity(activity: Activity, *, by: User) -> Activity:
    """A draft goes into the public programme once it is complete: a
    description, a place, at least one slot."""
    if not organisation_can_manage_programme(activity.organisation, activity.edition):
        raise HostNotAccepted
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.status != Activity.Status.DRAFT:
            raise ProgrammeError(_("Questa attività non è una bozza: è già nel programma."))
        missing = []
        if not activity.description_it.strip():
            missing.append(_("una descrizione in italiano"))
        if not activity.slots.exists():
            missing.append(_("almeno un turno"))
        if missing:
            raise ProgrammeError(
                _("Prima di pubblicare aggiungete: %(missing)s.") % {"missing": ", ".join(missing)}
            )
        _check_location(activity.organisation, activity.kind, activity.site)
        activity.status = Activity.Status.PUBLISHED
        activity.save(update_fields=["status", "updated_at"])
    return activity


def update_activity(
    activity: Activity, *, languages: Iterable[Language] | None = None, **fields
) -> Activity:
    """Change an activity's description. Moving it between the hub and a site
    is refused while it has slots, since hub slots hold a room and site slots don't."""
    _check_activity_fields(fields)
    kind = fields.get("kind", activity.kind)
    site = fields.get("site", activity.site)
    _check_location(activity.organisation, kind, site)
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if (site is None) != activity.at_hub and activity.slots.exists():
            raise LocationLocked
        # Under the row's lock: the ballot service may have just taken it in.
        _check_booking_mode(activity.booking_mode, fields.get("booking_mode"))
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.save()
        if languages is not None:
            activity.languages.set(languages)
    return activity


def cancel_activity(activity: Activity, *, by: User | None = None) -> Activity:
    """Mark the activity cancelled: it leaves the programme but its page stays.
    Refused while seats are booked on its slots: bookings.services
    .cancel_activity_bookings cancels those first (and tells the visitors),
    then calls this (and records the decision itself, so without `by`)."""
    with transaction.atomic():
        if TimeSlot.objects.filter(activity_id=activity.pk, seats_taken__gt=0).exists():
            raise ActivityHasBookings
        Activity.objects.filter(pk=activity.pk).update(
            status=Activity.Status.CANCELLED, updated_at=timezone.now()
        )
        activity.refresh_from_db()
        if by is not None:
            record_audit_event(
                actor=by,
                actor_role=(
                    AuditEvent.ActorRole.CITY_STAFF
                    if by.is_city_staff
                    else AuditEvent.ActorRole.HOST
                ),
                action="bookings.activity_cancelled",
                target=activity,
                changes={"bookings_cancelled": 0},
            )
    return activity


# Time slots ------------------------------------------------------------------


def _local(moment: datetime.datetime, fmt: str) -> str:
    return date_format(timezone.localtime(moment), fmt)


def _overlapping_slot(
    room: HubRoom, starts_at: datetime.datetime, ends_at: datetime.datetime, exclude: int | None
) -> TimeSlot | None:
    # Half-open intervals: a slot ending at 11:00 and one starting at 11:00 don't overlap.
    return (
        TimeSlot.objects.filter(room=room, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(pk=exclude)
        .order_by("starts_at")
        .first()
    )


def _room_occupied(room: HubRoom, conflict: TimeSlot | None) -> RoomOccupied:
    if conflict is None:
        return RoomOccupied(
            _("La sala %(room)s è già occupata in quell'orario.") % {"room": room.name}
        )
    return RoomOccupied(
        _("La sala %(room)s è già occupata dalle %(start)s alle %(end)s del %(day)s.")
        % {
            "room": room.name,
            "start": _local(conflict.starts_at, "H:i"),
            "end": _local(conflict.ends_at, "H:i"),
            "day": _local(conflict.starts_at, "SHORT_DATE_FORMAT"),
        }
    )


def room_error_from_integrity(
    error: IntegrityError,
    room: HubRoom | None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    exclude: int | None = None,
) -> RoomOccupied | None:
    """The domain error for a database refusal of a double-booked room, or
    None when the IntegrityError is about something else. Call it after the
    failed transaction (or savepoint) has been rolled back."""
    if room is None or ROOM_OVERLAP_CONSTRAINT not in str(error):
        return None
    return _room_occupied(room, _overlapping_slot(room, starts_at, ends_at, exclude))


def _check_slot(
    activity: Activity,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    room: HubRoom | None,
    group_seats: int = 0,
    safety_limit: int | None = None,
    booking_allowance: int = 0,
) -> None:
    if activity.is_cancelled:
        raise ActivityCancelled
    if ends_at <= starts_at:
        raise InvalidSlot(_("La fine del turno deve essere dopo l'inizio."), field="ends_at")
    first, after_last = activity.edition.event_bounds()
    if starts_at < first or ends_at > after_last:
        raise InvalidSlot(
            _("I turni devono svolgersi nei giorni dell'evento, dal %(first)s al %(last)s.")
            % {
                "first": date_format(activity.edition.event_start, "SHORT_DATE_FORMAT"),
                "last": date_format(activity.edition.event_end, "SHORT_DATE_FORMAT"),
            },
            field="starts_at" if starts_at < first or starts_at >= after_last else "ends_at",
        )
    if capacity < 1:
        raise InvalidSlot(_("Il turno deve avere almeno un posto."), field="capacity")
    if not 0 <= group_seats <= capacity:
        raise InvalidSlot(
            _("I posti riservati ai gruppi non possono superare i posti del turno."),
            field="group_seats",
        )
    _check_allowance(capacity, safety_limit, booking_allowance)
    if activity.at_hub and room is None:
        raise InvalidSlot(_("Scegliete la sala dell'hub."), field="room")
    if not activity.at_hub and room is not None:
        raise InvalidSlot(
            _("Le sale sono solo per le attività all'hub: lasciate vuoto il campo."),
            field="room",
        )
    if room is not None and room.edition_id != activity.edition_id:
        raise InvalidSlot(_("La sala non appartiene a questa edizione."), field="room")


def _check_allowance(capacity: int, safety_limit: int | None, booking_allowance: int) -> None:
    """The booking allowance never takes the slot past the site's safety
    limit (the database's `slot_allowance_within_safety_limit` is the last line)."""
    if booking_allowance < 0:
        raise InvalidSlot(
            _("Le prenotazioni oltre i posti non possono essere negative."),
            field="booking_allowance",
        )
    if safety_limit is not None and safety_limit < capacity:
        raise InvalidSlot(
            _("Il limite di sicurezza del luogo non può essere inferiore ai posti del turno."),
            field="safety_limit",
        )
    if booking_allowance and safety_limit is None:
        raise InvalidSlot(
            _(
                "Per accettare prenotazioni oltre i posti indicate il limite di sicurezza "
                "del luogo: quante persone può accogliere insieme."
            ),
            field="safety_limit",
        )
    if booking_allowance and capacity + booking_allowance > safety_limit:
        raise InvalidSlot(
            _(
                "Con %(extra)s prenotazioni oltre i %(capacity)s posti si supererebbe il limite "
                "di sicurezza del luogo (%(limit)s persone): al massimo %(most)s."
            )
            % {
                "extra": booking_allowance,
                "capacity": capacity,
                "limit": safety_limit,
                "most": safety_limit - capacity,
            },
            field="booking_allowance",
        )


# Steps other apps add when a slot gets more places than it had (a larger
# capacity or allowance), run in the same transaction with the slot: bookings
# registers the one that offers them to the waiting list first, in order
# (activities may not import bookings).
SeatsHook = Callable[[TimeSlot], object]
_MORE_SEATS_HOOKS: list[SeatsHook] = []


def on_more_seats(hook: SeatsHook) -> SeatsHook:
    """Register `hook(slot)` to run when a slot's bookable seats grow."""
    if hook not in _MORE_SEATS_HOOKS:
        _MORE_SEATS_HOOKS.append(hook)
    return hook


def _more_seats(slot: TimeSlot) -> None:
    for hook in _MORE_SEATS_HOOKS:
        hook(slot)


def _save_slot(
    slot: TimeSlot,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    room: HubRoom | None,
    group_seats: int = 0,
    safety_limit: int | None = None,
    booking_allowance: int = 0,
) -> TimeSlot:
    if room is not None and safety_limit is None:
        # A hub room holds its seats, no more (a bigger slot is refused below).
        safety_limit = max(room.seats, capacity)
    _check_slot(
        slot.activity,
        starts_at,
        ends_at,
        capacity,
        room,
        group_seats,
        safety_limit,
        booking_allowance,
    )
    try:
        with transaction.atomic():
            if room is not None:
                # The lock queues concurrent writers of the same room, so the
                # check below sees every slot committed before this one.
                room = HubRoom.objects.select_for_update().get(pk=room.pk)
                if capacity > room.seats:
                    raise InvalidSlot(
                        _("La sala %(room)s ha %(seats)s posti: il turno non può averne di più.")
                        % {"room": room.name, "seats": room.seats},
                        field="capacity",
                    )
                if safety_limit > room.seats:
                    raise InvalidSlot(
                        _(
                            "La sala %(room)s ha %(seats)s posti: il limite di sicurezza non "
                            "può essere più alto."
                        )
                        % {"room": room.name, "seats": room.seats},
                        field="safety_limit",
                    )
                conflict = _overlapping_slot(room, starts_at, ends_at, exclude=slot.pk)
                if conflict is not None:
                    raise _room_occupied(room, conflict)
            grew = False
            if slot.pk is not None:
                # The seat counters belong to bookings: read them under the
                # row's lock and never write them from here.
                taken = TimeSlot.objects.select_for_update().get(pk=slot.pk)
                _check_seats_taken(taken, capacity + booking_allowance, group_seats)
                grew = capacity + booking_allowance > taken.bookable_seats
            else:
                slot.released_percent = released_percent(slot.activity)
            slot.starts_at, slot.ends_at = starts_at, ends_at
            slot.capacity, slot.room, slot.group_seats = capacity, room, group_seats
            slot.safety_limit, slot.booking_allowance = safety_limit, booking_allowance
            if slot.pk is None:
                slot.save()
            else:
                slot.save(
                    update_fields=[
                        "starts_at",
                        "ends_at",
                        "capacity",
                        "room",
                        "group_seats",
                        "safety_limit",
                        "booking_allowance",
                    ]
                )
                if grew:
                    _more_seats(slot)
    except IntegrityError as error:
        # The database has the last word (a writer that skipped this service).
        domain_error = room_error_from_integrity(error, room, starts_at, ends_at, exclude=slot.pk)
        if domain_error is None:
            raise
        raise domain_error from error
    return slot


def _check_seats_taken(slot: TimeSlot, capacity: int, group_seats: int) -> None:
    """The new bookable seats (`capacity`: tour size plus allowance) and group
    seats leave no booked seat without room (the one seat arithmetic,
    `free_seats`, never below 0)."""
    taken, group_taken = slot.seats_taken, slot.group_seats_taken
    if free_seats(capacity, taken, group_seats, group_taken, group=True) < 0:
        raise InvalidSlot(
            _("Sono già prenotati %(n)s posti: il turno non può averne di meno.")
            % {"n": slot.seats_taken},
            field="capacity",
        )
    individuals = slot.seats_taken - slot.group_seats_taken
    if free_seats(capacity, taken, group_seats, group_taken, group=False) < 0:
        raise InvalidSlot(
            _(
                "Con questi posti riservati ai gruppi non resterebbero abbastanza posti per "
                "chi ha già prenotato da solo o in famiglia (%(n)s)."
            )
            % {"n": individuals},
            field="group_seats",
        )


# Steps other apps add when a host adds a slot, run in its transaction with the
# new slot: bookings registers the one that marks the activity's demand nudges
# as answered (activities may not import bookings).
SlotAddedHook = Callable[[TimeSlot], object]
_SLOT_ADDED_HOOKS: list[SlotAddedHook] = []


def on_slot_added(hook: SlotAddedHook) -> SlotAddedHook:
    """Register `hook(slot)` to run when a slot is added to an activity."""
    if hook not in _SLOT_ADDED_HOOKS:
        _SLOT_ADDED_HOOKS.append(hook)
    return hook


def add_slot(
    activity: Activity,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    room: HubRoom | None = None,
    group_seats: int = 0,
    safety_limit: int | None = None,
    booking_allowance: int = 0,
) -> TimeSlot:
    """A new time slot of the activity. Hub activities need a free room big
    enough. Bookings past `capacity` (`booking_allowance`) only up to the
    site's `safety_limit`. The slot starts with the share of places the
    activity's waves have released (`released_percent`). Other apps' steps
    (`on_slot_added`) run in the same transaction."""
    with transaction.atomic():
        slot = _save_slot(
            TimeSlot(activity=activity),
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            room=room,
            group_seats=group_seats,
            safety_limit=safety_limit,
            booking_allowance=booking_allowance,
        )
        for hook in _SLOT_ADDED_HOOKS:
            hook(slot)
    return slot


def update_slot(
    slot: TimeSlot,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    room: HubRoom | None = None,
    group_seats: int = 0,
    safety_limit: int | None = None,
    booking_allowance: int = 0,
) -> TimeSlot:
    """Move or resize a slot, with the same rules as `add_slot`; never below
    the seats already booked."""
    slot = TimeSlot.objects.select_related("activity__edition").get(pk=slot.pk)
    return _save_slot(
        slot,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        room=room,
        group_seats=group_seats,
        safety_limit=safety_limit,
        booking_allowance=booking_allowance,
    )


def set_booking_allowance(slot: TimeSlot, *, booking_allowance: int, by: User) -> TimeSlot:
    """Accept `booking_allowance` bookings past the slot's tour size (a
    suggestion from past no-shows, or the host's own figure), within the
    site's safety limit and never below the seats already booked. Audited."""
    with transaction.atomic():
        locked = TimeSlot.objects.select_for_update().get(pk=slot.pk)
        _check_allowance(locked.capacity, locked.safety_limit, booking_allowance)
        _check_seats_taken(locked, locked.capacity + booking_allowance, locked.group_seats)
        before = locked.booking_allowance
        TimeSlot.objects.filter(pk=slot.pk).update(booking_allowance=booking_allowance)
        if booking_allowance > before:
            _more_seats(locked)
        record_audit_event(
            actor=by,
            actor_role=AuditEvent.ActorRole.CITY_STAFF
            if by.is_city_staff
            else AuditEvent.ActorRole.HOST,
            action="activities.booking_allowance_set",
            target=locked,
            changes={"booking_allowance": [before, booking_allowance]},
        )
    slot.booking_allowance = booking_allowance
    return slot


def remove_slot(slot: TimeSlot) -> None:
    """Delete a slot nobody has booked. A slot with bookings (even cancelled
    ones, which are its history) is cancelled instead, by
    bookings.services.cancel_slot, which tells the visitors."""
    with transaction.atomic():
        locked = TimeSlot.objects.select_for_update().filter(pk=slot.pk).first()
        if locked is None:
            return
        # `bookings` is the reverse relation of bookings.Booking.slot.
        if locked.seats_taken > 0 or locked.bookings.exists():
            raise SlotHasBookings
        locked.delete()


# Hub rooms and the hub -------------------------------------------------------


def _check_room_name(edition: Edition, name: str, exclude: int | None = None) -> None:
    if HubRoom.objects.filter(edition=edition, name__iexact=name).exclude(pk=exclude).exists():
        raise RoomError(
            _("C'è già una sala chiamata «%(name)s» in questa edizione.") % {"name": name},
            field="name",
        )


def create_hub_room(edition: Edition, *, name: str, seats: int) -> HubRoom:
    name = name.strip()
    if seats < 1:
        raise RoomError(_("La sala deve avere almeno un posto."), field="seats")
    with transaction.atomic():
        _check_room_name(edition, name)
        return HubRoom.objects.create(edition=edition, name=name, seats=seats)


def update_hub_room(room: HubRoom, *, name: str, seats: int) -> HubRoom:
    """Rename or resize a room; it cannot shrink below a slot already in it."""
    name = name.strip()
    if seats < 1:
        raise RoomError(_("La sala deve avere almeno un posto."), field="seats")
    with transaction.atomic():
        room = HubRoom.objects.select_for_update().get(pk=room.pk)
        _check_room_name(room.edition, name, exclude=room.pk)
        biggest = room.slots.aggregate(biggest=Max("capacity"))["biggest"] or 0
        if seats < biggest:
            raise RoomError(
                _(
                    "Un turno in questa sala ha %(capacity)s posti: riducetelo prima di "
                    "ridurre la sala."
                )
                % {"capacity": biggest},
                field="seats",
            )
        room.name, room.seats = name, seats
        room.save()
    return room


def locate_hub(
    edition: Edition,
    *,
    latitude: Decimal,
    longitude: Decimal,
    step_free: bool = False,
    accessible_toilet: bool = False,
    seating: bool = False,
    hearing_loop: bool = False,
    accessibility_notes: str = "",
) -> HubVenue:
    """Place the edition's hub on the map (its Municipio follows from the point)."""
    municipio = municipio_at(float(latitude), float(longitude))
    with transaction.atomic():
        venue, _created = HubVenue.objects.update_or_create(
            edition=edition,
            defaults={
                "latitude": latitude,
                "longitude": longitude,
                "municipio": municipio,
                "step_free": step_free,
                "accessible_toilet": accessible_toilet,
                "seating": seating,
                "hearing_loop": hearing_loop,
                "accessibility_notes": accessibility_notes,
            },
        )
    return venue


# Routes ----------------------------------------------------------------------


def _check_route_slug(edition: Edition, slug: str, exclude: int | None = None) -> None:
    if Route.objects.filter(edition=edition, slug=slug).exclude(pk=exclude).exists():
        raise RouteError(
            _("Un altro percorso di questa edizione usa già l'indirizzo «%(slug)s».")
            % {"slug": slug},
            field="slug",
        )


def create_route(
    edition: Edition,
    *,
    slug: str,
    title_it: str,
    title_en: str = "",
    description_it: str = "",
    description_en: str = "",
) -> Route:
    with transaction.atomic():
        _check_route_slug(edition, slug)
        return Route.objects.create(
            edition=edition,
            slug=slug,
            title_it=title_it,
            title_en=title_en,
            description_it=description_it,
            description_en=description_en,
        )


def update_route(
    route: Route,
    *,
    slug: str,
    title_it: str,
    title_en: str = "",
    description_it: str = "",
    description_en: str = "",
) -> Route:
    with transaction.atomic():
        _check_route_slug(route.edition, slug, exclude=route.pk)
        route.slug, route.title_it, route.title_en = slug, title_it, title_en
        route.description_it, route.description_en = description_it, description_en
        route.save()
    return route


def _renumber(stops: list[RouteStop]) -> None:
    for position, stop in enumerate(stops):
        stop.position = position
    RouteStop.objects.bulk_update(stops, ["position"])


def add_route_stop(route: Route, *, activity: Activity) -> RouteStop:
    """Append the activity to the route."""
    if activity.edition_id != route.edition_id:
        raise RouteError(_("L'attività non fa parte dell'edizione del percorso."), field="activity")
    with transaction.atomic():
        route = Route.objects.select_for_update().get(pk=route.pk)
        if route.stops.filter(activity=activity).exists():
            raise RouteError(_("L'attività è già nel percorso."), field="activity")
        last = route.stops.aggregate(last=Max("position"))["last"]
        return RouteStop.objects.create(
            route=route, activity=activity, position=0 if last is None else last + 1
        )


def remove_route_stop(stop: RouteStop) -> None:
    with transaction.atomic():
        route = Route.objects.select_for_update().get(pk=stop.route_id)
        RouteStop.objects.filter(pk=stop.pk).delete()
        _renumber(list(route.stops.all()))


def move_route_stop(stop: RouteStop, *, offset: int) -> RouteStop:
    """Move a stop `offset` places (negative: earlier), staying within the route."""
    with transaction.atomic():
        route = Route.objects.select_for_update().get(pk=stop.route_id)
        stops = list(route.stops.all())
        index = next(i for i, s in enumerate(stops) if s.pk == stop.pk)
        moved = stops.pop(index)
        stops.insert(max(0, min(len(stops), index + offset)), moved)
        _renumber(stops)
    return moved
