import gzip
import json
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from manifatture.directory import search, services
from manifatture.directory.forms import DirectoryFilterForm
from manifatture.directory.models import Nil, Organisation, Site
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

    # The periphery's NIL, count, page (with the albo expiry), sites, capabilities;
    # the filters' choices: capabilities, NIL, Municipi, comuni.
    with django_assert_num_queries(9):
        response = client.get(reverse("directory:search"), {"periphery": "on"})

    assert len(names(response)) == count


@pytest.mark.django_db
def test_a_broad_search_is_counted_only_so_far_and_still_pages_on(client, city, monkeypatch):
    """At national scale a search is counted up to SEARCH_COUNT_LIMIT matches: past
    it the page says «più di …» and links to the next page; every page is the one
    an exact count would give."""
    for name in ["Delta", "Alfa", "Eco", "Bravo", "Charlie"]:
        lab(name, BOVISA)
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 2)
    monkeypatch.setattr("manifatture.directory.views.public.SEARCH_PAGE_SIZE", 1)

    first = client.get(reverse("directory:search"))
    pages = [names(client.get(reverse("directory:search"), {"page": n})) for n in range(1, 6)]
    last = client.get(reverse("directory:search"), {"page": 5})

    assert "più di 2 realtà trovate · pagina 1" in first.content.decode()
    assert "Pagina 1</span>" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()
    assert pages == [["Alfa"], ["Bravo"], ["Charlie"], ["Delta"], ["Eco"]]
    # Asked for the last page, it counts that far: the count is exact again.
    assert "5 realtà trovate · pagina 5 di 5" in last.content.decode()
    assert "Pagina successiva" not in last.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("walk_limit", [1, 4, 100])
@pytest.mark.parametrize(
    "params", [{"q": "mobilificio"}, {"q": "mobilificio", "division": "31"}, {"division": "31"}]
)
def test_many_matches_whose_names_come_late_are_paged_in_order(
    client, city, monkeypatch, walk_limit, params
):
    """Past SEARCH_COUNT_LIMIT matches a page is found by walking the listed
    organisations (of the division, if one is asked for) in order of name up to
    SEARCH_WALK_LIMIT of them, else by sorting every match: both give the same
    pages."""
    for name in ["Alfa", "Bravo", "Charlie", "Delta"]:
        lab(name, BOVISA, description_it="Vetro soffiato.", ateco_code="23.13.00")
    for name in ["Mobilificio Rossi", "Mobilificio Bianchi", "Mobilificio Verdi"]:
        lab(name, BOVISA, description_it="Mobili su misura.", ateco_code="31.01.00")
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 1)
    monkeypatch.setattr(search, "SEARCH_WALK_LIMIT", walk_limit)
    monkeypatch.setattr("manifatture.directory.views.public.SEARCH_PAGE_SIZE", 1)

    pages = [
        names(client.get(reverse("directory:search"), {**params, "page": n})) for n in (1, 2, 3)
    ]

    assert pages == [["Mobilificio Bianchi"], ["Mobilificio Rossi"], ["Mobilificio Verdi"]]


@pytest.mark.django_db
def test_words_and_a_place_follow_every_change_of_the_sites(city):
    """A text search with a place filter first sieves by the places' keys that the
    database keeps on each organisation (migration 0014): they follow every
    change of a site and of a NIL's periphery."""
    ceramiche = lab("Ceramiche Rossi", DUOMO, description_it="Ceramica artistica.")
    lab("Ceramiche Bianchi", CORVETTO, description_it="Ceramica smaltata.")

    def found(**place) -> list[str]:
        filters = search.Filters(q="ceramica", **place)
        return [o.name for o in search.search_results(filters, None, per_page=20)]

    before = found(periphery=True), found(municipio_id=1), found(nil_id=1)
    site = ceramiche.sites.get()
    services.save_site(ceramiche, site=site, latitude=Decimal(BOVISA[0]))
    services.save_site(ceramiche, site=site, longitude=Decimal(BOVISA[1]))
    moved = found(periphery=True), found(municipio_id=9), found(nil_id=77), found(nil_id=1)
    Nil.objects.filter(pk=77).update(is_periphery=False)
    centre = found(periphery=True)
    second = place(ceramiche, latitude=CORVETTO[0], longitude=CORVETTO[1], name="Negozio")
    two_sites = found(periphery=True), found(municipio_id=4)
    services.delete_site(second)
    services.delete_site(site)
    no_site = found(municipio_id=9), found(comune_id="015146")

    assert before == (["Ceramiche Bianchi"], ["Ceramiche Rossi"], ["Ceramiche Rossi"])
    assert moved == (
        ["Ceramiche Bianchi", "Ceramiche Rossi"],
        ["Ceramiche Rossi"],
        ["Ceramiche Rossi"],
        [],
    )
    assert centre == ["Ceramiche Bianchi"]
    assert two_sites == (
        ["Ceramiche Bianchi", "Ceramiche Rossi"],
        ["Ceramiche Bianchi", "Ceramiche Rossi"],
    )
    assert no_site == ([], ["Ceramiche Bianchi"])


