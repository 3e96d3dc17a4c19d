"""The tables about hosts and places: the periphery, hosts by category,
Municipio and NIL, who came back, and the impact reported by visitors."""

from collections import Counter

from django.utils.translation import gettext as _

from manifatture.directory.models import Organisation, nil_label
from manifatture.participations.models import ActivityKind
from manifatture.surveys import queries as surveys
from manifatture.surveys.rules import Suppressed

from .. import queries
from ..queries import AREAS, HUB, PERIPHERY, Measures, rate
from .table import INT, MEAN, PERCENT, TEXT, Column, Table, _municipio_label, _yes_no


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
