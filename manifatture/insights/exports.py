"""One dashboard table as CSV or XLSX: raw numbers (percentages as numbers with one
decimal), the column labels as the header row."""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook

from .tables import Table


def _header(table: Table) -> list[str]:
    return [
        f"{column.label} (%)" if column.kind == "percent" else column.label
        for column in table.columns
    ]


def table_to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_header(table))
    for row in table.rows:
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float):
        return value
    return str(value)


def table_to_xlsx(table: Table) -> bytes:
    workbook = Workbook(write_only=True)
    # Sheet names: at most 31 characters, no []:*?/\ (the slug has none).
    sheet = workbook.create_sheet(title=table.slug[:31])
    sheet.append(_header(table))
    for row in table.rows:
        sheet.append([_cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
