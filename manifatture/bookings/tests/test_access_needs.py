"""Access needs (health data, GDPR art. 9): kept on the visitor's device by
default; in the profile only with explicit consent; withdrawing the consent
deletes them; hosts see at most counts per slot, never who."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from manifatture.accounts import privacy
from manifatture.accounts.models import Consent
from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import queries, services
from manifatture.bookings.exceptions import AccessNeedsConsentMissing
from manifatture.bookings.models import AccessNeeds
from manifatture.directory.tests.factories import SiteFactory

from .conftest import make_slot
from .test_pages import login

pytestmark = pytest.mark.django_db


def test_needs_are_not_kept_without_consent(visitor):
    with pytest.raises(AccessNeedsConsentMissing):
        services.save_access_needs(visitor, needs=["step_free"], consent=False)
    assert not AccessNeeds.objects.exists()
    assert not Consent.objects.filter(purpose=Consent.Purpose.ACCESS_NEEDS).exists()


def test_the_profile_form_without_consent_stores_nothing(client, visitor):
    login(client, visitor)
    response = client.post(
        reverse("bookings:access_needs"), {"needs": ["step_free", "quiet_visit"]}
    )
    assert response.status_code == 200
    assert "consenso" in response.content.decode()
    assert not AccessNeeds.objects.exists()
    assert not Consent.objects.filter(purpose=Consent.Purpose.ACCESS_NEEDS).exists()


def test_the_device_form_sends_nothing_to_the_server(client, visitor):
    """The needs page's device form is a GET to the programme (its access filter);
    saving on the device is done by static/js/access-needs.js with no request.
    The page itself posts nothing of the needs anywhere but the consented form."""
    login(client, visitor)
    page = client.get(reverse("bookings:access_needs")).content.decode()
    device_form = page.split("data-access-needs-form", 1)[0].rsplit("<form", 1)[1]
    assert 'method="get"' in device_form
    assert f'action="{reverse("activities:programme")}"' in device_form
    assert 'type="button" class="btn btn-primary" hidden data-access-needs-save' in page
    with open(finders.find("js/access-needs.js"), encoding="utf-8") as file:
        script = file.read()
    assert "fetch(" not in script and "XMLHttpRequest" not in script
    assert "sendBeacon" not in script


def test_consent_keeps_the_needs_and_records_it(client, edition, visitor):
    login(client, visitor)
    response = client.post(
        reverse("bookings:access_needs"),
        {"needs": ["step_free", "quiet_visit"], "consent": "on"},
    )
    assert response.status_code == 302
    needs = AccessNeeds.objects.get(user=visitor)
    assert needs.needs == ["step_free", "quiet_visit"]
    assert privacy.has_consent(visitor, Consent.Purpose.ACCESS_NEEDS)
    # The programme reads them (for this visitor's own page only).
    page = client.get(reverse("activities:programme")).content.decode()
    assert '<script id="access-needs-profile" type="application/json">' in page


def test_withdrawing_the_consent_deletes_the_needs(client, visitor):
    services.save_access_needs(visitor, needs=["seating"], consent=True)
    login(client, visitor)
    client.post(reverse("bookings:access_needs_forget"))
    assert not AccessNeeds.objects.filter(user=visitor).exists()
    assert not privacy.has_consent(visitor, Consent.Purpose.ACCESS_NEEDS)


def test_withdrawing_on_the_consents_page_deletes_them_too(visitor):
    services.save_access_needs(visitor, needs=["seating"], consent=True)
    privacy.set_consent(
        visitor,
        purpose=Consent.Purpose.ACCESS_NEEDS,
        given=False,
        source=Consent.Source.CONSENTS_PAGE,
    )
    assert not AccessNeeds.objects.filter(user=visitor).exists()


def test_export_and_account_deletion(visitor):
    services.save_access_needs(visitor, needs=["hearing_loop"], consent=True)
    exported = queries.export_personal_data(visitor)
    assert exported["access_needs"]["needs"] == ["hearing_loop"]
    privacy.delete_account(visitor)
    assert not AccessNeeds.objects.exists()


def test_hosts_see_counts_only_from_five_bookings_and_never_who(client, host, slot):
    wheelchair = UserFactory(full_name="Marta Ruote")
    services.save_access_needs(wheelchair, needs=["step_free", "seating"], consent=True)
    services.book_slot(slot, visitor=wheelchair, party_size=1)
    url = reverse("tickets:slot_bookings", args=[slot.pk])
    client.force_login(host)
    few = client.get(url).content.decode()
    assert "dalle 5 prenotazioni in su" in few
    assert "Accesso senza gradini: 1" not in few

    for _n in range(4):
        services.book_slot(slot, visitor=UserFactory(), party_size=1)
    counts = queries.access_needs_counts(slot)
    assert counts.shown and counts.bookings == 5
    assert counts.counts["step_free"] == 1 and counts.counts["hearing_loop"] == 0
    page = client.get(url).content.decode()
    assert "Accesso senza gradini: 1" in page
    assert "Posti a sedere: 1" in page
    # The list of bookings names the visitor (as before), the counts never do.
    section = page.split('id="access-heading"', 1)[1].split("</section>", 1)[0]
    assert "Marta" not in section


def test_needs_kept_only_on_a_device_never_count(slot):
    for _n in range(5):
        services.book_slot(slot, visitor=UserFactory(), party_size=1)
    counts = queries.access_needs_counts(slot)
    assert counts.shown and set(counts.counts.values()) == {0}


# The programme filter -----------------------------------------------------------------


def test_the_programme_filters_by_the_visits_own_access(client, edition):
    quiet = ActivityFactory(edition=edition, title_it="Visita tranquilla", quiet_visit=True)
    loud = ActivityFactory(edition=edition, title_it="Visita rumorosa")
    for activity in (quiet, loud):
        make_slot(activity, capacity=10)
    url = reverse("activities:programme")
    page = client.get(url, {"access": "quiet_visit"}).content.decode()
    assert "Visita tranquilla" in page and "Visita rumorosa" not in page


def test_the_programme_filters_by_the_place_and_flags_each_card(client, edition):
    ramp = SiteFactory(step_free=True, seating=True)
    stairs = SiteFactory(step_free=False)
    flat = ActivityFactory(
        edition=edition,
        organisation=ramp.organisation,
        site=ramp,
        title_it="Senza gradini",
        companion_free=True,
    )
    steps = ActivityFactory(
        edition=edition, organisation=stairs.organisation, site=stairs, title_it="Con gradini"
    )
    for activity in (flat, steps):
        make_slot(activity, capacity=10)
    url = reverse("activities:programme")
    page = client.get(url, {"access": ["step_free", "companion_free"]}).content.decode()
    assert "Senza gradini" in page and "Con gradini" not in page
    everything = client.get(url).content.decode()
    assert 'data-access="step_free seating companion_free"' in everything
    assert 'data-access=""' in everything
    labels = json.loads(
        everything.split('<script id="access-needs-labels" type="application/json">')[1].split(
            "</script>"
        )[0]
    )
    assert labels["quiet_visit"] == "Visita tranquilla"
