"""The DCAT-AP_IT catalogue (the Italian profile of DCAT-AP that dati.gov.it
harvests), as RDF/XML: one catalogue, one dataset per resource, one
distribution per format."""

import datetime
from collections.abc import Callable
from xml.etree import ElementTree as ET

from django.conf import settings
from django.urls import reverse

from .aggregates import AGGREGATES, Aggregate
from .changes import FIRST_PUBLISHED, catalogue_last_change, last_changes, local_day
from .resources import RESOURCES, Resource

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IPA_CODE = "c_f205"
PUBLISHER_NAME = "Comune di Milano"
LICENCE_URI = "https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40"
LICENCE_NAME = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)"
LICENCE_TYPE = "http://purl.org/adms/licencetype/Attribution"
EU = "http://publications.europa.eu/resource/authority"
THEMES = {
    "editions": "EDUC",
    "activities": "EDUC",
    "slots": "EDUC",
    "organisations": "ECON",
    "sites": "ECON",
    "spaces": "REGI",
    "calls": "GOVE",
    "impatto": "EDUC",
}
# Sub-themes (dct:subject): EuroVoc micro-thesauri that AgID's theme-subtheme
# mapping (https://w3id.org/italia/controlled-vocabulary/theme-subtheme-mapping)
# puts under each dataset's theme.
EUROVOC = "http://eurovoc.europa.eu"
SUBJECTS = {
    "editions": ["100213"],  # 2831 culture and religion (EDUC)
    "activities": ["100213", "100218"],  # 2831 culture, 3211 teaching (EDUC)
    "slots": ["100213"],  # 2831 culture and religion (EDUC)
    "organisations": ["100268", "100227"],  # 6806 industrial structures, 4011 business (ECON)
    "sites": ["100268"],  # 6806 industrial structures and policy (ECON)
    "spaces": ["100282"],  # 7231 economic geography (REGI)
    "calls": ["100169"],  # 0436 executive power and public service (GOVE)
    "impatto": ["100213"],  # 2831 culture and religion (EDUC)
}
# Codes of the EU file-type authority table
# (http://publications.europa.eu/resource/authority/file-type).
FORMATS = {"csv": "CSV", "json": "JSON", "geojson": "GEOJSON", "ics": "ICS"}
# Data change whenever hosts, visitors or staff act: published as they are.
FREQUENCY = f"{EU}/frequency/CONT"

