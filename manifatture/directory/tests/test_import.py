import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.directory.exceptions import ImportFileInvalid, ImportWriteFailed
from manifatture.directory.imports import (
    CREATED,
    DUPLICATE,
    INVALID,
    TerminalProgress,
    address_key,
    name_key,
    run_import,
)
from manifatture.directory.models import ImportJob, Organisation, Site
from manifatture.directory.tests.factories import OrganisationFactory, make_partita_iva, place
from manifatture.directory.trades import makes_or_repairs

VAT_A, VAT_B, VAT_C = (make_partita_iva(n) for n in (7_000_001, 7_000_002, 7_000_003))

CHAMBER_HEADER = "denominazione;partita_iva;ateco;indirizzo;cap;comune;latitudine;longitudine\n"


def chamber_csv(*rows: str) -> str:
    return CHAMBER_HEADER + "".join(f"{row}\n" for row in rows)


GOOD_ROWS = [
    f"Officina Rossi S.r.l.;{VAT_A};25.62.00;Via Bovisasca 12;20157;Milano;45,5030;9,1590",
    f"Falegnameria Colombo;{VAT_B};16.23.09;Viale Monza 120;20127;Milano;45.4950;9.2190",
    f"Tessitura Brambilla;{VAT_C};13.99.90;Via Roma 3;20099;Sesto San Giovanni;45.5350;9.2310",
]


def outcomes(report) -> list[tuple[int, str, str]]:
    return [(row.line, row.outcome, row.name) for row in report.rows]


@pytest.mark.django_db
def test_chamber_csv_creates_organisations_with_their_places(city):
    report = run_import("chamber", chamber_csv(*GOOD_ROWS))

    assert report.saved
    assert outcomes(report) == [
        (2, CREATED, "Officina Rossi S.r.l."),
        (3, CREATED, "Falegnameria Colombo"),
        (4, CREATED, "Tessitura Brambilla"),
    ]
    rossi = Organisation.objects.get(vat_number=VAT_A)
    assert (rossi.category, rossi.ateco_code, rossi.source) == ("factory", "25.62.00", "chamber")
    site = rossi.sites.get()
    assert (site.address, site.postcode, site.comune_id) == ("Via Bovisasca 12", "20157", "015146")
    assert (site.municipio_id, site.nil_id) == (9, 77)
    sesto = Organisation.objects.get(vat_number=VAT_C).sites.get()
    assert (sesto.comune.name, sesto.municipio_id, sesto.nil_id) == (
        "Sesto San Giovanni",
        None,
        None,
    )
    assert "Fabbricazione di serrature e cerniere" in rossi.keywords


@pytest.mark.django_db
def test_each_wrong_row_is_reported_and_nothing_is_imported(city):
    text = chamber_csv(
        GOOD_ROWS[0],
        "Senza Partita;12345678901;25.62.00;Via X 1;20100;Milano;45.50;9.16",
        f"Codice Strano;{VAT_B};99.99.99;Via X 2;20100;Milano;45.50;9.16",
        f"Senza Coordinate;{VAT_C};;Via X 3;20100;Milano;;",
        ";;;Via X 4;20100;Milano;45.50;9.16",
        "Fuori Zona;;;Via X 5;00100;Roma;41.90;12.49",
        "Paese Sconosciuto;;;Via X 6;20100;Atlantide;45.50;9.16",
    )

    report = run_import("chamber", text)

    assert not report.saved
    assert Organisation.objects.count() == 0
    assert [(row.line, row.outcome, row.messages) for row in report.rows] == [
        (2, CREATED, []),
        (3, INVALID, ["La partita IVA «12345678901» non è valida."]),
        (4, INVALID, ["Il codice ATECO «99.99.99» non esiste."]),
        (5, INVALID, ["Mancano le coordinate (latitudine e longitudine in gradi decimali)."]),
        (6, INVALID, ["Manca il nome."]),
        (
            7,
            INVALID,
            [
                "Le coordinate 41.900000, 12.490000 sono fuori dalla Città metropolitana di Milano.",
                "Il comune «Roma» non si trova.",
            ],
        ),
        (8, INVALID, ["Il comune «Atlantide» non si trova."]),
    ]


@pytest.mark.django_db
def test_skip_invalid_imports_only_the_valid_rows(city):
    text = chamber_csv(GOOD_ROWS[0], "Senza Coordinate;;;Via X 3;20100;Milano;;", GOOD_ROWS[1])

    report = run_import("chamber", text, skip_invalid=True)

    assert report.saved and (report.created, report.invalid) == (2, 1)
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Falegnameria Colombo",
        "Officina Rossi S.r.l.",
    ]


