"""Every table the platform lets people download, as CSV or XLSX: the staff
dashboard's tables, the audit trail, the open-data files. One writer, so one
rule: what people typed never reaches a spreadsheet as a formula.

A cell is a number (int, float, Decimal: written as a number, so -3 stays -3),
a boolean (true/false), empty (None) or text; anything else is written as its
text. Text that begins with =, +, -, @, a tab or a carriage return gets a
leading apostrophe (OWASP, "CSV Injection"): a spreadsheet shows it as text and
never runs it. XLSX text cells are written as text, never as formula or error
cells, without the control characters the format refuses.

Views that answer with a table wear `@download`; the response functions refuse
to run outside one, and tests/test_downloads.py finds every such view in the URL
configuration, fills the site with hostile text and fetches each download.
"""

import contextvars
import csv
import functools
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

type Row = Sequence[Any]

_inside_download: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "inside_download", default=False
)


def neutralise(text: str) -> str:
    """Text a spreadsheet shows and never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _csv_cell(value: Any) -> str | int | float | Decimal:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        return value
    return neutralise(str(value))


def csv_text(header: Row, rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue()


def _xlsx_cell(sheet, value: Any) -> Cell:
    if value is None or isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    if _is_number(value):
        return WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
    cell = WriteOnlyCell(sheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value))))
    # openpyxl would make "#N/A" an error cell; a text cell is always text.
    cell.data_type = "s"
    return cell


def xlsx_bytes(header: Row, rows: Iterable[Row], *, sheet_title: str) -> bytes:
    workbook = Workbook(write_only=True)
    # Sheet names: at most 31 characters, none of []:*?/\
    title = "".join(c for c in sheet_title if c not in "[]:*?/\\")[:31] or "dati"
    sheet = workbook.create_sheet(title=title)
    sheet.append([_xlsx_cell(sheet, value) for value in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Marks a view that answers with a table (the suite fetches every one)."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        token = _inside_download.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _inside_download.reset(token)

    wrapper.tabular_download = True  # type: ignore[attr-defined]
    return wrapper


def _check_inside_download() -> None:
    if not _inside_download.get():
        raise RuntimeError("A table is downloaded only from a view marked @tabular.download.")


def _disposition(response: HttpResponse, filename: str, disposition: str) -> HttpResponse:
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def csv_response(
    header: Row, rows: Iterable[Row], *, filename: str, disposition: str = "attachment"
) -> HttpResponse:
    _check_inside_download()
    response = HttpResponse(csv_text(header, rows), content_type=CSV_CONTENT_TYPE)
    return _disposition(response, filename, disposition)


def xlsx_response(
    header: Row, rows: Iterable[Row], *, filename: str, sheet_title: str
) -> HttpResponse:
    _check_inside_download()
    body = xlsx_bytes(header, rows, sheet_title=sheet_title)
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    return _disposition(response, filename, "attachment")
