"""Bar charts drawn on the server as SVG: the template only places the shapes
computed here (no JavaScript, no style attributes, so the CSP stays strict)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .tables import PERCENT, Table

WIDTH = 640
LABEL_WIDTH = 230
BAR_AREA = 320
ROW_HEIGHT = 28
BAR_HEIGHT = 18
MAX_LABEL = 32


@dataclass
class Bar:
    label: str
    short_label: str
    display: str
    y: int
    text_y: int
    width: int
    value_x: int


@dataclass
class Chart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_x: int = LABEL_WIDTH - 8
    bar_x: int = LABEL_WIDTH


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
    for position, (row, shown, value) in enumerate(zip(rows, displays, values, strict=True)):
        label = str(row[0])
        width = int(Decimal(value or 0) * BAR_AREA / top) if top else 0
        y = position * ROW_HEIGHT + 4
        bars.append(
            Bar(
                label=label,
                short_label=label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…",
                display=shown[value_index],
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                width=width,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    title = f"{table.title}: {column.label}"
    description = _("Grafico a barre. %(values)s. Gli stessi numeri sono nella tabella.") % {
        "values": "; ".join(f"{bar.label}: {bar.display}" for bar in bars)
    }
    return Chart(
        id=f"chart-{table.slug}-{column_key}",
        title=title,
        description=description,
        bars=bars,
        height=len(bars) * ROW_HEIGHT + 8,
    )
