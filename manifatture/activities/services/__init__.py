"""Writes of the programme. Each function owns its transaction and raises a
`ProgrammeError` with a message for the person when a rule says no.

One module per thing hosts and staff do:

* `activities`: an activity created, changed, published, cancelled;
* `drafts`: the activities proposed in an accepted application, as drafts;
* `slot_rules`, `slots`: the rules of a time slot, and slots added, moved,
  resized, given an allowance, removed (with the steps other apps add);
* `hub`: the hub's rooms and its place on the map;
* `routes`: themed routes through the programme.

Callers use the package (`from manifatture.activities import services`,
`services.add_slot(...)`): the names below are its public ones.
"""

from .activities import (
    MAX_GROUP_SIZE,
    MAX_PARTY_SIZE,
    cancel_activity,
    create_activity,
    publish_activity,
    update_activity,
)
from .drafts import DRAFT_DURATION_MINUTES, create_drafts_from_application
from .hub import create_hub_room, locate_hub, update_hub_room
from .routes import add_route_stop, create_route, move_route_stop, remove_route_stop, update_route
from .slot_rules import ROOM_OVERLAP_CONSTRAINT, room_error_from_integrity
from .slots import (
    add_slot,
    on_more_seats,
    on_slot_added,
    remove_slot,
    set_booking_allowance,
    update_slot,
)

__all__ = [
    "DRAFT_DURATION_MINUTES",
    "MAX_GROUP_SIZE",
    "MAX_PARTY_SIZE",
    "ROOM_OVERLAP_CONSTRAINT",
    "add_route_stop",
    "add_slot",
    "cancel_activity",
    "create_activity",
    "create_drafts_from_application",
    "create_hub_room",
    "create_route",
    "locate_hub",
    "move_route_stop",
    "on_more_seats",
    "on_slot_added",
    "publish_activity",
    "remove_route_stop",
    "remove_slot",
    "room_error_from_integrity",
    "set_booking_allowance",
    "update_activity",
    "update_hub_room",
    "update_route",
    "update_slot",
]
