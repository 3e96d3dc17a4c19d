"""GDPR: the notice, consents, the download of one's data, deleting the account,
the retention rule, what hosts see."""

import datetime
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts import privacy, services
from manifatture.accounts.models import AuditEvent, Consent, User
from manifatture.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings.models import Booking, VisitorProfile, WaitingListEntry
from manifatture.bookings.tests.factories import VisitorProfileFactory, WaitingListEntryFactory
from manifatture.directory.models import Membership, Organisation
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.news.models import Subscriber
from manifatture.plans.models import PlanItem, PlanShare
from manifatture.tickets.models import CalendarFeed
from manifatture.tickets.tests.factories import BookingFactory
from tests.privacy.plant import editions, find_everywhere, person, plant, plant_reviewer

pytestmark = pytest.mark.django_db


# The notice ---------------------------------------------------------------------------


def test_notice_names_controller_dpo_version_and_retention(client, settings):
    settings.PRIVACY_CONTROLLER = "Comune di Milano, Piazza della Scala 2"
    settings.PRIVACY_DPO_EMAIL = "rpd@esempio.comune.it"
    settings.PRIVACY_NOTICE_VERSION = "2027-01"
    settings.VISITOR_DATA_RETENTION_DAYS = 400

    html = client.get(reverse("accounts:privacy")).content.decode()

    assert "Comune di Milano, Piazza della Scala 2" in html
    assert 'href="mailto:rpd@esempio.comune.it"' in html
    assert "Versione 2027-01" in html
    assert "400 giorni dopo la sua fine" in html
    assert "Garante per la protezione dei dati personali" in html
    # Anonymous visitors get no links to pages that need an account.
    assert reverse("accounts:delete_account") not in html


def test_notice_in_english(client):
    html = client.get("/en" + reverse("accounts:privacy")).content.decode()
    assert "Privacy notice" in html
    assert "Italian Data Protection Authority" in html


