import decimal
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from manifatture.directory import geo, services
from manifatture.directory.models import Comune, Nil, Site
from manifatture.directory.tests.factories import OrganisationFactory, SiteFactory

D = decimal.Decimal


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latitude", "longitude", "nil_id", "name"),
    [
        (45.4641, 9.1919, 1, "DUOMO"),
        (45.4842, 9.2399, 23, "LAMBRATE - ORTICA"),  # via Ventura
        (45.5030, 9.1590, 77, "BOVISA"),
        (45.4440, 9.2200, 35, "LODI - CORVETTO"),
        (45.4688, 9.1424, 57, "SAN SIRO"),  # piazzale Selinunte
        (45.4781, 9.1240, 60, "STADIO - IPPODROMI"),  # the stadium
    ],
)
def test_nil_at_finds_the_real_neighbourhood(nils, latitude, longitude, nil_id, name):
    nil = services.nil_at(latitude, longitude)

    assert (nil.id, nil.name) == (nil_id, name)


@pytest.mark.django_db
def test_nil_at_outside_milan_is_none(nils):
    assert services.nil_at(45.535, 9.231) is None  # Sesto San Giovanni


@pytest.mark.django_db
def test_load_nil_loads_88_with_bounding_boxes_and_labels(nils):
    assert Nil.objects.count() == 88
    duomo = Nil.objects.get(pk=1)
    assert duomo.min_latitude < 45.4641 < duomo.max_latitude
    assert duomo.min_longitude < 9.1919 < duomo.max_longitude
    assert Nil.objects.get(pk=22).label == "Città Studi"
    assert Nil.objects.get(pk=88).label == "Parco Bosco in Città"


@pytest.mark.django_db
def test_periphery_default_rule_is_distance_of_the_centroid_from_the_duomo(nils):
    periphery = set(Nil.objects.filter(is_periphery=True).values_list("id", flat=True))

    # Centre and inner ring are not periphery; the outer neighbourhoods are.
    assert {
        1,
        2,
        4,
        11,
        22,
        12,
    } & periphery == set()  # Duomo, Brera, Guastalla, Isola, Città Studi, Maciachini
    assert {35, 57, 77, 14, 82, 83, 76, 55} <= periphery  # Corvetto, San Siro, Bovisa, Niguarda …
    assert len(periphery) == 52


@pytest.mark.django_db
def test_periphery_rule_follows_the_distance_setting(db, settings):
    settings.PERIPHERY_MIN_DISTANCE_KM = 7.0
    call_command("load_nil", stdout=io.StringIO())

    assert Nil.objects.filter(is_periphery=True).count() == 16


@pytest.mark.django_db
def test_periphery_explicit_list_overrides_the_distance_rule(db, settings):
    settings.PERIPHERY_NIL_IDS = [35, 57]
    call_command("load_nil", stdout=io.StringIO())

    assert set(Nil.objects.filter(is_periphery=True).values_list("id", flat=True)) == {35, 57}


@pytest.mark.django_db
def test_save_site_in_milano_gets_its_nil_and_loses_it_outside(comuni_mi, municipi, nils):
    organisation = OrganisationFactory()
    site = services.save_site(
        organisation,
        name="Sede",
        address="Via Ventura 15",
        comune=Comune.objects.get(name="Milano"),
        latitude=D("45.4842"),
        longitude=D("9.2399"),
    )
    assert (site.municipio_id, site.nil_id) == (3, 23)

    site = services.save_site(
        organisation,
        site=site,
        comune=Comune.objects.get(name="Sesto San Giovanni"),
        latitude=D("45.535"),
        longitude=D("9.231"),
    )
    site.refresh_from_db()
    assert (site.municipio_id, site.nil_id) == (None, None)


@pytest.mark.django_db
def test_loading_nil_places_existing_sites(comuni_mi, municipi):
    inside = SiteFactory(latitude=D("45.503"), longitude=D("9.159"))  # Bovisa
    elsewhere = SiteFactory(
        comune=Comune.objects.get(name="Sesto San Giovanni"),
        latitude=D("45.535"),
        longitude=D("9.231"),
    )

    call_command("load_nil", stdout=io.StringIO())

    assert Site.objects.get(pk=inside.pk).nil_id == 77
    assert Site.objects.get(pk=elsewhere.pk).nil_id is None


@pytest.mark.django_db
def test_load_nil_refuses_a_file_without_nil_properties(tmp_path, db):
    path = tmp_path / "municipi.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {"MUNICIPIO": 1}, "geometry": None}],
            }
        )
    )

    with pytest.raises(CommandError, match="ID_NIL"):
        call_command("load_nil", str(path), stdout=io.StringIO())
    assert not Nil.objects.exists()


def test_polygon_index_agrees_with_the_plain_ray_cast_on_all_626_historic_workshops():
    """Real polygons, real points: the index puts every historic workshop in the NIL
    the Comune gives it, like the slow exact test does."""
    features = json.loads((settings.SHARED_DATA_DIR / "milano_nil_2020.geojson").read_text())[
        "features"
    ]
    index = geo.PolygonIndex((f["properties"]["ID_NIL"], f["geometry"]) for f in features)
    shops = json.loads(
        (settings.SHARED_DATA_DIR / "milano_botteghe_storiche_2024.json").read_text()
    )["data"]

    found = [index.find(s["long_x_4326"], s["lat_y_4326"]) for s in shops]

    assert found == [int(s["id_nil"]) for s in shops]
    assert index.find(9.231, 45.535) is None


@pytest.mark.django_db
def test_load_municipi_command_stores_boundaries_with_bounding_boxes(db):
    call_command("load_municipi", stdout=io.StringIO())

    from manifatture.directory.models import Municipio

    assert Municipio.objects.count() == 9
    first = Municipio.objects.get(number=1)
    assert first.min_latitude < 45.4641 < first.max_latitude
    assert services.municipio_at(45.4641, 9.1919) == first
