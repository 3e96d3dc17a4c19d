import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.editions import queries, services
from manifatture.editions.exceptions import NotAllowed
from manifatture.editions.models import Edition
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()


def text(response) -> str:
    return html.unescape(response.content.decode())


def at(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2030, 10, day, hour, 0, tzinfo=TZ)


def form_data(**changes) -> dict:
    data = {
        "year": "2030",
        "title": "Manifatture Aperte 2030",
        "tagline_it": "Le fabbriche aprono",
        "tagline_en": "Factories open",
        "host_call_opens": "2030-09-01T09:00",
        "host_call_closes": "2030-10-15T12:00",
        "review_closes": "2030-10-31T18:00",
        "registration_opens": "2030-11-12T09:00",
        "registration_closes": "2030-11-28T23:00",
        "event_start": "2030-11-29",
        "event_end": "2030-11-30",
        "hub_name": "BASE Milano",
        "hub_address": "Via Bergognone 34",
        "reconfirm_hours_before": "48",
        "release_hours_before": "24",
        "door_grace_minutes": "10",
    }
    data.update(changes)
    return data


# make_current


def test_make_current_unsets_the_previous_one():
    old = EditionFactory(year=2029)
    new = EditionFactory(year=2030, is_current=False)
    services.make_current(new, by=StaffFactory())
    assert list(Edition.objects.filter(is_current=True)) == [new]
    old.refresh_from_db()
    assert old.is_current is False


def test_make_current_on_the_current_edition_keeps_it():
    edition = EditionFactory()
    services.make_current(edition)
    assert list(Edition.objects.filter(is_current=True)) == [edition]


def test_make_current_only_by_staff():
    edition = EditionFactory(is_current=False)
    with pytest.raises(NotAllowed):
        services.make_current(edition, by=ReviewerFactory())
    assert not Edition.objects.filter(is_current=True).exists()


def test_the_database_refuses_two_current_editions():
    EditionFactory(year=2029)
    other = EditionFactory(year=2030, is_current=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.filter(pk=other.pk).update(is_current=True)


def test_get_current_edition_is_lazy_and_follows_make_current(django_assert_num_queries):
    edition = EditionFactory(is_current=False)
    with django_assert_num_queries(0):
        current = queries.get_current_edition()
    services.make_current(edition)
    assert current == edition


# the order of the phase dates


def edition_with(**dates) -> Edition:
    values = {
        "year": 2030,
        "title": "Manifatture Aperte 2030",
        "host_call_opens": at(1),
        "host_call_closes": at(15),
        "review_closes": at(20),
        "registration_opens": at(22),
        "registration_closes": at(28),
        "event_start": datetime.date(2030, 10, 29),
        "event_end": datetime.date(2030, 10, 30),
    }
    values.update(dates)
    return Edition(**values)


def test_dates_in_order_are_valid():
    edition_with().full_clean()
    # Boundaries that may touch do touch.
    edition_with(
        review_closes=at(15),
        registration_opens=at(15),
        registration_closes=datetime.datetime(2030, 10, 29, 0, 0, tzinfo=TZ),
        event_end=datetime.date(2030, 10, 29),
    ).full_clean()


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"host_call_closes": at(1)},
            "host_call_closes",
            "La chiusura delle candidature deve venire dopo la loro apertura.",
        ),
        (
            {"review_closes": at(14)},
            "review_closes",
            "La valutazione non può finire prima della chiusura delle candidature.",
        ),
        (
            {"registration_opens": at(19)},
            "registration_opens",
            "Le iscrizioni dei visitatori possono aprire solo dopo la fine della valutazione.",
        ),
        (
            {"registration_closes": at(22)},
            "registration_closes",
            "La chiusura delle iscrizioni deve venire dopo la loro apertura.",
        ),
        (
            {"registration_closes": at(29, hour=1)},
            "registration_closes",
            "Le iscrizioni dei visitatori devono chiudere entro l'inizio dell'evento.",
        ),
        (
            {"event_end": datetime.date(2030, 10, 28)},
            "event_end",
            "L'ultimo giorno dell'evento non può precedere il primo.",
        ),
    ],
)
def test_dates_out_of_order_name_the_field(dates, field, message):
    with pytest.raises(ValidationError) as error:
        edition_with(**dates).full_clean()
    assert error.value.message_dict[field] == [message]


def test_save_edition_validates_the_dates():
    edition = edition_with(review_closes=at(14))
    with pytest.raises(ValidationError):
        services.save_edition(edition, by=StaffFactory())
    assert Edition.objects.count() == 0


# staff pages


