"""Every write on editions."""

from django.db import transaction

from manifatture.accounts.audit import field_changes, record_audit_event
from manifatture.accounts.models import User

from .exceptions import NotAllowed
from .models import Edition


def _require_staff(user: User) -> None:
    if not user.is_city_staff:
        raise NotAllowed


def save_edition(edition: Edition, *, by: User) -> Edition:
    """Create or change an edition. Its phase dates must follow one another
    (Edition.clean): a ValidationError names the field that is out of order."""
    _require_staff(by)
    edition.full_clean(exclude=["is_current"])
    with transaction.atomic():
        before = Edition.objects.filter(pk=edition.pk).first() if edition.pk else None
        edition.save()
        fields = [
            field.name
            for field in Edition._meta.concrete_fields
            if not field.primary_key and field.name != "is_current"
        ]
        changes = field_changes(before, edition, fields)
        if changes:
            record_audit_event(
                actor=by, action="editions.edition_saved", target=edition, changes=changes
            )
    return edition


def make_current(edition: Edition, *, by: User | None = None) -> Edition:
    """Make `edition` the current one; the previous current edition stops being so.

    Both changes happen in one transaction; the partial unique constraint
    `edition_one_current` refuses a second current edition whatever the path.
    """
    if by is not None:
        _require_staff(by)
    with transaction.atomic():
        # Lock the current edition so that two staff members cannot race each other.
        list(Edition.objects.select_for_update().filter(is_current=True))
        previous = list(
            Edition.objects.filter(is_current=True)
            .exclude(pk=edition.pk)
            .values_list("year", flat=True)
        )
        Edition.objects.filter(is_current=True).exclude(pk=edition.pk).update(is_current=False)
        Edition.objects.filter(pk=edition.pk).update(is_current=True)
        if by is not None:  # not the demo loader
            record_audit_event(
                actor=by,
                action="editions.edition_made_current",
                target=edition,
                changes={"previous_current": previous},
            )
    edition.is_current = True
    return edition
