"""The dashboard as tables: the same rows feed the page, its charts and the CSV and
XLSX downloads, so what staff read is what they download."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from manifatture.calls.models import Call
from manifatture.directory.models import Organisation, nil_label
from manifatture.editions.models import Edition
from manifatture.participations.models import ActivityKind
from manifatture.surveys import queries as surveys
from manifatture.surveys.rules import Suppressed

from . import queries
from .queries import AREAS, HUB, PERIPHERY, Filters, Measures, rate

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


@dataclass
class Dashboard:
    edition: Edition | None
    tables: dict[str, Table]
    key_figures: list[tuple[str, str]]


def build_dashboard(edition: Edition | None, filters: Filters) -> Dashboard:
    """Every table of the dashboard for one edition (and the comparison across all
    editions), with the same filters. A fixed number of queries."""
    editions = list(Edition.objects.order_by("year"))
    cube = queries.programme_cube(None, filters)
    all_hosts = queries.hosts(None, filters)
    visitors = queries.visitors_by_edition(None, filters)
    waiting, waiting_by_kind = queries.waiting_demand(None, filters)

    tables = [_comparison(editions, cube, all_hosts, visitors, waiting)]
    key_figures: list[tuple[str, str]] = []
    if edition is not None:
        hosts = [host for host in all_hosts if host.edition_id == edition.pk]
        in_edition = {key: value for key, value in cube.items() if key[0] == edition.pk}
        total = queries.rollup(in_edition, by=lambda key: "all").get("all", Measures())
        people = visitors.get(edition.pk, {"visitors": 0, "returning": 0})
        unplaced = waiting.get(edition.pk, {"visitors": 0, "entries": 0})
        ballot_lines, ballot_totals = queries.ballot_lines(edition.pk, filters)
        periphery_hosts = sum(host.area == PERIPHERY for host in hosts)
        residence = queries.visitor_residence(edition.pk, filters)
        key_figures = [
            (_("Host"), display(len(hosts), INT)),
            (_("Host in periferia"), display(rate(periphery_hosts, len(hosts)), PERCENT)),
            (_("Riempimento"), display(total.fill_rate, PERCENT)),
            (_("Persone rimaste senza posto"), display(unplaced["visitors"], INT)),
            (_("No-show"), display(total.no_show_rate, PERCENT)),
            (_("Ingressi senza prenotazione"), display(total.walk_ins, INT)),
        ]
        tables += [
            _summary(key_figures),
            _periphery(in_edition, hosts),
            _hosts_by_category(hosts),
            _hosts_by_municipio(hosts),
            _hosts_by_nil(hosts),
            _programme(in_edition, edition, waiting_by_kind, unplaced["visitors"]),
            _ballot(ballot_lines, ballot_totals),
            _origins(residence.comuni),
            _home_municipi(residence.municipi),
            _visited_municipio(queries.seats_by_municipio(edition.pk, filters)),
            _age_bands(queries.visitor_age_bands(edition.pk, filters)),
            _returning(hosts, people),
        ]
    tables += [_qualified_list(), _calls(), _impact()]
    return Dashboard(
        edition=edition, tables={table.slug: table for table in tables}, key_figures=key_figures
    )


def _comparison(editions, cube, all_hosts, visitors, waiting) -> Table:
    per_edition = queries.rollup(cube, by=lambda key: key[0])
    hosts_per_edition: dict[int, list] = defaultdict(list)
    for host in all_hosts:
        hosts_per_edition[host.edition_id].append(host)
    table = Table(
        "confronto",
        _("Le edizioni a confronto"),
        [
            Column("edition", _("Edizione"), TEXT),
            Column("hosts", _("Host")),
            Column("periphery_hosts", _("Host in periferia")),
            Column("periphery_share", _("Quota in periferia"), PERCENT),
            Column("activities", _("Attività")),
            Column("slots", _("Turni")),
            Column("capacity", _("Posti")),
            Column("seats", _("Posti prenotati")),
            Column("fill_rate", _("Riempimento"), PERCENT),
            Column("cancelled", _("Prenotazioni annullate")),
            Column("unplaced", _("Persone rimaste senza posto")),
            Column("no_show_rate", _("No-show"), PERCENT),
            Column("walk_ins", _("Ingressi senza prenotazione")),
            Column("visitors", _("Visitatori con prenotazione")),
            Column("returning_visitors", _("Visitatori già venuti")),
            Column("returning_hosts", _("Host già presenti")),
        ],
        charts=["hosts", "fill_rate"],
    )
    for edition in editions:
        measures = per_edition.get(edition.pk, Measures())
        hosts = hosts_per_edition.get(edition.pk, [])
        periphery = sum(host.area == PERIPHERY for host in hosts)
        people = visitors.get(edition.pk, {"visitors": 0, "returning": 0})
        table.rows.append(
            [
                str(edition.year),
                len(hosts),
                periphery,
                rate(periphery, len(hosts)),
                measures.activities,
                measures.slots,
                measures.capacity,
                measures.seats,
                measures.fill_rate,
                measures.cancelled,
                waiting.get(edition.pk, {"visitors": 0})["visitors"],
                measures.no_show_rate,
                measures.walk_ins,
                people["visitors"],
                people["returning"],
                sum(host.returning for host in hosts),
            ]
        )
    return table


def _summary(key_figures: list[tuple[str, str]]) -> Table:
    return Table(
        "sintesi",
        _("In sintesi"),
        [Column("figure", _("Indicatore"), TEXT), Column("value", _("Valore"), TEXT)],
        rows=[[label, value] for label, value in key_figures],
    )


def _impact() -> Table:
    """The City's impact report (surveys.queries.impact_report): each edition per
    Municipio of the places visited, then periphery against centre, with the
    visitors' satisfaction; figures about fewer than five people in words."""
    kinds = {"edition": TEXT, "dimension": TEXT, "label": TEXT}
    fields = [(key, label) for key, label in surveys.IMPACT_FIELDS if key != "area"]
    percent = {"fill_rate", "no_show_rate", "recommend_rate", "first_time_rate"}
    table = Table(
        "impatto",
        _("Impatto per Municipio e periferia, edizione per edizione"),
        [
            Column(
                key,
                str(label),
                kinds.get(
                    key, PERCENT if key in percent else MEAN if key == "satisfaction_mean" else INT
                ),
            )
            for key, label in fields
        ],
        description=_(
            "Per ogni edizione: le attività per Municipio della sede (fuori Milano o all'hub a "
            "parte) e in periferia contro il centro; persone entrate, ingressi senza "
            "prenotazione, visitatori residenti nel Municipio (dal profilo, con il consenso) e "
            "le risposte al questionario dopo la visita. Non risente dei filtri. I conteggi di "
            "meno di 5 persone, e le medie e quote calcolate su di loro, non sono mostrati."
        ),
    )
    for row in surveys.impact_report():
        values = row.values()
        values["dimension"] = _("Municipio") if row.dimension == "municipio" else _("Zona")
        table.rows.append(
            [
                str(value) if isinstance(value, Suppressed) else value
                for value in (values[key] for key, _label in fields)
            ]
        )
    return table


