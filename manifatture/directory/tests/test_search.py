import gzip
import json

import pytest
from django.urls import reverse

from manifatture.directory import search, services
from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import (
    BOVISA,
    CORVETTO,
    DUOMO,
    ISOLA,
    LAMBRATE,
    OrganisationFactory,
    capability,
    place,
)
from manifatture.qualifications.tests.factories import EntryFactory

FABLAB = Organisation.Category.FABLAB


def lab(name: str, where: tuple[str, str], *, category=FABLAB, capabilities=(), **fields):
    organisation = OrganisationFactory(name=name, category=category, **fields)
    for code in capabilities:
        organisation.capabilities.add(capability(code))
    services.refresh_keywords(organisation)
    place(organisation, latitude=where[0], longitude=where[1])
    return organisation


def names(response) -> list[str]:
    return [o.name for o in response.context["page_obj"]]


@pytest.mark.django_db
def test_laser_cutting_fablabs_in_the_periphery_of_municipio_9(client, city):
    """Done when: find all laser-cutting fablabs in the periphery of Municipio 9."""
    lab("Bovisa Lab", BOVISA, capabilities=["laser-cutting", "3d-printing"])
    lab("Isola Lab", ISOLA, capabilities=["laser-cutting"])  # Municipio 9, not periphery
    lab("Corvetto Lab", CORVETTO, capabilities=["laser-cutting"])  # periphery, Municipio 4
    lab("Bovisa Print", BOVISA, capabilities=["3d-printing"])  # no laser
    lab("Officina Bovisa", BOVISA, category="workshop", capabilities=["laser-cutting"])

    response = client.get(
        reverse("directory:search"),
        {"category": "fablab", "capability": "laser-cutting", "municipio": 9, "periphery": "on"},
    )

    assert response.status_code == 200
    assert names(response) == ["Bovisa Lab"]
    assert "1 realtà trovata" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"nil": 77}, ["Bovisa Lab"]),
        ({"municipio": 9}, ["Bovisa Lab", "Isola Lab"]),
        ({"municipio": 4}, ["Corvetto Lab"]),
        ({"periphery": "on"}, ["Bovisa Lab", "Corvetto Lab", "Lambrate Metalli"]),
        ({"category": "coworking"}, ["Duomo Cowork"]),
        ({"section": "C"}, ["Lambrate Metalli"]),  # manufacturing
        ({"division": "25"}, ["Lambrate Metalli"]),
        ({"division": "31"}, []),
        ({"capability": "3d-printing"}, ["Isola Lab"]),
        (
            {"comune": "015146"},
            ["Bovisa Lab", "Corvetto Lab", "Duomo Cowork", "Isola Lab", "Lambrate Metalli"],
        ),
        ({"qualified": "on"}, ["Isola Lab"]),
        (
            {"nil": 9999},
            ["Bovisa Lab", "Corvetto Lab", "Duomo Cowork", "Isola Lab", "Lambrate Metalli"],
        ),
    ],
)
def test_each_filter(client, city, params, expected):
    lab("Bovisa Lab", BOVISA, ateco_code="")
    isola = lab("Isola Lab", ISOLA, capabilities=["3d-printing"], ateco_code="")
    lab("Corvetto Lab", CORVETTO, ateco_code="")
    lab("Duomo Cowork", DUOMO, category="coworking", ateco_code="")
    lab("Lambrate Metalli", LAMBRATE, category="workshop", ateco_code="25.62.00")
    EntryFactory(organisation=isola)

    response = client.get(reverse("directory:search"), params)

    assert names(response) == expected


@pytest.mark.django_db
def test_an_unknown_filter_value_is_shown_as_an_error_and_ignored(client, city):
    lab("Bovisa Lab", BOVISA)

    response = client.get(reverse("directory:search"), {"nil": 9999})

    assert names(response) == ["Bovisa Lab"]
    assert response.context["form"].errors["nil"]


@pytest.mark.django_db
def test_text_search_finds_names_capabilities_and_descriptions(client, city):
    lab("Bovisa Lab", BOVISA, capabilities=["laser-cutting"], description_it="Corsi di Arduino.")
    lab("Officina del Legno", ISOLA, description_it="Sedie su misura.")
    lab("Sartoria Corvetto", CORVETTO, description_it="Abiti da cerimonia.")

    def found(q):
        return names(client.get(reverse("directory:search"), {"q": q}))

    assert found("laser") == ["Bovisa Lab"]  # capability, through the keywords
    assert found("legno") == ["Officina del Legno"]
    assert found("arduino") == ["Bovisa Lab"]
    assert found("sartoria cerimonia") == ["Sartoria Corvetto"]
    assert found("tessitura") == []


@pytest.mark.django_db
def test_archived_organisations_are_not_found(client, city):
    listed = lab("Bovisa Lab", BOVISA)
    closed = lab("Bottega Chiusa", ISOLA)
    Organisation.objects.filter(pk=closed.pk).update(
        archived_at="2025-01-01T00:00:00Z", archive_reason="closed"
    )

    assert names(client.get(reverse("directory:search"))) == ["Bovisa Lab"]
    assert names(client.get(reverse("directory:search"), {"q": "bottega"})) == []
    data = json.loads(client.get(reverse("directory:map_data")).content)
    assert [p[0] for p in data["points"]] == [listed.sites.get().pk]


