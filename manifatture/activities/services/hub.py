"""The edition's hub: its rooms, and its place on the map."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from manifatture.editions.models import Edition

from ..exceptions import RoomError
from ..models import HubRoom, HubVenue


def _check_room_name(edition: Edition, name: str, exclude: int | None = None) -> None:
    others = HubRoom.objects.filter(edition=edition, name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
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
    with transaction.atomic():
        venue = HubVenue.objects.select_for_update().filter(edition=edition).first() or HubVenue(
            edition=edition
        )
        venue.latitude, venue.longitude = latitude, longitude
        venue.step_free, venue.accessible_toilet = step_free, accessible_toilet
        venue.seating, venue.hearing_loop = seating, hearing_loop
        venue.accessibility_notes = accessibility_notes
        venue.locate()
        venue.save()
    return venue