@pytest.mark.django_db
def test_duplicates_by_vat_number_in_the_directory_and_in_the_file(city):
    OrganisationFactory(name="Rossi Officina Meccanica", vat_number=VAT_A)
    text = chamber_csv(
        GOOD_ROWS[0],  # same VAT as the one already in the directory
        GOOD_ROWS[1],
        f"Falegnameria Colombo Snc;{VAT_B};16.23.09;Via Altra 1;20127;Milano;45.4950;9.2190",
    )

    report = run_import("chamber", text)

    assert outcomes(report) == [
        (2, DUPLICATE, "Officina Rossi S.r.l."),
        (3, CREATED, "Falegnameria Colombo"),
        (4, DUPLICATE, "Falegnameria Colombo Snc"),
    ]
    assert report.rows[0].messages == ["Già presente come «Rossi Officina Meccanica»."]
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_duplicates_by_normalised_name_and_address(city):
    existing = OrganisationFactory(name="Sartoria Bianchi S.r.l.", vat_number=None)
    place(existing, latitude="45.4842", longitude="9.2399", address="V.le Monza, 12")
    text = chamber_csv(
        "SARTORIA BIANCHI SRL;;14.21.20;Viale Monza 12;20127;Milano;45.4950;9.2190",
        "Sartoria Bianchi;;14.21.20;Via Padova 1;20127;Milano;45.4950;9.2190",
    )

    report = run_import("chamber", text)

    assert outcomes(report) == [
        (2, DUPLICATE, "SARTORIA BIANCHI SRL"),
        (3, CREATED, "Sartoria Bianchi"),  # same name, another address: another shop
    ]


def test_normalisation_of_names_and_addresses():
    assert name_key("Officina Rossi S.r.l.") == name_key("OFFICINA ROSSI SRL") == "officina rossi"
    assert name_key("Caffè Città") == "caffe citta"
    assert address_key("V.le Monza, 12") == address_key("Viale Monza 12") == "viale monza 12"
    assert address_key("P.za Duomo 1") == "piazza duomo 1"


@pytest.mark.django_db
def test_a_conflict_while_writing_rolls_back_the_whole_file(city):
    """Someone registers one of the file's firms between the check and the write:
    the import stops and leaves nothing half-written."""

    def someone_else_registers_rossi():
        OrganisationFactory(name="Registrata nel frattempo", vat_number=VAT_A)

    with pytest.raises(ImportWriteFailed):
        run_import("chamber", chamber_csv(*GOOD_ROWS), saving=someone_else_registers_rossi)

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Registrata nel frattempo"]
    assert Site.objects.count() == 0


@pytest.mark.django_db
def test_a_file_without_a_name_column_is_refused(city):
    with pytest.raises(ImportFileInvalid, match="manca la colonna con il nome"):
        run_import("chamber", "ragione;piva\nX;1\n")


# The Comune's own formats -----------------------------------------------------------------


@pytest.mark.django_db
def test_historic_workshops_are_imported_in_the_nil_the_comune_gives_them(city):
    """Done when: import the historic workshops and see them on the map in the right NIL."""
    shops = json.loads(
        (settings.SHARED_DATA_DIR / "milano_botteghe_storiche_2024.json").read_text()
    )["data"]
    # Only the trades that make or repair things (directory/trades.py).
    workshops = [s for s in shops if makes_or_repairs(s["genere_merceologico"])]

    call_command("import_botteghe", no_progress=True, stdout=io.StringIO())

    imported = {
        o.source_ref: o
        for o in Organisation.objects.filter(source="botteghe").prefetch_related("sites")
    }
    assert len(imported) == len(workshops) == 200
    assert all(o.category == "historic_shop" for o in imported.values())
    wrong_nil = [
        s["n"] for s in workshops if imported[str(s["n"])].sites.all()[0].nil_id != int(s["id_nil"])
    ]
    assert wrong_nil == []
    closed = [o for o in imported.values() if o.archived_at is not None]
    assert len(closed) == 36 and {o.archive_reason for o in closed} == {"closed"}
    tailor = imported["2"]
    assert tailor.name == "A. Brambilla"
    assert tailor.founded_year == 1926
    assert tailor.sites.all()[0].address == "Via Larga 8"


@pytest.mark.django_db
def test_importing_the_historic_workshops_twice_adds_nothing(city):
    call_command("import_botteghe", no_progress=True, stdout=io.StringIO())
    out = io.StringIO()

    call_command("import_botteghe", no_progress=True, stdout=out)

    assert Organisation.objects.count() == 200
    assert "200 rows: 0 imported, 200 already in the directory, 0 with errors." in out.getvalue()
    assert "426 historic workshops left out" in out.getvalue()


@pytest.mark.django_db
def test_historic_workshops_on_the_map(client, city):
    call_command("import_botteghe", no_progress=True, stdout=io.StringIO())

    data = json.loads(
        client.get(reverse("directory:map_data"), {"category": "historic_shop", "nil": 1}).content
    )

    duomo_shops = Site.objects.filter(nil_id=1, organisation__archived_at__isnull=True).count()
    assert len(data["points"]) == duomo_shops > 0
    assert {p[3] for p in data["points"]} == {3}  # B in the legend