def test_signup_records_the_notice_version(settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    user = services.register_user(
        email="nuova@esempio.it", full_name="Nuova Persona", password=PASSWORD
    )
    consent = Consent.objects.get(user=user)
    assert (consent.purpose, consent.given, consent.notice_version, consent.source) == (
        Consent.Purpose.PRIVACY_NOTICE,
        True,
        "2026-11",
        Consent.Source.SIGNUP,
    )


def test_a_new_notice_version_is_asked_on_the_dashboard(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    user = UserFactory()
    privacy.acknowledge_notice(user, source=Consent.Source.SIGNUP)
    client.force_login(user)
    assert "L'informativa sulla privacy è cambiata" not in client.get("/account/").content.decode()

    settings.PRIVACY_NOTICE_VERSION = "2027-01"
    assert "L'informativa sulla privacy è cambiata" in client.get("/account/").content.decode()
    client.post(reverse("accounts:acknowledge_notice"))
    assert "L'informativa sulla privacy è cambiata" not in client.get("/account/").content.decode()
    assert Consent.objects.filter(user=user, notice_version="2027-01", given=True).exists()


# Consents ---------------------------------------------------------------------------


def test_consents_page_gives_and_withdraws_host_contact(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("accounts:consents"), {"purpose": "host_contact", "given": "1"})
    assert privacy.has_consent(user, Consent.Purpose.HOST_CONTACT)
    client.post(reverse("accounts:consents"), {"purpose": "host_contact", "given": "0"})
    assert not privacy.has_consent(user, Consent.Purpose.HOST_CONTACT)

    rows = list(Consent.objects.filter(user=user).values_list("given", "source"))
    assert rows == [(False, "consents_page"), (True, "consents_page")]  # newest first
    page = client.get(reverse("accounts:consents")).content.decode()
    assert "Ritirato il" in page


def test_withdrawing_statistics_empties_the_visitor_profile(client):
    profile = VisitorProfileFactory()
    client.force_login(profile.user)
    privacy.record_consent(
        user=profile.user, purpose="statistics", given=True, source=Consent.Source.PROFILE
    )

    client.post(reverse("accounts:consents"), {"purpose": "statistics", "given": "0"})

    assert not VisitorProfile.objects.filter(user=profile.user).exists()
    assert not privacy.has_consent(profile.user, Consent.Purpose.STATISTICS)


def test_statistics_and_newsletter_are_not_given_from_the_consents_page(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("accounts:consents"), {"purpose": "statistics", "given": "1"})
    client.post(reverse("accounts:consents"), {"purpose": "newsletter", "given": "1"})
    assert not Consent.objects.filter(user=user).exists()


def test_withdrawing_the_newsletter_unsubscribes_the_address(client):
    from manifatture.news import services as news_services

    user = UserFactory()
    news_services.subscribe(
        email=user.email.upper(), language="it", source="portal", sender_key="ip:127.0.0.1"
    )
    Subscriber.objects.update(confirmed_at=timezone.now())
    client.force_login(user)
    assert privacy.has_consent(user, Consent.Purpose.NEWSLETTER)  # given by address

    client.post(reverse("accounts:consents"), {"purpose": "newsletter", "given": "0"})

    assert Subscriber.objects.get().unsubscribed_at is not None
    assert not privacy.has_consent(user, Consent.Purpose.NEWSLETTER)


def test_profile_consent_is_recorded_once_when_given_and_when_withdrawn():
    from manifatture.bookings import services as booking_services

    user = UserFactory()
    for _ in range(2):
        booking_services.update_visitor_profile(
            user, comune=None, lives_elsewhere=True, age_band="", consent=True
        )
    booking_services.update_visitor_profile(
        user, comune=None, lives_elsewhere=False, age_band="", consent=False
    )
    rows = list(Consent.objects.filter(user=user).values_list("purpose", "given"))
    assert rows == [("statistics", False), ("statistics", True)]


# Download ---------------------------------------------------------------------------


def test_download_holds_everything_about_the_person_and_nothing_of_others(client):
    where = editions()
    alfa, beta = person("ALFA"), person("BETA")
    mine = plant(alfa, tag="ALFA", where=where)
    theirs = plant(beta, tag="BETA", where=where)
    plant_reviewer(alfa, tag="ALFA", call_application=theirs.call_application)
    plant_reviewer(beta, tag="BETA", call_application=mine.call_application)
    client.force_login(alfa)

    response = client.get(reverse("accounts:export_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    text = response.content.decode()
    assert data["accounts"]["account"]["email"] == "alfa@esempio.it"
    assert data["accounts"]["account"]["full_name"] == "Persona ALFA CognomeALFA"
    assert {c["purpose"] for c in data["accounts"]["consents"]} == {"host_contact", "newsletter"}
    assert data["accounts"]["external_identities"][0]["subject"] == "ALFA"
    assert data["accounts"]["failed_logins"][0]["ip_address"] == "192.0.2.7"
    bookings = data["bookings"]
    assert bookings["visitor_profile"]["comune"] == "Comune ALFA"
    assert {b["ticket_code"] for b in bookings["bookings"]} == {
        mine.past_booking.ticket_code,
        mine.future_booking.ticket_code,
    }
    assert next(b for b in bookings["bookings"] if b["group_name"])["checked_in_at"]
    assert len(bookings["waiting_lists"]) == 1
    assert len(data["ballots"]["ballot_choices"]) == 1
    assert len(data["plans"]["my_day"]) == 1 and data["plans"]["share_link"]
    assert data["tickets"]["calendar_feed"] == mine.feed.get_absolute_url()
    assert data["tickets"]["reminders_sent_for_bookings"] == [mine.future_booking.pk]
    assert data["surveys"]["survey_invitations"] == [
        {"booking": mine.past_booking.pk, "emailed_at": None, "answered": True}
    ]
    assert data["directory"]["memberships"][0]["role"] == "staff"
    assert data["participations"]["applications_started"][0]["motivation"] == "Motivazione ALFA"
    assert data["participations"]["application_events"][0]["note"] == "Nota ALFA"
    assert data["calls"]["applications"][0]["project_summary"] == "Progetto ALFA"
    assert data["calls"]["reviews"][0]["comment"] == "Commento ALFA"
    assert len(data["calls"]["committees"]) == 1
    assert data["qualifications"]["entries_submitted"][0]["statement"] == "Presentazione ALFA"
    assert data["matching"]["needs_posted"][0]["title"] == "Serve una fresa ALFA"
    assert data["matching"]["contacts_sent"][0]["message"] == "Messaggio ALFA"
    assert data["news"]["newsletter"]["email"] == "alfa@esempio.it"
    # Nothing of BETA's: name, address, words, ticket codes, calendar key.
    for leak in (
        "BETA",
        "beta@esempio.it",
        theirs.past_booking.ticket_code,
        theirs.future_booking.ticket_code,
        theirs.feed.token,
        theirs.plan_share.token,
    ):
        assert leak not in text


def test_download_needs_a_login(client):
    response = client.get(reverse("accounts:export_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_dashboard_links_to_the_privacy_pages(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:dashboard")).content.decode()
    for name in ("export_data", "consents", "delete_account"):
        assert reverse(f"accounts:{name}") in html


# Deleting the account ---------------------------------------------------------------


def test_deleting_the_account_erases_the_person_and_keeps_the_visits(
    client, django_capture_on_commit_callbacks
):
    where = editions()
    alfa = person("ALFA")
    mine = plant(alfa, tag="ALFA", where=where)
    plant(person("BETA"), tag="BETA", where=where)
    # Someone waits for the seats of ALFA's future booking (the slot is full).
    next_in_line = WaitingListEntryFactory(slot=mine.future_slot, party_size=2)
    client.force_login(alfa)

    assert client.get(reverse("accounts:delete_account")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("editions:home")
    alfa.refresh_from_db()
    assert alfa.is_anonymised and not alfa.is_active and not alfa.has_usable_password()
    # Logged out, and no way back in.
    assert "_auth_user_id" not in client.session
    assert not client.login(email="alfa@esempio.it", password=PASSWORD)
    # The future booking is cancelled, its seats offered to the waiting list.
    mine.future_booking.refresh_from_db()
    assert mine.future_booking.status == Booking.Status.CANCELLED
    next_in_line.refresh_from_db()
    assert next_in_line.status == WaitingListEntry.Status.OFFERED
    assert next_in_line.visitor.email in [m.to[0] for m in mail.outbox]
    mine.waiting.refresh_from_db()
    assert mine.waiting.status == WaitingListEntry.Status.LEFT
    # The past visit stays, for the statistics, without the group's name.
    mine.past_booking.refresh_from_db()
    assert mine.past_booking.visitor_id == alfa.pk
    assert (mine.past_booking.party_size, mine.past_booking.status) == (3, "confirmed")
    assert mine.past_booking.checked_in_at is not None
    assert mine.past_booking.group_name == "—"
    assert VisitorProfile.objects.get(user=alfa).comune.name == "Comune ALFA"
    # What served only the person is gone.
    assert not PlanItem.objects.filter(user=alfa).exists()
    assert not PlanShare.objects.filter(user=alfa).exists()
    assert not CalendarFeed.objects.filter(user=alfa).exists()
    assert not Membership.objects.filter(user=alfa).exists()
    assert not Subscriber.objects.filter(email__iexact="alfa@esempio.it").exists()
    assert not alfa.external_identities.exists()
    # Name and address are nowhere in the database; BETA's still are.
    assert find_everywhere("alfa@esempio.it", "Persona ALFA CognomeALFA", "Classe ALFA") == []
    assert find_everywhere("beta@esempio.it") == [
        "accounts.Consent.email",
        "accounts.LoginFailure.email",
        "accounts.User.email",
        "news.Subscriber.email",
    ]
    # The trail says it happened, without saying who.
    event = AuditEvent.objects.get(action="accounts.account_deleted")
    assert (event.actor_id, event.object_id, event.object_label) == (
        alfa.pk,
        str(alfa.pk),
        f"#{alfa.pk}",
    )
    assert "ALFA" not in event.actor_label


def test_deletion_needs_the_right_password_and_the_confirmation(client):
    user = UserFactory()
    client.force_login(user)

    wrong = client.post(reverse("accounts:delete_account"), {"password": "no", "confirm": "on"})
    unconfirmed = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})

    assert wrong.status_code == unconfirmed.status_code == 400
    assert "La password non è corretta." in wrong.content.decode()
    user.refresh_from_db()
    assert user.is_active and not user.is_anonymised


def test_an_account_without_password_needs_a_recent_login(client, settings):
    settings.ACCOUNT_DELETION_REAUTH_MINUTES = 10
    user = UserFactory()
    user.set_unusable_password()
    user.last_login = timezone.now() - datetime.timedelta(minutes=30)
    user.save()
    client.force_login(user)  # updates last_login: set it back to 30 minutes ago
    User.objects.filter(pk=user.pk).update(
        last_login=timezone.now() - datetime.timedelta(minutes=30)
    )

    stale = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert stale.status_code == 400
    assert "accedete di nuovo" in stale.content.decode()
    assert User.objects.get(pk=user.pk).is_active

    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    fresh = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert fresh.status_code == 302
    assert User.objects.get(pk=user.pk).is_anonymised


def test_the_only_owner_of_an_organisation_deletes_the_account_and_staff_see_it(client):
    """Being made an organisation's only owner (by anyone) never blocks an erasure:
    the person leaves, and the organisation is flagged to staff."""
    owner = MembershipFactory(role=Membership.Role.OWNER)
    client.force_login(owner.user)

    page = client.get(reverse("accounts:delete_account")).content.decode()
    done = client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert "unico titolare" not in page
    assert done.status_code == 302
    assert User.objects.get(pk=owner.user_id).is_anonymised
    assert not Membership.objects.filter(organisation=owner.organisation).exists()
    assert list(Organisation.objects.without_owners()) == [owner.organisation]


def test_staff_deletion_on_request_names_the_staff_member():
    staff, user = StaffFactory(), UserFactory()
    privacy.delete_account(user, by=staff)
    event = AuditEvent.objects.get(action="accounts.account_deleted")
    assert event.actor_id == staff.pk and staff.email in event.actor_label


# Retention --------------------------------------------------------------------------


def test_purge_command_anonymises_old_editions_and_is_idempotent(settings):
    settings.VISITOR_DATA_RETENTION_DAYS = 30
    settings.INACTIVE_ACCOUNT_RETENTION_DAYS = 0
    where = editions()  # the past edition ended about 360 days ago
    alfa = person("ALFA")
    mine = plant(alfa, tag="ALFA", where=where)
    from io import StringIO

    out = StringIO()
    call_command("purge_visitor_data", stdout=out)

    assert "visitors_anonymised=1" in out.getvalue()
    mine.past_booking.refresh_from_db()
    placeholder = mine.past_booking.visitor
    assert placeholder.pk != alfa.pk and placeholder.is_anonymised and not placeholder.is_active
    assert placeholder.email.endswith("@anonimo.invalid") and placeholder.full_name == ""
    assert mine.past_booking.group_name == "—"
    assert mine.past_booking.checked_in_at is not None
    assert VisitorProfile.objects.get(user=placeholder).comune.name == "Comune ALFA"
    # The current edition is untouched, and the account stays.
    mine.future_booking.refresh_from_db()
    assert mine.future_booking.visitor_id == alfa.pk
    assert User.objects.get(pk=alfa.pk).is_active
    assert AuditEvent.objects.filter(action="accounts.visitor_data_purged", actor=None).count() == 1

    call_command("purge_visitor_data", stdout=out)
    assert "visitors_anonymised=0" in out.getvalue().splitlines()[-1]
    assert AuditEvent.objects.filter(action="accounts.visitor_data_purged").count() == 1


def test_purge_deletes_visitor_accounts_unused_for_too_long(settings):
    settings.INACTIVE_ACCOUNT_RETENTION_DAYS = 1095
    long_ago = timezone.now() - datetime.timedelta(days=1100)
    idle = UserFactory(last_login=long_ago)
    never_verified = UserFactory(email_verified_at=None)
    User.objects.filter(pk=never_verified.pk).update(date_joined=long_ago)
    recent = UserFactory(last_login=timezone.now() - datetime.timedelta(days=10))
    idle_staff = StaffFactory(last_login=long_ago)
    ownership = MembershipFactory(role=Membership.Role.OWNER, user=UserFactory(last_login=long_ago))

    result = privacy.purge_visitor_data()

    # An idle only owner goes too: the organisation is flagged to staff instead.
    assert result.inactive_accounts == 3
    assert set(User.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)) == {
        idle.pk,
        never_verified.pk,
        ownership.user_id,
    }
    assert list(Organisation.objects.without_owners()) == [ownership.organisation]
    for kept in (recent, idle_staff):
        assert User.objects.get(pk=kept.pk).is_active


# What hosts see -----------------------------------------------------------------------


def test_hosts_see_names_and_party_sizes_and_addresses_only_with_consent(client):
    host = MembershipFactory()
    slot = TimeSlotFactory(activity=ActivityFactory(organisation=host.organisation), capacity=20)
    sharing = UserFactory(full_name="Chi Condivide", email="condivide@esempio.it")
    private = UserFactory(full_name="Chi Riservato", email="riservato@esempio.it")
    withdrawn = UserFactory(full_name="Chi Ritira", email="ritira@esempio.it")
    for visitor, size in ((sharing, 2), (private, 3), (withdrawn, 4)):
        BookingFactory(slot=slot, visitor=visitor, party_size=size)
    privacy.set_consent(sharing, purpose="host_contact", given=True, source="booking")
    privacy.set_consent(withdrawn, purpose="host_contact", given=True, source="booking")
    privacy.set_consent(withdrawn, purpose="host_contact", given=False, source="consents_page")
    client.force_login(host.user)

    html = client.get(reverse("tickets:slot_bookings", args=[slot.pk])).content.decode()

    for name in ("Chi Condivide", "Chi Riservato", "Chi Ritira"):
        assert name in html
    assert "condivide@esempio.it" in html
    assert "riservato@esempio.it" not in html
    assert "ritira@esempio.it" not in html
    # The door's page shows no address at all.
    door = client.get(reverse("tickets:checkin", args=[slot.pk])).content.decode()
    assert "Chi Condivide" in door and "condivide@esempio.it" not in door


def test_booking_with_the_box_ticked_records_the_contact_consent(client):
    from manifatture.editions.tests.factories import PhasedEditionFactory

    edition = PhasedEditionFactory(registration=True)
    slot = TimeSlotFactory(activity=ActivityFactory(edition=edition), capacity=10)
    visitor = UserFactory()
    client.force_login(visitor)

    page = client.get(reverse("bookings:book", args=[slot.pk])).content.decode()
    assert 'name="share_contact"' in page
    client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": 1, "share_contact": "on"})

    assert Booking.objects.filter(visitor=visitor).exists()
    consent = Consent.objects.get(user=visitor)
    assert (consent.purpose, consent.given, consent.source) == ("host_contact", True, "booking")
    # Once given, the box is not offered again.
    other = TimeSlotFactory(activity=ActivityFactory(edition=edition), capacity=10)
    assert (
        'name="share_contact"'
        not in client.get(reverse("bookings:book", args=[other.pk])).content.decode()
    )


def test_staff_delete_an_account_on_request_from_the_admin(client):
    admin = User.objects.create_superuser(
        email="admin@esempio.it", password="una-password", full_name="Amministrazione"
    )
    person, owner = UserFactory(), MembershipFactory(role=Membership.Role.OWNER).user
    client.force_login(admin)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_on_request", "_selected_action": [person.pk, owner.pk]},
        follow=True,
    )

    assert User.objects.get(pk=person.pk).is_anonymised
    assert User.objects.get(pk=owner.pk).is_anonymised  # an only owner too
    page = response.content.decode()
    assert "cancellato e reso anonimo" in page and "unico titolare" not in page
    events = AuditEvent.objects.filter(action="accounts.account_deleted")
    assert {(e.actor_id, e.object_id) for e in events} == {
        (admin.pk, str(person.pk)),
        (admin.pk, str(owner.pk)),
    }
