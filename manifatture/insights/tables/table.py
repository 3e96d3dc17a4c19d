"""What a dashboard table is: its columns, rows and notes, and how a value
of each kind is shown."""

from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from .. import queries

TEXT, INT, PERCENT, RATIO, MEAN = "text", "int", "percent", "ratio", "mean"


@dataclass
class Column:
    key: str
    label: str
    kind: str = INT


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    description: str = ""
    charts: list[str] = field(default_factory=list)  # keys of columns drawn as bars
    total_row: bool = False  # the last row is a total (not drawn)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def index(self, key: str) -> int:
        return [column.key for column in self.columns].index(key)

    @property
    def download_header(self) -> list[str]:
        # Downloads hold raw numbers: a percentage column says so in its label.
        return [
            f"{column.label} (%)" if column.kind == PERCENT else column.label
            for column in self.columns
        ]

    @property
    def display_rows(self) -> list[list[str]]:
        return [
            [display(value, column.kind) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]


def display(value: Any, kind: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):  # a figure said in words: "meno di 5"
        return value
    if kind == PERCENT:
        return f"{formats.number_format(value, 1)} %"
    if kind == MEAN:
        return formats.number_format(value, 1)
    if kind == RATIO:
        return f"{formats.number_format(value, 2)} ×"
    if kind == INT:
        return formats.number_format(value, 0, force_grouping=True)
    return str(value)


def _municipio_label(number: int | None) -> str:
    return queries.municipio_label(number, missing=_("Fuori Milano o senza Municipio"))


def _yes_no(flag: bool) -> str:
    return _("sì") if flag else _("no")
