"""The booking pages, the places left on the programme and the activity page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.accounts.tests.factories import PASSWORD, UserFactory
from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.bookings import services
from manifatture.bookings.models import Booking, VisitorProfile, WaitingListEntry
from manifatture.directory.tests.factories import ComuneFactory
from manifatture.editions.tests.factories import PhasedEditionFactory

from .conftest import fill, make_slot, sibling

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


# The activity page and the programme ----------------------------------------------------


def test_activity_page_shows_places_left_and_the_booking_form(client, activity):
    slot = make_slot(activity, capacity=10)
    full = make_slot(activity, hour=15, capacity=2)
    fill(slot, 3)
    fill(full, 2)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "7 posti liberi" in html
    assert "Esaurito: entra in lista d'attesa" in html
    assert f'action="{reverse("bookings:book", args=[slot.pk])}"' in html
    assert f'max="{activity.max_party_size}"' in html
    # The full slot links to its page, with the waiting list.
    assert f'href="{reverse("bookings:book", args=[full.pk])}"' in html
    assert f'action="{reverse("bookings:book", args=[full.pk])}"' not in html


def test_activity_page_before_registration_opens(client):
    edition = PhasedEditionFactory(programme=True)
    activity = ActivityFactory(edition=edition)
    slot = make_slot(activity)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Le prenotazioni aprono il" in html
    assert reverse("bookings:book", args=[slot.pk]) not in html


@pytest.mark.parametrize(
    ("mode", "label"),
    [
        (Activity.BookingMode.DROP_IN, "Ingresso libero"),
        (Activity.BookingMode.BALLOT, "Su sorteggio"),
    ],
)
def test_drop_in_and_ballot_states(client, edition, mode, label):
    activity = ActivityFactory(edition=edition, booking_mode=mode)
    slot = make_slot(activity)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert label in html
    assert reverse("bookings:book", args=[slot.pk]) not in html
    programme = client.get(reverse("activities:programme")).content.decode()
    # The programme card says it as a badge (activities/_places_badge.html).
    badge = {"drop_in": "Ingresso libero", "ballot": "In sorteggio"}[mode]
    assert '<p class="places-state mt-2 mb-0"><span class="badge' in programme
    assert f">{badge}</span></p>" in programme


def test_programme_shows_places_left_from_the_bookings(client, edition):
    open_activity = ActivityFactory(edition=edition, title_it="Aperta")
    slot = make_slot(open_activity, capacity=5)
    make_slot(open_activity, hour=15, capacity=5)
    fill(slot, 2)
    full_activity = ActivityFactory(edition=edition, title_it="Piena")
    fill(make_slot(full_activity, capacity=2), 2)
    html = client.get(reverse("activities:programme")).content.decode()
    assert '<span class="badge places-badge--free">8 posti liberi</span>' in html
    assert '<span class="badge bg-danger">Esaurito</span> <span class="small">lista' in html
    # Cancelling frees the place on the programme at once.
    booking = Booking.objects.filter(slot__activity=full_activity).first()
    services.cancel_booking(booking, by=booking.visitor)
    html = client.get(reverse("activities:programme")).content.decode()
    assert 'Ultimi posti</span> <span class="small">1 posto libero</span>' in html


def test_programme_query_count_stays_flat_with_bookings(client, edition):
    def booked_activity():
        activity = ActivityFactory(edition=edition)
        fill(make_slot(activity, capacity=3), 2)
        make_slot(activity, hour=15)

    booked_activity()
    with_one = count_queries(client, reverse("activities:programme"))
    booked_activity()
    booked_activity()
    assert count_queries(client, reverse("activities:programme")) == with_one


# Booking through the pages ----------------------------------------------------------------


def test_booking_requires_login(client, slot):
    response = client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": "1"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert Booking.objects.count() == 0


def test_book_from_the_activity_page(client, slot, visitor, django_capture_on_commit_callbacks):
    login(client, visitor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": "2"})
    assert response.status_code == 302
    booking = Booking.objects.get(visitor=visitor)
    assert response.url == f"{reverse('bookings:mine')}?prenotata={booking.pk}"
    assert booking.party_size == 2
    page = client.get(response.url).content.decode()
    assert f"Prenotazione confermata: «{slot.activity.title}»" in page
    assert page.count("Appena prenotata") == 1
    assert f'<tr id="prenotazione-{booking.pk}" class="stacked-table__new">' in page
    assert booking.ticket_code in page
    assert reverse("bookings:cancel", args=[booking.pk]) in page
    # The confirmation is told from the booking, not from a message: the
    # booking's answer sets none, and a reload still says it.
    assert "messages" not in response.cookies
    assert (
        f"Prenotazione confermata: «{slot.activity.title}»"
        in client.get(response.url).content.decode()
    )


def test_the_just_booked_mark_is_only_for_ones_own_booking(client, slot, visitor):
    others = services.book_slot(slot, visitor=UserFactory(), party_size=1)
    mine = services.book_slot(slot, visitor=visitor, party_size=1)
    login(client, visitor)
    page = client.get(reverse("bookings:mine"), {"prenotata": others.pk}).content.decode()
    assert "Appena prenotata" not in page
    assert "Prenotazione confermata" not in page
    assert others.ticket_code not in page
    # Nor for one's own booking once cancelled.
    services.cancel_booking(mine, by=visitor)
    page = client.get(reverse("bookings:mine"), {"prenotata": mine.pk}).content.decode()
    assert "Prenotazione confermata" not in page


def test_double_submit_through_the_page_books_once(client, slot, visitor):
    login(client, visitor)
    url = reverse("bookings:book", args=[slot.pk])
    client.post(url, {"party_size": "2"})
    client.post(url, {"party_size": "2"})
    assert Booking.objects.filter(visitor=visitor).count() == 1
    slot.refresh_from_db()
    assert slot.seats_taken == 2


def test_a_refused_booking_keeps_what_was_typed(client, slot, visitor):
    login(client, visitor)
    response = client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": "9"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="9"' in html
    assert "Assicurati che questo valore sia minore o uguale a 4." in html
    assert Booking.objects.count() == 0


def test_full_slot_offers_the_waiting_list(client, activity, visitor):
    slot = make_slot(activity, capacity=2)
    fill(slot, 1)
    login(client, visitor)
    response = client.post(
        reverse("bookings:book", args=[slot.pk]), {"party_size": "2"}, follow=True
    )
    # Refused with a redirect back to the booking page, which says why at its top
    # and keeps the party's size for the waiting list.
    assert response.redirect_chain == [
        (reverse("bookings:book", args=[slot.pk]) + "?persone=2", 302)
    ]
    html = response.content.decode()
    assert "Non ci sono abbastanza posti liberi in questo turno" in html
    assert f'action="{reverse("bookings:join_waiting_list", args=[slot.pk])}"' in html
    assert 'name="party_size" value="2"' in html
    response = client.post(
        reverse("bookings:join_waiting_list", args=[slot.pk]), {"party_size": "2"}
    )
    assert response.status_code == 302
    entry = WaitingListEntry.objects.get(visitor=visitor)
    assert (entry.party_size, entry.status) == (2, "waiting")
    page = client.get(reverse("bookings:mine")).content.decode()
    assert "In lista d'attesa" in page
    assert reverse("bookings:leave_waiting_list", args=[entry.pk]) in page


def test_a_refusal_is_told_in_the_visitors_language(client, activity, visitor):
    slot = make_slot(activity, capacity=1)
    fill(slot, 1)
    login(client, visitor)
    url = "/en" + reverse("bookings:book", args=[slot.pk])
    response = client.post(url, {"party_size": "1"}, follow=True)
    assert response.redirect_chain == [(url + "?persone=1", 302)]
    html = response.content.decode()
    assert "There are not enough free places in this session" in html
    assert "alert-danger" in html


def test_a_refusal_with_a_ticked_box_is_shown_again_as_sent(client, activity, visitor):
    """A redirect would lose the tick: the page is shown again, the box still
    ticked, with the error beside the form."""
    slot = make_slot(activity, capacity=2)
    fill(slot, 1)
    login(client, visitor)
    response = client.post(
        reverse("bookings:book", args=[slot.pk]), {"party_size": "2", "share_contact": "on"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Non ci sono abbastanza posti liberi in questo turno" in html
    tick = re.search(r'<input type="checkbox" name="share_contact"[^>]*>', html).group(0)
    assert "checked" in tick
    assert 'value="2"' in re.search(r'<input[^>]*name="party_size"[^>]*>', html).group(0)
    assert Booking.objects.filter(visitor=visitor).count() == 0


def test_a_full_slot_shown_again_tells_why_the_booking_failed(client, edition, visitor):
    """Sent with the rules ticked, a booking on a full slot is shown again as
    sent: there is no booking form on a full slot, and the error is told above
    the waiting list all the same."""
    activity = ActivityFactory(edition=edition, min_age=14)
    slot = make_slot(activity, capacity=1)
    services.book_slot(slot, visitor=UserFactory(), party_size=1, rules_acknowledged=True)
    login(client, visitor)
    response = client.post(
        reverse("bookings:book", args=[slot.pk]), {"party_size": "1", "acknowledge_rules": "on"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Non ci sono abbastanza posti liberi in questo turno" in html
    assert f'action="{reverse("bookings:join_waiting_list", args=[slot.pk])}"' in html


def test_group_booking_page(client, edition, visitor):
    activity = ActivityFactory(edition=edition, max_group_size=30)
    slot = make_slot(activity, capacity=40, group_seats=30)
    login(client, visitor)
    page = client.get(reverse("bookings:book", args=[slot.pk])).content.decode()
    assert "Gruppi e scuole" in page
    response = client.post(
        reverse("bookings:book_group", args=[slot.pk]),
        {"party_size": "28", "group_name": "IIS Feltrinelli 4B"},
    )
    assert response.status_code == 302
    booking = Booking.objects.get(visitor=visitor)
    assert (booking.kind, booking.group_name, booking.party_size) == (
        "group",
        "IIS Feltrinelli 4B",
        28,
    )
    page = client.get(response.url).content.decode()
    assert f"Prenotazione del gruppo confermata: «{activity.title}»" in page
    # Missing name: the error shows and the size stays.
    response = client.post(
        reverse(
            "bookings:book_group",
            args=[
                make_slot(
                    ActivityFactory(edition=edition, max_group_size=30), hour=15, capacity=40
                ).pk
            ],
        ),
        {"party_size": "12", "group_name": ""},
    )
    assert response.status_code == 200
    assert 'value="12"' in response.content.decode()


def test_cancel_from_my_bookings(client, slot, visitor):
    booking = services.book_slot(slot, visitor=visitor, party_size=2)
    login(client, visitor)
    url = reverse("bookings:cancel", args=[booking.pk])
    assert "Sì, annulla la prenotazione" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("bookings:mine")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    slot.refresh_from_db()
    assert slot.seats_taken == 0


def test_nobody_sees_or_cancels_another_visitors_booking(client, slot, visitor):
    booking = services.book_slot(slot, visitor=visitor, party_size=1)
    other = UserFactory()
    login(client, other)
    assert client.get(reverse("bookings:cancel", args=[booking.pk])).status_code == 404
    assert client.post(reverse("bookings:cancel", args=[booking.pk])).status_code == 404
    assert booking.ticket_code not in client.get(reverse("bookings:mine")).content.decode()
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_accept_and_leave_from_the_pages(client, activity, visitor):
    slot = make_slot(activity, capacity=1)
    (booking,) = fill(slot, 1)
    entry = services.join_waiting_list(slot, visitor=visitor, party_size=1)
    services.cancel_booking(booking, by=booking.visitor)
    login(client, visitor)
    page = client.get(reverse("bookings:mine")).content.decode()
    assert "Posti offerti dalla lista d'attesa" in page
    assert reverse("bookings:accept_offer", args=[entry.pk]) in page
    response = client.post(reverse("bookings:accept_offer", args=[entry.pk]))
    accepted = Booking.objects.get(visitor=visitor)
    assert accepted.status == "confirmed"
    assert response.url == f"{reverse('bookings:mine')}?prenotata={accepted.pk}"
    # Accepting again shows why not.
    html = client.post(reverse("bookings:accept_offer", args=[entry.pk])).content.decode()
    assert "Questa offerta non è più valida" in html

    other_slot = make_slot(sibling(activity), hour=15, capacity=1)
    fill(other_slot, 1)
    waiting = services.join_waiting_list(other_slot, visitor=visitor, party_size=1)
    response = client.post(reverse("bookings:leave_waiting_list", args=[waiting.pk]))
    assert response.url == reverse("bookings:mine")
    waiting.refresh_from_db()
    assert waiting.status == "left"


def test_my_bookings_query_count_stays_flat(client, activity, visitor):
    def one_more(hour):
        services.book_slot(make_slot(sibling(activity), hour=hour), visitor=visitor, party_size=1)
        full = make_slot(sibling(activity), hour=hour, minute=30, capacity=1)
        fill(full, 1)
        services.join_waiting_list(full, visitor=visitor, party_size=1)

    login(client, visitor)
    one_more(9)
    with_one = count_queries(client, reverse("bookings:mine"))
    one_more(12)
    one_more(15)
    assert count_queries(client, reverse("bookings:mine")) == with_one


# The visitor profile ----------------------------------------------------------------------


@pytest.fixture
def comuni():
    return [
        ComuneFactory(),
        ComuneFactory(istat_code="015182", name="Sesto San Giovanni"),
        ComuneFactory(istat_code="016024", name="Bergamo", province="BG"),
    ]


def test_profile_page_lists_the_metropolitan_comuni_and_explains_privacy(client, visitor, comuni):
    login(client, visitor)
    html = client.get(reverse("bookings:profile")).content.decode()
    assert '<option value="015182">Sesto San Giovanni</option>' in html
    assert "Bergamo" not in html
    assert '<option value="altro">' in html
    assert "Come usiamo questi dati" in html
    assert "statistiche anonime e aggregate" in html


def test_profile_data_needs_consent_and_nothing_typed_is_lost(client, visitor, comuni):
    login(client, visitor)
    response = client.post(
        reverse("bookings:profile"), {"residence": "015182", "age_band": "18_34"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ci serve il vostro consenso" in html
    assert '<option value="015182" selected>' in html
    assert not VisitorProfile.objects.filter(user=visitor).exists()


def test_profile_saved_with_the_consent_time_then_erased(client, visitor, comuni):
    login(client, visitor)
    client.post(
        reverse("bookings:profile"),
        {"residence": "015182", "age_band": "18_34", "consent": "on"},
    )
    profile = VisitorProfile.objects.get(user=visitor)
    assert (profile.comune_id, profile.age_band, profile.lives_elsewhere) == (
        "015182",
        "18_34",
        False,
    )
    consent_at = profile.statistics_consent_at
    assert consent_at is not None
    # Editing keeps the first consent's time; "other" is recorded without a comune.
    client.post(
        reverse("bookings:profile"), {"residence": "altro", "age_band": "", "consent": "on"}
    )
    profile.refresh_from_db()
    assert (profile.comune_id, profile.lives_elsewhere, profile.age_band) == (None, True, "")
    assert profile.statistics_consent_at == consent_at

    response = client.post(reverse("bookings:profile_erase"))
    assert response.url == reverse("bookings:profile")
    assert not VisitorProfile.objects.filter(user=visitor).exists()


def test_withdrawing_consent_empties_the_profile(client, visitor, comuni):
    login(client, visitor)
    client.post(reverse("bookings:profile"), {"residence": "015146", "consent": "on"})
    client.post(reverse("bookings:profile"), {"residence": "", "age_band": ""})
    profile = VisitorProfile.objects.get(user=visitor)
    assert (profile.comune_id, profile.age_band, profile.statistics_consent_at) == (None, "", None)


def test_profile_without_consent_is_a_database_rule(visitor, comuni):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        VisitorProfile.objects.create(user=visitor, age_band="18_34")


def test_visits_already_over_are_looked_back_on_not_offered_for_cancelling(client, visitor):
    """A newcomer found 2018's visits under the upcoming bookings with "Annulla"."""
    import datetime

    from django.utils import timezone

    from manifatture.activities.tests.factories import TimeSlotFactory

    past_edition = PhasedEditionFactory(past=True)
    past_slot = TimeSlotFactory(
        activity=ActivityFactory(edition=past_edition, title_it="Visita del 2018"),
        starts_at=timezone.now() - datetime.timedelta(days=400),
        ends_at=timezone.now() - datetime.timedelta(days=400, hours=-2),
    )
    past = Booking.objects.create(
        slot=past_slot, visitor=visitor, party_size=2, checked_in_at=past_slot.starts_at
    )
    client.force_login(visitor)

    page = client.get(reverse("bookings:mine")).content.decode()
    assert "Visite passate" in page
    assert "Visita del 2018" in page and "ingresso registrato" in page
    assert reverse("bookings:cancel", args=[past.pk]) not in page

    cancel = client.get(reverse("bookings:cancel", args=[past.pk])).content.decode()
    assert "già iniziata o è passata" in cancel
    assert "Sì, annulla la prenotazione" not in cancel
    client.post(reverse("bookings:cancel", args=[past.pk]))
    past.refresh_from_db()
    assert past.is_confirmed
