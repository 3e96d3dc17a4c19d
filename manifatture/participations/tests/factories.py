import factory
from django.utils import timezone

from manifatture.directory.tests.factories import OrganisationFactory
from manifatture.editions.models import Edition
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations.models import (
    ActivityKind,
    Application,
    ProposedActivity,
    ReviewCriterion,
)


def current_or_new_edition():
    """The current edition if there is one (only one may be current), else a new one."""
    return Edition.objects.filter(is_current=True).first() or EditionFactory()


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    edition = factory.LazyFunction(current_or_new_edition)
    organisation = factory.SubFactory(OrganisationFactory)
    motivation = "Apriamo il nostro reparto di tornitura per mostrare come nasce un pezzo."
    expected_visitors = 60


class SubmittedApplicationFactory(ApplicationFactory):
    state = Application.State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class AcceptedApplicationFactory(SubmittedApplicationFactory):
    state = Application.State.ACCEPTED
    decided_at = factory.LazyFunction(timezone.now)


class ProposedActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposedActivity

    application = factory.SubFactory(ApplicationFactory)
    kind = ActivityKind.GUIDED_VISIT
    title = "Visita al reparto di tornitura"
    capacity = 15
    slots = 2


class ReviewCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCriterion

    edition = factory.LazyFunction(current_or_new_edition)
    name_it = factory.Sequence(lambda n: f"Criterio {n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
