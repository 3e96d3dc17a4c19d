"""The rules of surveys, in one place: who may answer which survey and until
when, and which figures about people may be shown (small counts suppressed)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manifatture.bookings.models import Booking
from manifatture.editions.models import Edition

# Fewer people than this in a figure about them (where they live, what they
# thought) and the figure is not shown: "meno di 5".
SMALL_COUNT = 5


def survey_days() -> int:
    """Days after an edition's last event day during which its surveys stay open."""
    return settings.SURVEY_DAYS


def survey_closes_at(edition: Edition) -> datetime.datetime:
    last_day = edition.event_end + datetime.timedelta(days=survey_days() + 1)
    return datetime.datetime.combine(
        last_day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def surveyable(now: datetime.datetime) -> Q:
    """Bookings whose visit has a survey open at `now`: the visitor was admitted
    at the door (checked in), the slot is over and the edition's surveys are
    still open. A booking never admitted has no survey, whatever link it holds."""
    oldest_open_end = timezone.localtime(now).date() - datetime.timedelta(days=survey_days())
    return Q(
        status=Booking.Status.CONFIRMED,
        checked_in_at__isnull=False,
        slot__ends_at__lte=now,
        slot__cancelled_at__isnull=True,
        slot__activity__edition__event_end__gte=oldest_open_end,
    )


def is_surveyable(booking: Booking, now: datetime.datetime) -> bool:
    return Booking.objects.filter(surveyable(now), pk=booking.pk).exists()


# Small counts ----------------------------------------------------------------------


@dataclass(frozen=True)
class Suppressed:
    """A count of people too small to show (1 to SMALL_COUNT - 1)."""

    def __str__(self) -> str:
        return str(_("meno di %(n)s") % {"n": SMALL_COUNT})

    def __bool__(self) -> bool:
        return False


SUPPRESSED = Suppressed()


def shown(count: int | None) -> int | Suppressed | None:
    """`count` if it may be shown; SUPPRESSED for 1..SMALL_COUNT-1. Zero and
    None pass: nobody is described by them."""
    if count and 0 < count < SMALL_COUNT:
        return SUPPRESSED
    return count


def shown_rate(part: int | None, whole: int | None) -> Decimal | Suppressed | None:
    """A percentage with one decimal over `whole` people, suppressed when `whole`
    is a small count (a rate over three people tells about each of them)."""
    if not whole:
        return None
    if whole < SMALL_COUNT:
        return SUPPRESSED
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def shown_mean(total: int | None, count: int | None) -> Decimal | Suppressed | None:
    if not count:
        return None
    if count < SMALL_COUNT:
        return SUPPRESSED
    return (Decimal(total or 0) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def plain(value) -> object:
    """For files (CSV, JSON): a suppressed figure is empty."""
    return None if isinstance(value, Suppressed) else value
