"""Access needs (health data): kept only with explicit consent, deleted when it
is withdrawn."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from manifatture.accounts.models import Consent, User
from manifatture.accounts.privacy import record_consent

from ..exceptions import AccessNeedsConsentMissing
from ..models import AccessNeeds
from .seats import _lock_visitor


def save_access_needs(user: User, *, needs: Sequence[str], consent: bool) -> AccessNeeds:
    """Keep the visitor's access needs (AccessNeeds.NEEDS) in their profile.
    Only with their explicit consent, recorded in the consent history the first
    time: without it nothing is written (AccessNeedsConsentMissing)."""
    if not consent:
        raise AccessNeedsConsentMissing
    chosen = set(needs)
    values = {need: need in chosen for need in AccessNeeds.NEEDS}
    with transaction.atomic():
        _lock_visitor(user)
        current = AccessNeeds.objects.filter(user=user).first()
        if current is None:
            record_consent(
                user=user,
                purpose=Consent.Purpose.ACCESS_NEEDS,
                given=True,
                source=Consent.Source.PROFILE,
            )
            return AccessNeeds.objects.create(user=user, consent_at=timezone.now(), **values)
        for need, value in values.items():
            setattr(current, need, value)
        current.save()
        return current


def delete_access_needs(user: User) -> None:
    """The consent to keep access needs was withdrawn (here or on the consents
    page, accounts.privacy.set_consent): they are deleted, not kept anywhere."""
    AccessNeeds.objects.filter(user=user).delete()
