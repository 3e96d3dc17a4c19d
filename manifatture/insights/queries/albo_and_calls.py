"""The figures of the qualified list (albo) and of the calls (bandi)."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from manifatture.calls.models import Application as CallApplication
from manifatture.calls.models import Call
from manifatture.qualifications.models import Entry


def qualified_list_figures() -> list[dict]:
    """Per kind of the qualified list: listed today, waiting for verification, expired,
    rejected."""
    today = timezone.localdate()
    approved = Q(state=Entry.State.APPROVED)
    rows = {
        row["kind"]: row
        for row in Entry.objects.values("kind")
        .annotate(
            listed=Count("pk", filter=approved & Q(valid_from__lte=today, expires_on__gte=today)),
            pending=Count("pk", filter=Q(state=Entry.State.SUBMITTED)),
            expired=Count("pk", filter=approved & Q(expires_on__lt=today)),
            rejected=Count("pk", filter=Q(state=Entry.State.REJECTED)),
        )
        .order_by()
    }
    empty = {"listed": 0, "pending": 0, "expired": 0, "rejected": 0}
    return [{"kind": str(kind.label), **(rows.get(kind.value) or empty)} for kind in Entry.Kind]


def call_figures() -> list[Mapping[str, Any]]:
    """Each published call with its applications (submitted, admissible, awarded)."""
    state = CallApplication.State
    sent = ~Q(applications__state=state.DRAFT)
    return list(
        Call.objects.exclude(status=Call.Status.DRAFT)
        .annotate(
            submitted=Count("applications", filter=sent),
            admissible=Count(
                "applications",
                filter=Q(
                    applications__state__in=[
                        state.ADMISSIBLE,
                        state.AWARDED,
                        state.NOT_AWARDED,
                    ]
                ),
            ),
            awarded=Count("applications", filter=Q(applications__state=state.AWARDED)),
        )
        .values("title_it", "kind", "status", "closes_at", "submitted", "admissible", "awarded")
        .order_by("-closes_at", "title_it")
    )