for prefix, uri in NS.items():
    ET.register_namespace(prefix, uri)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _el(parent: ET.Element, name: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(
        parent, _q(name), {_q(k.replace("_", ":", 1)): v for k, v in attrs.items()}
    )
    if text is not None:
        element.text = text
    return element


def _literal(parent: ET.Element, name: str, text: str, lang: str = "it") -> ET.Element:
    element = _el(parent, name, text)
    element.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    return element


def _date(parent: ET.Element, name: str, day: datetime.date) -> None:
    _el(parent, name, day.isoformat(), rdf_datatype=f"{NS['xsd']}date")


def _agent(parent: ET.Element, name: str) -> None:
    holder = _el(parent, name)
    agent = _el(holder, "dcatapit:Agent")
    _el(agent, "rdf:type", rdf_resource=f"{NS['foaf']}Agent")
    _literal(agent, "foaf:name", PUBLISHER_NAME)
    _el(agent, "dct:identifier", IPA_CODE)


def catalogue_rdf(absolute: Callable[[str], str]) -> bytes:
    root = ET.Element(_q("rdf:RDF"))
    catalogue_uri = absolute(reverse("opendata:catalogue"))
    catalogue = _el(root, "dcatapit:Catalog", rdf_about=catalogue_uri)
    _el(catalogue, "rdf:type", rdf_resource=f"{NS['dcat']}Catalog")
    _literal(catalogue, "dct:title", "Manifatture Aperte – catalogo dei dati aperti")
    _literal(
        catalogue,
        "dct:description",
        "I dati aperti di Manifatture Aperte e Manifattura Milano del Comune di Milano.",
    )
    _agent(catalogue, "dct:publisher")
    _el(catalogue, "foaf:homepage", rdf_resource=absolute(reverse("opendata:index")))
    _el(catalogue, "dct:language", rdf_resource=f"{EU}/language/ITA")
    _el(catalogue, "dcat:themeTaxonomy", rdf_resource=f"{EU}/data-theme")
    changes = last_changes()
    dates = {name: local_day(when) for name, when in changes.items()}
    _date(catalogue, "dct:modified", local_day(catalogue_last_change(changes)))
    _date(catalogue, "dct:issued", local_day(FIRST_PUBLISHED))

    # Aggregates change with the bookings and answers behind them: the catalogue's date.
    dates |= {name: local_day(catalogue_last_change(changes)) for name in AGGREGATES}
    published: list[tuple[str, Resource | Aggregate]] = [*RESOURCES.items(), *AGGREGATES.items()]
    for name, resource in published:
        holder = _el(catalogue, "dcat:dataset")
        dataset = _el(holder, "dcatapit:Dataset", rdf_about=f"{catalogue_uri}#{name}")
        _el(dataset, "rdf:type", rdf_resource=f"{NS['dcat']}Dataset")
        _el(dataset, "dct:identifier", f"{IPA_CODE}:manifatture-aperte-{name}")
        _literal(dataset, "dct:title", resource.title)
        _literal(dataset, "dct:description", resource.description)
        _date(dataset, "dct:modified", dates[name])
        _el(dataset, "dcat:theme", rdf_resource=f"{EU}/data-theme/{THEMES[name]}")
        for subject in SUBJECTS[name]:
            _el(dataset, "dct:subject", rdf_resource=f"{EUROVOC}/{subject}")
        _el(dataset, "dct:accrualPeriodicity", rdf_resource=FREQUENCY)
        _el(dataset, "dct:language", rdf_resource=f"{EU}/language/ITA")
        _agent(dataset, "dct:rightsHolder")
        _agent(dataset, "dct:publisher")
        for keyword in ("manifattura", "Manifatture Aperte", "Milano"):
            _literal(dataset, "dcat:keyword", keyword)
        contact_holder = _el(dataset, "dcat:contactPoint")
        contact = _el(
            contact_holder, "dcatapit:Organization", rdf_about=f"{catalogue_uri}#contatto"
        )
        _el(contact, "rdf:type", rdf_resource=f"{NS['vcard']}Kind")
        _literal(contact, "vcard:fn", "Comune di Milano – Manifattura Milano")
        # Mandatory in DCAT-AP_IT (dati.gov.it's validator, rule 209); the deploy
        # check (apps.py) warns while OPENDATA_CONTACT_EMAIL is unset.
        if settings.OPENDATA_CONTACT_EMAIL:
            _el(contact, "vcard:hasEmail", rdf_resource=f"mailto:{settings.OPENDATA_CONTACT_EMAIL}")
        _el(contact, "vcard:hasURL", rdf_resource=absolute(reverse("opendata:index")))
        _el(dataset, "dcat:landingPage", rdf_resource=absolute(reverse("opendata:index")))

        formats = ["csv", "json"] + (["geojson"] if resource.geo else [])
        urls = [(fmt, absolute(reverse("opendata:file", args=[name, fmt]))) for fmt in formats]
        if name == "slots":
            urls.append(("ics", absolute(reverse("opendata:ical"))))
        for fmt, url in urls:
            dist_holder = _el(dataset, "dcat:distribution")
            distribution = _el(
                dist_holder, "dcatapit:Distribution", rdf_about=f"{catalogue_uri}#{name}-{fmt}"
            )
            _el(distribution, "rdf:type", rdf_resource=f"{NS['dcat']}Distribution")
            _literal(distribution, "dct:title", f"{resource.title} ({FORMATS[fmt]})")
            _literal(distribution, "dct:description", resource.description)
            _el(distribution, "dct:format", rdf_resource=f"{EU}/file-type/{FORMATS[fmt]}")
            _el(distribution, "dcat:accessURL", rdf_resource=url)
            _el(distribution, "dcat:downloadURL", rdf_resource=url)
            licence_holder = _el(distribution, "dct:license")
            licence = _el(licence_holder, "dcatapit:LicenseDocument", rdf_about=LICENCE_URI)
            _el(licence, "rdf:type", rdf_resource=f"{NS['dct']}LicenseDocument")
            _el(licence, "dct:type", rdf_resource=LICENCE_TYPE)
            _literal(licence, "foaf:name", LICENCE_NAME)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
