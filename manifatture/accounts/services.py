"""Writes on accounts: sign-up, e-mail verification, failed-login counts,
the second factor, identities from an OpenID Connect provider."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from manifatture import outreach
from manifatture.mail import send_templated_email

from . import second_factor
from .exceptions import (
    AccountInactive,
    EmailAlreadyRegistered,
    ExpiredVerificationLink,
    ExternalEmailNotVerified,
    InvalidSecondFactorCode,
    InvalidVerificationLink,
    LoginLocked,
    SecondFactorLocked,
)
from .models import Consent, ExternalIdentity, LoginFailure, RecoveryCode, User
from .privacy import record_consent

VERIFICATION_SALT = "manifatture.accounts.verify-email"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def sign_up(
    *,
    email: str,
    full_name: str,
    password: str,
    sender_key: str,
    language: str = "",
    next_url: str = "",
) -> User | None:
    """The sign-up form, answering the same whether or not the address has an
    account: a new address gets an account and the link that verifies it; an
    address that has one gets a message telling its owner (log in, or reset
    the password), and nothing changes. Both cost one password hash, so not
    even the time tells. Returns the new account, None for an existing one.

    `next_url` (a path of this site, checked by the view) is where the person
    was going, a booking say: both e-mails' links lead back there after login.

    Raises outreach.SenderLimitReached when `sender_key` (who fills in the
    form) has asked too many times, counted before the address is looked at.
    """
    email = normalize_email(email)
    outreach.count_sender("signup", sender_key=sender_key)
    if not User.objects.filter(email__iexact=email).exists():
        try:
            return register_user(
                email=email,
                full_name=full_name,
                password=password,
                language=language,
                next_url=next_url,
            )
        except EmailAlreadyRegistered:
            pass  # signed up a moment ago by another request: as below
    make_password(password)  # what creating the account would have cost
    owner = User.objects.filter(email__iexact=email, is_active=True).first()
    if owner is not None:
        _tell_owner_of_signup(owner, next_url=next_url)
    return None


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _tell_owner_of_signup(owner: User, *, next_url: str = "") -> None:
    try:
        outreach.allow_recipient("signup-existing", recipient=owner.email)
    except outreach.AimedEmailRefused:
        return  # the owner has been told enough today; the form answers the same
    language = owner.language
    base = settings.SITE_URL.rstrip("/")
    context = {
        "user": owner,
        "login_url": _with_next(base + reverse("accounts:login"), next_url),
        "password_reset_url": base + reverse("accounts:password_reset"),
    }
    with transaction.atomic():
        transaction.on_commit(
            lambda: send_templated_email(
                [owner.email], "accounts/email/signup_existing", context, language
            )
        )


def register_user(
    *,
    email: str,
    full_name: str,
    password: str,
    language: str = "",
    send_verification: bool = True,
    next_url: str = "",
) -> User:
    """Create an account that cannot log in until its address is verified.

    Registering means accepting the privacy notice (the sign-up form requires
    it), so the moment is recorded. The verification e-mail goes out once the
    account is saved; demo data and tests may skip it.
    """
    email = normalize_email(email)
    try:
        with transaction.atomic():
            if User.objects.filter(email__iexact=email).exists():
                raise EmailAlreadyRegistered
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name.strip(),
                privacy_accepted_at=timezone.now(),
                language=(language or translation.get_language() or "it")[:2],
            )
            record_consent(
                user=user,
                purpose=Consent.Purpose.PRIVACY_NOTICE,
                given=True,
                source=Consent.Source.SIGNUP,
            )
            if send_verification:
                _send_verification_on_commit(user, kind="signup", next_url=next_url)
    except IntegrityError as error:
        # Two sign-ups with the same address at the same moment: the
        # case-insensitive unique constraint lets only one through.
        raise EmailAlreadyRegistered from error
    return user


def make_verification_token(user: User) -> str:
    # The address is signed too, so a link stops working if the address changes.
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFICATION_SALT)


def verification_valid_days() -> int:
    return max(1, settings.EMAIL_VERIFICATION_MAX_AGE // 86400)


def verification_url(user: User, *, next_url: str = "") -> str:
    """The link that verifies the address; with `next_url`, the login it leads
    to goes on there (the verification view checks it again, as any `next`)."""
    path = reverse("accounts:verify_email", kwargs={"token": make_verification_token(user)})
    return _with_next(settings.SITE_URL.rstrip("/") + path, next_url)


def _send_verification_on_commit(user: User, *, kind: str, next_url: str = "") -> None:
    """Queue the link that verifies the address, unless a link sent before is
    still valid or the address had enough messages (outreach): the forms
    answer the same either way."""
    try:
        outreach.allow_recipient(
            kind, recipient=user.email, link_valid_for=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except outreach.AimedEmailRefused:
        return
    language = user.language
    transaction.on_commit(
        lambda: send_templated_email(
            [user.email],
            "accounts/email/verify",
            {
                "user": user,
                "verification_url": verification_url(user, next_url=next_url),
                "valid_days": verification_valid_days(),
            },
            language,
        )
    )


def resend_verification(email: str, *, sender_key: str, next_url: str = "") -> None:
    """Send a new link if `email` belongs to an account still to verify, and no
    link sent before is still valid; silent otherwise, so the form does not
    tell strangers which addresses have an account. Raises
    outreach.SenderLimitReached when `sender_key` asked too many times."""
    outreach.count_sender("verification", sender_key=sender_key)
    user = User.objects.filter(
        email__iexact=normalize_email(email), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is not None:
        with transaction.atomic():
            _send_verification_on_commit(user, kind="verification", next_url=next_url)


def verify_email(user: User) -> User:
    """Mark the address as verified (idempotent: the first moment is kept)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
            email_verified_at=timezone.now()
        )
        user.refresh_from_db(fields=["email_verified_at"])
    outreach.forget_link("verification", user.email)
    return user


