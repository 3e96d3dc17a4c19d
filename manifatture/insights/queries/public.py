"""The public numbers page: what each published edition added up to."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils import timezone

from manifatture.editions.models import Edition
from manifatture.participations.models import ActivityKind, Application

from .filters import ACCEPTED, Filters, _editions_q
from .programme import Measures, programme_cube, rollup


@dataclass
class EditionNumbers:
    year: int
    title: str
    hosts: int
    activities: int
    slots: int
    capacity: int
    visitors: int
    visitors_basis: str  # "checked_in" or "booked"
    is_over: bool
    walk_ins: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)


def published_editions() -> QuerySet[Edition]:
    """The editions whose numbers are public: those whose programme is out, from
    the moment visitors may book (an edition staff are still preparing, with its
    call for hosts or review under way, has no numbers to show)."""
    return Edition.objects.filter(registration_opens__lte=timezone.now())


def public_numbers(edition_ids: Iterable[int] | None = None) -> list[EditionNumbers]:
    """Each published edition's numbers for the public page, the most recent
    first: a fixed number of queries for any number of editions.

    Visitors: after the event, the people admitted at the door plus walk-ins
    ("visitatori"); before it, or where the door was not recorded, the seats of
    confirmed bookings ("visitatori con prenotazione"), walk-ins apart."""
    editions = list(published_editions().filter(_editions_q("pk", edition_ids)).order_by("-year"))
    ids = [edition.pk for edition in editions]
    no_filters = Filters()
    cube = programme_cube(ids, no_filters)
    per_edition = rollup(cube, by=lambda key: key[0])
    per_kind = rollup(cube, by=lambda key: (key[0], key[1]))
    host_counts = dict(
        Application.objects.filter(edition__in=ids, state=ACCEPTED)
        .values_list("edition_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    today = timezone.localdate()
    numbers = []
    for edition in editions:
        measures = per_edition.get(edition.pk, Measures())
        is_over = edition.event_end < today
        if is_over and measures.checked_in_people:
            visitors, basis = measures.checked_in_people + measures.walk_ins, "checked_in"
        else:
            visitors, basis = measures.seats, "booked"
        numbers.append(
            EditionNumbers(
                year=edition.year,
                title=edition.title,
                hosts=host_counts.get(edition.pk, 0),
                activities=measures.activities,
                slots=measures.slots,
                capacity=measures.capacity,
                visitors=visitors,
                visitors_basis=basis,
                is_over=is_over,
                walk_ins=measures.walk_ins,
                by_kind=[
                    (str(kind.label), per_kind[edition.pk, kind.value].activities)
                    for kind in ActivityKind
                    if per_kind.get((edition.pk, kind.value), Measures()).activities
                ],
            )
        )
    return numbers
