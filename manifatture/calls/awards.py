"""Who is awarded what, as a pure function: the ranked requests in, the
allocations out (the ranking itself is `calls.ranking`).

Both kinds of call go down the ranking once, best first:

* below the call's minimum score, a request is awarded nothing;
* a call for spaces gives each applicant the offered space they asked for,
  unless a better-ranked applicant already has it;
* a call for investment gives each applicant the whole amount they asked for
  while the budget left covers it. A request that does not fit is passed
  over, and a later, smaller one that fits is still awarded: the budget is
  never exceeded and never split.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Request:
    """One ranked application and what it asks for."""

    application_id: int
    # the exact score (`ranking.Line.exact_score`), compared with the threshold
    score: Fraction
    space_id: int | None = None
    amount: Decimal | None = None


@dataclass(frozen=True)
class Allocation:
    application_id: int
    below_threshold: bool = False
    space_id: int | None = None
    amount: Decimal | None = None

    @property
    def awarded(self) -> bool:
        return self.space_id is not None or self.amount is not None


def allocate_spaces(
    requests: Sequence[Request], *, offered: Collection[int], min_score: Fraction
) -> list[Allocation]:
    """One allocation per request, in the ranking's order: each offered space
    goes to the best-ranked applicant above the threshold who asked for it."""
    taken: set[int] = set()
    allocations = []
    for request in requests:
        space = request.space_id
        if request.score < min_score:
            allocations.append(Allocation(request.application_id, below_threshold=True))
        elif space is not None and space in offered and space not in taken:
            taken.add(space)
            allocations.append(Allocation(request.application_id, space_id=space))
        else:
            allocations.append(Allocation(request.application_id))
    return allocations


def allocate_budget(
    requests: Sequence[Request], *, budget: Decimal | None, min_score: Fraction
) -> list[Allocation]:
    """One allocation per request, in the ranking's order: each applicant above
    the threshold gets the amount asked for while the budget left covers it
    (no budget set: nothing to give)."""
    remaining = budget if budget is not None else Decimal(0)
    allocations = []
    for request in requests:
        amount = request.amount or Decimal(0)
        if request.score < min_score:
            allocations.append(Allocation(request.application_id, below_threshold=True))
        elif 0 < amount <= remaining:
            remaining -= amount
            allocations.append(Allocation(request.application_id, amount=amount))
        else:
            allocations.append(Allocation(request.application_id))
    return allocations
