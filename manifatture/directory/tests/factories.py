import decimal

import factory

from manifatture.directory.models import Comune, Membership, Organisation, Site

# Valid partite IVA are built from a base number plus the right check digit.
from manifatture.directory.validators import partita_iva_is_valid


def make_partita_iva(n: int) -> str:
    base = f"{n:010d}"
    for digit in "0123456789":
        if partita_iva_is_valid(base + digit):
            return base + digit
    raise AssertionError("unreachable")


class ComuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comune
        django_get_or_create = ("istat_code",)

    istat_code = "015146"
    name = "Milano"
    province = "MI"
    region = "Lombardia"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Officina Meccanica Lambrate {n}")
    slug = factory.Sequence(lambda n: f"officina-meccanica-lambrate-{n}")
    category = Organisation.Category.WORKSHOP
    description_it = "Lavorazioni meccaniche di precisione dal 1962."
    vat_number = factory.Sequence(lambda n: make_partita_iva(1_000_000 + n))
    ateco_code = "25.62.00"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("manifatture.accounts.tests.factories.UserFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.OWNER


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Sede principale"
    address = "Via Ventura 15"
    postcode = "20134"
    comune = factory.SubFactory(ComuneFactory)
    latitude = decimal.Decimal("45.484200")
    longitude = decimal.Decimal("9.239900")
    step_free = True
