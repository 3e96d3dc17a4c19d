"""Places released in phases (waves): city staff define the waves of an edition
or of one activity (for example 60% at opening, 25% a week later, 15% two days
before); at each wave's announced minute its share of every slot's places is
released, first to the slot's waiting list in order of joining (one list across
the waves), then to everyone.

The share lives in the seat rule itself: `TimeSlot.released_percent`, read by
`activities.models.seats_on_sale` and so by every page, the API and the
conditional UPDATE that takes seats. Only this module writes it.
"""

import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import AuditEvent, User
from manifatture.activities.models import Activity, ReleaseWave, TimeSlot
from manifatture.activities.queries import released_percent
from manifatture.editions.models import Edition

from .exceptions import InvalidWaves, NotAllowed
from .models import WaitingListEntry
from .services.waiting_list import _offer_freed_seats

logger = logging.getLogger(__name__)


def _released_share(waves: Iterable[ReleaseWave]) -> int:
    return min(100, sum(wave.share_percent for wave in waves if wave.is_released))


def _target_waves(edition: Edition, activity: Activity | None):
    waves = ReleaseWave.objects.filter(edition=edition)
    if activity is None:
        return waves.filter(activity__isnull=True)
    return waves.filter(activity=activity)


def _target_slots(edition: Edition, activity: Activity | None):
    """The slots a target's waves release: one activity's, or every slot of
    the edition whose activity has no waves of its own."""
    if activity is not None:
        return TimeSlot.objects.filter(activity=activity)
    own = ReleaseWave.objects.filter(activity=OuterRef("activity"))
    return TimeSlot.objects.filter(activity__edition=edition).exclude(Exists(own))


def define_release_waves(
    edition: Edition,
    *,
    waves: list[tuple[datetime.datetime, int]],
    by: User,
    activity: Activity | None = None,
) -> list[ReleaseWave]:
    """Set the waves (announced minute, share in %) of the edition's places, or
    of one activity's (which then no longer follows the edition's). Waves
    already released stay as they were; `waves` replaces the others, and all
    together add up to 100%. Waves due already are released at once."""
    if not by.is_city_staff:
        raise NotAllowed
    if activity is not None and activity.edition_id != edition.pk:
        raise InvalidWaves(_("L'attività non appartiene a questa edizione."))
    now = timezone.now()
    moments = [moment for moment, _share in waves]
    if len(set(moments)) != len(moments):
        raise InvalidWaves(_("Due ondate non possono aprire nello stesso minuto."))
    for moment, share in waves:
        if not 1 <= share <= 100:
            raise InvalidWaves(_("La quota di ogni ondata va da 1 a 100 per cento dei posti."))
        if moment >= edition.registration_closes:
            raise InvalidWaves(
                _("Ogni ondata deve aprire prima della chiusura delle iscrizioni (%(day)s).")
                % {"day": date_format(timezone.localtime(edition.registration_closes), "j F Y")}
            )
    with transaction.atomic():
        existing = list(_target_waves(edition, activity).select_for_update())
        released = [wave for wave in existing if wave.is_released]
        if any(moment <= max(w.opens_at for w in released) for moment in moments if released):
            raise InvalidWaves(_("Le nuove ondate devono aprire dopo quelle già rilasciate."))
        out = sum(w.share_percent for w in released)
        total = out + sum(share for _m, share in waves)
        if waves and total != 100 and out:
            # The form shows only the new waves: say what the released ones hold.
            raise InvalidWaves(
                _(
                    "Le ondate già rilasciate hanno aperto il %(out)s%% dei posti: le nuove "
                    "devono sommare al %(left)s%%, ora sommano al %(new)s%%."
                )
                % {"out": out, "left": 100 - out, "new": total - out}
            )
        if waves and total != 100:
            raise InvalidWaves(
                _("Le ondate devono sommare al 100%% dei posti: ora sommano al %(total)s%%.")
                % {"total": total}
            )
        if not waves and released and total != 100:
            raise InvalidWaves(_("Restano da rilasciare posti: aggiungete le ondate che mancano."))
        _target_waves(edition, activity).filter(released_at__isnull=True).delete()
        created = [
            ReleaseWave.objects.create(
                edition=edition, activity=activity, opens_at=moment, share_percent=share
            )
            for moment, share in sorted(waves)
        ]
        if activity is not None:
            # Its own waves, or the edition's again once it has none.
            share = released_percent(activity)
        else:
            share = _released_share(released) if (released or created) else 100
        # A slot already under way is not held back: its places are all out.
        _target_slots(edition, activity).filter(starts_at__gt=now).update(released_percent=share)
        transaction.on_commit(lambda: schedule_wave_releases(created))
        record_audit_event(
            actor=by,
            actor_role=AuditEvent.ActorRole.CITY_STAFF,
            action="bookings.release_waves_set",
            target=activity or edition,
            changes={
                "waves": [
                    [timezone.localtime(moment).isoformat(), share] for moment, share in waves
                ]
            },
        )
    release_due_waves(now)
    return created


