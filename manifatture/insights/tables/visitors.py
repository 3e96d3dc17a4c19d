"""The tables about visitors: where they come from, where they went, their
ages."""

from django.utils.translation import gettext as _

from .. import queries
from .table import TEXT, Column, Table, _municipio_label


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
