"""An extra slot when demand is high: the next free time for one more session
of an activity, like a slot that is full.

The proposal goes through the same rules as any slot the host adds by hand
(`services.slot_rules._check_slot`: within the event days, capacity, the hub's rooms;
`services.slot_rules._overlapping_slot`: a hub room is never double-booked), and the
host adds it with the ordinary slot form and `services.add_slot`, which check
everything again under the room's lock: the proposal is a suggestion, never a
second way to write a slot.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from manifatture.participations.models import ActivityKind

from .exceptions import ProgrammeError
from .models import HubRoom, TimeSlot
from .services.slot_rules import _check_slot, _overlapping_slot

# Proposals start on the quarter hour, searched every half hour.
STEP = datetime.timedelta(minutes=30)
# Without other slots to learn from, a day's sessions run between these hours.
DEFAULT_DAY = (datetime.time(9, 0), datetime.time(19, 0))


@dataclass(frozen=True)
class ProposedSlot:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    group_seats: int
    room: HubRoom | None

    def as_form_data(self) -> dict[str, str]:
        """The slot form's fields (`forms.SlotForm`), in local time."""
        data = {
            "starts_at": timezone.localtime(self.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(self.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "capacity": str(self.capacity),
            "group_seats": str(self.group_seats),
        }
        if self.room is not None:
            data["room"] = str(self.room.pk)
        return data


def _day_hours(activity, slots: list[TimeSlot]) -> tuple[datetime.time, datetime.time]:
    """The hours a session may take: the working day (DEFAULT_DAY), widened to
    the hours the host already runs sessions in; an evening event keeps to its
    own hours."""
    if not slots:
        return DEFAULT_DAY
    starts = [timezone.localtime(slot.starts_at).time() for slot in slots]
    ends = [
        timezone.localtime(slot.ends_at - datetime.timedelta(seconds=1)).time() for slot in slots
    ]
    if activity.kind == ActivityKind.EVENING:
        return min(starts), max(ends)
    return min([*starts, DEFAULT_DAY[0]]), max([*ends, DEFAULT_DAY[1]])


def _rooms_for(like: TimeSlot) -> list[HubRoom | None]:
    if like.activity.at_hub:
        rooms = HubRoom.objects.filter(
            edition_id=like.activity.edition_id, seats__gte=like.capacity
        ).order_by("seats", "name")
        # The room of the full slot first: visitors already know it.
        return [*sorted(rooms, key=lambda room: room.pk != like.room_id)]
    return [None]


def _candidates(like: TimeSlot, opens: datetime.time, closes: datetime.time):
    """Start times on the event days, within the day's hours, every STEP: those
    from the full slot on first (visitors who wanted it can still come later
    that day), then the earlier ones."""
    tz = timezone.get_current_timezone()
    length = like.ends_at - like.starts_at
    times = []
    for day in like.activity.edition.event_days:
        start = datetime.datetime.combine(day, opens, tzinfo=tz)
        if start.minute % 15:
            start += datetime.timedelta(minutes=15 - start.minute % 15)
        last_end = datetime.datetime.combine(day, closes, tzinfo=tz) + datetime.timedelta(seconds=1)
        while start + length <= last_end:
            times.append(start)
            start += STEP
    later = [time for time in times if time >= like.starts_at]
    return later + [time for time in times if time < like.starts_at]


def next_free_slot(like: TimeSlot, *, now: datetime.datetime | None = None) -> ProposedSlot | None:
    """The next time, after now and from the full slot on (then earlier), within
    the event days and the day's hours (`_day_hours`), when one more session
    like `like` (same length, seats and seats for groups) fits: the activity
    has no other session then, and, at the hub, a room big enough is free
    (`services.slot_rules._overlapping_slot`); every slot rule is checked by the same
    function `add_slot` uses (`services.slot_rules._check_slot`). None if nothing fits."""
    now = now or timezone.now()
    activity = like.activity
    first, after_last = activity.edition.event_bounds()
    length = like.ends_at - like.starts_at
    own = list(
        TimeSlot.objects.filter(activity=activity, cancelled_at__isnull=True).order_by("starts_at")
    )
    # The hours of the event days' sessions (a preview outside them says nothing).
    opens, closes = _day_hours(activity, [s for s in own if first <= s.starts_at < after_last])
    rooms = _rooms_for(like)
    for start in _candidates(like, opens, closes):
        end = start + length
        if start <= now or any(slot.starts_at < end and start < slot.ends_at for slot in own):
            continue
        for room in rooms:
            try:
                _check_slot(activity, start, end, like.capacity, room, like.group_seats)
            except ProgrammeError:
                continue
            if room is not None and _overlapping_slot(room, start, end, None):
                continue
            return ProposedSlot(start, end, like.capacity, like.group_seats, room)
    return None