def _periphery(in_edition, hosts) -> Table:
    visits = queries.rollup(
        in_edition, by=lambda key: key[2], where=lambda key: key[1] == ActivityKind.GUIDED_VISIT
    )
    host_areas = Counter(host.area for host in hosts)
    table = Table(
        "periferia",
        _("Periferia e centro: host e riempimento delle visite guidate"),
        [
            Column("area", _("Zona"), TEXT),
            Column("hosts", _("Host")),
            Column("host_share", _("Quota degli host"), PERCENT),
            Column("activities", _("Visite guidate")),
            Column("slots", _("Turni")),
            Column("capacity", _("Posti")),
            Column("seats", _("Posti prenotati")),
            Column("fill_rate", _("Riempimento"), PERCENT),
        ],
        description=_(
            "Un host è in periferia se la sede delle sue attività è in un NIL periferico; "
            "il riempimento è dato dai posti delle prenotazioni confermate diviso i posti "
            "dei turni delle visite guidate."
        ),
        charts=["fill_rate", "hosts"],
        total_row=True,
    )
    total = Measures()
    for area in AREAS:
        measures = visits.get(area, Measures())
        if area == HUB and not measures.activities and not host_areas[area]:
            continue
        total.add(measures)
        table.rows.append(
            [
                queries.area_label(area),
                host_areas[area],
                rate(host_areas[area], len(hosts)),
                measures.activities,
                measures.slots,
                measures.capacity,
                measures.seats,
                measures.fill_rate,
            ]
        )
    table.rows.append(
        [
            _("Totale"),
            len(hosts),
            rate(len(hosts), len(hosts)),
            total.activities,
            total.slots,
            total.capacity,
            total.seats,
            total.fill_rate,
        ]
    )
    return table


def _hosts_by_category(hosts) -> Table:
    counts = Counter(host.category for host in hosts)
    periphery = Counter(host.category for host in hosts if host.area == PERIPHERY)
    return Table(
        "host-categoria",
        _("Host per categoria"),
        [
            Column("category", _("Categoria"), TEXT),
            Column("hosts", _("Host")),
            Column("periphery", _("di cui in periferia")),
        ],
        rows=[
            [str(label), counts[value], periphery[value]]
            for value, label in Organisation.Category.choices
            if counts[value]
        ],
        charts=["hosts"],
    )


