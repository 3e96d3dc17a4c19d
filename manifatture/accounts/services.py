"""Writes on accounts: sign-up, e-mail verification."""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from manifatture.mail import send_templated_email

from .exceptions import EmailAlreadyRegistered, ExpiredVerificationLink, InvalidVerificationLink
from .models import User

VERIFICATION_SALT = "manifatture.accounts.verify-email"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def register_user(
    *,
    email: str,
    full_name: str,
    password: str,
    language: str = "",
    send_verification: bool = True,
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
            if send_verification:
                _send_verification_on_commit(user)
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


def verification_url(user: User) -> str:
    path = reverse("accounts:verify_email", kwargs={"token": make_verification_token(user)})
    return settings.SITE_URL.rstrip("/") + path


def send_verification_email(user: User) -> None:
    """Send (again) the link that verifies the address, unless it is verified already."""
    if user.email_verified:
        return
    with transaction.atomic():
        _send_verification_on_commit(user)


def _send_verification_on_commit(user: User) -> None:
    language = user.language
    transaction.on_commit(
        lambda: send_templated_email(
            [user.email],
            "accounts/email/verify",
            {
                "user": user,
                "verification_url": verification_url(user),
                "valid_days": verification_valid_days(),
            },
            language,
        )
    )


def resend_verification(email: str) -> None:
    """Send a new link if `email` belongs to an account still to verify; silent otherwise,
    so the form does not tell strangers which addresses have an account."""
    user = User.objects.filter(
        email__iexact=normalize_email(email), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is not None:
        send_verification_email(user)


def verify_email(user: User) -> User:
    """Mark the address as verified (idempotent: the first moment is kept)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
            email_verified_at=timezone.now()
        )
        user.refresh_from_db(fields=["email_verified_at"])
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
    if not isinstance(data, dict):
        raise InvalidVerificationLink
    user = User.objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is None or not user.is_active:
        raise InvalidVerificationLink
    return verify_email(user)


def set_language_preference(user: User, *, language: str) -> None:
    User.objects.filter(pk=user.pk).update(language=language)
