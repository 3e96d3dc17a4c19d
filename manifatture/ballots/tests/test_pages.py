import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import ActivityFactory
from manifatture.ballots.models import Ballot, BallotActivity, BallotEntry
from manifatture.bookings.models import Booking

from .conftest import balloted_activity, make_slot
from .factories import BallotEntryFactory

pytestmark = pytest.mark.django_db


def _local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _days(n: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


# The public ballot page -----------------------------------------------------------


def test_no_ballot_page(client, edition):
    response = client.get(reverse("ballots:current"))
    assert response.status_code == 200
    assert "Per ora non c'è un sorteggio in corso" in response.text


def test_the_ballot_page_lists_its_activities_and_slots(client, ballot):
    activity = balloted_activity(ballot, title_it="Visita alla fonderia")
    make_slot(activity, hour=10, capacity=12)
    ActivityFactory(edition=ballot.edition, title_it="Visita prenotabile")
    response = client.get(reverse("ballots:current"))
    assert response.status_code == 200
    assert "Visita alla fonderia" in response.text
    assert "12 posti" in response.text
    assert "Visita prenotabile" not in response.text
    assert "Accedete per partecipare" in response.text


@pytest.mark.parametrize("count", [1, 3])
def test_the_ballot_page_query_count_does_not_grow(
    client, ballot, visitor, count, django_assert_num_queries
):
    for n in range(count):
        slot = make_slot(balloted_activity(ballot), hour=10 + n)
        BallotEntryFactory(ballot=ballot, visitor=visitor, slot=slot, rank=n + 1)
    client.force_login(visitor)
    # session, user, ballot, activities, their slots, my entries
    with django_assert_num_queries(6):
        response = client.get(reverse("ballots:detail", args=[ballot.pk]))
    assert response.text.count("Preferenza") >= 1
    assert len(response.context["entries"]) == count


# Entering choices -----------------------------------------------------------------


def test_entering_choices_needs_a_login(client, ballot):
    url = reverse("ballots:enter", args=[ballot.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_entering_choices_needs_a_verified_address(client, ballot):
    # The login backend does not keep unverified accounts logged in.
    client.force_login(UserFactory(email_verified_at=None))
    response = client.get(reverse("ballots:enter", args=[ballot.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.fixture
def slots(ballot):
    activity = balloted_activity(ballot, max_party_size=4, title_it="Visita alla fonderia")
    return [make_slot(activity, hour=hour) for hour in (10, 12, 14)]


def _post(slots_and_sizes):
    data = {}
    for row, (slot, size) in enumerate(slots_and_sizes, start=1):
        data[f"slot_{row}"] = slot.pk if slot else ""
        data[f"party_size_{row}"] = size
    return data


def test_a_visitor_enters_three_ranked_choices(client, ballot, visitor, slots):
    client.force_login(visitor)
    url = reverse("ballots:enter", args=[ballot.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.text.count("<fieldset") == 3
    response = client.post(url, _post([(slots[2], 2), (slots[0], 1), (slots[1], 4)]))
    assert response.status_code == 302
    assert response.url == reverse("ballots:mine")
    assert [
        (e.rank, e.slot_id, e.party_size)
        for e in BallotEntry.objects.filter(visitor=visitor).order_by("rank")
    ] == [(1, slots[2].pk, 2), (2, slots[0].pk, 1), (3, slots[1].pk, 4)]
    # The form shows them back, to be changed.
    page = client.get(url)
    assert page.context["form"].initial == {
        "slot_1": slots[2].pk,
        "party_size_1": 2,
        "slot_2": slots[0].pk,
        "party_size_2": 1,
        "slot_3": slots[1].pk,
        "party_size_3": 4,
    }


def test_empty_rows_are_skipped_and_no_row_withdraws(client, ballot, visitor, slots):
    client.force_login(visitor)
    url = reverse("ballots:enter", args=[ballot.pk])
    client.post(url, _post([(None, 1), (slots[1], 3), (None, 1)]))
    assert [(e.rank, e.slot_id) for e in BallotEntry.objects.all()] == [(1, slots[1].pk)]
    client.post(url, _post([(None, 1), (None, 1), (None, 1)]))
    assert not BallotEntry.objects.exists()


def test_a_fourth_choice_is_not_taken(client, ballot, visitor, slots):
    fourth = make_slot(slots[0].activity, hour=16)
    client.force_login(visitor)
    data = {**_post([(s, 1) for s in slots]), "slot_4": fourth.pk, "party_size_4": 1}
    client.post(reverse("ballots:enter", args=[ballot.pk]), data)
    assert BallotEntry.objects.filter(visitor=visitor).count() == 3
    assert not BallotEntry.objects.filter(slot=fourth).exists()


def test_a_party_too_big_is_refused_and_nothing_typed_is_lost(client, ballot, visitor, slots):
    client.force_login(visitor)
    response = client.post(
        reverse("ballots:enter", args=[ballot.pk]), _post([(slots[0], 2), (slots[1], 5)])
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["party_size_2"] == ["Per questa attività potete indicare 1–4 persone."]
    assert form["slot_1"].value() == str(slots[0].pk)
    assert form["party_size_2"].value() == "5"
    assert not BallotEntry.objects.exists()


@pytest.mark.parametrize("size", ["", "0", "99", "due"])
def test_an_empty_preference_is_ignored_whatever_its_number(client, ballot, visitor, slots, size):
    client.force_login(visitor)
    response = client.post(
        reverse("ballots:enter", args=[ballot.pk]), _post([(slots[0], 2), (None, size)])
    )
    assert response.status_code == 302
    assert [(e.slot_id, e.party_size) for e in BallotEntry.objects.all()] == [(slots[0].pk, 2)]


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ("due", "Indicate il numero di persone in cifre, ad esempio 2."),
        ("0", "Per questa attività potete indicare 1–4 persone."),
        ("", "Indicate per quante persone."),
    ],
)
def test_a_chosen_preferences_number_is_refused_in_our_words(
    client, ballot, visitor, slots, size, message
):
    client.force_login(visitor)
    url = reverse("ballots:enter", args=[ballot.pk])
    response = client.post(url, _post([(slots[0], size)]))
    assert response.context["form"].errors["party_size_1"] == [message]
    with translation.override("en"):
        english = client.post(reverse("ballots:enter", args=[ballot.pk]), _post([(slots[0], size)]))
        errors = [str(error) for error in english.context["form"].errors["party_size_1"]]
    assert errors == [
        {
            "due": "Give the number of people in figures, for example 2.",
            "0": "For this activity you can enter 1 to 4 people.",
            "": "Say how many people.",
        }[size]
    ]
    assert not BallotEntry.objects.exists()


def test_a_party_above_the_activitys_own_maximum_is_refused(client, ballot, visitor, slots):
    small = make_slot(balloted_activity(ballot, max_party_size=2), hour=16)
    client.force_login(visitor)
    response = client.post(reverse("ballots:enter", args=[ballot.pk]), _post([(small, 3)]))
    assert response.context["form"].errors["party_size_1"] == [
        "Per questa attività potete indicare 1–2 persone."
    ]


def test_the_same_slot_twice_is_refused(client, ballot, visitor, slots):
    client.force_login(visitor)
    response = client.post(
        reverse("ballots:enter", args=[ballot.pk]), _post([(slots[0], 1), (slots[0], 2)])
    )
    assert response.context["form"].errors["slot_2"] == ["Avete già scelto questo turno."]


def test_a_slot_outside_the_ballot_is_not_a_choice(client, ballot, visitor, slots):
    other = make_slot(ActivityFactory(edition=ballot.edition))
    client.force_login(visitor)
    response = client.post(reverse("ballots:enter", args=[ballot.pk]), _post([(other, 1)]))
    assert "slot_1" in response.context["form"].errors
    assert not BallotEntry.objects.exists()


@pytest.mark.parametrize("window", ["upcoming", "closed"])
def test_no_choices_outside_the_window(client, edition, visitor, window):
    from .factories import BallotFactory

    ballot = BallotFactory(edition=edition, **{window: True})
    slot = make_slot(balloted_activity(ballot))
    client.force_login(visitor)
    url = reverse("ballots:enter", args=[ballot.pk])
    response = client.post(url, _post([(slot, 1)]), follow=True)
    assert response.redirect_chain == [(reverse("ballots:detail", args=[ballot.pk]), 302)]
    assert "Le iscrizioni a questo sorteggio non sono aperte." in response.text
    assert not BallotEntry.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_choices_form_query_count_does_not_grow(
    client, ballot, visitor, count, django_assert_num_queries
):
    for n in range(count):
        slot = make_slot(balloted_activity(ballot), hour=9 + n)
        BallotEntryFactory(ballot=ballot, visitor=visitor, slot=slot, rank=n + 1)
    client.force_login(visitor)
    # session, user, ballot, slots, my entries
    with django_assert_num_queries(5):
        response = client.get(reverse("ballots:enter", args=[ballot.pk]))
    assert response.status_code == 200


# My choices -----------------------------------------------------------------------


def test_my_choices_show_only_mine(client, ballot, visitor, slots):
    someone = UserFactory()
    BallotEntryFactory(ballot=ballot, visitor=someone, slot=slots[1], party_size=3)
    BallotEntryFactory(ballot=ballot, visitor=visitor, slot=slots[0], party_size=2)
    client.force_login(visitor)
    response = client.get(reverse("ballots:mine"))
    assert response.status_code == 200
    entries = [e for group in response.context["ballots"] for e in group["entries"]]
    assert [(e.visitor, e.slot) for e in entries] == [(visitor, slots[0])]
    assert "12:00" not in response.text  # the other visitor's slot
    assert "10:00" in response.text
    # The detail page shows only mine too.
    page = client.get(reverse("ballots:detail", args=[ballot.pk]))
    assert [e.visitor for e in page.context["entries"]] == [visitor]


def test_my_choices_needs_a_login(client):
    response = client.get(reverse("ballots:mine"))
    assert response.status_code == 302


@pytest.mark.parametrize("count", [1, 3])
def test_my_choices_query_count_does_not_grow(
    client, ballot, visitor, count, django_assert_num_queries
):
    for n in range(count):
        slot = make_slot(balloted_activity(ballot), hour=9 + n)
        BallotEntryFactory(ballot=ballot, visitor=visitor, slot=slot, rank=n + 1)
    client.force_login(visitor)
    # session, user, my entries with everything, current edition, its ballot
    with django_assert_num_queries(5):
        response = client.get(reverse("ballots:mine"))
    assert len(response.context["ballots"][0]["entries"]) == count


# Staff pages ----------------------------------------------------------------------


STAFF_PAGES = [
    ("get", "ballots:manage", False),
    ("post", "ballots:manage", False),
    ("get", "ballots:manage_ballot", True),
    ("post", "ballots:window", True),
    ("post", "ballots:activity_add", True),
    ("post", "ballots:draw", True),
]


@pytest.mark.parametrize(("method", "name", "with_pk"), STAFF_PAGES)
def test_staff_pages_refuse_visitors(client, closed_ballot, visitor, method, name, with_pk):
    activity = balloted_activity(closed_ballot)
    BallotEntryFactory(ballot=closed_ballot, slot=make_slot(activity))
    url = reverse(name, args=[closed_ballot.pk] if with_pk else [])
    client.force_login(visitor)
    assert getattr(client, method)(url, {"confirm": "on"}).status_code == 403
    client.logout()
    response = getattr(client, method)(url, {"confirm": "on"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    closed_ballot.refresh_from_db()
    assert closed_ballot.status == Ballot.Status.OPEN


def test_visitors_cannot_remove_activities(client, ballot, visitor):
    activity = balloted_activity(ballot)
    client.force_login(visitor)
    url = reverse("ballots:activity_remove", args=[ballot.pk, activity.pk])
    assert client.post(url).status_code == 403
    assert BallotActivity.objects.filter(activity=activity).exists()


def test_staff_create_a_ballot_and_mark_activities(client, edition, staff):
    activity = ActivityFactory(edition=edition, title_it="Visita alla fonderia")
    client.force_login(staff)
    assert client.get(reverse("ballots:manage")).status_code == 200
    response = client.post(
        reverse("ballots:manage"),
        {"opens_at": _local_input(_days(1)), "closes_at": _local_input(_days(4))},
    )
    ballot = Ballot.objects.get()
    assert response.url == reverse("ballots:manage_ballot", args=[ballot.pk])
    page = client.get(response.url)
    assert "Visita alla fonderia" in page.text  # offered in the select
    response = client.post(
        reverse("ballots:activity_add", args=[ballot.pk]), {"activity": activity.pk}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.booking_mode == Activity.BookingMode.BALLOT
    client.post(reverse("ballots:activity_remove", args=[ballot.pk, activity.pk]))
    activity.refresh_from_db()
    assert activity.booking_mode == Activity.BookingMode.BOOKING


def test_a_bad_window_is_shown_and_kept(client, ballot, staff):
    client.force_login(staff)
    opens, closes = _local_input(_days(3)), _local_input(_days(2))
    response = client.post(
        reverse("ballots:window", args=[ballot.pk]), {"opens_at": opens, "closes_at": closes}
    )
    assert response.status_code == 200
    form = response.context["window_form"]
    assert form.errors["closes_at"] == [
        "La chiusura delle iscrizioni deve venire dopo la loro apertura."
    ]
    assert form["opens_at"].value() == opens


def test_the_draw_form_needs_the_confirmation(client, closed_ballot, staff):
    client.force_login(staff)
    response = client.post(reverse("ballots:draw", args=[closed_ballot.pk]), {"seed": "7"})
    assert response.status_code == 200
    assert "confirm" in response.context["draw_form"].errors
    closed_ballot.refresh_from_db()
    assert closed_ballot.status == Ballot.Status.OPEN


def test_the_draw_waits_for_the_window_to_close(client, ballot, staff):
    client.force_login(staff)
    page = client.get(reverse("ballots:manage_ballot", args=[ballot.pk]))
    assert "Fai il sorteggio" not in page.text
    response = client.post(reverse("ballots:draw", args=[ballot.pk]), {"confirm": "on"})
    assert response.status_code == 200
    assert response.context["draw_form"].non_field_errors() == [
        "Le iscrizioni al sorteggio sono ancora aperte: il sorteggio si fa dopo la chiusura."
    ]


def test_staff_see_demand_before_and_outcome_after_the_draw(
    client, closed_ballot, staff, django_capture_on_commit_callbacks
):
    slot = make_slot(balloted_activity(closed_ballot, title_it="Visita alla fonderia"), capacity=2)
    people = UserFactory.create_batch(3)
    for person in people:
        BallotEntryFactory(ballot=closed_ballot, visitor=person, slot=slot, party_size=2)
    client.force_login(staff)
    page = client.get(reverse("ballots:manage_ballot", args=[closed_ballot.pk]))
    row = page.context["slots"][0]
    assert (row.seats, row.requests, row.first_requests, row.seats_requested) == (2, 3, 3, 6)
    assert row.demand == 3.0
    assert "più richieste che posti" in page.text
    assert "Fai il sorteggio" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ballots:draw", args=[closed_ballot.pk]), {"seed": "20301129", "confirm": "on"}
        )
    assert response.status_code == 302
    page = client.get(response.url)
    assert "20301129" in page.text
    row = page.context["slots"][0]
    assert (row.seats_won, row.winners, row.waiting, row.places_left) == (2, 1, 2, 0)
    totals = page.context["totals"]
    assert (totals.entrants, totals.winners, totals.without_place) == (3, 1, 2)
    assert "Fai il sorteggio" not in page.text
    assert len([m for m in mail.outbox if not m.attachments]) == 3


@pytest.mark.parametrize("count", [1, 3])
def test_the_staff_ballot_page_query_count_does_not_grow(
    client, closed_ballot, staff, count, django_assert_num_queries
):
    for n in range(count):
        slot = make_slot(balloted_activity(closed_ballot), hour=9 + n)
        BallotEntryFactory(ballot=closed_ballot, slot=slot)
    ActivityFactory.create_batch(count, edition=closed_ballot.edition)  # to add
    client.force_login(staff)
    # session, user, ballot, activities to add, activities, their slots, demand, totals
    with django_assert_num_queries(8):
        response = client.get(reverse("ballots:manage_ballot", args=[closed_ballot.pk]))
    assert len(response.context["slots"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_staff_list_query_count_does_not_grow(client, staff, count, django_assert_num_queries):
    from manifatture.editions.tests.factories import EditionFactory

    from .factories import BallotFactory

    for n in range(count):
        BallotFactory(edition=EditionFactory(is_current=n == 0))
    client.force_login(staff)
    # session, user, current edition, its ballot, all ballots
    with django_assert_num_queries(5):
        response = client.get(reverse("ballots:manage"))
    assert len(response.context["ballots"]) == count


# The whole journey, through the pages ---------------------------------------------


def test_from_marking_to_tickets_through_the_pages(
    client, edition, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    activity = ActivityFactory(edition=edition, title_it="Visita alla fonderia")
    slot = make_slot(activity, capacity=2)
    client.force_login(staff)
    client.post(
        reverse("ballots:manage"),
        {"opens_at": _local_input(_days(-1)), "closes_at": _local_input(_days(3))},
    )
    ballot = Ballot.objects.get()
    client.post(reverse("ballots:activity_add", args=[ballot.pk]), {"activity": activity.pk})

    visitors = UserFactory.create_batch(3)
    for person in visitors:
        client.force_login(person)
        client.post(reverse("ballots:enter", args=[ballot.pk]), _post([(slot, 1)]))
    assert BallotEntry.objects.count() == 3

    Ballot.objects.filter(pk=ballot.pk).update(closes_at=_days(-0.01))  # the window closes
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ballots:draw", args=[ballot.pk]), {"confirm": "on"})
    assert Booking.objects.count() == 2
    assert len(mail.outbox) == 3 + 2  # three results, two tickets

    for person in visitors:
        client.force_login(person)
        page = client.get(reverse("ballots:mine"))
        results = [e.result for g in page.context["ballots"] for e in g["entries"]]
        assert results in (["won"], ["waiting"])
        if results == ["won"]:
            assert Booking.objects.get(visitor=person).ticket_code in page.text
