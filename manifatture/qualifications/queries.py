import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from manifatture.accounts.models import User
from manifatture.directory.models import Membership, Organisation, Site

from . import conf
from .models import Criterion, Document, Entry

# Organisation categories that may apply.
ELIGIBLE_CATEGORIES = {
    Organisation.Category.FABLAB,
    Organisation.Category.INNOVATION_HUB,
    Organisation.Category.COWORKING,
}


def active_criteria() -> QuerySet[Criterion]:
    return Criterion.objects.filter(is_active=True)


def current_entries(*, today: datetime.date | None = None) -> QuerySet[Entry]:
    """The listed entries: approved, and today within their validity. Expired ones drop
    off by this date test alone (directory.search.qualified_organisations is the same rule)."""
    today = today or timezone.localdate()
    return Entry.objects.filter(
        state=Entry.State.APPROVED, valid_from__lte=today, expires_on__gte=today
    )


def public_list(*, kind: str = "", today: datetime.date | None = None) -> QuerySet[Entry]:
    """The published list, by organisation name, with each one's sites."""
    entries = current_entries(today=today).filter(
        organisation__in=Organisation.objects.listed().values("pk")
    )
    if kind:
        entries = entries.filter(kind=kind)
    return (
        entries.select_related("organisation")
        .prefetch_related(
            Prefetch(
                "organisation__sites",
                queryset=Site.objects.with_places().order_by("name", "pk"),
            )
        )
        .order_by("organisation__name", "pk")
    )


def current_entry_of(
    organisation: Organisation, *, today: datetime.date | None = None
) -> Entry | None:
    """The listing in force (the one expiring last, if a renewal already started)."""
    return (
        current_entries(today=today)
        .filter(organisation=organisation)
        .order_by("-expires_on")
        .first()
    )


def renewal_opens_on(entry: Entry) -> datetime.date:
    return entry.expiry - conf.renewal_window()


def can_renew(entry: Entry, *, today: datetime.date | None = None) -> bool:
    """An approved entry may be renewed from the window's opening until its expiry,
    once (a pending or approved renewal closes it)."""
    today = today or timezone.localdate()
    return (
        entry.state == Entry.State.APPROVED
        and renewal_opens_on(entry) <= today <= entry.expiry
        and not entry.renewals.filter(
            state__in=[Entry.State.SUBMITTED, Entry.State.APPROVED]
        ).exists()
    )


def eligible_organisations_of(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        memberships__user=user, category__in=ELIGIBLE_CATEGORIES
    ).order_by("name")


def entries_of_user(user: User) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(organisation__memberships__user=user)
        .select_related("organisation")
        .order_by("-submitted_at", "-pk")
    )


def pending_entries() -> QuerySet[Entry]:
    return (
        Entry.objects.filter(state=Entry.State.SUBMITTED)
        .select_related("organisation", "renews", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def recent_decisions(limit: int = 20) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(decided_at__isnull=False)
        .select_related("organisation", "decided_by")
        .order_by("-decided_at")[:limit]
    )


def _may_see(user: User, organisation_id: int) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_city_staff:
        return True
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def get_entry_for_user(user: User, pk: int) -> Entry:
    """An entry, for its organisation's members and city staff only (404, 403)."""
    entry = get_object_or_404(
        Entry.objects.select_related("organisation", "renews", "submitted_by", "decided_by"),
        pk=pk,
    )
    if not _may_see(user, entry.organisation_id):
        raise PermissionDenied
    return entry


def get_document_for_user(user: User, pk: int) -> Document:
    """A document, for the applicant organisation's members and city staff only."""
    document = get_object_or_404(Document.objects.select_related("entry"), pk=pk)
    if not _may_see(user, document.entry.organisation_id):
        raise PermissionDenied
    return document


def documents_of(entry: Entry) -> QuerySet[Document]:
    return entry.documents.defer("data")


def entries_due_for_reminder(*, today: datetime.date) -> QuerySet[Entry]:
    """Approved entries expiring within the longest reminder period and not renewed."""
    longest = max(conf.reminder_days())
    return (
        current_entries(today=today)
        .filter(expires_on__lte=today + datetime.timedelta(days=longest))
        .exclude(renewals__state__in=[Entry.State.SUBMITTED, Entry.State.APPROVED])
        .select_related("organisation")
        .prefetch_related("reminders")
        .order_by("expires_on", "pk")
    )


# Personal data (accounts.personal_data) --------------------------------------------


def export_personal_data(user: User) -> dict:
    """Applications to the qualified list the person submitted."""
    return {
        "entries_submitted": [
            {
                "id": entry.pk,
                "organisation": entry.organisation.name,
                "kind": entry.kind,
                "state": entry.state,
                "statement": entry.statement,
                "submitted_at": entry.submitted_at.isoformat(),
            }
            for entry in Entry.objects.filter(submitted_by=user)
            .select_related("organisation")
            .order_by("pk")
        ]
    }