@pytest.mark.django_db
def test_text_matches_are_ranked_unless_too_many_to_rank(client, city, monkeypatch):
    lab("Arte del legno", BOVISA, description_it="Mobili.")
    lab("Legno e legno", BOVISA, description_it="Legno massello, legno lamellare.")
    lab("Bottega Rossi", BOVISA, description_it="Lavoriamo il legno.")
    monkeypatch.setattr("manifatture.directory.views.public.SEARCH_PAGE_SIZE", 1)

    def pages() -> tuple[list[str], str]:
        shown = [
            names(client.get(reverse("directory:search"), {"q": "legno", "page": n}))[0]
            for n in (1, 2, 3)
        ]
        return shown, client.get(reverse("directory:search"), {"q": "legno"}).content.decode()

    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 3)
    ranked, ranked_page = pages()
    monkeypatch.setattr(search, "SEARCH_COUNT_LIMIT", 2)
    by_name, by_name_page = pages()

    assert ranked == [o.name for o in search.filter_organisations(search.Filters(q="legno"))]
    assert ranked[0] == "Legno e legno"
    assert "le elenchiamo per nome" not in ranked_page
    assert by_name == ["Arte del legno", "Bottega Rossi", "Legno e legno"]
    assert "più di 2 realtà trovate" in by_name_page
    assert "le elenchiamo per nome" in by_name_page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"q": "laser"},
        {"category": "fablab"},
        {"capability": "laser-cutting", "periphery": "on"},
        {"municipio": 9},
        {"section": "C"},
        {},
    ],
)
def test_search_pages_hold_every_match_once_in_order(client, city, monkeypatch, params):
    """The page's rows are found by id from the narrow index, then read whole: the
    pages together are the matches of `filter_organisations`, in its order."""
    lab("Bovisa Lab", BOVISA, capabilities=["laser-cutting"])
    lab(
        "Bovisa Laser Srl",
        BOVISA,
        category="factory",
        ateco_code="25.62.00",
        capabilities=["laser-cutting"],
    )
    lab("Corvetto Lab", CORVETTO, capabilities=["laser-cutting", "3d-printing"])
    lab("Duomo Cowork", DUOMO, category="coworking")
    lab("Isola Taglio laser", ISOLA, category="workshop", ateco_code="25.61.00")
    lab("Lambrate Metalli", LAMBRATE, category="factory", ateco_code="24.10.00")
    monkeypatch.setattr("manifatture.directory.views.public.SEARCH_PAGE_SIZE", 2)
    form_filters = DirectoryFilterForm(params).filters()
    expected = [o.name for o in search.filter_organisations(form_filters)]

    first = client.get(reverse("directory:search"), params)
    shown = names(first)
    for number in range(2, first.context["page_obj"].paginator.num_pages + 1):
        shown += names(client.get(reverse("directory:search"), {**params, "page": number}))

    assert expected
    assert shown == expected


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
def test_map_data_queries_do_not_grow_with_the_points(
    client, city, count, django_assert_max_num_queries
):
    for n in range(count):
        lab(f"Lab {n}", BOVISA, capabilities=["laser-cutting"])

    # The capability filter's lookup, the map's version, the grid (in a savepoint
    # with its settings), then the points (unless every cell held one site: then
    # the grid's answer is all the points).
    with django_assert_max_num_queries(7):
        response = client.get(reverse("directory:map_data"), {"capability": "laser-cutting"})
    # The same zoom again: the grid comes from the cache.
    with django_assert_max_num_queries(3):
        again = client.get(reverse("directory:map_data"), {"capability": "laser-cutting"})

    assert len(json.loads(response.content)["points"]) == count
    assert again.content == response.content


