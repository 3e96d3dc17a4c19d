"""Writes about personal data (GDPR): consents, deleting an account, and the
retention rule that anonymises visitors' data of past editions.

The apps to the right of accounts take part through the hooks they register in
`personal_data` (see that module): accounts never imports them.

Anonymising keeps the statistics. An account is never deleted as a row: its
personal fields are erased and it becomes a placeholder (`anonymised_at` set,
no e-mail, no name, no password, not active). Bookings, waiting lists and
ballot entries keep pointing at it, so every figure of the staff dashboard
(seats, distinct visitors, where they come from, age bands, no-shows…) stays
the same, while nothing left says who the person was.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from . import personal_data
from .audit import record_audit_event
from .exceptions import AccountNotDeletable
from .models import AppIoContact, Consent, ExternalIdentity, LoginFailure, RecoveryCode, User

logger = logging.getLogger(__name__)

# Addresses of placeholders: the reserved .invalid top-level domain (RFC 2606)
# can never receive mail.
PLACEHOLDER_DOMAIN = "anonimo.invalid"

OPTIONAL_PURPOSES = (
    Consent.Purpose.HOST_CONTACT,
    Consent.Purpose.STATISTICS,
    Consent.Purpose.NEWSLETTER,
    Consent.Purpose.ACCESS_NEEDS,
    Consent.Purpose.APP_IO,
)


def notice_version() -> str:
    return settings.PRIVACY_NOTICE_VERSION


# Consents --------------------------------------------------------------------------


def record_consent(
    *,
    purpose: str,
    given: bool,
    source: str,
    user: User | None = None,
    email: str = "",
) -> Consent:
    """Add one row to the consent history: who, for what, yes or no, which
    version of the notice was in force, where it was asked."""
    return Consent.objects.create(
        user=user,
        email="" if user is not None else email.strip().lower(),
        purpose=purpose,
        given=given,
        notice_version=notice_version(),
        source=source,
    )


def latest_consents(user: User) -> dict[str, Consent]:
    """The last row per purpose for the person (by account, or by their address
    for the newsletter, which needs no account)."""
    rows = Consent.objects.filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    ).order_by("created_at", "pk")
    latest: dict[str, Consent] = {}
    for consent in rows:
        latest[consent.purpose] = consent
    return latest


def has_consent(user: User, purpose: str) -> bool:
    consent = latest_consents(user).get(purpose)
    return consent is not None and consent.given


def set_consent(user: User, *, purpose: str, given: bool, source: str) -> Consent:
    """Give or withdraw an optional consent. Withdrawing also stops what it
    allowed, through the owning app's handler (e.g. the newsletter stops, the
    visitor profile is emptied)."""
    if purpose not in OPTIONAL_PURPOSES:
        raise ValueError(f"{purpose!r} is not an optional consent")
    with transaction.atomic():
        consent = record_consent(user=user, purpose=purpose, given=given, source=source)
        handler = personal_data.withdrawal_handler(purpose)
        if not given and handler is not None:
            handler(user)
    return consent


def turn_on_app_io(user: User, *, fiscal_code: str) -> Consent:
    """The person asks for booking messages in the IO app too: their fiscal code
    (from the SPID/CIE login) is kept, with their consent; withdrawing the consent
    (set_consent) erases it (accounts.appio.forget)."""
    with transaction.atomic():
        AppIoContact.objects.update_or_create(user=user, defaults={"fiscal_code": fiscal_code})
        return record_consent(
            user=user,
            purpose=Consent.Purpose.APP_IO,
            given=True,
            source=Consent.Source.CONSENTS_PAGE,
        )


def acknowledge_notice(user: User, *, source: str = Consent.Source.NOTICE_UPDATE) -> Consent:
    """The person has read the notice in force (at sign-up, or a new version)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(privacy_accepted_at=timezone.now())
        return record_consent(
            user=user, purpose=Consent.Purpose.PRIVACY_NOTICE, given=True, source=source
        )


def notice_acknowledged(user: User) -> bool:
    """Whether the person has read the version of the notice now in force."""
    return Consent.objects.filter(
        user=user,
        purpose=Consent.Purpose.PRIVACY_NOTICE,
        given=True,
        notice_version=notice_version(),
    ).exists()


# Deleting an account ---------------------------------------------------------------


def deletion_blockers(user: User) -> list[str]:
    """What the person must do before the account can go, as each app says. Being
    an organisation's only owner is not one: the person leaves it, and staff see
    it flagged (directory `Organisation.objects.without_owners()`)."""
    reasons: list[str] = []
    for provider in personal_data.providers():
        if provider.blockers is not None:
            reasons.extend(provider.blockers(user))
    return reasons


def _placeholder_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}@{PLACEHOLDER_DOMAIN}"


def _erase_identity(user: User, *, now: datetime.datetime) -> None:
    """Blank the account's personal fields; what only served the login goes."""
    RecoveryCode.objects.filter(user=user).delete()
    ExternalIdentity.objects.filter(user=user).delete()
    AppIoContact.objects.filter(user=user).delete()
    LoginFailure.objects.filter(email__iexact=user.email).delete()
    # Newsletter consents given by address become the placeholder's (the
    # history of consents stays as proof, without the address).
    Consent.objects.filter(user__isnull=True, email__iexact=user.email).update(user=user, email="")
    user.email = _placeholder_email("cancellato")
    user.full_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.role = User.Role.VISITOR
    user.email_verified_at = None
    user.privacy_accepted_at = None
    user.last_login = None
    user.totp_secret = ""
    user.totp_last_counter = None
    user.second_factor_enabled_at = None
    user.anonymised_at = now
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


