"""The visitor's statistics profile (where they live, their age band), kept
only with their consent, and erased or deleted when it is withdrawn."""

from django.db import transaction
from django.utils import timezone

from manifatture.accounts.models import Consent, User
from manifatture.accounts.privacy import record_consent
from manifatture.directory.models import Comune, Municipio

from ..models import VisitorProfile


def update_visitor_profile(
    user: User,
    *,
    comune: Comune | None,
    lives_elsewhere: bool,
    age_band: str,
    consent: bool,
    municipio: Municipio | None = None,
) -> VisitorProfile:
    """Save what the visitor tells us for statistics. Nothing is kept without
    their consent: without it the profile is emptied. The consent's time is
    recorded when first given. A Municipio only goes with Milan (a database
    constraint refuses it with any other comune)."""
    if comune is not None:
        lives_elsewhere = False
    with transaction.atomic():
        profile, _created = VisitorProfile.objects.select_for_update().get_or_create(user=user)
        had_consent = profile.statistics_consent_at is not None
        if had_consent != consent:
            record_consent(
                user=user,
                purpose=Consent.Purpose.STATISTICS,
                given=consent,
                source=Consent.Source.PROFILE,
            )
        if consent:
            profile.comune, profile.lives_elsewhere, profile.age_band = (
                comune,
                lives_elsewhere,
                age_band,
            )
            profile.municipio = municipio
            profile.statistics_consent_at = profile.statistics_consent_at or timezone.now()
        else:
            profile.comune, profile.lives_elsewhere, profile.age_band = None, False, ""
            profile.municipio = None
            profile.statistics_consent_at = None
        profile.save()
    return profile


def erase_visitor_profile(user: User) -> None:
    """Delete what the visitor told us for statistics, and their consent."""
    with transaction.atomic():
        if VisitorProfile.objects.filter(user=user, statistics_consent_at__isnull=False).exists():
            record_consent(
                user=user,
                purpose=Consent.Purpose.STATISTICS,
                given=False,
                source=Consent.Source.PROFILE,
            )
        VisitorProfile.objects.filter(user=user).delete()


def delete_visitor_profile(user: User) -> None:
    """The statistics consent was withdrawn elsewhere (the consents page): the
    data it allowed goes."""
    VisitorProfile.objects.filter(user=user).delete()