def _hosts_by_municipio(hosts) -> Table:
    counts = Counter(host.place.municipio if host.place else None for host in hosts)
    numbers = sorted(number for number in counts if number is not None)
    rows = [[_municipio_label(number), counts[number]] for number in numbers]
    if counts[None]:
        rows.append([_municipio_label(None), counts[None]])
    return Table(
        "host-municipio",
        _("Host per Municipio"),
        [Column("municipio", _("Municipio"), TEXT), Column("hosts", _("Host"))],
        rows=rows,
        charts=["hosts"],
    )


def _hosts_by_nil(hosts) -> Table:
    counts: Counter = Counter()
    places = {}
    for host in hosts:
        if host.place and host.place.nil_id:
            counts[host.place.nil_id] += 1
            places[host.place.nil_id] = host.place
    rows = [
        [
            nil_label(places[nil_id].nil_name),
            _municipio_label(places[nil_id].municipio),
            _yes_no(places[nil_id].periphery),
            count,
        ]
        for nil_id, count in sorted(
            counts.items(), key=lambda item: (-item[1], places[item[0]].nil_name)
        )
    ]
    return Table(
        "host-nil",
        _("Host per NIL (quartiere)"),
        [
            Column("nil", _("NIL"), TEXT),
            Column("municipio", _("Municipio"), TEXT),
            Column("periphery", _("Periferia"), TEXT),
            Column("hosts", _("Host")),
        ],
        rows=rows,
        description=_("Solo le sedi nel Comune di Milano hanno un NIL."),
        charts=["hosts"],
    )


def _programme(in_edition, edition, waiting_by_kind, unplaced_total: int) -> Table:
    per_kind = queries.rollup(in_edition, by=lambda key: key[1])
    table = Table(
        "programma",
        _("Programma, prenotazioni e presenze per tipo di attività"),
        [
            Column("kind", _("Tipo"), TEXT),
            Column("activities", _("Attività")),
            Column("slots", _("Turni")),
            Column("capacity", _("Posti")),
            Column("bookings", _("Prenotazioni")),
            Column("seats", _("Posti prenotati")),
            Column("fill_rate", _("Riempimento"), PERCENT),
            Column("cancelled", _("Prenotazioni annullate")),
            Column("unplaced", _("Persone rimaste senza posto")),
            Column("checked_in", _("Prenotazioni con ingresso registrato")),
            Column("no_shows", _("No-show")),
            Column("no_show_rate", _("Quota di no-show"), PERCENT),
            Column("walk_ins", _("Ingressi senza prenotazione")),
        ],
        description=_(
            "Persone rimaste senza posto: visitatori in lista d'attesa (in attesa, con "
            "offerta o con offerta scaduta) senza una prenotazione per quell'attività. "
            "Quota di no-show: no-show diviso le prenotazioni di cui si conosce la presenza."
        ),
        charts=["fill_rate"],
        total_row=True,
    )
    total = Measures()
    for kind in ActivityKind:
        measures = per_kind.get(kind.value)
        if measures is None:
            continue
        total.add(measures)
        table.rows.append(
            _programme_row(
                str(kind.label), measures, waiting_by_kind.get((edition.pk, kind.value), 0)
            )
        )
    # Distinct people: one who waited for a visit and a workshop counts once here.
    table.rows.append(_programme_row(_("Totale"), total, unplaced_total))
    return table


def _programme_row(label: str, measures: Measures, unplaced: int) -> list:
    return [
        label,
        measures.activities,
        measures.slots,
        measures.capacity,
        measures.bookings,
        measures.seats,
        measures.fill_rate,
        measures.cancelled,
        unplaced,
        measures.checked_in,
        measures.no_shows,
        measures.no_show_rate,
        measures.walk_ins,
    ]


def _ballot(lines, totals) -> Table:
    return Table(
        "sorteggio",
        _("Sorteggio: domanda e posti"),
        [
            Column("activity", _("Attività"), TEXT),
            Column("host", _("Host"), TEXT),
            Column("capacity", _("Posti")),
            Column("visitors", _("Visitatori iscritti")),
            Column("first_choice", _("Posti chiesti come prima scelta")),
            Column("seats", _("Posti chiesti (tutte le scelte)")),
            Column("oversubscription", _("Richiesta sui posti"), RATIO),
            Column("won", _("Scelte con posto assegnato")),
        ],
        rows=[
            [
                line.title,
                line.host,
                line.capacity,
                line.visitors,
                line.first_choice_seats,
                line.seats,
                line.oversubscription,
                line.won,
            ]
            for line in lines
        ],
        description=_(
            "%(visitors)s visitatori hanno espresso %(choices)s scelte. Richiesta sui posti: "
            "posti chiesti come prima scelta diviso i posti dei turni a sorteggio."
        )
        % {"visitors": totals["visitors"], "choices": totals["choices"]},
        charts=["oversubscription"],
    )