FABLAB_CSV = (
    "NOME;INDIRIZZO;CAP;MUNICIPIO;SITO WEB;E-MAIL;ATTREZZATURE;LONG_X_4326;LAT_Y_4326;Location\n"
    "FabLab Bovisa;Via Cosenz 54;20158;9;www.fablabbovisa.example;info@fablab.example;"
    "Stampanti 3D, taglio laser, fresa CNC;9.1590;45.5030;(45.503, 9.159)\n"
    "Makers Corvetto;Piazzale Corvetto 1;20139;4;;;Elettronica e Arduino;;;(45.444, 9.22)\n"
)


@pytest.mark.django_db
def test_fablab_csv_of_the_comune(city):
    report = run_import("fablab", FABLAB_CSV)

    assert report.saved and report.created == 2
    bovisa = Organisation.objects.get(name="FabLab Bovisa")
    assert (bovisa.category, bovisa.website, bovisa.contact_email) == (
        "fablab",
        "https://www.fablabbovisa.example",
        "info@fablab.example",
    )
    assert sorted(bovisa.capabilities.values_list("code", flat=True)) == [
        "3d-printing",
        "cnc-milling",
        "laser-cutting",
    ]
    corvetto = Organisation.objects.get(name="Makers Corvetto")
    assert list(corvetto.capabilities.values_list("code", flat=True)) == ["electronics"]
    assert corvetto.sites.get().nil_id == 35  # from the Location column


# Commands and pages -----------------------------------------------------------------


@pytest.mark.django_db
def test_import_command_refuses_a_file_with_errors_and_lists_them(city, tmp_path):
    path = tmp_path / "camera.csv"
    path.write_text(chamber_csv(GOOD_ROWS[0], "Senza Coordinate;;;Via X 3;20100;Milano;;"))
    out = io.StringIO()

    with pytest.raises(CommandError, match="Nothing imported"):
        call_command(
            "import_organisations", str(path), format="chamber", no_progress=True, stdout=out
        )

    assert "riga 3 · Senza Coordinate · con errori" in out.getvalue()
    assert Organisation.objects.count() == 0


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_progress_bar_redraws_one_line():
    stream = Terminal()
    progress = TerminalProgress(stream, label="Controllo", width=10)

    progress(5, 10)
    progress(10, 10)

    assert stream.getvalue() == (
        "\rControllo [█████·····]  50% 5/10\rControllo [██████████] 100% 10/10\n"
    )


def test_progress_without_a_terminal_writes_a_line_per_quarter():
    stream = io.StringIO()
    progress = TerminalProgress(stream, label="Controllo")

    for done in range(1, 101):
        progress(done, 100)

    assert stream.getvalue().splitlines() == [
        "Controllo 25% (25/100)",
        "Controllo 50% (50/100)",
        "Controllo 75% (75/100)",
        "Controllo 100% (100/100)",
    ]


@pytest.mark.django_db
def test_staff_import_page_runs_the_task_and_shows_the_report(
    client, city, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory())
    upload = SimpleUploadedFile(
        "camera.csv",
        chamber_csv(GOOD_ROWS[0], "Senza Coordinate;;;Via X 3;20100;Milano;;").encode(),
        content_type="text/csv",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:import_start"),
            {"format": "chamber", "file": upload, "skip_invalid": "on"},
        )

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:import_job", kwargs={"pk": job.pk})
    assert (job.status, job.total, job.processed, job.created, job.invalid) == (
        "done",
        2,
        2,
        1,
        1,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Importazione completata: 1 realtà create, 0 già presenti, 1 righe saltate" in page
    assert "Senza Coordinate" in page
    assert "every 1s" not in page  # finished: no more polling
    assert Organisation.objects.get().name == "Officina Rossi S.r.l."


@pytest.mark.django_db
def test_import_progress_is_polled_while_the_task_runs(client):
    client.force_login(StaffFactory())
    job = ImportJob.objects.create(
        format="chamber",
        filename="camera.csv",
        content="",
        status="validating",
        total=40_000,
        processed=10_000,
    )

    response = client.get(reverse("directory:import_status", kwargs={"pk": job.pk}))

    content = response.content.decode()
    assert f'data-hx-get="{reverse("directory:import_status", kwargs={"pk": job.pk})}"' in content
    assert 'data-hx-trigger="every 1s"' in content
    assert '<progress class="w-100 import-progress" max="100" value="25"' in content
    assert "Controllo delle righe: 10000 righe su 40000" in content
    assert "no-store" in response["Cache-Control"]  # and private: a logged-in page


@pytest.mark.django_db
def test_a_rejected_web_import_says_nothing_was_imported(
    client, city, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory())
    upload = SimpleUploadedFile(
        "camera.csv", chamber_csv(GOOD_ROWS[0], ";;;Via X;20100;Milano;45.5;9.16").encode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:import_start"), {"format": "chamber", "file": upload}
        )

    page = client.get(response["Location"]).content.decode()
    assert ImportJob.objects.get().status == "rejected"
    assert "Una riga ha errori: non è stato importato nulla." in page
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_only_city_staff_may_import(client):
    client.force_login(UserFactory())

    assert client.get(reverse("directory:import_start")).status_code == 403
