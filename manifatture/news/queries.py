"""Reads of the portal, and who may see what: drafts and items with a future
publication date are for city staff only."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from manifatture.accounts.models import User

from .models import Article, CaseStudy, NewsImage, NewsletterIssue, Opportunity, Subscriber


def published_articles() -> QuerySet[Article]:
    return Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
    ).order_by("-published_at", "-pk")


def published_case_studies() -> QuerySet[CaseStudy]:
    return (
        CaseStudy.objects.filter(
            status=CaseStudy.Status.PUBLISHED, published_at__lte=timezone.now()
        )
        .select_related("organisation")
        .order_by("-published_at", "-pk")
    )


def _for_viewer(public: QuerySet, every: QuerySet, user: User | AnonymousUser, slug: str):
    queryset = every if user.is_authenticated and user.is_city_staff else public
    item = queryset.filter(slug=slug).first()
    if item is None:
        raise Http404
    return item


def get_article_for_viewer(user: User | AnonymousUser, slug: str) -> Article:
    """The article, if this person may read it (staff also see drafts)."""
    return _for_viewer(published_articles(), Article.objects.all(), user, slug)


def get_case_study_for_viewer(user: User | AnonymousUser, slug: str) -> CaseStudy:
    return _for_viewer(
        published_case_studies(), CaseStudy.objects.select_related("organisation"), user, slug
    )


def latest_publications(limit: int = 20) -> list[Article | CaseStudy]:
    """Articles and case studies together, newest first (for the feed)."""
    items: list[Article | CaseStudy] = [
        *published_articles()[:limit],
        *published_case_studies()[:limit],
    ]
    items.sort(key=lambda item: (item.published_at, item.pk), reverse=True)
    return items[:limit]


def _last_day():
    # The last day an opportunity is still of use: the latest of its dates.
    # Each Coalesce is never null (an opportunity has at least one date), so
    # Greatest never meets a null.
    return Greatest(
        Coalesce("deadline", "ends_on", "starts_on"),
        Coalesce("ends_on", "starts_on", "deadline"),
        Coalesce("starts_on", "deadline", "ends_on"),
    )


def current_opportunities(*, today: datetime.date | None = None) -> QuerySet[Opportunity]:
    """Opportunities not yet past, those ending first first."""
    today = today or timezone.localdate()
    return (
        Opportunity.objects.annotate(last_day=_last_day())
        .filter(last_day__gte=today)
        .order_by("last_day", "pk")
    )


def all_opportunities() -> QuerySet[Opportunity]:
    return Opportunity.objects.annotate(last_day=_last_day()).order_by("-last_day", "-pk")


def recent_images(limit: int = 24) -> QuerySet[NewsImage]:
    return NewsImage.objects.order_by("-created_at", "-pk")[:limit]


def active_subscribers() -> QuerySet[Subscriber]:
    """Confirmed and not unsubscribed: the only ones who count."""
    return Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


def active_subscriber_counts() -> dict[str, int]:
    """How many confirmed subscribers read in each language."""
    rows = active_subscribers().values("language").annotate(n=Count("pk")).order_by("language")
    return {row["language"]: row["n"] for row in rows}


def newsletter_issues() -> QuerySet[NewsletterIssue]:
    return NewsletterIssue.objects.order_by("-created_at", "-pk")


# Personal data (accounts.personal_data) --------------------------------------------


def export_personal_data(user: User) -> dict:
    """The newsletter subscription of the account's address, and what the person
    wrote on the portal (staff)."""
    subscriber = Subscriber.objects.filter(email__iexact=user.email).first()
    return {
        "newsletter": {
            "email": subscriber.email,
            "language": subscriber.language,
            "consented_at": subscriber.consented_at.isoformat(),
            "confirmed_at": subscriber.confirmed_at.isoformat()
            if subscriber.confirmed_at
            else None,
            "unsubscribed_at": subscriber.unsubscribed_at.isoformat()
            if subscriber.unsubscribed_at
            else None,
        }
        if subscriber is not None
        else None,
        "articles_written": list(
            Article.objects.filter(author=user).order_by("pk").values_list("title_it", flat=True)
        ),
    }
