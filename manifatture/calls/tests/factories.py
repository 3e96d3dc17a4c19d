import datetime

import factory
from django.utils import timezone

from manifatture.calls.models import (
    Application,
    Call,
    CallCriterion,
    CallDocumentRequirement,
    CommitteeMember,
)


def now():
    return timezone.now()


class CallFactory(factory.django.DjangoModelFactory):
    """A published investment-support call, open now for ten days."""

    class Meta:
        model = Call

    kind = Call.Kind.INVESTMENT
    title_it = factory.Sequence(lambda n: f"Bando Manifattura Milano {n}")
    slug = factory.Sequence(lambda n: f"bando-manifattura-milano-{n}")
    summary_it = "Contributi fino a 20.000 euro per macchinari e digitalizzazione."
    ateco_sections = factory.LazyFunction(lambda: ["C"])
    requires_metro_seat = True
    budget = 50000
    max_grant = 20000
    opens_at = factory.LazyFunction(lambda: now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: now() + datetime.timedelta(days=10))
    results_at = factory.LazyFunction(lambda: now() + datetime.timedelta(days=40))
    status = Call.Status.PUBLISHED
    published_at = factory.LazyFunction(now)


class DraftCallFactory(CallFactory):
    status = Call.Status.DRAFT
    published_at = None


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallCriterion

    call = factory.SubFactory(CallFactory)
    name_it = factory.Sequence(lambda n: f"Qualità del progetto {n}")
    weight = 1
    max_points = 10
    position = factory.Sequence(int)


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallDocumentRequirement

    call = factory.SubFactory(CallFactory)
    name_it = "Piano di investimento"
    required = True
    allowed_types = factory.LazyFunction(lambda: ["pdf"])
    max_size_mb = 1


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with a project and an amount (answers are added by tests)."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory("manifatture.directory.tests.factories.OrganisationFactory")
    project_summary = "Un nuovo tornio a controllo numerico per piccole serie."
    amount_requested = 10000


class SubmittedApplicationFactory(ApplicationFactory):
    state = Application.State.SUBMITTED
    submitted_at = factory.LazyFunction(now)
    protocol_seq = factory.Sequence(lambda n: n + 1)
    protocol = factory.LazyAttribute(lambda o: f"MA-2026-{o.protocol_seq:06d}")


class AdmissibleApplicationFactory(SubmittedApplicationFactory):
    state = Application.State.ADMISSIBLE


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    call = factory.SubFactory(CallFactory)
    reviewer = factory.SubFactory("manifatture.accounts.tests.factories.ReviewerFactory")
