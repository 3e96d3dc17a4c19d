"""The whole dashboard for an edition: its key figures and every table, in
order, from a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from manifatture.editions.models import Edition

from .. import queries
from ..queries import PERIPHERY, Filters, Measures, rate
from .city import _calls, _qualified_list
from .hosts import (
    _hosts_by_category,
    _hosts_by_municipio,
    _hosts_by_nil,
    _impact,
    _periphery,
    _returning,
)
from .programme import _ballot, _programme
from .table import INT, PERCENT, TEXT, Column, Table, display
from .visitors import _age_bands, _home_municipi, _origins, _visited_municipio


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
