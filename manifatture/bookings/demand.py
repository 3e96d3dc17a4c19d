"""Demand nudges: when a slot's waiting list passes the edition's threshold,
the host is told, once per slot and crossing, by e-mail and in their area,
with a one-click proposal of one more slot (`activities.extra_slots`); staff
see the demand across the programme.

The rule, in one place: a slot is in demand when the people waiting for it
(waiting-list entries still waiting, every party counted in full) reach
`Edition.demand_threshold_percent` of its places. `review_demand` is called
by every path that changes a waiting list (joining, leaving, offers, the
ballot's draw) under the slot's lock: it opens a nudge when the slot crosses
the threshold upwards (and e-mails the host's members), and closes it when the
list falls back below, so a later crossing tells the host again, never twice
for one crossing (a partial unique constraint keeps one open nudge per slot).
A host who adds a slot to the activity answers its nudges (the hook
`answer_nudges`, registered with `activities.services.on_slot_added`).

Not aimed e-mail (`manifatture/outreach.py`): it goes only to the members of
the organisation hosting the slot, about their own slot, at most once per
crossing, and nobody chooses its recipient.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from manifatture.accounts.models import User
from manifatture.activities.extra_slots import ProposedSlot, next_free_slot
from manifatture.activities.models import Activity, HubVenue, TimeSlot
from manifatture.editions.models import Edition
from manifatture.mail import send_templated_email
from manifatture.participations.models import ActivityKind

from .models import DemandNudge, WaitingListEntry

WAITING = WaitingListEntry.Status.WAITING


def in_demand(waiting_seats: int, capacity: int, threshold_percent: int) -> bool:
    """The threshold rule: people waiting reach `threshold_percent` of the places."""
    return capacity > 0 and waiting_seats * 100 >= capacity * threshold_percent


def other_slots_with_room(activity_id, slot_id, now: datetime.datetime) -> QuerySet[TimeSlot]:
    """The activity's other slots, still to start, where a visitor can book
    now. While one has room, a long waiting list asks for no extra slot: its
    people can book there. (`activity_id` and `slot_id` may be OuterRefs.)"""
    return (
        TimeSlot.objects.filter(activity_id=activity_id, starts_at__gt=now)
        .exclude(pk=slot_id)
        .with_room_for(1, group=False)
    )


def waiting_totals(slot_id: int) -> tuple[int, int]:
    """People and parties still waiting for the slot."""
    totals = WaitingListEntry.objects.filter(slot_id=slot_id, status=WAITING).aggregate(
        seats=Coalesce(Sum("party_size"), 0), parties=Count("pk")
    )
    return totals["seats"], totals["parties"]


def review_demand(slot: TimeSlot, *, now: datetime.datetime | None = None) -> DemandNudge | None:
    """Open or close the slot's nudge after its waiting list changed. Call in
    the transaction that changed it, with the slot's row locked. Returns the
    nudge it opened, if any."""
    now = now or timezone.now()
    activity = slot.activity
    seats, parties = waiting_totals(slot.pk)
    percent = activity.edition.demand_threshold_percent
    open_nudge = DemandNudge.objects.filter(slot_id=slot.pk, closed_at__isnull=True).first()
    if (
        not in_demand(seats, slot.capacity, percent)
        or other_slots_with_room(activity.pk, slot.pk, now).exists()
    ):
        if open_nudge is not None:
            DemandNudge.objects.filter(pk=open_nudge.pk).update(closed_at=now)
        return None
    if open_nudge is not None or slot.is_cancelled or activity.is_cancelled:
        return None
    if slot.starts_at <= now:
        return None
    try:
        with transaction.atomic():
            nudge = DemandNudge.objects.create(
                slot=slot,
                waiting_seats=seats,
                waiting_parties=parties,
                capacity=slot.capacity,
                threshold_percent=percent,
                emailed_at=now,
            )
    except IntegrityError:
        return None  # another writer opened it meanwhile
    _email_host(nudge)
    return nudge


def _email_host(nudge: DemandNudge) -> None:
    slot = nudge.slot
    activity = slot.activity
    proposal = next_free_slot(slot)
    members = User.objects.filter(
        memberships__organisation=activity.organisation_id, is_active=True
    ).order_by("pk")
    for member in members:
        context = {
            "nudge": nudge,
            "slot": slot,
            "activity": activity,
            "proposal": proposal,
            "recipient": member,
        }
        transaction.on_commit(
            partial(
                send_templated_email,
                [member.email],
                "bookings/email/demand_nudge",
                context,
                member.language,
            )
        )


def answer_nudges(slot: TimeSlot) -> int:
    """A slot was added to the activity: its open nudges are answered by it."""
    return DemandNudge.objects.filter(
        slot__activity_id=slot.activity_id, closed_at__isnull=True, answered_at__isnull=True
    ).update(answered_at=timezone.now(), added_slot=slot)


# The host's area -------------------------------------------------------------------


@dataclass(frozen=True)
class HostNudge:
    nudge: DemandNudge
    proposal: ProposedSlot | None
    waiting_seats: int  # now, not when the threshold was crossed


def open_nudges(organisation_ids, *, activity: Activity | None = None) -> list[HostNudge]:
    """The nudges still to answer on upcoming slots of the organisations'
    activities (or of one activity), with the proposed extra slot of each."""
    now = timezone.now()
    nudges = (
        DemandNudge.objects.filter(
            slot__activity__organisation_id__in=organisation_ids,
            closed_at__isnull=True,
            answered_at__isnull=True,
            slot__cancelled_at__isnull=True,
            slot__starts_at__gt=now,
        )
        .exclude(slot__activity__status=Activity.Status.CANCELLED)
        .exclude(
            Exists(other_slots_with_room(OuterRef("slot__activity_id"), OuterRef("slot_id"), now))
        )
        .select_related("slot__activity__edition", "slot__activity__organisation", "slot__room")
        .order_by("slot__starts_at", "pk")
    )
    if activity is not None:
        nudges = nudges.filter(slot__activity=activity)
    return [
        HostNudge(nudge, next_free_slot(nudge.slot), waiting_totals(nudge.slot_id)[0])
        for nudge in nudges
    ]


# Staff: demand across the programme ------------------------------------------------


@dataclass
class DemandRow:
    """Demand of a set of slots: places, seats booked, people and parties waiting."""

    label: str
    slots: int = 0
    capacity: int = 0
    booked: int = 0
    waiting_seats: int = 0
    waiting_parties: int = 0
    in_demand: int = 0  # slots past the threshold

    @property
    def waiting_percent(self) -> int:
        """People waiting against the places, in percent (rounded)."""
        return round(self.waiting_seats * 100 / self.capacity) if self.capacity else 0

    def add(self, slot: Mapping[str, Any], threshold: int) -> None:
        self.slots += 1
        self.capacity += slot["capacity"]
        self.booked += slot["seats_taken"]
        self.waiting_seats += slot["waiting_seats"]
        self.waiting_parties += slot["waiting_parties"]
        self.in_demand += in_demand(slot["waiting_seats"], slot["capacity"], threshold)


@dataclass
class Demand:
    edition: Edition
    total: DemandRow
    by_activity: list[DemandRow]
    by_kind: list[DemandRow]
    by_municipio: list[DemandRow]


def slot_demand(edition: Edition) -> list[Mapping[str, Any]]:
    """One row per live slot of the edition's published activities: its
    places, seats booked and the people and parties still waiting (one query)."""
    waiting = Q(waiting_list__status=WAITING)
    return list(
        TimeSlot.objects.filter(
            activity__edition=edition,
            activity__status=Activity.Status.PUBLISHED,
            cancelled_at__isnull=True,
        )
        .values(
            "pk",
            "capacity",
            "seats_taken",
            "activity_id",
            "activity__title_it",
            "activity__title_en",
            "activity__kind",
            "activity__organisation__name",
            "activity__site_id",
            "activity__site__municipio__number",
        )
        .annotate(
            waiting_seats=Coalesce(
                Sum("waiting_list__party_size", filter=waiting),
                Value(0),
                output_field=IntegerField(),
            ),
            waiting_parties=Count("waiting_list", filter=waiting),
        )
        .order_by("activity_id", "pk")
    )


def programme_demand(edition: Edition) -> Demand:
    """Demand across the edition's programme, by activity, kind and Municipio
    (hub activities count in the hub's Municipio)."""
    threshold = edition.demand_threshold_percent
    hub_municipio = (
        HubVenue.objects.filter(edition=edition).values_list("municipio__number", flat=True).first()
    )
    english = (get_language() or "it")[:2] == "en"
    total = DemandRow(_("Tutto il programma"))
    activities: dict[int, DemandRow] = {}
    kinds: dict[str, DemandRow] = {}
    municipi: dict[int | None, DemandRow] = {}
    for slot in slot_demand(edition):
        total.add(slot, threshold)
        title = (english and slot["activity__title_en"]) or slot["activity__title_it"]
        organisation = slot["activity__organisation__name"]
        activities.setdefault(slot["activity_id"], DemandRow(f"{title} – {organisation}")).add(
            slot, threshold
        )
        kind = slot["activity__kind"]
        kinds.setdefault(kind, DemandRow(str(ActivityKind(kind).label))).add(slot, threshold)
        at_hub = slot["activity__site_id"] is None
        number = hub_municipio if at_hub else slot["activity__site__municipio__number"]
        label = _("Municipio %(n)s") % {"n": number} if number else _("Fuori dai Municipi")
        municipi.setdefault(number, DemandRow(label)).add(slot, threshold)

    def ranked(rows):
        return sorted(rows, key=lambda row: (-row.waiting_percent, -row.waiting_seats, row.label))

    return Demand(
        edition=edition,
        total=total,
        by_activity=ranked(activities.values()),
        by_kind=ranked(kinds.values()),
        by_municipio=sorted(
            municipi.values(), key=lambda row: (row.label == _("Fuori dai Municipi"), row.label)
        ),
    )