@dataclass(frozen=True)
class DeletionResult:
    user_id: int


def delete_account(user: User, *, by: User | None = None) -> DeletionResult:
    """Delete the person's account: future bookings are cancelled (their seats
    go to the waiting lists), what each app holds about them is erased or
    anonymised, the account can no longer log in. Past visits stay, anonymous,
    for the statistics. `by` is staff acting on a request, or None for the
    retention rule; by default the person themselves.

    Refuses (AccountNotDeletable) only while an app reports a blocker, with what
    to do about it."""
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_anonymised:
            return DeletionResult(user.pk)
        reasons = deletion_blockers(user)
        if reasons:
            raise AccountNotDeletable(reasons=reasons)
        # Rightmost apps first: they may still need the person (bookings are
        # cancelled by them) before the apps they depend on erase theirs.
        for provider in reversed(personal_data.providers()):
            if provider.erase is not None:
                provider.erase(user)
        _erase_identity(user, now=now)
        # Recorded after the erasure: the trail names staff, never the person.
        if by is None:
            actor, summary = None, _("Account inattivo cancellato dalla regola di conservazione.")
        elif by.pk == user.pk:
            actor, summary = user, _("Cancellato su richiesta della persona.")
        else:
            actor, summary = by, _("Cancellato dallo staff su richiesta della persona.")
        record_audit_event(
            actor=actor,
            action="accounts.account_deleted",
            target=user,
            target_label=f"#{user.pk}",
            summary=summary,
        )
    return DeletionResult(user.pk)


# Retention of visitors' data -------------------------------------------------------


def retention_cutoff(today: datetime.date | None = None, days: int | None = None) -> datetime.date:
    """Editions that ended before this date are past the retention period."""
    today = today or timezone.localdate()
    days = settings.VISITOR_DATA_RETENTION_DAYS if days is None else days
    return today - datetime.timedelta(days=days)


def create_placeholder(*, now: datetime.datetime | None = None) -> User:
    """An account that names nobody, to hold anonymised visits."""
    user = User(
        email=_placeholder_email("anonimo"),
        full_name="",
        is_active=False,
        anonymised_at=now or timezone.now(),
    )
    user.set_unusable_password()
    user.save()
    return user


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime.date
    visitors: int
    inactive_accounts: int


def _inactive_visitor_accounts(today: datetime.date) -> list[User]:
    days = settings.INACTIVE_ACCOUNT_RETENTION_DAYS
    if not days:
        return []
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.min)
    )
    return list(
        User.objects.alias(last_seen=Coalesce("last_login", "date_joined"))
        .filter(
            role=User.Role.VISITOR,
            is_staff=False,
            is_superuser=False,
            anonymised_at__isnull=True,
            last_seen__lt=since,
        )
        .order_by("pk")
    )


def purge_visitor_data(
    *, today: datetime.date | None = None, days: int | None = None
) -> PurgeResult:
    """Anonymise visitors' data of the editions that ended more than
    VISITOR_DATA_RETENTION_DAYS ago (idempotent: a second run finds nothing).

    Per visitor, their rows of those editions move to a new placeholder account
    with a copy of their statistics profile: the editions' figures stay the
    same, and the visits can no longer be tied to the person (nor to their
    visits of other editions: those editions' "returning visitors" no longer
    count them). The account itself stays, for the editions to come.

    Then visitor accounts unused for INACTIVE_ACCOUNT_RETENTION_DAYS (no login,
    or never verified) are deleted as `delete_account` does; those that cannot
    be (an app reports a blocker) are kept and logged.
    """
    today = today or timezone.localdate()
    cutoff = retention_cutoff(today, days)
    detachers = [
        p.detach_expired
        for p in reversed(personal_data.providers())
        if p.detach_expired is not None
    ]
    visitor_ids: set[int] = set()
    for provider in personal_data.providers():
        if provider.expired_visitors is not None:
            visitor_ids |= provider.expired_visitors(cutoff)
    visitors = list(
        User.objects.filter(pk__in=visitor_ids, anonymised_at__isnull=True).order_by("pk")
    )
    now = timezone.now()
    for visitor in visitors:
        with transaction.atomic():
            placeholder = create_placeholder(now=now)
            for detach in detachers:
                detach(visitor, placeholder, cutoff)
    deleted = 0
    for account in _inactive_visitor_accounts(today):
        if deletion_blockers(account):
            logger.info("Inactive account %s kept: it has duties to hand over", account.pk)
            continue
        delete_account(account, by=None)
        deleted += 1
    if visitors:
        with transaction.atomic():
            record_audit_event(
                actor=None,
                action="accounts.visitor_data_purged",
                summary=_(
                    "Dati di %(visitors)s visitatori delle edizioni terminate prima del "
                    "%(cutoff)s resi anonimi."
                )
                % {"visitors": len(visitors), "cutoff": cutoff.isoformat()},
                changes={"cutoff": cutoff, "visitors": len(visitors)},
            )
    return PurgeResult(cutoff=cutoff, visitors=len(visitors), inactive_accounts=deleted)
