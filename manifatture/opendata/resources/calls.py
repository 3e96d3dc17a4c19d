"""The published calls (bandi), and their results once published."""

from collections.abc import Callable

from manifatture.calls.models import Call

from .. import queries
from .schema import Field, Filter, Resource, _choices, _iso, _number, _updated_since


def serialize_call(call, absolute: Callable[[str], str]) -> dict:
    return {
        "id": call.pk,
        "slug": call.slug,
        "kind": call.kind,
        "status": call.status,
        "title_it": call.title_it,
        "title_en": call.title_en,
        "summary_it": call.summary_it,
        "summary_en": call.summary_en,
        "opens_at": _iso(call.opens_at),
        "closes_at": _iso(call.closes_at),
        "results_at": _iso(call.results_at),
        "budget": _number(call.budget),
        "max_grant": _number(call.max_grant),
        "published_at": _iso(call.published_at),
        "updated_at": _iso(call.updated_at),
        "url": absolute(call.get_absolute_url()),
    }


CALLS = Resource(
    name="calls",
    title="Bandi",
    description="I bandi pubblicati per gli spazi e per il sostegno agli investimenti.",
    fields=(
        Field("id", "integer", "Identificativo del bando."),
        Field("slug", "string", "Nome breve nell'indirizzo della pagina."),
        Field("kind", "string", "Tipo di bando.", enum=_choices(Call.Kind)),
        Field(
            "status",
            "string",
            "Stato.",
            enum=(Call.Status.PUBLISHED.value, Call.Status.RESULTS_PUBLISHED.value),
        ),
        Field("title_it", "string", "Titolo in italiano."),
        Field("title_en", "string", "Titolo in inglese."),
        Field("summary_it", "string", "In breve, in italiano."),
        Field("summary_en", "string", "In breve, in inglese."),
        Field("opens_at", "datetime", "Apertura delle domande."),
        Field("closes_at", "datetime", "Scadenza delle domande."),
        Field("results_at", "datetime", "Pubblicazione prevista dei risultati."),
        Field("budget", "number", "Dotazione in euro.", nullable=True),
        Field("max_grant", "number", "Contributo massimo per domanda in euro.", nullable=True),
        Field("published_at", "datetime", "Pubblicato il."),
        Field("updated_at", "datetime", "Ultima modifica."),
        Field("url", "string", "Pagina del bando.", format="uri"),
    ),
    rows=queries.public_calls,
    serialize=serialize_call,
    filters=(
        Filter(
            "kind",
            "string",
            "Tipo di bando.",
            lambda rows, value: rows.filter(kind=value),
            enum=_choices(Call.Kind),
        ),
        Filter(
            "status",
            "string",
            "Stato del bando.",
            lambda rows, value: rows.filter(status=value),
            enum=(Call.Status.PUBLISHED.value, Call.Status.RESULTS_PUBLISHED.value),
        ),
        _updated_since(),
    ),
)
