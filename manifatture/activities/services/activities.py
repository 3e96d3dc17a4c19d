"""An activity of the programme: created by an accepted host, changed,
published from a draft, cancelled. Where it takes place (the hub or one of
the host's sites) and how places are given (the ballot's own decision) are
checked here."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import AuditEvent, User
from manifatture.directory.models import Organisation, Site
from manifatture.editions.models import Edition
from manifatture.participations.queries import organisation_can_manage_programme
from manifatture.unset import UNSET, Unset, given

from ..exceptions import (
    ActivityHasBookings,
    BallotModeReserved,
    BookingModeLocked,
    HostNotAccepted,
    LocationLocked,
    ProgrammeError,
    SiteNotOwned,
    TalkNotAtHub,
)
from ..models import HUB_KINDS, Activity, Language, TimeSlot

# Upper bounds that keep a typo from becoming a 4,000-person "party".
MAX_PARTY_SIZE = 20
MAX_GROUP_SIZE = 200


def _check_sizes(fields: dict) -> None:
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
    kind: str,
    title_it: str,
    description_it: str,
    duration_minutes: int,
    title_en: str | Unset = UNSET,
    description_en: str | Unset = UNSET,
    site: Site | None | Unset = UNSET,
    audience: str | Unset = UNSET,
    min_age: int | Unset = UNSET,
    safety_notes_it: str | Unset = UNSET,
    safety_notes_en: str | Unset = UNSET,
    booking_mode: str | Unset = UNSET,
    max_party_size: int | Unset = UNSET,
    max_group_size: int | Unset = UNSET,
    closed_shoes: bool | Unset = UNSET,
    protective_equipment: str | Unset = UNSET,
    no_photography: bool | Unset = UNSET,
    id_required: bool | Unset = UNSET,
    named_tickets: bool | Unset = UNSET,
    companion_free: bool | Unset = UNSET,
    quiet_visit: bool | Unset = UNSET,
) -> Activity:
    """A new published activity of an accepted host in the edition's programme.
    A feature left out takes the model's default."""
    fields = given(
        kind=kind,
        title_it=title_it,
        description_it=description_it,
        duration_minutes=duration_minutes,
        title_en=title_en,
        description_en=description_en,
        site=site,
        audience=audience,
        min_age=min_age,
        safety_notes_it=safety_notes_it,
        safety_notes_en=safety_notes_en,
        booking_mode=booking_mode,
        max_party_size=max_party_size,
        max_group_size=max_group_size,
        closed_shoes=closed_shoes,
        protective_equipment=protective_equipment,
        no_photography=no_photography,
        id_required=id_required,
        named_tickets=named_tickets,
        companion_free=companion_free,
        quiet_visit=quiet_visit,
    )
    _check_sizes(fields)
    if not organisation_can_manage_programme(organisation, edition):
        raise HostNotAccepted
    _check_location(organisation, kind, fields.get("site"))
    _check_booking_mode(None, fields.get("booking_mode"))
    with transaction.atomic():
        activity = Activity.objects.create(
            organisation=organisation, edition=edition, created_by=by, **fields
        )
        activity.languages.set(languages)
    return activity


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
    activity: Activity,
    *,
    languages: Iterable[Language] | None = None,
    kind: str | Unset = UNSET,
    title_it: str | Unset = UNSET,
    title_en: str | Unset = UNSET,
    description_it: str | Unset = UNSET,
    description_en: str | Unset = UNSET,
    site: Site | None | Unset = UNSET,
    audience: str | Unset = UNSET,
    min_age: int | Unset = UNSET,
    duration_minutes: int | Unset = UNSET,
    safety_notes_it: str | Unset = UNSET,
    safety_notes_en: str | Unset = UNSET,
    booking_mode: str | Unset = UNSET,
    max_party_size: int | Unset = UNSET,
    max_group_size: int | Unset = UNSET,
    closed_shoes: bool | Unset = UNSET,
    protective_equipment: str | Unset = UNSET,
    no_photography: bool | Unset = UNSET,
    id_required: bool | Unset = UNSET,
    named_tickets: bool | Unset = UNSET,
    companion_free: bool | Unset = UNSET,
    quiet_visit: bool | Unset = UNSET,
) -> Activity:
    """Change an activity's description (the features given; the others stay).
    Moving it between the hub and a site is refused while it has slots, since
    hub slots hold a room and site slots don't."""
    fields = given(
        kind=kind,
        title_it=title_it,
        title_en=title_en,
        description_it=description_it,
        description_en=description_en,
        site=site,
        audience=audience,
        min_age=min_age,
        duration_minutes=duration_minutes,
        safety_notes_it=safety_notes_it,
        safety_notes_en=safety_notes_en,
        booking_mode=booking_mode,
        max_party_size=max_party_size,
        max_group_size=max_group_size,
        closed_shoes=closed_shoes,
        protective_equipment=protective_equipment,
        no_photography=no_photography,
        id_required=id_required,
        named_tickets=named_tickets,
        companion_free=companion_free,
        quiet_visit=quiet_visit,
    )
    _check_sizes(fields)
    new_kind = fields.get("kind", activity.kind)
    new_site = fields.get("site", activity.site)
    _check_location(activity.organisation, new_kind, new_site)
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if (new_site is None) != activity.at_hub and activity.slots.exists():
            raise LocationLocked
        # Under the row's lock: the ballot service may have just taken it in.
        _check_booking_mode(activity.booking_mode, fields.get("booking_mode"))
        for field, value in fields.items():
            setattr(activity, field, value)
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