@pytest.mark.django_db
def test_map_follows_every_change_at_once(client, city):
    """The cached grid is kept under the map's version, which the database bumps in
    the writer's transaction: an archived, moved or new site is on the next answer."""
    bovisa = lab("Bovisa Lab", BOVISA)
    corvetto = lab("Corvetto Lab", CORVETTO)

    def shown() -> set[tuple[int, int, int]]:
        data = client.get(reverse("directory:map_data"), {"zoom": 5}).json()
        return {tuple(p[:3]) for p in data["points"]}

    first = shown()
    services_site = corvetto.sites.get()
    Organisation.objects.filter(pk=bovisa.pk).update(
        archived_at="2026-01-01T00:00Z", archive_reason="closed"
    )
    after_archive = shown()
    services_site.latitude, services_site.longitude = DUOMO
    services_site.save()
    after_move = shown()
    lab("Lambrate Legno", LAMBRATE, category="workshop")
    after_new = shown()

    assert {p[0] for p in first} == {bovisa.sites.get().pk, services_site.pk}
    assert {p[0] for p in after_archive} == {services_site.pk}
    assert after_move == {(services_site.pk, 4546410, 919190)}
    assert len(after_new) == 2


@pytest.mark.django_db
def test_map_view_sends_few_sites_one_by_one_and_clusters_many(client, city, monkeypatch):
    bovisa = lab("Bovisa Lab", BOVISA)
    lab("Bovisa Metalli", BOVISA, category="workshop")
    lab("Duomo Cowork", DUOMO, category="coworking")
    lab("Lambrate Legno", LAMBRATE, category="workshop")
    milan = {"bbox": "9.0,45.3,9.4,45.6"}
    monkeypatch.setattr(search, "MAP_POINT_LIMIT", 3)

    zoomed_out = client.get(reverse("directory:map_data"), {**milan, "zoom": 5}).json()
    one_by_one = client.get(
        reverse("directory:map_data"), {"bbox": "9.14,45.49,9.17,45.52", "zoom": 15}
    ).json()
    filtered = client.get(
        reverse("directory:map_data"), {**milan, "zoom": 5, "category": "fablab"}
    ).json()

    # One cell of about 2.8 degrees holds the four sites: one cluster at their mean.
    assert zoomed_out["total"] == 4
    assert zoomed_out["points"] == []
    ((lat, lon, count),) = zoomed_out["clusters"]
    assert count == 4
    places = (BOVISA, BOVISA, DUOMO, LAMBRATE)
    assert abs(lat - sum(float(p[0]) for p in places) * 100_000 / 4) <= 1
    assert abs(lon - sum(float(p[1]) for p in places) * 100_000 / 4) <= 1
    # Zoomed in on Bovisa: only its two sites, one by one.
    assert one_by_one["total"] == 2
    assert one_by_one["clusters"] == []
    assert {p[0] for p in one_by_one["points"]} >= {bovisa.sites.get().pk}
    # Filters hold in clusters too; a cell with one site is that site's point.
    assert filtered["total"] == 1
    assert filtered["clusters"] == []
    assert [p[0] for p in filtered["points"]] == [bovisa.sites.get().pk]


