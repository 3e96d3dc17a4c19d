from django.db.models import Avg, Count, Q, QuerySet

from .models import AccessibilityStatement, FaqEntry, PageRating


def current_statement() -> AccessibilityStatement | None:
    return AccessibilityStatement.objects.order_by("-evaluated_on", "-pk").first()


def published_faq() -> dict[str, list[FaqEntry]]:
    groups: dict[str, list[FaqEntry]] = {value: [] for value in FaqEntry.Audience.values}
    for entry in FaqEntry.objects.filter(published=True):
        groups[entry.audience].append(entry)
    return groups


def ratings_by_page() -> QuerySet:
    """Per page: how many ratings, their average, how many below 4, the latest."""
    return (
        PageRating.objects.values("path")
        .annotate(
            ratings=Count("pk"),
            average=Avg("score"),
            low=Count("pk", filter=Q(score__lt=4)),
        )
        .order_by("average", "-ratings", "path")
    )


def low_ratings(path: str) -> QuerySet[PageRating]:
    return PageRating.objects.filter(path=path, score__lt=4).order_by("-created_at")
