"""Bulk import of organisations and their sites from open-data and registry files.

Formats:
- ``chamber``: a chamber-of-commerce style CSV extract (name, VAT number, ATECO code,
  address, comune, coordinates; optional category, website, e-mail, description);
- ``fablab``: the Comune di Milano FabLab list (dataset ds744, CSV). Its columns are
  read by the usual names of the Comune's open data (``LONG_X_4326``, ``LAT_Y_4326``,
  ``Location``, ``INDIRIZZO``, ``MUNICIPIO`` …) and common variants; capabilities are
  recognised in the equipment and services columns;
- ``botteghe``: the Comune di Milano historic workshops JSON (dataset ds290).

Every import runs in two phases. First each row is checked and compared with the
directory and with the rows before it (duplicates by VAT number, by the source's own
reference, or by normalised name and address), building a report line per row. Then,
only if no row has errors (or the caller chose to skip them), everything is written in
one transaction with bulk inserts: an error while writing leaves nothing behind.
"""

import csv
import io
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import ImportFileInvalid, ImportWriteFailed
from .forms import METRO_LATITUDE, METRO_LONGITUDE
from .models import MILANO_ISTAT_CODE, Capability, Comune, ImportJob, Organisation, Site
from .services import RESERVED_SLUGS, Locator, keywords_for
from .trades import makes_or_repairs
from .validators import normalize_ateco, partita_iva_is_valid, validate_ateco

Format = ImportJob.Format

CREATED, DUPLICATE, INVALID = "created", "duplicate", "invalid"
OUTCOME_LABELS = {
    CREATED: gettext_lazy("da creare"),
    DUPLICATE: gettext_lazy("già presente"),
    INVALID: gettext_lazy("con errori"),
}

# Header aliases, after normalisation (lower case, non-alphanumerics as "_").
COLUMNS = {
    "name": [
        "denominazione",
        "ragione_sociale",
        "nome",
        "name",
        "fablab",
        "nome_fablab",
        "denominazione_fablab",
        "impresa",
        "targa",
        "insegna",
    ],
    "vat": ["partita_iva", "p_iva", "piva", "vat", "vat_number", "partitaiva"],
    "ateco": ["ateco", "codice_ateco", "ateco_code", "ateco_2025", "ateco_2007", "cod_ateco"],
    "address": ["indirizzo", "address", "via", "indirizzo_sede", "sede", "ubicazione"],
    "civic": ["civico", "numero_civico", "n_civico"],
    "postcode": ["cap", "postcode", "codice_postale"],
    "comune": ["comune", "citta", "city", "comune_sede", "localita"],
    "istat": ["codice_istat", "istat", "codice_comune"],
    "latitude": ["latitudine", "lat", "latitude", "lat_y_4326", "y"],
    "longitude": ["longitudine", "lon", "lng", "long", "longitude", "long_x_4326", "x"],
    "location": ["location", "geo_point", "geopoint", "coordinate", "coordinates", "geo_point_2d"],
    "website": ["sito_web", "sito", "website", "web", "url", "sito_internet"],
    "email": ["email", "e_mail", "mail", "indirizzo_email"],
    "description": ["descrizione", "description", "attivita", "note", "tipologia"],
    "equipment": [
        "attrezzature",
        "macchinari",
        "servizi",
        "tecnologie",
        "dotazioni",
        "strumenti",
        "capacita",
        "capabilities",
    ],
    "category": ["categoria", "category", "tipo", "kind"],
    "reference": ["id", "codice", "identificativo", "n", "objectid"],
}

CATEGORY_WORDS = {
    "fablab": Organisation.Category.FABLAB,
    "fab lab": Organisation.Category.FABLAB,
    "makerspace": Organisation.Category.FABLAB,
    "coworking": Organisation.Category.COWORKING,
    "innovation hub": Organisation.Category.INNOVATION_HUB,
    "incubatore": Organisation.Category.INNOVATION_HUB,
    "scuola": Organisation.Category.SCHOOL,
    "ricerca": Organisation.Category.RESEARCH,
    "artigian": Organisation.Category.ATELIER,
    "atelier": Organisation.Category.ATELIER,
    "officina": Organisation.Category.WORKSHOP,
    "fabbrica": Organisation.Category.FACTORY,
    "impresa": Organisation.Category.FACTORY,
}

