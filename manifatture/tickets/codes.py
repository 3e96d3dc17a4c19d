"""The short code of a ticket: what a person reads out or types at the door.

The ticket code is 80 random bits in 20 hexadecimal characters. Its first 50
bits, written in Crockford's base32 (no I, L, O or U: nothing to confuse with
1 or 0), make a 10-character code shown in two groups of five, "7K3QD-M9XA2".
Derived, not stored: the door finds the booking by the ticket codes that
begin with the same 48 bits. Two tickets share a short code about once in
2^25 pairs of a million tickets; then the short code is refused as ambiguous
and the full code or the QR code is needed.
"""

import re

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_LENGTH = 10
SHORT_BITS = 5 * SHORT_LENGTH
CODE_BITS = 80
# The characters people confuse with the ones Crockford keeps.
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-.]+")
_SHORT = re.compile(rf"^[{CROCKFORD}]{{{SHORT_LENGTH}}}$")


def short_code(ticket_code: str) -> str:
    """The short code of a ticket code, without the group separator."""
    value = int(ticket_code, 16) >> (CODE_BITS - SHORT_BITS)
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(SHORT_BITS - 5, -1, -5))


def grouped(short: str) -> str:
    """ "7K3QDM9XA2" → "7K3QD-M9XA2"."""
    return f"{short[:5]}-{short[5:]}"


def parse_short_code(text: str) -> str:
    """The short code in what was typed (any case, with or without the
    hyphen, O for 0 and I or L for 1), or "" if it can't be one."""
    code = _SEPARATORS.sub("", text or "").upper().translate(_ALIASES)
    return code if _SHORT.match(code) else ""


def hex_prefix(short: str) -> str:
    """The 12 hexadecimal characters (48 bits) every ticket code with this
    short code begins with: the key for finding it."""
    value = 0
    for char in short:
        value = value * 32 + CROCKFORD.index(char)
    return format(value >> (SHORT_BITS - 48), "012X")
