import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from manifatture.directory import services
from manifatture.directory.models import Membership, Organisation
from manifatture.directory.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SiteFactory,
)

NOW = timezone.now()


def months_ago(months: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=round(months * 30.5))


def confirmed(months: int, **fields) -> Organisation:
    organisation = OrganisationFactory(**fields)
    Organisation.objects.filter(pk=organisation.pk).update(last_confirmed_at=months_ago(months))
    organisation.refresh_from_db()
    return organisation


@pytest.mark.django_db
def test_owners_are_asked_once_a_year_with_a_one_click_link(django_capture_on_commit_callbacks):
    owner = MembershipFactory(organisation=confirmed(13), role=Membership.Role.OWNER)
    MembershipFactory(organisation=owner.organisation, role=Membership.Role.STAFF)
    MembershipFactory(organisation=confirmed(6))  # confirmed recently: not asked

    with django_capture_on_commit_callbacks(execute=True):
        asked = services.request_confirmations(now=NOW)

    assert asked == 1
    assert [message.to for message in mail.outbox] == [[owner.user.email]]
    assert owner.organisation.name in mail.outbox[0].subject
    assert re.search(r"http://[^/]+/organizzazioni/conferma/[^/\s]+/", mail.outbox[0].body)


@pytest.mark.django_db
def test_asking_again_sends_nothing_until_the_profile_is_confirmed(
    django_capture_on_commit_callbacks,
):
    MembershipFactory(organisation=confirmed(13))

    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_confirmations(now=NOW)
        second = services.request_confirmations(now=NOW + datetime.timedelta(days=1))

    assert (first, second, len(mail.outbox)) == (1, 0, 1)


@pytest.mark.django_db
def test_an_organisation_without_owners_is_asked_at_its_contact_address(
    django_capture_on_commit_callbacks,
):
    confirmed(13, contact_email="laboratorio@esempio.it")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_confirmations(now=NOW)

    assert [message.to for message in mail.outbox] == [["laboratorio@esempio.it"]]


@pytest.mark.django_db
def test_the_link_shows_a_confirm_button_and_confirms_without_logging_in(client):
    organisation = confirmed(13)
    SiteFactory(organisation=organisation, name="Laboratorio", address="Via Tortona 31")
    url = reverse("directory:confirm", kwargs={"token": services.confirmation_token(organisation)})

    page = client.get(url)
    organisation.refresh_from_db()
    assert organisation.last_confirmed_at < months_ago(12)  # looking does not confirm
    assert "Laboratorio: Via Tortona 31, Milano" in page.content.decode()

    response = client.post(url, {"token": url.split("/")[-2]})

    organisation.refresh_from_db()
    assert response.status_code == 200
    assert "Grazie: dati confermati" in response.content.decode()
    assert organisation.last_confirmed_at > NOW - datetime.timedelta(minutes=1)
    assert organisation.confirmation_requested_at is None


@pytest.mark.django_db
def test_a_used_link_says_so(client):
    organisation = confirmed(13)
    token = services.confirmation_token(organisation)
    services.confirm_organisation(organisation)

    response = client.get(reverse("directory:confirm", kwargs={"token": token}))

    assert response.status_code == 410
    assert "sono già stati confermati" in response.content.decode()


@pytest.mark.django_db
def test_a_forged_link_is_refused(client):
    response = client.get(reverse("directory:confirm", kwargs={"token": "non-valido"}))

    assert response.status_code == 410
    assert "Il link di conferma non è valido." in response.content.decode()


@pytest.mark.django_db
def test_stale_after_a_year_and_archived_after_eighteen_months(client):
    fresh = confirmed(11, name="Fresca")
    stale = confirmed(13, name="Da confermare")
    old = confirmed(19, name="Dimenticata")

    archived = services.archive_stale(now=NOW)

    assert archived == 1
    assert (fresh.is_stale, stale.is_stale) == (False, True)
    old.refresh_from_db()
    assert (old.archive_reason, old.archived_at is not None) == ("stale", True)
    names = [o.name for o in client.get(reverse("directory:search")).context["page_obj"]]
    assert names == ["Da confermare", "Fresca"]
    page = client.get(stale.get_absolute_url()).content.decode()
    assert "Dati non confermati da più di un anno" in page


@pytest.mark.django_db
def test_the_freshness_periods_are_settings(settings):
    settings.DIRECTORY_STALE_AFTER_DAYS = 30
    settings.DIRECTORY_ARCHIVE_AFTER_DAYS = 60

    assert confirmed(1.5).is_stale
    assert services.archive_stale(now=NOW) == 0
    confirmed(3)
    assert services.archive_stale(now=NOW) == 1


@pytest.mark.django_db
def test_confirming_brings_an_archived_profile_back(client):
    membership = MembershipFactory(organisation=confirmed(19))
    services.archive_stale(now=NOW)
    client.force_login(membership.user)

    client.post(reverse("directory:confirm_now", kwargs={"slug": membership.organisation.slug}))

    organisation = Organisation.objects.get(pk=membership.organisation_id)
    assert (organisation.archived_at, organisation.archive_reason) == (None, "")
    assert not organisation.is_stale


@pytest.mark.django_db
def test_a_closed_workshop_stays_archived_when_confirmed():
    organisation = OrganisationFactory(archived_at=NOW, archive_reason="closed")

    services.confirm_organisation(organisation)

    organisation.refresh_from_db()
    assert organisation.archive_reason == "closed"


@pytest.mark.django_db
def test_check_freshness_command(django_capture_on_commit_callbacks):
    MembershipFactory(organisation=confirmed(13))
    confirmed(20)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_freshness", stdout=out)

    assert out.getvalue() == (
        "1 organisations asked to confirm; 1 archived; 0 old invitations deleted.\n"
    )
