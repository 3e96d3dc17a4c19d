"""Writes about conflicts of interest, for either kind of application. Each app calls
them inside its own transaction, with the application's row locked, and records the
decision in its own history and the audit trail."""

import dataclasses
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from manifatture.accounts.models import User

from . import exceptions
from .models import ConflictRuling
from .queries import Conflict


def declare_conflict(application: Model, *, reviewer: User, note: str = "") -> ConflictRuling:
    """The reviewer's own declaration of a conflict; it replaces staff's ruling, if any."""
    ruling, _created = ConflictRuling.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(application),
        object_id=application.pk,
        reviewer=reviewer,
        defaults={
            "kind": ConflictRuling.Kind.DECLARED,
            "note": note.strip(),
            "decided_by": reviewer,
        },
    )
    return ruling


def clear_conflict(
    application: Model, conflicts: Iterable[Conflict], *, reviewer: User, by: User, reason: str
) -> Conflict:
    """City staff rule that the reviewer's membership of the applicant is no conflict,
    with a reason: `conflicts` are the application's (its app's `conflicts_on`). A
    conflict the reviewer declared is theirs and stays. Returns the conflict, ruled out."""
    reason = reason.strip()
    if not reason:
        raise exceptions.ReasonRequired
    conflict = next((c for c in conflicts if c.reviewer.pk == reviewer.pk), None)
    if conflict is None or not conflict.can_override:
        raise exceptions.NoConflictToOverride
    ruling = ConflictRuling.objects.create(
        content_type=ContentType.objects.get_for_model(application),
        object_id=application.pk,
        reviewer=reviewer,
        kind=ConflictRuling.Kind.CLEARED,
        note=reason,
        decided_by=by,
    )
    return dataclasses.replace(conflict, override=ruling)
