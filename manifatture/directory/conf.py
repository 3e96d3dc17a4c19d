"""Directory settings, with their defaults. Each can be set in config/settings.py
(or through the environment there) under the same name."""

from django.conf import settings

# Periphery (docs/periphery.md): an explicit list of NIL numbers wins; otherwise a
# NIL is peripheral when its centroid lies farther than PERIPHERY_MIN_DISTANCE_KM
# from PERIPHERY_CENTRE (Piazza del Duomo).
DEFAULTS = {
    "PERIPHERY_NIL_IDS": None,
    "PERIPHERY_CENTRE": (45.464161, 9.191383),
    "PERIPHERY_MIN_DISTANCE_KM": 4.0,
    # Freshness: ask owners to confirm after a year; flag as stale after a year;
    # archive (hide from search and map) after eighteen months.
    "DIRECTORY_CONFIRM_AFTER_DAYS": 365,
    "DIRECTORY_STALE_AFTER_DAYS": 365,
    "DIRECTORY_ARCHIVE_AFTER_DAYS": 548,
    # How long the link in the confirmation e-mail works.
    "DIRECTORY_CONFIRM_LINK_MAX_AGE_DAYS": 90,
    # How long an invitation to join an organisation can be accepted.
    "DIRECTORY_INVITATION_DAYS": 14,
    # Answered or expired invitations (an address, perhaps of someone who never
    # signed up) are deleted this long after.
    "DIRECTORY_INVITATION_KEEP_DAYS": 90,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