# Words that reveal a capability in free text (equipment lists, trades).
CAPABILITY_WORDS = [
    ("3d-printing", ["stampa 3d", "stampanti 3d", "stampante 3d", "3d print", "additive"]),
    ("laser-cutting", ["laser"]),
    ("cnc-milling", ["cnc", "fresa", "fresatura", "fresatrice"]),
    ("vinyl-cutting", ["plotter", "vinile", "vinyl"]),
    ("3d-scanning", ["scanner 3d", "scansione 3d", "3d scan"]),
    ("electronics", ["elettronic", "arduino", "electronics", "saldatura a stagno"]),
    ("robotics", ["robot", "automazione"]),
    ("textile", ["tessil", "sartori", "cucito", "ricamo", "maglieria", "textile"]),
    ("leather", ["pelle", "cuoio", "pelletteri", "calzolai"]),
    ("wood", ["legno", "falegnam", "ebanist", "cornici", "wood"]),
    ("metal", ["metall", "fabbro", "tornio", "coltelleri"]),
    ("welding", ["saldatric", "saldatura"]),
    ("ceramics", ["ceramic", "argilla", "porcellan"]),
    ("glass", ["vetro", "vetri", "glass"]),
    ("jewellery", ["oreficer", "gioiell", "orafo", "argenteri"]),
    ("printing", ["tipografi", "serigrafi", "legatori", "stampa digitale", "grafica"]),
    ("repair", ["riparazion", "orologeri", "restauro"]),
]

LEGAL_FORMS = {"srl", "srls", "spa", "snc", "sas", "sapa", "scarl", "scrl", "coop", "ss"}
ADDRESS_WORDS = {
    "v": "via",
    "vle": "viale",
    "v le": "viale",
    "p za": "piazza",
    "p zza": "piazza",
    "pza": "piazza",
    "pzza": "piazza",
    "c so": "corso",
    "cso": "corso",
    "p le": "piazzale",
    "ple": "piazzale",
    "l go": "largo",
    "lgo": "largo",
}


def plain(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def name_key(name: str) -> str:
    """The name without case, accents, punctuation and legal form ("S.r.l.", "snc")."""
    words = plain(name.replace(".", "")).split()
    return " ".join(word for word in words if word not in LEGAL_FORMS)


def address_key(address: str) -> str:
    text = plain(address)
    for short, long in sorted(ADDRESS_WORDS.items(), key=lambda item: -len(item[0])):
        text = re.sub(rf"^{short}\b", long, text)
    return text


def capabilities_in(text: str) -> list[str]:
    found = plain(text)
    return [code for code, words in CAPABILITY_WORDS if any(plain(w) in found for w in words)]


@dataclass
class Row:
    """One line of the file: what it becomes and what the report says about it."""

    line: int
    name: str = ""
    outcome: str = CREATED
    messages: list[str] = field(default_factory=list)
    organisation: Organisation | None = None
    site: Site | None = None
    capability_codes: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.outcome = INVALID
        self.messages.append(message)

    def as_report(self) -> list:
        return [self.line, self.outcome, self.name, self.messages]


@dataclass
class ImportReport:
    rows: list[Row]
    saved: bool = False
    # Historic workshops whose trade neither makes nor repairs things (one entry per
    # record, its trade): not imported (directory/trades.py).
    left_out: list[str] = field(default_factory=list)

    @property
    def unclassified_trades(self) -> list[str]:
        """Trades left out because the classification does not know them yet."""
        return sorted({trade for trade in self.left_out if makes_or_repairs(trade) is None})

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count(CREATED) if self.saved else 0

    @property
    def to_create(self) -> int:
        return self.count(CREATED)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE)

    @property
    def invalid(self) -> int:
        return self.count(INVALID)


Progress = Callable[[int, int], None]


# Reading the files --------------------------------------------------------------------


def _header(name: str) -> str:
    return "_".join(re.sub(r"[^0-9a-z]+", " ", plain(name)).split())


def read_records(format: str, text: str) -> list[tuple[int, dict]]:
    """(line number, record with canonical keys) for each row of the file."""
    text = text.lstrip("\ufeff")
    if format == Format.BOTTEGHE:
        try:
            data = json.loads(text)
            records = data["data"] if isinstance(data, dict) else data
            assert isinstance(records, list)
        except (ValueError, KeyError, AssertionError) as error:
            raise ImportFileInvalid(
                _("Il file non è il JSON delle botteghe storiche: manca l'elenco «data».")
            ) from error
        return [(number, record) for number, record in enumerate(records, start=1)]
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        headers = [_header(h) for h in next(reader)]
    except StopIteration as error:
        raise ImportFileInvalid(_("Il file è vuoto.")) from error
    columns = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in headers:
                columns[key] = headers.index(alias)
                break
    if "name" not in columns:
        raise ImportFileInvalid(
            _(
                "Nel file manca la colonna con il nome (ad esempio «denominazione» o «nome»): "
                "controllate la prima riga e il separatore."
            )
        )
    records = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        record = {
            key: values[index].strip() if index < len(values) else ""
            for key, index in columns.items()
        }
        records.append((reader.line_num, record))
    return records


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number.quantize(Decimal("0.000001")) if number.is_finite() else None


