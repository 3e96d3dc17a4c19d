"""Writes of "my day": adding and removing activities, and the share link."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from manifatture.accounts.models import User
from manifatture.activities.models import Activity, TimeSlot

from .exceptions import (
    ActivityNotPlannable,
    AlreadyPlanned,
    InvalidDay,
    InvalidSlotChoice,
    SlotRequired,
)
from .models import PlanItem, PlanShare, new_share_token
from .queries import addable_slots


def add_to_plan(
    user: User,
    *,
    activity: Activity,
    slot: TimeSlot | None = None,
    day: datetime.date | None = None,
) -> PlanItem:
    """Put the activity in the visitor's plan: at one of its slots (the only
    one, if it has just one ahead), or, for an activity without slots, on one
    of the event days."""
    if activity.is_cancelled:
        raise ActivityNotPlannable
    if slot is None:
        slots = list(addable_slots(activity)[:2])
        if len(slots) > 1:
            raise SlotRequired
        if slots:
            slot = slots[0]
    if slot is not None:
        if slot.activity_id != activity.pk or slot.cancelled_at is not None:
            raise InvalidSlotChoice
        if slot.ends_at <= timezone.now():
            raise InvalidSlotChoice
        day = timezone.localdate(slot.starts_at)
    elif day is None or day not in activity.edition.event_days:
        raise InvalidDay
    try:
        with transaction.atomic():
            return PlanItem.objects.create(user=user, activity=activity, slot=slot, day=day)
    except IntegrityError as error:
        raise AlreadyPlanned from error


def remove_from_plan(item: PlanItem) -> None:
    with transaction.atomic():
        item.delete()


def get_or_create_share(user: User) -> PlanShare:
    with transaction.atomic():
        share, _created = PlanShare.objects.get_or_create(user=user)
        return share


def regenerate_share(user: User) -> PlanShare:
    """A new secret link to the plan; the old one stops working."""
    with transaction.atomic():
        share, created = PlanShare.objects.select_for_update().get_or_create(user=user)
        if not created:
            share.token = new_share_token()
            share.save(update_fields=["token"])
        return share


# Personal data (accounts.personal_data) --------------------------------------------


def erase_personal_data(user: User) -> None:
    """ "My day" and its share link go: plans feed no statistics."""
    PlanItem.objects.filter(user=user).delete()
    PlanShare.objects.filter(user=user).delete()


def delete_expired_items(visitor: User, placeholder: User, cutoff: datetime.date) -> None:
    """Retention: the visitor's plans of editions ended before `cutoff` are deleted."""
    PlanItem.objects.filter(user=visitor, activity__edition__event_end__lt=cutoff).delete()
