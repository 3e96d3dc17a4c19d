"""The ranking of a call, as a pure function: data in, ordered lines out.

Score of an application
    For each criterion, the mean of the points given by the committee members
    who completed a review without a conflict of interest, divided by the
    criterion's maximum (so every criterion counts 0..1). The score is the mean
    of these values weighted by the criteria's weights, times 100: 0..100.
    Arithmetic is exact (fractions); the score is rounded to two decimals only
    for display.

Order and tie-breaks (documented on the call page and in docs)
    1. higher score;
    2. if equal, higher value on the criterion with the highest weight, then on
       the next one by weight (equal weights: in the call's order of criteria);
    3. if still equal, earlier submission;
    4. if still equal, lower protocol number (always distinct, so the order is total).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Protocol


@dataclass(frozen=True)
class Criterion:
    id: int
    name: str
    weight: int
    max_points: int
    position: int = 0


@dataclass(frozen=True)
class Candidate:
    application_id: int
    submitted_at: datetime
    protocol_seq: int
    # criterion id -> the points each counted reviewer gave on it
    points: Mapping[int, Sequence[int]]


@dataclass(frozen=True)
class Line:
    application_id: int
    position: int
    score: Decimal
    exact_score: Fraction = field(repr=False)
    # why this line comes after the previous one with the same score ("" if by score)
    decided_by: str = ""
    criterion_values: Mapping[int, Fraction] = field(default_factory=dict, repr=False)


class RankingError(ValueError):
    pass


def _criterion_values(candidate: Candidate, criteria: Sequence[Criterion]) -> dict[int, Fraction]:
    values = {}
    for criterion in criteria:
        given = candidate.points.get(criterion.id) or []
        if not given:
            raise RankingError(
                f"application {candidate.application_id} has no points on criterion {criterion.id}"
            )
        for points in given:
            if not 0 <= points <= criterion.max_points:
                raise RankingError(f"points out of range on criterion {criterion.id}: {points}")
        values[criterion.id] = Fraction(sum(given), len(given) * criterion.max_points)
    return values


def score_of(values: Mapping[int, Fraction], criteria: Sequence[Criterion]) -> Fraction:
    total_weight = sum(criterion.weight for criterion in criteria)
    weighted = sum(values[criterion.id] * criterion.weight for criterion in criteria)
    return Fraction(100) * weighted / total_weight


def display(score: Fraction) -> Decimal:
    return (Decimal(score.numerator) / Decimal(score.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


class Weighted(Protocol):
    """A criterion as the tie-break reads it (a Criterion, or a call's CallCriterion)."""

    @property
    def id(self) -> int: ...
    @property
    def weight(self) -> int: ...
    @property
    def position(self) -> int: ...


def tie_break_order[C: Weighted](criteria: Sequence[C]) -> list[C]:
    """Criteria by weight (highest first), then in the call's order."""
    return sorted(criteria, key=lambda c: (-c.weight, c.position, c.id))


def rank(candidates: Sequence[Candidate], criteria: Sequence[Criterion]) -> list[Line]:
    """The candidates in ranking order, positions 1..n, each with its score and,
    when its score equals the previous line's, what decided the order."""
    if not criteria:
        raise RankingError("a call without criteria cannot be ranked")
    tie_criteria = tie_break_order(criteria)
    rows = []
    for candidate in candidates:
        values = _criterion_values(candidate, criteria)
        rows.append((candidate, values, score_of(values, criteria)))

    def key(row):
        candidate, values, score = row
        return (
            -score,
            *(-values[criterion.id] for criterion in tie_criteria),
            candidate.submitted_at,
            candidate.protocol_seq,
        )

    rows.sort(key=key)
    lines: list[Line] = []
    previous = None
    for position, (candidate, values, score) in enumerate(rows, start=1):
        decided_by = ""
        if previous is not None and previous[2] == score:
            decided_by = _why(previous, (candidate, values, score), tie_criteria)
        lines.append(
            Line(
                application_id=candidate.application_id,
                position=position,
                score=display(score),
                exact_score=score,
                decided_by=decided_by,
                criterion_values=values,
            )
        )
        previous = (candidate, values, score)
    return lines


def _why(before, after, tie_criteria: Sequence[Criterion]) -> str:
    """A short code for the tie-break that put `after` below `before`:
    "criterion:<id>", "submitted_at" or "protocol"."""
    for criterion in tie_criteria:
        if before[1][criterion.id] != after[1][criterion.id]:
            return f"criterion:{criterion.id}"
    if before[0].submitted_at != after[0].submitted_at:
        return "submitted_at"
    return "protocol"
