"""Reads of accounts: a person's data for download, and the audit trail for staff."""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import personal_data
from .models import AuditEvent, Consent, ExternalIdentity, LoginFailure, User


def _moment(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_account(user: User) -> dict[str, Any]:
    """What accounts holds about the person: the account, sign-in data, consents,
    the decisions they recorded in the audit trail."""
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "role": user.role,
            "language": user.language,
            "date_joined": _moment(user.date_joined),
            "last_login": _moment(user.last_login),
            "email_verified_at": _moment(user.email_verified_at),
            "privacy_accepted_at": _moment(user.privacy_accepted_at),
            "second_factor_enabled_at": _moment(user.second_factor_enabled_at),
            "has_password": user.has_usable_password(),
        },
        "app_io": (
            {
                "fiscal_code": user.app_io_contact.fiscal_code,
                "since": _moment(user.app_io_contact.created_at),
            }
            if hasattr(user, "app_io_contact")
            else None
        ),
        "external_identities": [
            {
                "issuer": identity.issuer,
                "subject": identity.subject,
                "linked_at": _moment(identity.created_at),
                "last_login_at": _moment(identity.last_login_at),
            }
            for identity in ExternalIdentity.objects.filter(user=user).order_by("pk")
        ],
        "failed_logins": [
            {
                "kind": failure.kind,
                "ip_address": failure.ip_address,
                "at": _moment(failure.created_at),
            }
            for failure in LoginFailure.objects.filter(email__iexact=user.email).order_by("pk")
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "given": consent.given,
                "notice_version": consent.notice_version,
                "source": consent.source,
                "at": _moment(consent.created_at),
            }
            for consent in Consent.objects.filter(
                Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
            ).order_by("created_at", "pk")
        ],
        "decisions_recorded": [
            {
                "action": event.action,
                "object_type": event.object_type,
                "object_id": event.object_id,
                "object": event.object_label,
                "summary": event.summary,
                "at": _moment(event.created_at),
                "ip_address": event.ip_address,
            }
            for event in AuditEvent.objects.filter(actor=user).order_by("created_at", "pk")
        ],
    }


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, one section per app
    (each app's own exporter, registered in personal_data)."""
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
    }
    for provider in personal_data.providers():
        if provider.export is not None:
            data[provider.app_label] = provider.export(user)
    return data


# Audit trail -----------------------------------------------------------------------


def audit_events(
    *,
    actor: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The trail, newest first, narrowed by who (name or e-mail, as recorded),
    what and when (local dates, both ends included)."""
    events = AuditEvent.objects.all()
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(created_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(created_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return events.order_by("-created_at", "-pk")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