def _coordinates(record: dict) -> tuple[Decimal | None, Decimal | None]:
    latitude, longitude = _decimal(record.get("latitude")), _decimal(record.get("longitude"))
    if (latitude is None or longitude is None) and record.get("location"):
        numbers = re.findall(r"-?\d+(?:[.,]\d+)?", record["location"])
        if len(numbers) == 2:
            latitude, longitude = _decimal(numbers[0]), _decimal(numbers[1])
    return latitude, longitude


def _record_from_bottega(record: dict) -> dict:
    trade = str(record.get("genere_merceologico") or "").strip()
    year = record.get("anno")
    description = (
        _("Bottega storica di Milano: %(trade)s, dal %(year)s.") % {"trade": trade, "year": year}
        if year
        else _("Bottega storica di Milano: %(trade)s.") % {"trade": trade}
    )
    address = str(record.get("indirizzo") or "").strip()
    return {
        "name": str(record.get("targa") or "").strip(),
        "reference": str(record.get("n") or "").strip(),
        # The file writes street names in capitals: "Via SAN PIETRO ALL'ORTO 3".
        "address": address.title() if re.search(r"\b[A-Z]{3,}\b", address) else address,
        "postcode": str(record.get("cap") or "").strip(),
        "istat": MILANO_ISTAT_CODE,
        "latitude": record.get("lat_y_4326"),
        "longitude": record.get("long_x_4326"),
        "description": description,
        "equipment": trade,
        "founded_year": year,
        "closed": str(record.get("stato") or "").strip().lower() == "cessata",
    }


# Checking -----------------------------------------------------------------------------


class Directory:
    """What the directory already holds, loaded once for the whole file."""

    def __init__(self) -> None:
        self.locator = Locator()
        self.comuni_by_code = {c.istat_code: c for c in Comune.objects.all()}
        # By name, the metropolitan area's comuni win over namesakes elsewhere in Italy.
        self.comuni_by_name = {
            plain(c.name): c
            for c in sorted(self.comuni_by_code.values(), key=lambda c: c.province == "MI")
        }
        self.capabilities = {c.code: c for c in Capability.objects.all()}
        self.vat: dict[str, str] = {}
        self.refs: dict[tuple[str, str], str] = {}
        self.names: dict[tuple[str, str], str] = {}
        for name, vat, source, ref in Organisation.objects.values_list(
            "name", "vat_number", "source", "source_ref"
        ).iterator(chunk_size=5000):
            if vat:
                self.vat[vat] = name
            if ref:
                self.refs[(source, ref)] = name
        for name, address in Site.objects.values_list("organisation__name", "address").iterator(
            chunk_size=5000
        ):
            self.names[(name_key(name), address_key(address))] = name
        self.slugs = set(Organisation.objects.values_list("slug", flat=True)) | RESERVED_SLUGS

    def slug_for(self, name: str) -> str:
        base = slugify(name)[:200].strip("-") or "organizzazione"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug


SOURCE_OF_FORMAT: dict[str, str] = {
    Format.CHAMBER: Organisation.Source.CHAMBER,
    Format.FABLAB: Organisation.Source.FABLAB,
    Format.BOTTEGHE: Organisation.Source.BOTTEGHE,
}
DEFAULT_CATEGORY: dict[str, str] = {
    Format.CHAMBER: Organisation.Category.FACTORY,
    Format.FABLAB: Organisation.Category.FABLAB,
    Format.BOTTEGHE: Organisation.Category.HISTORIC_SHOP,
}


