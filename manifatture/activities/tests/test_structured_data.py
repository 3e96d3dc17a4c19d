"""schema.org Events in the activity page's JSON-LD, extracted as a search engine
does (extruct): one per time slot, with its place, organiser, free offer,
availability from the places left and the cancelled status."""

import datetime

import extruct
import pytest
from django.utils import timezone

from manifatture.activities.models import Activity
from manifatture.directory.tests.factories import OrganisationFactory

from .factories import ActivityFactory, HubVenueFactory, LanguageFactory, TimeSlotFactory

pytestmark = pytest.mark.django_db
SCHEMA = "https://schema.org/"


def events_on(client, activity) -> list[dict]:
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('type="application/ld+json"') == 1
    # extruct gives each element of the script's list as one item.
    events = extruct.extract(body, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    assert all(event["@context"] == "https://schema.org" for event in events)
    return events


def test_each_slot_is_an_event_with_place_organiser_and_free_offer(client):
    organisation = OrganisationFactory(name="Officina Lambrate")
    activity = ActivityFactory(
        organisation=organisation, title_it="Visita alla fonderia", min_age=12
    )
    activity.languages.add(LanguageFactory(code="it"))
    free = TimeSlotFactory(activity=activity, capacity=10, seats_taken=3)
    later = free.starts_at + datetime.timedelta(hours=2)
    full = TimeSlotFactory(
        activity=activity,
        capacity=4,
        seats_taken=4,
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=1),
    )

    events = {event["@id"].rsplit("-", 1)[1]: event for event in events_on(client, activity)}

    assert set(events) == {str(free.pk), str(full.pk)}
    event = events[str(free.pk)]
    assert event["@type"] == "Event"
    assert event["name"] == "Visita alla fonderia"
    assert event["url"] == f"http://testserver{activity.get_absolute_url()}"
    assert event["startDate"] == timezone.localtime(free.starts_at).isoformat()
    assert event["endDate"] == timezone.localtime(free.ends_at).isoformat()
    assert event["eventStatus"] == f"{SCHEMA}EventScheduled"
    assert event["eventAttendanceMode"] == f"{SCHEMA}OfflineEventAttendanceMode"
    site = activity.site
    assert event["location"] == {
        "@type": "Place",
        "name": site.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": site.address,
            "postalCode": site.postcode,
            "addressLocality": site.comune.name,
            "addressCountry": "IT",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": float(site.latitude),
            "longitude": float(site.longitude),
        },
    }
    assert event["organizer"] == {
        "@type": "Organization",
        "name": "Officina Lambrate",
        "url": f"http://testserver{organisation.get_absolute_url()}",
    }
    offer = event["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == 0 and offer["priceCurrency"] == "EUR"
    assert offer["availability"] == f"{SCHEMA}InStock"
    assert event["isAccessibleForFree"] is True
    assert event["maximumAttendeeCapacity"] == 10
    assert event["remainingAttendeeCapacity"] == 7
    assert event["inLanguage"] == ["it"]
    assert event["typicalAgeRange"] == "12-"
    # The full slot: sold out, nothing left.
    assert events[str(full.pk)]["offers"]["availability"] == f"{SCHEMA}SoldOut"
    assert events[str(full.pk)]["remainingAttendeeCapacity"] == 0


def test_cancelled_activities_and_slots_are_event_cancelled(client):
    activity = ActivityFactory()
    slot = TimeSlotFactory(activity=activity)
    later = slot.starts_at + datetime.timedelta(hours=2)
    cancelled_slot = TimeSlotFactory(
        activity=activity, starts_at=later, ends_at=later + datetime.timedelta(hours=1)
    )
    cancelled_slot.cancelled_at = timezone.now()
    cancelled_slot.save()

    statuses = {e["@id"].rsplit("-", 1)[1]: e["eventStatus"] for e in events_on(client, activity)}
    assert statuses == {
        str(slot.pk): f"{SCHEMA}EventScheduled",
        str(cancelled_slot.pk): f"{SCHEMA}EventCancelled",
    }

    activity.status = Activity.Status.CANCELLED
    activity.save()
    assert {e["eventStatus"] for e in events_on(client, activity)} == {f"{SCHEMA}EventCancelled"}


def test_a_hub_activity_takes_place_at_the_hub(client):
    activity = ActivityFactory(site=None, kind="talk")
    activity.edition.hub_name = "BASE Milano"
    activity.edition.hub_address = "Via Bergognone 34"
    activity.edition.save()
    venue = HubVenueFactory(edition=activity.edition)
    TimeSlotFactory(activity=activity)

    [event] = events_on(client, activity)
    assert event["location"]["name"] == "BASE Milano"
    assert event["location"]["address"]["streetAddress"] == "Via Bergognone 34"
    assert event["location"]["geo"]["latitude"] == float(venue.latitude)


def test_json_ld_cannot_close_its_script_element(client):
    activity = ActivityFactory(title_it="</script><script>alert(1)</script>")
    TimeSlotFactory(activity=activity)
    body = client.get(activity.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in body
    [event] = events_on(client, activity)
    assert event["name"] == "</script><script>alert(1)</script>"
