"""The ballots' figures: demand against the places drawn, per balloted slot."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from manifatture.activities.models import TimeSlot
from manifatture.ballots.models import BallotEntry

from .arithmetic import ratio
from .filters import PUBLISHED, Filters


@dataclass
class BallotLine:
    title: str
    host: str
    capacity: int = 0
    visitors: int = 0
    first_choice_seats: int = 0
    seats: int = 0
    won: int = 0

    @property
    def oversubscription(self) -> Decimal | None:
        return ratio(self.first_choice_seats, self.capacity)


def ballot_lines(edition_id: int, filters: Filters) -> tuple[list[BallotLine], dict]:
    """Each balloted activity with its capacity and the demand in the ballot, and the
    edition's totals (distinct visitors who entered, their choices)."""
    lines: dict[int, BallotLine] = {}
    capacity = (
        TimeSlot.objects.filter(
            filters.activity_q("activity"),
            activity__edition_id=edition_id,
            activity__ballot_activity__isnull=False,
            activity__status=PUBLISHED,
            cancelled_at__isnull=True,
        )
        .values("activity_id", "activity__title_it", "activity__organisation__name")
        .annotate(seats_offered=Sum("capacity"))
        .order_by()
    )
    for row in capacity:
        lines[row["activity_id"]] = BallotLine(
            row["activity__title_it"], row["activity__organisation__name"], row["seats_offered"]
        )
    entries = BallotEntry.objects.filter(
        filters.activity_q("slot__activity"), ballot__edition_id=edition_id
    )
    demand = (
        entries.values(
            "slot__activity_id", "slot__activity__title_it", "slot__activity__organisation__name"
        )
        .annotate(
            n_visitors=Count("visitor", distinct=True),
            first=Coalesce(Sum("party_size", filter=Q(rank=1)), 0),
            people=Sum("party_size"),
            n_won=Count("pk", filter=Q(result=BallotEntry.Result.WON)),
        )
        .order_by()
    )
    for demand_row in demand:
        line = lines.setdefault(
            demand_row["slot__activity_id"],
            BallotLine(
                demand_row["slot__activity__title_it"],
                demand_row["slot__activity__organisation__name"],
            ),
        )
        line.visitors, line.first_choice_seats = demand_row["n_visitors"], demand_row["first"]
        line.seats, line.won = demand_row["people"] or 0, demand_row["n_won"]
    totals = entries.aggregate(visitors=Count("visitor", distinct=True), choices=Count("pk"))
    ordered = sorted(lines.values(), key=lambda line: (-(line.oversubscription or 0), line.title))
    return ordered, totals
