"""Staff publish or refuse a new profile, or a proposed name or description
(recorded in the audit trail)."""

from typing import Any

from django.db import transaction

from manifatture.accounts.audit import record_audit_event
from manifatture.accounts.models import User

from ..exceptions import ModerationReasonRequired, NothingToModerate
from ..models import Organisation
from .profile import refresh_keywords


def approve_organisation(organisation: Organisation, *, by: User) -> Organisation:
    """Staff publish a new profile, or a proposed name or description."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changes = {}
        if organisation.moderation != Organisation.Moderation.APPROVED:
            changes["moderation"] = [organisation.moderation, Organisation.Moderation.APPROVED]
            organisation.moderation = Organisation.Moderation.APPROVED
        elif not organisation.pending_changes:
            raise NothingToModerate
        for name, value in organisation.pending_changes.items():
            changes[name] = [getattr(organisation, name), value]
            setattr(organisation, name, value)
        organisation.pending_changes = {}
        organisation.moderation_note = ""
        organisation.save()
        refresh_keywords(organisation)
        record_audit_event(
            actor=by,
            action="directory.organisation_approved",
            target=organisation,
            changes=changes,
        )
    return organisation


def reject_organisation(organisation: Organisation, *, by: User, reason: str) -> Organisation:
    """Staff refuse a new profile (it stays hidden, its members see why and may
    correct it), or a proposed change (the approved text stays)."""
    reason = reason.strip()
    if not reason:
        raise ModerationReasonRequired
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.moderation == Organisation.Moderation.PENDING:
            changes: dict[str, list[Any]] = {
                "moderation": [organisation.moderation, Organisation.Moderation.REJECTED]
            }
            organisation.moderation = Organisation.Moderation.REJECTED
        elif organisation.pending_changes:
            changes = {"pending_changes": [organisation.pending_changes, {}]}
        else:
            raise NothingToModerate
        organisation.pending_changes = {}
        organisation.moderation_note = reason
        organisation.save()
        record_audit_event(
            actor=by,
            action="directory.organisation_rejected",
            target=organisation,
            summary=reason,
            changes=changes,
        )
    return organisation
