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


def capability(code: str):
    """A capability of the fixed vocabulary (seeded by migration 0003)."""
    from manifatture.directory.models import Capability

    return Capability.objects.get(code=code)


def material(code: str):
    from manifatture.directory.models import Material

    return Material.objects.get(code=code)


def place(
    organisation,
    *,
    latitude: str,
    longitude: str,
    name: str = "Sede",
    address: str = "Via Ventura 15",
):
    """A site in Milan placed in its real Municipio and NIL (needs those loaded)."""
    from manifatture.directory import services

    return services.save_site(
        organisation,
        name=name,
        address=address,
        comune=ComuneFactory(),
        latitude=decimal.Decimal(latitude),
        longitude=decimal.Decimal(longitude),
    )


# Points in known places (checked against the real boundaries in test_nil.py).
BOVISA = ("45.5030", "9.1590")  # NIL 77, Municipio 9, periphery
ISOLA = ("45.4880", "9.1890")  # NIL 11, Municipio 9, not periphery
CORVETTO = ("45.4440", "9.2200")  # NIL 35, Municipio 4, periphery
DUOMO = ("45.4641", "9.1919")  # NIL 1, Municipio 1
LAMBRATE = ("45.4842", "9.2399")  # NIL 23, Municipio 3, periphery
