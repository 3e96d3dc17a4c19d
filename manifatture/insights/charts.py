"""Bar charts drawn on the server: the labels and values are HTML text (readable
and wrapping on a phone), each bar an SVG rectangle of the width computed here
(no JavaScript, no style attributes, so the CSP stays strict)."""

from dataclasses import dataclass
from decimal import Decimal

from .tables import PERCENT, Table

BAR_AREA = 320


@dataclass
class Bar:
    label: str
    display: str
    width: int


@dataclass
class Chart:
    id: str
    title: str
    bars: list[Bar]
    bar_area: int = BAR_AREA


def bar_chart(table: Table, column_key: str) -> Chart | None:
    """One horizontal bar per row of the table (not the total row) for one column."""
    column = table.column(column_key)
    value_index = table.index(column_key)
    rows = table.rows[:-1] if table.total_row else table.rows
    displays = table.display_rows[: len(rows)]
    values = [row[value_index] for row in rows]
    if not any(values):
        return None
    top = max(Decimal(value or 0) for value in values)
    if column.kind == PERCENT:
        top = max(top, Decimal(100))
    bars = []
    for row, shown, value in zip(rows, displays, values, strict=True):
        width = int(Decimal(value or 0) * BAR_AREA / top) if top else 0
        bars.append(Bar(label=str(row[0]), display=shown[value_index], width=width))
    title = f"{table.title}: {column.label}"
    return Chart(
        id=f"chart-{table.slug}-{column_key}",
        title=title,
        bars=bars,
    )