def _origins(origins) -> Table:
    return Table(
        "provenienza",
        _("Da dove vengono i visitatori"),
        [
            Column("comune", _("Comune di residenza"), TEXT),
            Column("visitors", _("Visitatori")),
            Column("seats", _("Posti prenotati")),
        ],
        rows=[[origin.label, origin.visitors, origin.seats] for origin in origins],
        description=_(
            "Dal profilo facoltativo dei visitatori con una prenotazione confermata, solo con "
            "il loro consenso all'uso statistico."
        ),
        charts=["visitors"],
    )


def _home_municipi(municipi: dict[int | None, queries.Origin]) -> Table:
    rows = [
        [queries.municipio_label(number), origin.visitors, origin.seats]
        for number in range(1, 10)
        for origin in [municipi.get(number, queries.Origin("", 0, 0))]
    ]
    if None in municipi:
        rows.append([queries.municipio_label(None), municipi[None].visitors, municipi[None].seats])
    return Table(
        "municipio-residenza",
        _("Visitatori residenti a Milano per Municipio di residenza"),
        [
            Column("municipio", _("Municipio di residenza"), TEXT),
            Column("visitors", _("Visitatori")),
            Column("seats", _("Posti prenotati")),
        ],
        rows=rows,
        description=_(
            "Dal profilo facoltativo: chi risiede nel Comune di Milano può indicare anche il "
            "proprio Municipio, con il consenso all'uso statistico. Solo numeri aggregati."
        ),
        charts=["visitors"],
    )


def _visited_municipio(rows) -> Table:
    numbers = sorted(number for number in rows if number is not None)
    table_rows = [
        [_municipio_label(number), rows[number]["visitors"], rows[number]["seats"]]
        for number in numbers
    ]
    if None in rows:
        table_rows.append(
            [_("Fuori Milano o all'hub"), rows[None]["visitors"], rows[None]["seats"]]
        )
    return Table(
        "municipio-visitato",
        _("Visitatori per Municipio della sede visitata"),
        [
            Column("municipio", _("Municipio"), TEXT),
            Column("visitors", _("Visitatori")),
            Column("seats", _("Posti prenotati")),
        ],
        rows=table_rows,
        charts=["seats"],
    )


def _age_bands(bands) -> Table:
    return Table(
        "eta",
        _("Visitatori per fascia d'età"),
        [Column("band", _("Fascia d'età"), TEXT), Column("visitors", _("Visitatori"))],
        rows=[[label, count] for label, count in bands],
        charts=["visitors"],
    )


def _returning(hosts, people) -> Table:
    returning_hosts = sum(host.returning for host in hosts)
    return Table(
        "ritorni",
        _("Chi torna"),
        [
            Column("who", _("Chi"), TEXT),
            Column("total", _("In questa edizione")),
            Column("returning", _("Già presenti in un'edizione precedente")),
            Column("share", _("Quota"), PERCENT),
        ],
        rows=[
            [_("Host"), len(hosts), returning_hosts, rate(returning_hosts, len(hosts))],
            [
                _("Visitatori con prenotazione"),
                people["visitors"],
                people["returning"],
                rate(people["returning"], people["visitors"]),
            ],
        ],
    )


def _qualified_list() -> Table:
    return Table(
        "albo",
        _("Elenco qualificato (tutte le edizioni)"),
        [
            Column("kind", _("Tipo"), TEXT),
            Column("listed", _("Iscritti oggi")),
            Column("pending", _("In verifica")),
            Column("expired", _("Scaduti")),
            Column("rejected", _("Respinti")),
        ],
        rows=[
            [row["kind"], row["listed"], row["pending"], row["expired"], row["rejected"]]
            for row in queries.qualified_list_figures()
        ],
        charts=["listed"],
    )


def _calls() -> Table:
    return Table(
        "bandi",
        _("Bandi (tutte le edizioni)"),
        [
            Column("call", _("Bando"), TEXT),
            Column("kind", _("Tipo"), TEXT),
            Column("status", _("Stato"), TEXT),
            Column("closes", _("Scadenza"), TEXT),
            Column("submitted", _("Domande inviate")),
            Column("admissible", _("Ammissibili")),
            Column("awarded", _("Vincitrici")),
        ],
        rows=[
            [
                row["title_it"],
                str(Call.Kind(row["kind"]).label),
                str(Call.Status(row["status"]).label),
                formats.date_format(timezone.localtime(row["closes_at"]), "SHORT_DATE_FORMAT"),
                row["submitted"],
                row["admissible"],
                row["awarded"],
            ]
            for row in queries.call_figures()
        ],
        charts=["submitted"],
    )
