"""schema.org descriptions (JSON-LD) of an activity page: one Event per time
slot, with where it takes place, who organises it, a free offer whose
availability follows the places left, and whether it was cancelled."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from manifatture.directory.structured_data import CONTEXT, geo, postal_address, site_place

from .models import Activity, HubVenue, TimeSlot

SCHEMA = "https://schema.org/"


def hub_place(activity: Activity, venue: HubVenue | None) -> dict:
    edition = activity.edition
    place: dict[str, Any] = {"@type": "Place", "name": edition.hub_name or edition.title}
    if edition.hub_address:
        place["address"] = postal_address(street=edition.hub_address)
    if venue is not None:
        place["geo"] = geo(venue.latitude, venue.longitude)
    return place


def availability(slot: TimeSlot) -> str:
    """Places a visitor can still take: on sale while any are left."""
    return f"{SCHEMA}InStock" if slot.places_left > 0 else f"{SCHEMA}SoldOut"


def activity_events(
    activity: Activity,
    slots: list[TimeSlot],
    venue: HubVenue | None,
    absolute: Callable[[str], str],
) -> list[dict]:
    url = absolute(activity.get_absolute_url())
    place = site_place(activity.site) if activity.site else hub_place(activity, venue)
    organiser = {
        "@type": "Organization",
        "name": activity.organisation.name,
        "url": absolute(activity.organisation.get_absolute_url()),
    }
    languages = [language.code for language in activity.languages.all()]
    edition = activity.edition
    events = []
    for slot in slots:
        cancelled = activity.is_cancelled or slot.is_cancelled
        event: dict[str, Any] = {
            "@context": CONTEXT,
            "@type": "Event",
            "@id": f"{url}#turno-{slot.pk}",
            "name": activity.title,
            "description": activity.description,
            "url": url,
            "startDate": timezone.localtime(slot.starts_at).isoformat(),
            "endDate": timezone.localtime(slot.ends_at).isoformat(),
            "eventStatus": f"{SCHEMA}{'EventCancelled' if cancelled else 'EventScheduled'}",
            "eventAttendanceMode": f"{SCHEMA}OfflineEventAttendanceMode",
            "location": place,
            "organizer": organiser,
            "isAccessibleForFree": True,
            "maximumAttendeeCapacity": slot.capacity,
            "remainingAttendeeCapacity": slot.places_left,
            "offers": {
                "@type": "Offer",
                "price": 0,
                "priceCurrency": "EUR",
                "availability": availability(slot),
                "url": url,
            },
            "superEvent": {
                "@type": "Event",
                "name": edition.title,
                "url": absolute(edition.get_absolute_url()),
            },
        }
        if edition.registration_opens:
            event["offers"]["validFrom"] = timezone.localtime(
                edition.registration_opens
            ).isoformat()
        if languages:
            event["inLanguage"] = languages
        if activity.min_age:
            event["typicalAgeRange"] = f"{activity.min_age}-"
        events.append(event)
    return events
