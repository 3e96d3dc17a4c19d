import decimal

import factory

from manifatture.directory.tests.factories import ComuneFactory
from manifatture.spaces.models import Space, SpaceStatusChange


class SpaceFactory(factory.django.DjangoModelFactory):
    """A published, available space in Lambrate (Municipio 3), not yet located."""

    class Meta:
        model = Space
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ex magazzino comunale {n}")
    slug = factory.Sequence(lambda n: f"ex-magazzino-comunale-{n}")
    description_it = "Capannone a un piano con cortile e accesso carrabile."
    address = "Via Conte Rosso 12"
    postcode = "20134"
    comune = factory.SubFactory(ComuneFactory)
    latitude = decimal.Decimal("45.484200")
    longitude = decimal.Decimal("9.239900")
    surface_m2 = 420
    floors = 1
    condition = Space.Condition.FAIR
    current_use = "Vuoto"
    status = Space.Status.AVAILABLE
    is_published = True

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            SpaceStatusChange.objects.create(space=obj, from_status="", to_status=obj.status)
