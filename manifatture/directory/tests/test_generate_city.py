import io

import pytest
from django.core.management import call_command

from manifatture.directory import geo
from manifatture.directory.models import Nil, Organisation, Site
from manifatture.directory.synthetic import check_codes
from manifatture.directory.validators import partita_iva_is_valid, validate_ateco


@pytest.mark.django_db
def test_generated_city_is_realistic_and_inside_the_real_neighbourhoods(city):
    out = io.StringIO()

    call_command("generate_city", count=150, seed=7, stdout=out)

    assert out.getvalue().startswith("150 organisations, 150 sites and ")
    sites = list(Site.objects.select_related("organisation", "nil"))
    assert len(sites) == 150
    for site in sites:
        assert geo.contains(site.nil.geometry, float(site.longitude), float(site.latitude))
        assert site.municipio_id is not None
        validate_ateco(site.organisation.ateco_code)
        vat = site.organisation.vat_number
        assert vat is None or partita_iva_is_valid(vat)
    categories = set(Organisation.objects.values_list("category", flat=True))
    assert {"fablab", "factory", "atelier"} <= categories
    assert Organisation.objects.filter(category="fablab", capabilities__isnull=False).exists()


@pytest.mark.django_db
def test_same_seed_same_city(city):
    call_command("generate_city", count=20, seed=3, stdout=io.StringIO())
    first = list(Organisation.objects.order_by("pk").values_list("name", "ateco_code"))
    first_points = list(Site.objects.order_by("pk").values_list("latitude", "longitude"))
    Organisation.objects.all().delete()

    call_command("generate_city", count=20, seed=3, stdout=io.StringIO())

    assert list(Organisation.objects.order_by("pk").values_list("name", "ateco_code")) == first
    assert list(Site.objects.order_by("pk").values_list("latitude", "longitude")) == first_points
    assert Nil.objects.count() == 88


def test_every_code_used_is_a_real_ateco_code():
    check_codes()
