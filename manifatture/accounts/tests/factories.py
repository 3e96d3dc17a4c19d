import factory
from django.utils import timezone

from manifatture.accounts.models import User

PASSWORD = "una-password-di-prova-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@esempio.it")
    full_name = factory.Faker("name", locale="it_IT")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ReviewerFactory(UserFactory):
    role = User.Role.REVIEWER


class StaffFactory(UserFactory):
    role = User.Role.CITY_STAFF