def release_due_waves(now: datetime.datetime | None = None) -> int:
    """Release the waves whose minute has come: raise each slot's share of
    places, then offer the new seats to its waiting list in order of joining,
    in the same transaction, so nobody else can take them first. What the
    waiting list does not take is open to all from then on. Returns how many
    waves were released. Run by the `release_waves` command (scheduler, every
    minute) and by a task at each wave's minute."""
    now = now or timezone.now()
    due = list(
        ReleaseWave.objects.filter(released_at__isnull=True, opens_at__lte=now)
        .order_by("opens_at", "pk")
        .values_list("pk", flat=True)
    )
    released = 0
    for wave_id in due:
        with transaction.atomic():
            wave = (
                ReleaseWave.objects.select_for_update(of=("self",))
                .select_related("edition", "activity")
                .filter(pk=wave_id, released_at__isnull=True)
                .first()
            )
            if wave is None:
                continue  # released by another run meanwhile
            ReleaseWave.objects.filter(pk=wave.pk).update(released_at=now)
            wave.released_at = now
            share = _released_share(_target_waves(wave.edition, wave.activity))
            # One UPDATE raises the share of every slot to come (and locks
            # their rows); only slots with people waiting need more.
            ahead = _target_slots(wave.edition, wave.activity).filter(starts_at__gt=now)
            slots = ahead.update(released_percent=share)
            waiting = WaitingListEntry.objects.filter(
                slot=OuterRef("pk"), status=WaitingListEntry.Status.WAITING
            )
            offers = 0
            for slot in (
                ahead.filter(Exists(waiting))
                .select_for_update(of=("self",))
                .select_related("activity__edition")
                .order_by("pk")
            ):
                offers += len(_offer_freed_seats(slot, now=now))
            record_audit_event(
                actor=None,
                action="bookings.release_wave_released",
                target=wave.activity or wave.edition,
                changes={"share_percent": share, "slots": slots, "offers": offers},
            )
            released += 1
    if released:
        logger.info("Released %s waves of places", released)
    return released


def schedule_wave_releases(waves: Iterable[ReleaseWave]) -> None:
    """Ask the task worker to release each wave at its minute (the scheduler's
    `release_waves` run every minute is the safety net)."""
    from .tasks import release_waves_task

    if not release_waves_task.get_backend().supports_defer:
        return
    for wave in waves:
        release_waves_task.using(run_after=wave.opens_at).enqueue()


def serve_waiting_list(slot: TimeSlot) -> list:
    """Offer a slot's seats that became free without a booking being
    cancelled (a larger allowance or capacity) to its waiting list first, in
    order: the same path as a wave's new seats."""
    with transaction.atomic():
        locked = (
            TimeSlot.objects.select_for_update(of=("self",))
            .select_related("activity__edition")
            .get(pk=slot.pk)
        )
        return _offer_freed_seats(locked, now=timezone.now())
