"""Aggregate datasets: figures computed over people, published only as totals
with small counts suppressed (`surveys.rules`), as CSV and JSON files described
in the data package and the DCAT-AP_IT catalogue like the other resources. They
have no API endpoint: there are no rows to page through, only the table."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from manifatture.surveys import queries as surveys
from manifatture.surveys.rules import SMALL_COUNT, plain

from .resources import Field


@dataclass(frozen=True)
class Aggregate:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: Callable[[], list[dict]]
    primary_key: tuple[str, ...]
    geo: bool = False


SUPPRESSED_NOTE = f"vuoto se riguarda meno di {SMALL_COUNT} persone o non è calcolabile"


def _people(name: str, description: str) -> Field:
    return Field(name, "integer", f"{description} ({SUPPRESSED_NOTE})", nullable=True)


def _rate(name: str, description: str) -> Field:
    return Field(name, "number", f"{description} ({SUPPRESSED_NOTE})", nullable=True)


def _impact_rows() -> list[dict]:
    # Where visitors live stays on the platform, not even as a figure (the staff
    # dashboard has it): only the fields listed in IMPACT leave.
    names = [field.name for field in IMPACT.fields]
    # The labels in Italian, whatever language the request asked for.
    with translation.override("it"):
        rows = [row.values() for row in surveys.impact_report()]
    return [
        {
            name: float(value) if isinstance(value, Decimal) else value
            for name, value in ((name, plain(row[name])) for name in names)
        }
        for row in rows
    ]


IMPACT = Aggregate(
    name="impatto",
    title="Impatto di Manifatture Aperte per Municipio e periferia",
    description=(
        "Per ogni edizione: attività, posti, prenotazioni, ingressi alla porta, ingressi senza "
        "prenotazione e soddisfazione dei visitatori (dal questionario anonimo dopo la visita), "
        "per Municipio della sede visitata e per periferia (NIL periferici) contro centro. Solo "
        f"totali: i conteggi di meno di {SMALL_COUNT} persone e le quote o medie calcolate su "
        "di loro sono lasciati vuoti."
    ),
    fields=(
        Field("edition", "integer", "Anno dell'edizione"),
        Field(
            "dimension",
            "string",
            "Suddivisione: municipio (sede visitata) o area (periferia, centro)",
            enum=("municipio", "area"),
        ),
        Field(
            "area",
            "string",
            "Numero del Municipio (1-9; outside: fuori Milano o all'hub), o periphery/centre",
        ),
        Field("label", "string", "Nome dell'area"),
        Field("activities", "integer", "Attività pubblicate"),
        Field("capacity", "integer", "Posti offerti nei turni non annullati"),
        _people("booked_seats", "Persone delle prenotazioni confermate"),
        _rate("fill_rate", "Riempimento: persone prenotate / posti offerti, in percentuale"),
        _people("admitted_people", "Persone entrate alla porta con prenotazione"),
        _rate("no_show_rate", "Prenotazioni non presentate su quelle registrate, in percentuale"),
        _people("walk_ins", "Ingressi senza prenotazione"),
        _people("survey_responses", "Risposte al questionario dopo la visita"),
        _rate("satisfaction_mean", "Giudizio medio della visita, da 1 a 5"),
        _rate("recommend_rate", "Chi consiglierebbe la visita, in percentuale delle risposte"),
        _rate("first_time_rate", "Chi era alla prima visita, in percentuale delle risposte"),
    ),
    rows=_impact_rows,
    primary_key=("edition", "dimension", "area"),
)

AGGREGATES: dict[str, Aggregate] = {IMPACT.name: IMPACT}
