"""The tables about the programme and its ballot."""

from django.utils.translation import gettext as _

from manifatture.participations.models import ActivityKind

from .. import queries
from ..queries import Measures
from .table import PERCENT, RATIO, TEXT, Column, Table


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
