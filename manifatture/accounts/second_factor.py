"""The second factor: TOTP codes (RFC 6238, 30-second steps, 6 digits, SHA-1:
what every authenticator app reads from an otpauth:// QR code), recovery
codes, and the session flag that says the second step was passed.

Pure helpers; the writes (enrolling, accepting a code once) are in
`accounts.services`, the enforcement in `accounts.middleware`.
"""

import hashlib
import re
import secrets
import time

import pyotp
import segno
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from pyotp.exceptions import OTPVerificationError

SESSION_KEY = "accounts_second_factor"
PENDING_SECRET_KEY = "accounts_second_factor_pending_secret"
# One step before and one after the current one: phones' clocks drift.
VALID_WINDOW = 1
RECOVERY_CODE_COUNT = 10
# Lower-case base32 without the look-alikes is not needed: base32 has no 0/1/8/9.
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    return pyotp.random_base32()  # 32 characters, 160 bits


def provisioning_uri(secret: str, *, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=settings.TOTP_ISSUER)


def qr_data_uri(uri: str) -> str:
    """The otpauth:// URI as an SVG QR code in a data: URI (the CSP allows img data:)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def normalize_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def is_totp_code(code: str) -> bool:
    return bool(_CODE.match(code))


def matching_counter(secret: str, code: str, *, at: float | None = None) -> int | None:
    """The time step whose code this is, within the allowed drift; None if none is."""
    if not secret or not is_totp_code(code):
        return None
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(
            code, for_time=time.time() if at is None else at, valid_window=VALID_WINDOW
        )
    except OTPVerificationError:
        return None


def new_recovery_codes() -> list[str]:
    """Ten codes of 12 characters (60 bits each), shown in groups of four."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes


def hash_recovery_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode("ascii", "ignore")).hexdigest()


def mark_verified(session: SessionBase, user) -> None:
    """This session passed the second step for this account."""
    session[SESSION_KEY] = user.pk


def forget(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


def is_verified(session: SessionBase, user) -> bool:
    return user.is_authenticated and session.get(SESSION_KEY) == user.pk
