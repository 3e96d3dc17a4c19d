"""Percentages and ratios, rounded half up, None when there is nothing to divide by."""

from decimal import ROUND_HALF_UP, Decimal


def rate(part: int | None, whole: int | None) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def ratio(part: int | None, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