def check_row(row: Row, record: dict, *, format: str, directory: Directory, now) -> None:
    """Fill `row` with the organisation and site the record describes, or its errors;
    mark it a duplicate of what the directory (or an earlier row) already has."""
    source = SOURCE_OF_FORMAT[format]
    name = " ".join(str(record.get("name") or "").split())[:200]
    row.name = name
    if not name:
        row.error(_("Manca il nome."))

    vat = re.sub(r"[\s.\-]", "", str(record.get("vat") or "")).upper().removeprefix("IT")
    if vat and not partita_iva_is_valid(vat):
        row.error(_("La partita IVA «%(vat)s» non è valida.") % {"vat": record.get("vat")})
        vat = ""

    ateco_code = ""
    raw_ateco = str(record.get("ateco") or "").strip()
    if raw_ateco:
        candidate = (
            re.sub(r"[\s.\-]", "", raw_ateco)
            if re.fullmatch(r"[\d\s.\-]+", raw_ateco)
            else raw_ateco
        )
        try:
            ateco_code = normalize_ateco(candidate)
            validate_ateco(ateco_code)
            if len(ateco_code) > 8:
                raise ValueError(ateco_code)
        except Exception:  # ValueError from the ateco package, ValidationError from ours
            row.error(_("Il codice ATECO «%(code)s» non esiste.") % {"code": raw_ateco})
            ateco_code = ""

    latitude, longitude = _coordinates(record)
    if latitude is None or longitude is None:
        row.error(_("Mancano le coordinate (latitudine e longitudine in gradi decimali)."))
    elif not (
        METRO_LATITUDE[0] <= latitude <= METRO_LATITUDE[1]
        and METRO_LONGITUDE[0] <= longitude <= METRO_LONGITUDE[1]
    ):
        row.error(
            _("Le coordinate %(lat)s, %(lon)s sono fuori dalla Città metropolitana di Milano.")
            % {"lat": latitude, "lon": longitude}
        )
        latitude = longitude = None

    comune = None
    istat = str(record.get("istat") or "").strip()
    comune_name = str(record.get("comune") or "").strip()
    if istat:
        comune = directory.comuni_by_code.get(istat.zfill(6))
    elif comune_name:
        comune = directory.comuni_by_name.get(plain(comune_name))
    if (istat or comune_name) and comune is None:
        row.error(_("Il comune «%(comune)s» non si trova.") % {"comune": istat or comune_name})

    municipio_id = nil_id = None
    if latitude is not None:
        municipio_id = directory.locator.municipio(latitude, longitude)
        if comune is None and not (istat or comune_name):
            if municipio_id is not None:
                comune = directory.comuni_by_code.get(MILANO_ISTAT_CODE)
            else:
                row.error(_("Manca il comune e le coordinate non sono nel Comune di Milano."))
        if comune is not None and comune.istat_code == MILANO_ISTAT_CODE:
            if municipio_id is None and len(directory.locator.municipi):
                row.error(_("Le coordinate non cadono nel Comune di Milano."))
            nil_id = directory.locator.nil(latitude, longitude)
        else:
            municipio_id = None

    address = " ".join(
        part
        for part in [str(record.get("address") or "").strip(), record.get("civic") or ""]
        if part
    )[:250]
    if not address:
        row.messages.append(_("Indirizzo mancante: la sede è collocata dalle coordinate."))
    postcode = str(record.get("postcode") or "").strip()
    if postcode and not re.fullmatch(r"\d{5}", postcode):
        row.messages.append(_("CAP «%(cap)s» non valido: ignorato.") % {"cap": postcode})
        postcode = ""

    website = str(record.get("website") or "").strip()
    if website and not re.match(r"^https?://", website):
        website = f"https://{website}" if "." in website and " " not in website else ""
    email = str(record.get("email") or "").strip()
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        row.messages.append(_("E-mail «%(email)s» non valida: ignorata.") % {"email": email})
        email = ""

    category = DEFAULT_CATEGORY[format]
    raw_category = plain(str(record.get("category") or ""))
    if raw_category:
        values = {value for value, _label in Organisation.Category.choices}
        category = (
            raw_category
            if raw_category in values
            else next(
                (cat for word, cat in CATEGORY_WORDS.items() if word in raw_category), category
            )
        )
    reference = str(record.get("reference") or "").strip()[:40] if format != Format.CHAMBER else ""

    if row.outcome == INVALID:
        return

    # Duplicates: the same VAT number, the same reference in the same source, or the
    # same name at the same address — in the directory or earlier in this file.
    match = (
        (vat and directory.vat.get(vat))
        or (reference and directory.refs.get((source, reference)))
        or (address and directory.names.get((name_key(name), address_key(address))))
    )
    if match:
        row.outcome = DUPLICATE
        row.messages.append(_("Già presente come «%(name)s».") % {"name": match})
        return
    if vat:
        directory.vat[vat] = name
    if reference:
        directory.refs[(source, reference)] = name
    if address:
        directory.names[(name_key(name), address_key(address))] = name

    description = str(record.get("description") or "").strip()
    row.capability_codes = capabilities_in(
        " ".join(
            [str(record.get("equipment") or ""), description if format == Format.FABLAB else ""]
        )
    )
    closed = bool(record.get("closed"))
    founded = record.get("founded_year")
    row.organisation = Organisation(
        name=name,
        slug=directory.slug_for(name),
        category=category,
        description_it=description,
        website=website[:200],
        vat_number=vat or None,
        ateco_code=ateco_code,
        contact_email=email,
        founded_year=int(str(founded)) if str(founded or "").isdigit() else None,
        source=source,
        source_ref=reference,
        last_confirmed_at=now,
        archived_at=now if closed else None,
        archive_reason=Organisation.ArchiveReason.CLOSED if closed else "",
        keywords=keywords_for(
            ateco_code=ateco_code,
            capabilities=[
                directory.capabilities[c]
                for c in row.capability_codes
                if c in directory.capabilities
            ],
        ),
    )
    assert latitude is not None and longitude is not None  # else the row is invalid, above
    row.site = Site(
        name=_("Sede"),
        address=address,
        postcode=postcode,
        comune=comune,
        latitude=latitude,
        longitude=longitude,
        municipio_id=municipio_id,
        nil_id=nil_id,
    )
    if closed:
        row.messages.append(_("Attività cessata: importata come archiviata."))


