"""The dashboard as tables: the same rows feed the page, its charts and the CSV and
XLSX downloads, so what staff read is what they download.

`table` says what a table is; `dashboard` builds them all for an edition, from
the tables about `hosts`, the `programme`, `visitors` and the `city`'s
qualified list and calls.
"""

from .dashboard import Dashboard, build_dashboard
from .table import INT, MEAN, PERCENT, RATIO, TEXT, Column, Table, display

__all__ = [
    "INT",
    "MEAN",
    "PERCENT",
    "RATIO",
    "TEXT",
    "Column",
    "Dashboard",
    "Table",
    "build_dashboard",
    "display",
]
