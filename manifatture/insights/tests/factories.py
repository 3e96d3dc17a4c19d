import factory

from manifatture.activities.tests.factories import square
from manifatture.directory.models import Nil


class NilFactory(factory.django.DjangoModelFactory):
    """A NIL with a small square boundary (the flag is what the figures read)."""

    class Meta:
        model = Nil
        django_get_or_create = ("id",)

    id = factory.Sequence(lambda n: n % 88 + 1)
    name = factory.Sequence(lambda n: f"QUARTIERE {n}")
    geometry = factory.LazyFunction(lambda: square(9.2, 45.46))
    min_latitude = 45.45
    max_latitude = 45.47
    min_longitude = 9.19
    max_longitude = 9.21
    centroid_latitude = 45.46
    centroid_longitude = 9.2
    is_periphery = False