# Running ------------------------------------------------------------------------------


def run_import(
    format: str,
    text: str,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    saving: Callable[[], None] | None = None,
) -> ImportReport:
    """Check every row, then write the new organisations and sites in one
    transaction — unless a row has errors and `skip_invalid` is off, in which case
    nothing is written and the report says what to fix."""
    records = read_records(format, text)
    directory = Directory()
    now = timezone.now()
    total = len(records)
    step = max(1, total // 100)
    rows, left_out = [], []
    for index, (line, record) in enumerate(records, start=1):
        if progress and (index % step == 0 or index == total):
            progress(index, total)
        if format == Format.BOTTEGHE:
            trade = str(record.get("genere_merceologico") or "").strip()
            if not makes_or_repairs(trade):
                left_out.append(trade)
                continue
            record = _record_from_bottega(record)
        row = Row(line=line)
        check_row(row, record, format=format, directory=directory, now=now)
        rows.append(row)
    report = ImportReport(rows=rows, left_out=left_out)
    if dry_run or (report.invalid and not skip_invalid):
        return report
    if saving:
        saving()
    new = [row for row in rows if row.outcome == CREATED]
    try:
        _write(new, directory)
    except IntegrityError as error:
        # Someone saved a conflicting organisation while the file was checked: the
        # transaction rolled back, so nothing of this file is in the directory.
        raise ImportWriteFailed from error
    report.saved = True
    return report


def _write(new: list[Row], directory: Directory) -> None:
    """Everything in one transaction: an error leaves nothing behind."""
    made = []
    for row in new:
        assert row.organisation is not None and row.site is not None  # a row to create
        made.append((row, row.organisation, row.site))
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            [organisation for _row, organisation, _site in made], batch_size=1000
        )
        for (_row, _unsaved, site), organisation in zip(made, organisations, strict=True):
            site.organisation = organisation
        Site.objects.bulk_create([site for _row, _organisation, site in made], batch_size=1000)
        through = Organisation.capabilities.through
        through.objects.bulk_create(
            [
                through(
                    organisation_id=organisation.pk,
                    capability_id=directory.capabilities[code].pk,
                )
                for row, organisation, _site in made
                for code in row.capability_codes
                if code in directory.capabilities
            ],
            batch_size=2000,
        )


class TerminalProgress:
    """A progress bar for management commands: redrawn in place on a terminal,
    a line every quarter otherwise (logs, CI)."""

    def __init__(self, stream=None, *, label: str = "", width: int = 30):
        self.stream = stream or sys.stderr
        self.label = label
        self.width = width
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self.last_quarter = 0

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1
        if self.tty:
            filled = int(self.width * fraction)
            bar = "█" * filled + "·" * (self.width - filled)
            end = "\n" if done >= total else ""
            self.stream.write(f"\r{self.label} [{bar}] {fraction:4.0%} {done}/{total}{end}")
            self.stream.flush()
        elif int(fraction * 4) > self.last_quarter:
            self.last_quarter = int(fraction * 4)
            self.stream.write(f"{self.label} {fraction:.0%} ({done}/{total})\n")