@pytest.mark.parametrize("user_factory", [UserFactory, ReviewerFactory])
def test_staff_pages_are_forbidden_to_others(client, user_factory):
    edition = EditionFactory()
    client.force_login(user_factory())
    for url in (
        reverse("editions:staff_list"),
        reverse("editions:staff_create"),
        reverse("editions:staff_edit", args=[edition.pk]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(reverse("editions:staff_make_current", args=[edition.pk]))
    assert response.status_code == 403


def test_staff_pages_send_anonymous_people_to_login(client):
    response = client.get(reverse("editions:staff_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_create_an_edition(client):
    client.force_login(StaffFactory())
    response = client.post(reverse("editions:staff_create"), form_data())
    assert response.status_code == 302
    edition = Edition.objects.get()
    assert edition.year == 2030
    assert edition.is_current is False
    assert timezone.localtime(edition.host_call_closes) == datetime.datetime(
        2030, 10, 15, 12, 0, tzinfo=TZ
    )
    assert edition.event_days == [datetime.date(2030, 11, 29), datetime.date(2030, 11, 30)]


def test_staff_set_when_bookers_confirm_and_seats_are_released(client):
    edition = EditionFactory(year=2030)
    client.force_login(StaffFactory())
    url = reverse("editions:staff_edit", args=[edition.pk])
    changes = {"reconfirm_hours_before": "72", "release_hours_before": "36"}
    response = client.post(url, form_data(door_grace_minutes="15", **changes))
    assert response.status_code == 302
    edition.refresh_from_db()
    assert (
        edition.reconfirm_hours_before,
        edition.release_hours_before,
        edition.door_grace_minutes,
    ) == (72, 36, 15)
    response = client.post(url, form_data(release_hours_before="70"))
    assert response.status_code == 200
    assert "Lasciate ai visitatori almeno 12 ore per confermare" in text(response)


def test_staff_create_with_dates_out_of_order_keeps_the_input(client):
    client.force_login(StaffFactory())
    response = client.post(
        reverse("editions:staff_create"),
        form_data(registration_opens="2030-10-20T09:00", title="Titolo scritto a mano"),
    )
    assert response.status_code == 200
    content = text(response)
    assert (
        "Le iscrizioni dei visitatori possono aprire solo dopo la fine della valutazione."
        in content
    )
    assert "Titolo scritto a mano" in content
    assert 'value="2030-10-20T09:00"' in content
    assert Edition.objects.count() == 0


def test_staff_edit_an_edition(client):
    edition = EditionFactory(year=2030)
    client.force_login(StaffFactory())
    url = reverse("editions:staff_edit", args=[edition.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(title="Nuovo titolo"))
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.title == "Nuovo titolo"
    assert edition.is_current is True  # editing does not touch it


def test_staff_list_and_make_current(client, django_assert_max_num_queries):
    old = EditionFactory(year=2029, title="Edizione 2029")
    new = PhasedEditionFactory(year=2030, upcoming=True, is_current=False, title="Edizione 2030")
    client.force_login(StaffFactory())
    response = client.get(reverse("editions:staff_list"))
    content = text(response)
    assert "Edizione 2029" in content
    assert reverse("editions:staff_make_current", args=[new.pk]) in content
    assert reverse("editions:staff_make_current", args=[old.pk]) not in content
    assert reverse("participations:staff_criteria", args=[2030]) in content
    response = client.post(reverse("editions:staff_make_current", args=[new.pk]))
    assert response.status_code == 302
    assert list(Edition.objects.filter(is_current=True)) == [new]


def test_staff_list_query_count(client, django_assert_max_num_queries):
    client.force_login(StaffFactory())
    PhasedEditionFactory(year=2010, past=True)
    with django_assert_max_num_queries(4) as one:
        client.get(reverse("editions:staff_list"))
    PhasedEditionFactory(year=2011, past=True)
    PhasedEditionFactory(year=2012, past=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("editions:staff_list"))
    assert len(response.context["editions"]) == 3


# next step and timeline


def test_next_step_sentences():
    edition = edition_with()
    moments_and_sentences = [
        (at(1, hour=8), "Candidature degli host dal 1 ottobre 2030 alle 12:00"),
        (at(2), "Candidature aperte fino al 15 ottobre 2030 alle 12:00"),
        (at(16), "Esito delle candidature entro il 20 ottobre 2030"),
        (at(21), "Iscrizioni dei visitatori dal 22 ottobre 2030 alle 12:00"),
        (at(23), "Iscrizioni dei visitatori aperte fino al 28 ottobre 2030 alle 12:00"),
        (at(28, hour=18), "L'evento inizia il 29 ottobre 2030"),
        (at(29), "Evento in corso fino al 30 ottobre 2030"),
        (at(31), "Edizione conclusa il 30 ottobre 2030"),
    ]
    for moment, sentence in moments_and_sentences:
        assert queries.next_step(edition, moment) == sentence


def test_timeline_wording():
    steps = queries.timeline(edition_with(), at(16))
    assert [(step.title, step.when, step.status) for step in steps] == [
        (
            "Candidature degli host",
            "dal 1 ottobre 2030 alle 12:00 al 15 ottobre 2030 alle 12:00",
            "past",
        ),
        ("Valutazione delle candidature", "fino al 20 ottobre 2030", "current"),
        (
            "Iscrizioni dei visitatori",
            "dal 22 ottobre 2030 alle 12:00 al 28 ottobre 2030 alle 12:00",
            "future",
        ),
        ("Giornate dell'evento", "dal 29 ottobre 2030 al 30 ottobre 2030", "future"),
    ]