def grid_counted_one_by_one(bbox: str, zoom: int) -> tuple[list, list]:
    """(points, clusters) of a view worked out here, site by site, from every listed
    site: its cell at `zoom`, each cell's count and mean, the cells whose mean lies
    in the view (the database rounds halves away from zero)."""
    west, south, east, north = (Decimal(part) * 100_000 for part in bbox.split(","))
    cell_lat, cell_lon = search.MapView(zoom=zoom).cell()

    def whole(value: Decimal) -> int:
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    cells = defaultdict(list)
    for site in Site.objects.filter(organisation__in=Organisation.objects.listed()).select_related(
        "organisation"
    ):
        lat, lon = whole(site.latitude * 100_000), whole(site.longitude * 100_000)
        kind = search.KIND_OF_CATEGORY.get(site.organisation.category, search.OTHER_KIND)
        cells[(lat // cell_lat, lon // cell_lon)].append((site.pk, lat, lon, kind))
    points, clusters = [], []
    for sites in cells.values():
        lat = whole(Decimal(sum(s[1] for s in sites)) / len(sites))
        lon = whole(Decimal(sum(s[2] for s in sites)) / len(sites))
        if not (south <= lat <= north and west <= lon <= east):
            continue
        if len(sites) == 1:
            points.append(list(sites[0]))
        else:
            clusters.append([lat, lon, len(sites)])
    return sorted(points), sorted(clusters)


@pytest.mark.django_db
def test_the_cached_grid_answers_as_the_sites_counted_one_by_one(
    client, city, monkeypatch, django_assert_num_queries
):
    """Zoomed out, views are cut from the whole map's grid kept in the cache: the
    answer is the grid of every listed site worked out one by one; another view at
    the same zoom reads only the map's version."""
    monkeypatch.setattr(search, "MAP_POINT_LIMIT", 1)
    rng = random.Random(17)
    for n in range(80):
        where = (f"{45.44 + rng.random() * 0.06:.6f}", f"{9.14 + rng.random() * 0.09:.6f}")
        lab(f"Lab {n}", where, category=rng.choice(["fablab", "coworking", "workshop"]))
    closed = lab("Bottega chiusa", DUOMO)
    Organisation.objects.filter(pk=closed.pk).update(
        archived_at="2026-01-01T00:00Z", archive_reason="closed"
    )
    views = [(7, "5.0,43.0,14.0,47.0"), (9, "8.6,45.1,9.8,45.8"), (10, "9.0,45.3,9.4,45.6")]

    for zoom, bbox in views:
        data = client.get(reverse("directory:map_data"), {"bbox": bbox, "zoom": zoom}).json()
        points, clusters = grid_counted_one_by_one(bbox, zoom)
        assert (sorted(data["points"]), sorted(data["clusters"])) == (points, clusters), zoom
        assert data["total"] == len(points) + sum(c[2] for c in clusters)
    with django_assert_num_queries(1):
        moved = client.get(
            reverse("directory:map_data"), {"bbox": "9.1,45.4,9.3,45.55", "zoom": 10}
        ).json()
    assert (sorted(moved["points"]), sorted(moved["clusters"])) == grid_counted_one_by_one(
        "9.1,45.4,9.3,45.55", 10
    )


@pytest.mark.django_db
def test_map_view_cells_shrink_as_the_map_zooms_in(client, city, monkeypatch):
    lab("Bovisa Lab", BOVISA)
    lab("Bovisa Metalli", BOVISA, category="workshop")
    lab("Corvetto Lab", CORVETTO)
    monkeypatch.setattr(search, "MAP_POINT_LIMIT", 1)
    milan = {"bbox": "9.0,45.3,9.4,45.6"}

    far = client.get(reverse("directory:map_data"), {**milan, "zoom": 6}).json()
    near = client.get(reverse("directory:map_data"), {**milan, "zoom": 13}).json()

    assert [c[2] for c in far["clusters"]] == [3]
    # At zoom 13 a cell is about 700 m wide: Bovisa's two sites, and Corvetto alone.
    assert [c[2] for c in near["clusters"]] == [2]
    assert len(near["points"]) == 1


@pytest.mark.django_db
def test_map_view_fits_the_filtered_sites_when_asked(client, city):
    lab("Bovisa Lab", BOVISA)
    lab("Corvetto Lab", CORVETTO)
    lab("Duomo Cowork", DUOMO, category="coworking")

    data = client.get(
        reverse("directory:map_data"), {"category": "fablab", "fit": "1", "zoom": 11}
    ).json()
    nothing = client.get(
        reverse("directory:map_data"), {"q": "nessunarealtà", "fit": "1", "zoom": 11}
    ).json()

    south, west, north, east = data["bounds"]
    assert (south, north) == (float(CORVETTO[0]), float(BOVISA[0]))
    assert (west, east) == (float(BOVISA[1]), float(CORVETTO[1]))
    assert data["total"] == 2
    assert nothing["bounds"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "9.0,45.3,9.4"},
        {"bbox": "nord,45.3,9.4,45.6"},
        {"bbox": "9.4,45.3,9.0,45.6", "zoom": 5},
        {"bbox": "9.0,45.3,9.4,45.6", "zoom": 40},
        {"zoom": "vicino"},
    ],
)
def test_map_view_refuses_a_wrong_view_with_a_clear_error(client, city, params):
    response = client.get(reverse("directory:map_data"), params)

    assert response.status_code == 400
    assert response.json() == {"error": "La zona della mappa richiesta non è valida."}


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
