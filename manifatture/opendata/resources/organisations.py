"""The listed organisations (no people, no VAT numbers)."""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from manifatture.activities.models import Activity
from manifatture.directory.models import Organisation, Site
from manifatture.participations.models import Application

from .. import queries
from .schema import YEAR, Field, Filter, Resource, _category, _choices, _iso, _updated_since


def serialize_organisation(organisation, absolute: Callable[[str], str]) -> dict:
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.name,
        "category": organisation.category,
        "description_it": organisation.description_it,
        "description_en": organisation.description_en,
        "website": organisation.website,
        "ateco_code": organisation.ateco_code,
        "founded_year": organisation.founded_year,
        "archived": organisation.archived_at is not None,
        "updated_at": _iso(organisation.updated_at),
        "url": absolute(organisation.get_absolute_url()),
    }


def _took_part_in(rows: QuerySet, year: int) -> QuerySet:
    return rows.filter(
        Q(
            pk__in=Application.objects.filter(edition__year=year, state="accepted").values(
                "organisation_id"
            )
        )
        | Q(
            pk__in=Activity.objects.filter(
                edition__year=year, status=Activity.Status.PUBLISHED
            ).values("organisation_id")
        )
    )


def _with_site(**lookup) -> Callable[[QuerySet, object], QuerySet]:
    """Organisations with at least one site matching (a subquery: no duplicate rows)."""
    [(path, _)] = lookup.items()
    return lambda rows, value: rows.filter(
        pk__in=Site.objects.filter(**{path: value}).values("organisation_id")
    )


ORGANISATIONS = Resource(
    name="organisations",
    title="Elenco delle organizzazioni",
    description=(
        "Le organizzazioni dell'ecosistema manifatturiero (imprese, artigiani, fablab, scuole…): "
        "solo i dati pubblici del profilo."
    ),
    fields=(
        Field("id", "integer", "Identificativo dell'organizzazione."),
        Field("slug", "string", "Nome breve nell'indirizzo della pagina."),
        Field("name", "string", "Nome."),
        Field("category", "string", "Categoria.", enum=_choices(Organisation.Category)),
        Field("description_it", "string", "Descrizione in italiano."),
        Field("description_en", "string", "Descrizione in inglese."),
        Field("website", "string", "Sito web (può essere vuoto)."),
        Field("ateco_code", "string", "Codice ATECO 2025 (può essere vuoto)."),
        Field("founded_year", "integer", "Anno di fondazione.", nullable=True),
        Field("archived", "boolean", "Profilo archiviato (non più confermato o cessato)."),
        Field("updated_at", "datetime", "Ultima modifica."),
        Field("url", "string", "Pagina pubblica.", format="uri"),
    ),
    rows=queries.public_organisations,
    serialize=serialize_organisation,
    filters=(
        _category("category"),
        Filter(
            "municipio",
            "integer",
            "Con almeno una sede in questo Municipio di Milano (1–9).",
            _with_site(municipio_id=None),
            minimum=1,
            maximum=9,
        ),
        Filter(
            "comune",
            "string",
            "Con almeno una sede in questo comune (codice ISTAT).",
            _with_site(comune_id=None),
        ),
        Filter(
            "edition",
            "integer",
            "Ha partecipato all'edizione di quest'anno.",
            _took_part_in,
            **YEAR,
        ),
        _updated_since(),
    ),
)