@pytest.mark.django_db
def test_results_show_the_place_the_badge_and_the_capabilities(client, city):
    listed = lab("Bovisa Lab", BOVISA, capabilities=["laser-cutting"])
    entry = EntryFactory(organisation=listed)

    content = client.get(reverse("directory:search")).content.decode()

    assert "Bovisa · Municipio 9 · periferia" in content
    assert f"Albo · fino al {entry.expires_on:%d/%m/%Y}" in content
    assert "Sa fare: Taglio laser" in content


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results_and_the_count(client, city):
    lab("Bovisa Lab", BOVISA)

    response = client.get(reverse("directory:search"), {"q": "bovisa"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "<h1" not in content
    assert 'id="directory-count" data-hx-swap-oob="innerHTML"' in content
    assert "Bovisa Lab" in content


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_search_page_queries_do_not_grow_with_results(
    client, city, count, django_assert_num_queries
):
    for n in range(count):
        organisation = lab(f"Lab {n}", BOVISA, capabilities=["laser-cutting", "wood"])
        EntryFactory(organisation=organisation)

    # Count, page (with the albo expiry), sites, capabilities; the filters' choices:
    # capabilities, NIL, Municipi, comuni.
    with django_assert_num_queries(8):
        response = client.get(reverse("directory:search"), {"periphery": "on"})

    assert len(names(response)) == count


# Map --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_map_data_is_compact_and_filtered(client, city):
    bovisa = lab("Bovisa Lab", BOVISA)
    cowork = lab("Duomo Cowork", DUOMO, category="coworking")
    lab("Lambrate Metalli", LAMBRATE, category="workshop")

    data = json.loads(client.get(reverse("directory:map_data")).content)
    filtered = json.loads(client.get(reverse("directory:map_data"), {"municipio": 1}).content)

    assert data["kinds"] == ["F", "I", "C", "B", "A"]
    assert data["scale"] == 100_000
    by_site = {p[0]: p[1:] for p in data["points"]}
    assert by_site[bovisa.sites.get().pk] == [4550300, 915900, 0]
    assert by_site[cowork.sites.get().pk] == [4546410, 919190, 2]
    assert len(by_site) == 3
    assert [p[0] for p in filtered["points"]] == [cowork.sites.get().pk]


@pytest.mark.django_db
def test_map_data_is_gzipped_for_browsers_that_accept_it(client, city):
    lab("Bovisa Lab", BOVISA)

    response = client.get(reverse("directory:map_data"), HTTP_ACCEPT_ENCODING="gzip, br")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(json.loads(gzip.decompress(response.content))["points"]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_map_data_is_one_query_whatever_the_number_of_points(
    client, city, count, django_assert_num_queries
):
    for n in range(count):
        lab(f"Lab {n}", BOVISA, capabilities=["laser-cutting"])

    with django_assert_num_queries(2):  # the capability filter's lookup, then the points
        response = client.get(reverse("directory:map_data"), {"capability": "laser-cutting"})

    assert len(json.loads(response.content)["points"]) == count


@pytest.mark.django_db
def test_map_popup_tells_what_and_where(client, city):
    organisation = lab("Bovisa Lab", BOVISA)
    entry = EntryFactory(organisation=organisation)
    site = organisation.sites.get()
    site.postcode = "20158"
    site.save()

    data = client.get(reverse("directory:map_popup", kwargs={"pk": site.pk})).json()

    assert data == {
        "name": "Bovisa Lab",
        "url": organisation.get_absolute_url(),
        "category": "Fablab e makerspace",
        "site": "Sede",
        "address": "Via Ventura 15, 20158 Milano",
        "nil": "Bovisa",
        "municipio": "Municipio 9",
        "qualified": f"Iscritta all'albo fino al {entry.expires_on:%d/%m/%Y}",
    }


@pytest.mark.django_db
def test_map_popup_of_an_archived_organisation_is_not_found(client, city):
    organisation = lab("Bovisa Lab", BOVISA)
    Organisation.objects.filter(pk=organisation.pk).update(
        archived_at="2025-01-01T00:00:00Z", archive_reason="stale"
    )

    response = client.get(
        reverse("directory:map_popup", kwargs={"pk": organisation.sites.get().pk})
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_map_page_has_the_legend_and_the_clustering_assets(client, city):
    content = client.get(reverse("directory:map"), {"category": "fablab"}).content.decode()

    assert "vendor/leaflet.markercluster/leaflet.markercluster.js" in content
    assert "js/directory-map.js" in content
    for label in ["Fablab e makerspace", "Innovation hub", "Coworking"]:
        assert label in content
    assert f'data-points-url="{reverse("directory:map_data")}?category=fablab"' in content
    assert "<script>" not in content and "style=" not in content


def test_ateco_sections_and_divisions_come_from_the_istat_classification():
    assert search.ateco_sections()[2] == ("C", "Attività manifatturiere")
    assert search.divisions_of_section("C") == [str(n) for n in range(10, 34)]
