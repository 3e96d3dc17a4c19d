"""Sites, spaces and the hub's venue are places of one kind
(directory.models.MappedPlace, Place): the same point gets the same Municipio
and NIL whichever of them stands there, through the one rule `locate`, and a
place outside the Comune di Milano gets neither."""

import decimal

import pytest

from manifatture.accounts.tests.factories import StaffFactory
from manifatture.activities import services as activity_services
from manifatture.activities.models import HubVenue
from manifatture.directory import services as directory_services
from manifatture.directory.models import Comune, MappedPlace, Municipio, Nil, Place, Site
from manifatture.directory.tests.boundaries import city, comuni_mi, municipi, nils  # noqa: F401 (fixtures)
from manifatture.directory.tests.factories import OrganisationFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.spaces import services as space_services
from manifatture.spaces.models import Space

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("city")]

# Via Padova, in Municipio 2.
LATITUDE, LONGITUDE = decimal.Decimal("45.498700"), decimal.Decimal("9.223200")


def test_every_place_model_is_a_place():
    assert issubclass(Site, Place) and issubclass(Space, Place)
    assert issubclass(HubVenue, MappedPlace) and not issubclass(HubVenue, Place)


def _place_everything(comune: Comune) -> tuple[Site, Space, HubVenue]:
    site = directory_services.save_site(
        OrganisationFactory(),
        name="Laboratorio",
        address="Via Padova 1",
        comune=comune,
        latitude=LATITUDE,
        longitude=LONGITUDE,
    )
    space = space_services.create_space(
        by=StaffFactory(),
        name="Cascina",
        address="Via Padova 1",
        comune=comune,
        latitude=LATITUDE,
        longitude=LONGITUDE,
        surface_m2=100,
        condition=Space.Condition.GOOD,
    )
    venue = activity_services.locate_hub(EditionFactory(), latitude=LATITUDE, longitude=LONGITUDE)
    return site, space, venue


def test_the_same_point_is_in_the_same_municipio_and_nil_for_every_place():
    milano = Comune.objects.get(istat_code="015146")
    site, space, venue = _place_everything(milano)

    municipio = Municipio.objects.containing(LATITUDE, LONGITUDE)
    nil = Nil.objects.containing(LATITUDE, LONGITUDE)
    assert municipio is not None and municipio.number == 2
    assert nil is not None
    for place in (site, space, venue):
        place.refresh_from_db()
        assert place.municipio == municipio
    assert site.nil == space.nil == nil


def test_a_place_outside_milan_has_no_municipio_nor_nil():
    sesto = Comune.objects.get(name="Sesto San Giovanni")
    site, space, _venue = _place_everything(sesto)
    for place in (site, space):
        place.refresh_from_db()
        assert (place.municipio, place.nil) == (None, None)
