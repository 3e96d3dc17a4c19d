"""schema.org Organization (with its sites as Places) in the organisation page's
JSON-LD, extracted as a search engine does (extruct)."""

import extruct
import pytest

from manifatture.directory.models import Organisation

from .factories import MembershipFactory, OrganisationFactory, SiteFactory

pytestmark = pytest.mark.django_db


def jsonld_of(response) -> list[dict]:
    return extruct.extract(
        response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"]
    )["json-ld"]


def test_organisation_page_describes_an_organization_with_its_places(client):
    organisation = OrganisationFactory(
        name="Fonderia Artistica", website="https://fonderia.example.it/", founded_year=1962
    )
    first = SiteFactory(organisation=organisation, name="Laboratorio")
    second = SiteFactory(organisation=organisation, name="Showroom", address="Via Tortona 12")

    [data] = jsonld_of(client.get(organisation.get_absolute_url()))

    url = f"http://testserver{organisation.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["@id"] == data["url"] == url
    assert data["name"] == "Fonderia Artistica"
    assert data["description"] == organisation.description
    assert data["sameAs"] == ["https://fonderia.example.it/"]
    assert data["foundingDate"] == "1962"
    places = {place["name"]: place for place in data["location"]}
    assert set(places) == {"Laboratorio", "Showroom"}
    for site in (first, second):
        place = places[site.name]
        assert place["@type"] == "Place"
        assert place["address"]["@type"] == "PostalAddress"
        assert place["address"]["streetAddress"] == site.address
        assert place["address"]["addressLocality"] == site.comune.name
        assert place["address"]["addressCountry"] == "IT"
        assert place["geo"] == {
            "@type": "GeoCoordinates",
            "latitude": float(site.latitude),
            "longitude": float(site.longitude),
        }


def test_a_profile_waiting_for_moderation_has_no_json_ld(client):
    """Its members preview it; search engines must not learn of it."""
    organisation = OrganisationFactory(moderation=Organisation.Moderation.PENDING)
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert jsonld_of(response) == []
