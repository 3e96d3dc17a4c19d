"""The ranking as a pure function: scores, weights and every tie-break."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from manifatture.calls.ranking import Candidate, Criterion, RankingError, rank, tie_break_order

T0 = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
QUALITY = Criterion(id=1, name="Qualità", weight=3, max_points=10, position=0)
IMPACT = Criterion(id=2, name="Impatto sul quartiere", weight=1, max_points=5, position=1)
CRITERIA = [QUALITY, IMPACT]


def candidate(app_id, quality, impact, *, minutes=0, protocol=None):
    return Candidate(
        application_id=app_id,
        submitted_at=T0 + datetime.timedelta(minutes=minutes),
        protocol_seq=protocol if protocol is not None else app_id,
        points={1: quality, 2: impact},
    )


def order(lines):
    return [line.application_id for line in lines]


def test_score_is_the_weighted_mean_of_the_committee_on_a_100_scale():
    # Quality: (8 + 6) / 2 = 7 of 10 -> 0.7; impact: 5 of 5 -> 1.0.
    # (0.7 * 3 + 1.0 * 1) / 4 = 0.775 -> 77.50
    (line,) = rank([candidate(1, [8, 6], [5, 5])], CRITERIA)
    assert line.score == Decimal("77.50")
    assert line.exact_score == Fraction(155, 2)
    assert line.position == 1
    assert line.decided_by == ""


def test_higher_score_first_and_positions_are_sequential():
    lines = rank(
        [candidate(1, [5], [5]), candidate(2, [10], [5]), candidate(3, [0], [0])], CRITERIA
    )
    assert order(lines) == [2, 1, 3]
    assert [line.position for line in lines] == [1, 2, 3]
    assert [line.score for line in lines] == [Decimal("100.00"), Decimal("62.50"), Decimal("0.00")]


def test_equal_score_goes_to_the_higher_points_on_the_heaviest_criterion():
    # A: quality 6/10, impact 5/5 -> (0.6*3 + 1)/4 = 0.7
    # B: quality 8/10, impact 1/5 -> (0.8*3 + 0.2)/4 = 0.65 ... make them equal:
    # B: quality 7/10, impact 3.5/5 is not an int; use two reviewers for B: impact [3, 4] -> 0.7
    # B: (0.7*3 + 0.7)/4 = 0.7
    a = candidate(1, [6], [5], minutes=0)
    b = candidate(2, [7], [3, 4], minutes=5)
    lines = rank([a, b], CRITERIA)
    assert lines[0].exact_score == lines[1].exact_score
    assert order(lines) == [2, 1]  # B has more on quality (weight 3), though it came later
    assert lines[1].decided_by == "criterion:1"


def test_equal_weights_are_broken_in_the_calls_order_of_criteria():
    first = Criterion(id=10, name="A", weight=2, max_points=10, position=0)
    second = Criterion(id=11, name="B", weight=2, max_points=10, position=1)
    assert tie_break_order([second, first]) == [first, second]
    x = Candidate(1, T0, 1, {10: [4], 11: [8]})
    y = Candidate(2, T0 + datetime.timedelta(hours=1), 2, {10: [8], 11: [4]})
    lines = rank([x, y], [first, second])
    assert order(lines) == [2, 1]
    assert lines[1].decided_by == "criterion:10"


def test_identical_points_go_to_the_earlier_submission():
    lines = rank([candidate(1, [7], [3], minutes=30), candidate(2, [7], [3], minutes=10)], CRITERIA)
    assert order(lines) == [2, 1]
    assert lines[1].decided_by == "submitted_at"


def test_same_moment_goes_to_the_lower_protocol():
    lines = rank([candidate(1, [7], [3], protocol=9), candidate(2, [7], [3], protocol=4)], CRITERIA)
    assert order(lines) == [2, 1]
    assert lines[1].decided_by == "protocol"


def test_three_way_tie_resolved_step_by_step():
    lines = rank(
        [
            candidate(1, [7], [3], minutes=20, protocol=3),
            candidate(2, [7], [3], minutes=10, protocol=2),
            candidate(3, [7], [3], minutes=10, protocol=1),
        ],
        CRITERIA,
    )
    assert order(lines) == [3, 2, 1]
    assert [line.decided_by for line in lines] == ["", "protocol", "submitted_at"]


def test_rounding_never_creates_a_false_tie():
    # 1/3 and 0.3333 differ in exact arithmetic, though both show 33.33.
    c1 = Criterion(id=1, name="X", weight=1, max_points=3)
    c2 = Criterion(id=2, name="Y", weight=1, max_points=10000)
    ranked = rank(
        [Candidate(1, T0, 1, {1: [1], 2: [3333]}), Candidate(2, T0, 2, {1: [1], 2: [3334]})],
        [c1, c2],
    )
    assert order(ranked) == [2, 1]
    assert ranked[1].decided_by == ""


def test_missing_or_out_of_range_points_are_errors():
    with pytest.raises(RankingError):
        rank([Candidate(1, T0, 1, {1: [5]})], CRITERIA)
    with pytest.raises(RankingError):
        rank([candidate(1, [11], [1])], CRITERIA)
    with pytest.raises(RankingError):
        rank([candidate(1, [1], [1])], [])


def test_empty_ranking():
    assert rank([], CRITERIA) == []
