import datetime

import factory
from django.utils import timezone

from manifatture.directory.tests.factories import OrganisationFactory
from manifatture.news.models import (
    Article,
    CaseStudy,
    NewsletterIssue,
    Opportunity,
    Subscriber,
)


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, out since yesterday."""

    class Meta:
        model = Article

    title_it = factory.Sequence(lambda n: f"Nuovi laboratori a Lambrate {n}")
    slug = factory.Sequence(lambda n: f"nuovi-laboratori-lambrate-{n}")
    summary_it = "Tre laboratori aprono nel quartiere."
    body_it = "Il quartiere cresce."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: _ago(1))


class DraftArticleFactory(ArticleFactory):
    status = Article.Status.DRAFT


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    organisation = factory.SubFactory(OrganisationFactory)
    title_it = factory.Sequence(lambda n: f"La fabbrica che rinasce {n}")
    slug = factory.Sequence(lambda n: f"fabbrica-che-rinasce-{n}")
    summary_it = "Da capannone vuoto a laboratorio condiviso."
    body_it = "La storia."
    status = CaseStudy.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: _ago(1))


class OpportunityFactory(factory.django.DjangoModelFactory):
    """An event next week."""

    class Meta:
        model = Opportunity

    kind = Opportunity.Kind.EVENT
    title_it = factory.Sequence(lambda n: f"Open day al fablab {n}")
    summary_it = "Una giornata per conoscere le macchine."
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    url = "https://esempio.it/open-day"


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"lettore{n}@esempio.it")
    language = "it"
    source = Subscriber.Source.PORTAL
    consented_at = factory.LazyFunction(lambda: _ago(3))
    confirmed_at = factory.LazyFunction(lambda: _ago(2))


class NewsletterIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterIssue

    subject_it = "Le novità di novembre"
    body_it = "Ciao! Leggete **le novità**."
