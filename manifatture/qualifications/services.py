"""Writes on the qualified list: applications, verification, renewal, reminders."""

import datetime
import hashlib
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User
from manifatture.directory.models import Membership, Organisation
from manifatture.mail import send_templated_email

from . import conf, queries
from .exceptions import (
    AlreadyListed,
    CriteriaNotDeclared,
    DocumentsMissing,
    NotEligible,
    NotPending,
    PendingApplicationExists,
    RejectionNeedsReason,
    RenewalNotOpen,
)
from .models import Criterion, Document, Entry, Event, Reminder


@dataclass(frozen=True)
class Upload:
    """A document already checked by its content (see forms.DocumentsField)."""

    name: str
    content_type: str
    data: bytes


def _notify_members(entry: Entry, template: str, context: dict) -> None:
    """E-mail the organisation's owners (or all members, if no owner), after commit."""
    memberships = list(
        Membership.objects.filter(organisation=entry.organisation, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    owners = [m for m in memberships if m.role == Membership.Role.OWNER] or memberships
    for membership in owners:
        transaction.on_commit(
            partial(
                send_templated_email,
                [membership.user.email],
                template,
                {"entry": entry, "organisation": entry.organisation, **context},
                membership.user.language,
            )
        )


def apply(
    organisation: Organisation,
    *,
    kind: str,
    criteria: list[Criterion],
    documents: list[Upload],
    submitted_by: User,
    statement: str = "",
    renews: Entry | None = None,
    today: datetime.date | None = None,
) -> Entry:
    """Apply to the list (or renew a listing) with the declared criteria and documents."""
    today = today or timezone.localdate()
    if organisation.category not in queries.ELIGIBLE_CATEGORIES:
        raise NotEligible
    if set(queries.active_criteria()) - set(criteria):
        raise CriteriaNotDeclared
    if not documents:
        raise DocumentsMissing
    window = conf.renewal_window().days
    if renews is not None:
        if renews.organisation_id != organisation.pk or not queries.can_renew(renews, today=today):
            opens = queries.renewal_opens_on(renews)
            raise RenewalNotOpen(
                RenewalNotOpen.default_message
                % {"days": window, "date": date_format(opens, "SHORT_DATE_FORMAT")}
            )
    else:
        current = queries.current_entry_of(organisation, today=today)
        if current is not None and not queries.can_renew(current, today=today):
            raise AlreadyListed(AlreadyListed.default_message % {"days": window})
        renews = current  # applying while the renewal window is open is a renewal
    try:
        with transaction.atomic():
            entry = Entry.objects.create(
                organisation=organisation,
                kind=kind,
                statement=statement,
                renews=renews,
                submitted_by=submitted_by,
            )
            entry.criteria.set(criteria)
            Document.objects.bulk_create(
                Document(
                    entry=entry,
                    name=upload.name,
                    content_type=upload.content_type,
                    size=len(upload.data),
                    sha256=hashlib.sha256(upload.data).hexdigest(),
                    data=upload.data,
                )
                for upload in documents
            )
            Event.objects.create(entry=entry, action=Event.Action.SUBMITTED, actor=submitted_by)
    except IntegrityError as error:
        raise PendingApplicationExists from error
    return entry


def _lock_pending(entry: Entry) -> Entry:
    locked = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("organisation", "renews")
        .get(pk=entry.pk)
    )
    if locked.state != Entry.State.SUBMITTED:
        raise NotPending
    return locked


def approve(entry: Entry, *, by: User, today: datetime.date | None = None) -> Entry:
    """List the organisation. A renewal starts the day after the listing it renews
    expires, so a timely renewal leaves no gap; otherwise validity starts today."""
    today = today or timezone.localdate()
    with transaction.atomic():
        entry = _lock_pending(entry)
        start = today
        if entry.renews is not None and entry.renews.expiry >= today:
            start = entry.renews.expiry + datetime.timedelta(days=1)
        entry.state = Entry.State.APPROVED
        entry.valid_from = start
        entry.expires_on = start + conf.validity() - datetime.timedelta(days=1)
        entry.decided_by = by
        entry.decided_at = timezone.now()
        entry.save(update_fields=["state", "valid_from", "expires_on", "decided_by", "decided_at"])
        Event.objects.create(entry=entry, action=Event.Action.APPROVED, actor=by)
        record_audit_event(
            actor=by,
            action="qualifications.entry_approved",
            target=entry,
            changes={
                "state": [Entry.State.SUBMITTED, Entry.State.APPROVED],
                "valid_from": entry.valid_from,
                "expires_on": entry.expires_on,
            },
        )
        _notify_members(entry, "qualifications/email/approved", {})
    return entry


def reject(entry: Entry, *, by: User, reason: str) -> Entry:
    if not reason.strip():
        raise RejectionNeedsReason
    with transaction.atomic():
        entry = _lock_pending(entry)
        entry.state = Entry.State.REJECTED
        entry.rejection_reason = reason.strip()
        entry.decided_by = by
        entry.decided_at = timezone.now()
        entry.save(update_fields=["state", "rejection_reason", "decided_by", "decided_at"])
        Event.objects.create(
            entry=entry, action=Event.Action.REJECTED, actor=by, note=entry.rejection_reason
        )
        record_audit_event(
            actor=by,
            action="qualifications.entry_rejected",
            target=entry,
            summary=entry.rejection_reason,
            changes={"state": [Entry.State.SUBMITTED, Entry.State.REJECTED]},
        )
        _notify_members(entry, "qualifications/email/rejected", {})
    return entry


def withdraw(entry: Entry, *, by: User) -> Entry:
    with transaction.atomic():
        entry = _lock_pending(entry)
        entry.state = Entry.State.WITHDRAWN
        entry.save(update_fields=["state"])
        Event.objects.create(entry=entry, action=Event.Action.WITHDRAWN, actor=by)
    return entry


def send_expiry_reminders(*, today: datetime.date | None = None) -> int:
    """Remind listed organisations that their entry expires, at each configured
    number of days before (60 and 14 by default), each reminder once. A renewal in
    verification or approved stops the reminders. Safe to run daily; returns how
    many reminders went out."""
    today = today or timezone.localdate()
    thresholds = conf.reminder_days()
    sent = 0
    for entry in queries.entries_due_for_reminder(today=today):
        days_left = (entry.expiry - today).days
        threshold = next(days for days in thresholds if days >= days_left)
        if any(r.days_before == threshold for r in entry.reminders.all()):
            continue
        try:
            with transaction.atomic():
                Reminder.objects.create(entry=entry, days_before=threshold)
                Event.objects.create(
                    entry=entry,
                    action=Event.Action.REMINDED,
                    note=date_format(entry.expiry, "SHORT_DATE_FORMAT"),
                )
                _notify_members(
                    entry,
                    "qualifications/email/expiry_reminder",
                    {
                        "days_left": days_left,
                        "renew_url": settings.SITE_URL.rstrip("/") + entry.get_absolute_url(),
                    },
                )
        except IntegrityError:
            continue  # another run sent it a moment ago
        sent += 1
    return sent