def verify_email_token(token: str) -> User:
    """The account whose address the signed link verifies, now verified."""
    try:
        data = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise ExpiredVerificationLink from error
    except signing.BadSignature as error:
        raise InvalidVerificationLink from error
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise InvalidVerificationLink
    user = User.objects.filter(pk=data["user"], email=data.get("email")).first()
    if user is None or not user.is_active:
        raise InvalidVerificationLink
    return verify_email(user)


def set_language_preference(user: User, *, language: str) -> None:
    User.objects.filter(pk=user.pk).update(language=language)


# Logging in ------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordCheck:
    user: User | None  # the account, when the password is right and it may log in
    unverified: bool  # the password is right, but the address is still to verify


def check_password_login(*, email: str, password: str) -> PasswordCheck:
    """Check an e-mail and password with exactly one password hash, whether
    the account exists, is verified, inactive or not: the time a login takes
    tells nothing about the address."""
    candidate = User.objects.filter(email__iexact=normalize_email(email)).first()
    if candidate is None:
        make_password(password)  # what checking a password costs
        return PasswordCheck(user=None, unverified=False)
    if not candidate.check_password(password) or not candidate.is_active:
        return PasswordCheck(user=None, unverified=False)
    if not candidate.email_verified:
        return PasswordCheck(user=None, unverified=True)
    return PasswordCheck(user=candidate, unverified=False)


# Failed logins ---------------------------------------------------------------


def _lockout_window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def check_not_locked(*, email: str, ip_address: str | None, kind: str) -> None:
    """Raise while this address (typed, whether or not it has an account) or
    this IP address has had too many failures in the last minutes."""
    since = _lockout_window_start()
    recent = LoginFailure.objects.filter(kind=kind, created_at__gte=since)
    locked = LoginLocked if kind == LoginFailure.Kind.PASSWORD else SecondFactorLocked
    if recent.filter(email=normalize_email(email)).count() >= settings.LOGIN_FAILURE_LIMIT:
        raise locked
    if (
        ip_address
        and recent.filter(ip_address=ip_address).count() >= settings.LOGIN_IP_FAILURE_LIMIT
    ):
        raise locked


def record_login_failure(*, email: str, ip_address: str | None, kind: str) -> LoginFailure:
    with transaction.atomic():
        # Rows older than the window no longer count: keep the table small.
        LoginFailure.objects.filter(created_at__lt=_lockout_window_start()).delete()
        return LoginFailure.objects.create(
            kind=kind, email=normalize_email(email)[:254], ip_address=ip_address or None
        )


def clear_login_failures(*, email: str, kind: str = LoginFailure.Kind.PASSWORD) -> None:
    """A successful login, or a password reset, unlocks the account (not the IP address)."""
    LoginFailure.objects.filter(kind=kind, email=normalize_email(email)).delete()


# Second factor ---------------------------------------------------------------


def _create_recovery_codes(user: User) -> list[str]:
    codes = second_factor.new_recovery_codes()
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=second_factor.hash_recovery_code(code)) for code in codes
    )
    return codes


def enable_second_factor(
    user: User, *, secret: str, code: str, ip_address: str | None = None
) -> list[str]:
    """Turn on (or move to a new phone) the second factor once a code from the
    app proves the secret was stored. Returns the new recovery codes, in clear
    for this once only."""
    kind = LoginFailure.Kind.SECOND_FACTOR
    check_not_locked(email=user.email, ip_address=ip_address, kind=kind)
    counter = second_factor.matching_counter(secret, second_factor.normalize_code(code))
    if counter is None:
        record_login_failure(email=user.email, ip_address=ip_address, kind=kind)
        raise InvalidSecondFactorCode
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            totp_secret=secret, totp_last_counter=counter, second_factor_enabled_at=timezone.now()
        )
        codes = _create_recovery_codes(user)
    user.refresh_from_db(fields=["totp_secret", "totp_last_counter", "second_factor_enabled_at"])
    clear_login_failures(email=user.email, kind=kind)
    return codes


