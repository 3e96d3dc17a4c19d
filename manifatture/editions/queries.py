"""Reads about editions: the current one, their phases and their numbers.

`editions` sits left of `participations` and `activities` in the import graph,
so applications, activities and routes are reached through Edition's reverse
relations (`applications`, `activities`, `routes`) and never imported; which of
them count (accepted, published) their own querysets say (`accepted()`,
`published()`), read through those relations.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from manifatture.directory.models import Organisation

from .models import Edition


def _rows_of(relation: str) -> Any:
    """All rows of the model behind one of Edition's reverse relations, through its
    default manager (participations' ApplicationQuerySet, activities' ActivityQuerySet).
    Any: their querysets' own methods, in apps this one may not import."""
    model = Edition._meta.get_field(relation).related_model
    assert model is not None and not isinstance(model, str), relation
    return model._default_manager.all()


def get_current_edition() -> "SimpleLazyObject[Edition | None]":
    """The edition marked current, evaluated lazily so pages that don't use it pay nothing."""
    return SimpleLazyObject(lambda: Edition.objects.filter(is_current=True).first())


def current_edition_or_none() -> Edition | None:
    return Edition.objects.filter(is_current=True).first()


def _count(relation: str, **filters) -> Subquery:
    counted = (
        Edition.objects.filter(pk=OuterRef("pk"))
        .order_by()
        .annotate(count=Count(relation, filter=Q(**filters)))
        .values("count")
    )
    return Subquery(counted, output_field=IntegerField())


def editions_with_counts() -> QuerySet[Edition]:
    """Editions with `host_count` (accepted applications), `activity_count` and `slot_count`
    (published activities and their time slots), each counted in its own subquery."""
    accepted = _rows_of("applications").accepted()
    published = _rows_of("activities").published()
    return Edition.objects.annotate(
        host_count=_count("applications", applications__in=accepted),
        activity_count=_count("activities", activities__in=published),
        slot_count=_count("activities__slots", activities__in=published),
    ).order_by("-year")


def current_edition_with_counts() -> Edition | None:
    return editions_with_counts().filter(is_current=True).first()


def accepted_hosts(edition: Edition) -> QuerySet[Organisation]:
    """The organisations whose application to the edition was accepted."""
    return (
        Organisation.objects.public()
        .filter(applications__in=edition.applications.accepted())
        .order_by("name")
    )


def routes_of(edition: Edition) -> QuerySet:
    """The edition's thematic routes, each with its number of stops."""
    return edition.routes.annotate(stop_count=Count("stops")).order_by("title_it", "pk")


def _date(moment: datetime.date | datetime.datetime) -> str:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "j F Y")


def _time(moment: datetime.datetime) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i")


def next_step(edition: Edition, now: datetime.datetime | None = None) -> str:
    """One sentence on where the edition stands and its next date, for people."""
    now = now or timezone.now()
    phase = edition.phase_at(now)
    Phase = Edition.Phase
    if phase == Phase.UPCOMING:
        return _("Candidature degli host dal %(date)s alle %(time)s") % {
            "date": _date(edition.host_call_opens),
            "time": _time(edition.host_call_opens),
        }
    if phase == Phase.HOST_CALL:
        return _("Candidature aperte fino al %(date)s alle %(time)s") % {
            "date": _date(edition.host_call_closes),
            "time": _time(edition.host_call_closes),
        }
    if phase == Phase.REVIEW:
        return _("Esito delle candidature entro il %(date)s") % {
            "date": _date(edition.review_closes)
        }
    if phase == Phase.REGISTRATION:
        return _("Iscrizioni dei visitatori aperte fino al %(date)s alle %(time)s") % {
            "date": _date(edition.registration_closes),
            "time": _time(edition.registration_closes),
        }
    if phase == Phase.EVENT:
        return _("Evento in corso fino al %(date)s") % {"date": _date(edition.event_end)}
    if phase == Phase.CLOSED:
        return _("Edizione conclusa il %(date)s") % {"date": _date(edition.event_end)}
    if now < edition.registration_opens:
        return _("Iscrizioni dei visitatori dal %(date)s alle %(time)s") % {
            "date": _date(edition.registration_opens),
            "time": _time(edition.registration_opens),
        }
    return _("L'evento inizia il %(date)s") % {"date": _date(edition.event_start)}


@dataclass(frozen=True)
class Step:
    """One phase of an edition on its timeline."""

    title: str
    when: str
    status: str  # "past", "current" or "future"

    @property
    def is_current(self) -> bool:
        return self.status == "current"


def _span(starts: datetime.datetime, ends: datetime.datetime) -> str:
    return _("dal %(start_date)s alle %(start_time)s al %(end_date)s alle %(end_time)s") % {
        "start_date": _date(starts),
        "start_time": _time(starts),
        "end_date": _date(ends),
        "end_time": _time(ends),
    }


def _days(edition: Edition) -> str:
    if edition.event_start == edition.event_end:
        return _date(edition.event_start)
    return _("dal %(start)s al %(end)s") % {
        "start": _date(edition.event_start),
        "end": _date(edition.event_end),
    }


def timeline(edition: Edition, now: datetime.datetime | None = None) -> list[Step]:
    """The dated phases of the edition, each marked past, current or future."""
    now = now or timezone.now()
    event_start, event_end = edition.event_bounds()
    phases = [
        (
            _("Candidature degli host"),
            edition.host_call_opens,
            edition.host_call_closes,
            _span(edition.host_call_opens, edition.host_call_closes),
        ),
        (
            _("Valutazione delle candidature"),
            edition.host_call_closes,
            edition.review_closes,
            _("fino al %(date)s") % {"date": _date(edition.review_closes)},
        ),
        (
            _("Iscrizioni dei visitatori"),
            edition.registration_opens,
            edition.registration_closes,
            _span(edition.registration_opens, edition.registration_closes),
        ),
        (_("Giornate dell'evento"), event_start, event_end, _days(edition)),
    ]
    steps = []
    for title, starts, ends, when in phases:
        status = "past" if ends <= now else "current" if starts <= now else "future"
        steps.append(Step(title=title, when=when, status=status))
    return steps


def next_edition_after(edition: Edition) -> Edition | None:
    """The edition announced after this one, if staff have created it."""
    return Edition.objects.filter(year__gt=edition.year).order_by("year").first()


def booking_notice(edition: Edition) -> dict:
    """What the booking-state notice (editions/includes/booking_window.html) needs:
    the edition's booking window now and, once it is over, the next edition."""
    window = edition.booking_window
    return {
        "booking_window": window,
        "next_edition": next_edition_after(edition) if window.is_over else None,
    }
