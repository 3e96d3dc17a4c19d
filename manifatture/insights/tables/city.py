"""The tables of the qualified list (albo) and of the calls (bandi)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from manifatture.calls.models import Call

from .. import queries
from .table import TEXT, Column, Table


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