def verify_second_factor(user: User, *, code: str, ip_address: str | None = None) -> str:
    """Accept a code from the app (each time step once: a code seen before is
    refused) or an unused recovery code (then spent). Returns "totp" or "recovery"."""
    kind = LoginFailure.Kind.SECOND_FACTOR
    check_not_locked(email=user.email, ip_address=ip_address, kind=kind)
    code = second_factor.normalize_code(code)
    used = ""
    if second_factor.is_totp_code(code):
        counter = second_factor.matching_counter(user.totp_secret, code)
        # A conditional update: two requests with the same code, one wins.
        if counter is not None and User.objects.filter(
            Q(totp_last_counter__isnull=True) | Q(totp_last_counter__lt=counter),
            pk=user.pk,
            second_factor_enabled_at__isnull=False,
        ).update(totp_last_counter=counter):
            used = "totp"
    elif code and RecoveryCode.objects.filter(
        user=user, code_hash=second_factor.hash_recovery_code(code), used_at__isnull=True
    ).update(used_at=timezone.now()):
        used = "recovery"
    if not used:
        record_login_failure(email=user.email, ip_address=ip_address, kind=kind)
        raise InvalidSecondFactorCode
    clear_login_failures(email=user.email, kind=kind)
    return used


def regenerate_recovery_codes(user: User) -> list[str]:
    with transaction.atomic():
        return _create_recovery_codes(user)


def disable_second_factor(user: User) -> None:
    """Turn it off (people who chose it; staff must keep it), or reset it for
    someone who lost their phone (staff, in the admin)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            totp_secret="", totp_last_counter=None, second_factor_enabled_at=None
        )
        RecoveryCode.objects.filter(user=user).delete()
    user.refresh_from_db(fields=["totp_secret", "totp_last_counter", "second_factor_enabled_at"])


# Identities from an OpenID Connect provider -----------------------------------


def external_email(claims: dict[str, Any]) -> str:
    """The e-mail address the provider vouches for, or "" when it does not."""
    email = claims.get("email")
    verified = claims.get("email_verified")
    # Some providers send the boolean as a string.
    if isinstance(email, str) and email.strip() and verified in (True, "true"):
        return normalize_email(email)
    return ""


def external_full_name(claims: dict[str, Any]) -> str:
    name = claims.get("name") or " ".join(
        str(part) for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    return " ".join(str(name).split())[:150]


def find_user_for_external_identity(*, issuer: str, claims: dict[str, Any]) -> User | None:
    """The account these verified claims open: the one already tied to
    (issuer, sub); else, the first time, the account whose address the provider
    confirms as verified (then tied to it). None when there is no such account:
    a new one needs the person's consent first. Never links by an unverified address."""
    subject = str(claims["sub"])
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is not None:
        user = identity.user
    else:
        email = external_email(claims)
        if not email:
            raise ExternalEmailNotVerified
        found = User.objects.filter(email__iexact=email).first()
        if found is None:
            return None
        user = found
        if not user.is_active:
            raise AccountInactive
        with transaction.atomic():
            identity, _ = ExternalIdentity.objects.get_or_create(
                issuer=issuer, subject=subject, defaults={"user": user}
            )
            user = identity.user
            if not user.email_verified and user.email == email:
                verify_email(user)
    if not user.is_active:
        raise AccountInactive
    ExternalIdentity.objects.filter(pk=identity.pk).update(last_login_at=timezone.now())
    user.refresh_from_db()
    return user


def register_external_user(
    *, issuer: str, subject: str, email: str, full_name: str, language: str = ""
) -> User:
    """A new account for a person the provider identified, with the address it
    verified and the privacy notice they have just accepted. No password: they
    log in through the provider (or set one with "forgot password")."""
    now = timezone.now()
    with transaction.atomic():
        existing = ExternalIdentity.objects.filter(issuer=issuer, subject=subject).first()
        if existing is not None:  # the same person, confirming twice
            return existing.user
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=None,
                full_name=full_name.strip() or email.split("@")[0],
                email_verified_at=now,
                privacy_accepted_at=now,
                language=(language or translation.get_language() or "it")[:2],
            )
            record_consent(
                user=user,
                purpose=Consent.Purpose.PRIVACY_NOTICE,
                given=True,
                source=Consent.Source.SIGNUP,
            )
        if not user.is_active:
            raise AccountInactive
        ExternalIdentity.objects.create(
            user=user, issuer=issuer, subject=subject, last_login_at=now
        )
    return user
