"""Who is awarded what, as a pure function (calls.awards): examples, then
properties over any ranking hypothesis draws."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from manifatture.calls.awards import Allocation, Request, allocate_budget, allocate_spaces

PASS = Fraction(60)
# Pure functions, but a loaded machine must not fail them on time; no example database on disk.
BOUNDED = settings(max_examples=200, deadline=None, database=None)


def asked(app_id, *, score=80, space=None, amount=None):
    return Request(
        application_id=app_id,
        score=Fraction(score),
        space_id=space,
        amount=Decimal(amount) if amount is not None else None,
    )


# Budget -------------------------------------------------------------------------------


def test_the_budget_goes_down_the_ranking_and_a_smaller_later_request_still_fits():
    requests = [
        asked(1, amount="20000"),
        asked(2, amount="10000"),  # 5,000 left: does not fit, passed over
        asked(3, amount="5000"),  # fits exactly
        asked(4, amount="1"),  # nothing left
    ]
    allocations = allocate_budget(requests, budget=Decimal("25000"), min_score=PASS)
    assert allocations == [
        Allocation(1, amount=Decimal("20000")),
        Allocation(2),
        Allocation(3, amount=Decimal("5000")),
        Allocation(4),
    ]


def test_below_the_threshold_nothing_is_awarded_however_much_budget_is_left():
    requests = [asked(1, score=Fraction(119, 2), amount="10"), asked(2, score=60, amount="10")]
    allocations = allocate_budget(requests, budget=Decimal("1000"), min_score=PASS)
    assert allocations == [Allocation(1, below_threshold=True), Allocation(2, amount=Decimal(10))]
    assert not allocations[0].awarded


def test_no_budget_or_no_amount_awards_nothing():
    assert allocate_budget([asked(1, amount="10")], budget=None, min_score=PASS) == [Allocation(1)]
    nothing_asked = [asked(1), asked(2, amount="0")]
    assert allocate_budget(nothing_asked, budget=Decimal(100), min_score=PASS) == [
        Allocation(1),
        Allocation(2),
    ]


# Spaces -------------------------------------------------------------------------------


def test_each_offered_space_goes_to_the_best_ranked_applicant_who_asked_for_it():
    requests = [
        asked(1, space=10),
        asked(2, space=10),  # taken by 1
        asked(3, space=20),
        asked(4, space=99),  # not offered by this call
        asked(5, score=10, space=30),  # below the threshold
        asked(6),  # asked for no space
    ]
    allocations = allocate_spaces(requests, offered={10, 20, 30}, min_score=PASS)
    assert allocations == [
        Allocation(1, space_id=10),
        Allocation(2),
        Allocation(3, space_id=20),
        Allocation(4),
        Allocation(5, below_threshold=True),
        Allocation(6),
    ]


# Properties ---------------------------------------------------------------------------

scores = st.fractions(min_value=0, max_value=100, max_denominator=12)
amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=50000, places=2, allow_nan=False))
money_requests = st.lists(st.tuples(scores, amounts), max_size=25).map(
    lambda rows: [
        Request(application_id=i, score=score, amount=amount)
        for i, (score, amount) in enumerate(rows, start=1)
    ]
)
budgets = st.one_of(st.none(), st.decimals(min_value=0, max_value=200000, places=2))


@BOUNDED
@given(money_requests, budgets, scores)
def test_budget_allocation_properties(requests, budget, min_score):
    allocations = allocate_budget(requests, budget=budget, min_score=min_score)
    # One allocation per request, in the ranking's order.
    assert [a.application_id for a in allocations] == [r.application_id for r in requests]
    awarded_total = Decimal(0)
    for request, allocation in zip(requests, allocations, strict=True):
        left = (budget or Decimal(0)) - awarded_total
        assert allocation.space_id is None
        if request.score < min_score:
            # Below the threshold: marked, never awarded.
            assert allocation.below_threshold and not allocation.awarded
        elif allocation.awarded:
            # The whole amount asked for, never a part, and only while it fits.
            assert not allocation.below_threshold
            assert allocation.amount == request.amount and 0 < allocation.amount <= left
            awarded_total += allocation.amount
        else:
            # Passed over only when there was nothing to give or it did not fit
            # in what the better-ranked applicants left.
            assert not allocation.below_threshold
            assert not request.amount or request.amount > left
    # Never over budget.
    assert awarded_total <= (budget or Decimal(0))


space_requests = st.lists(
    st.tuples(scores, st.one_of(st.none(), st.integers(1, 8))), max_size=25
).map(
    lambda rows: [
        Request(application_id=i, score=score, space_id=space)
        for i, (score, space) in enumerate(rows, start=1)
    ]
)


@BOUNDED
@given(space_requests, st.sets(st.integers(1, 8)), scores)
def test_space_allocation_properties(requests, offered, min_score):
    allocations = allocate_spaces(requests, offered=offered, min_score=min_score)
    assert [a.application_id for a in allocations] == [r.application_id for r in requests]
    awarded = [a.space_id for a in allocations if a.awarded]
    # Each space once, only an offered one, only to who asked for it.
    assert len(awarded) == len(set(awarded))
    assert set(awarded) <= offered
    taken: set[int] = set()
    for request, allocation in zip(requests, allocations, strict=True):
        assert allocation.amount is None
        eligible = request.score >= min_score
        assert allocation.below_threshold == (not eligible)
        if allocation.awarded:
            assert allocation.space_id == request.space_id
            taken.add(allocation.space_id)
        elif eligible:
            # Passed over only if the space was not offered or a better-ranked
            # applicant above the threshold already has it.
            assert request.space_id not in offered or request.space_id in taken
