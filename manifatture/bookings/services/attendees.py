"""Named tickets: the names of each person on a booking, checked when booking
and given or corrected afterwards."""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from manifatture.accounts.models import User
from manifatture.activities.models import Activity

from ..exceptions import InvalidAttendeeNames, NotAllowed
from ..models import ATTENDEE_NAME_MAX_LENGTH, Booking
from .rules import _check_site_rules


def clean_attendee_names(activity: Activity, names, party_size: int) -> list[str]:
    """The names on a named-ticket booking (`Activity.named_tickets`): one per
    person, each a real name (two characters at least, at most
    ATTENDEE_NAME_MAX_LENGTH), no blank ones; `[]` for other activities, whatever
    was sent. Raises InvalidAttendeeNames with the reason."""
    if not activity.named_tickets:
        return []
    cleaned = [" ".join(str(name).split()) for name in names or ()]
    cleaned = [name for name in cleaned if name]
    if len(cleaned) != party_size:
        raise InvalidAttendeeNames(
            ngettext(
                "Scrivete il nome e cognome della persona, uno per riga (ne avete scritti "
                "%(given)s).",
                "Scrivete il nome e cognome di ciascuna delle %(count)s persone, uno per riga "
                "(ne avete scritti %(given)s).",
                party_size,
            )
            % {"count": party_size, "given": len(cleaned)}
        )
    for name in cleaned:
        if len(name) < 2 or len(name) > ATTENDEE_NAME_MAX_LENGTH:
            raise InvalidAttendeeNames(
                _("Ogni nome va da 2 a %(max)s caratteri: controllate «%(name)s».")
                % {"max": ATTENDEE_NAME_MAX_LENGTH, "name": name[:40]}
            )
    return cleaned


def name_attendees(
    booking: Booking, *, by: User, names: Sequence[str], rules_acknowledged: bool
) -> Booking:
    """Give (or correct) the names on a live named-ticket booking of a slot still
    to come, with the site rules accepted: for bookings made by the ballot's
    draw, or to fix a typo. Only the visitor who booked."""
    activity = booking.slot.activity
    if booking.visitor_id != by.pk:
        raise NotAllowed
    if not activity.named_tickets:
        raise NotAllowed(_("I biglietti di questa attività non sono nominativi."))
    if not booking.is_confirmed or booking.slot.starts_at <= timezone.now():
        raise NotAllowed(_("I nomi si possono cambiare solo prima della visita."))
    acknowledged_at = _check_site_rules(activity, rules_acknowledged=rules_acknowledged)
    cleaned = clean_attendee_names(activity, names, booking.party_size)
    Booking.objects.filter(pk=booking.pk).update(
        attendee_names=cleaned,
        rules_acknowledged_at=booking.rules_acknowledged_at or acknowledged_at,
    )
    booking.refresh_from_db(fields=["attendee_names", "rules_acknowledged_at"])
    return booking
