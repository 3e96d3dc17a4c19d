"""Finding something to visit: the programme card's next date, places-left badge
and picture, the default order, the folded filters, the way to get there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.activities.models import Activity, Language, TimeSlot
from manifatture.activities.queries import (
    FEW_PLACES_LEFT,
    filter_programme,
    with_programme_details,
)
from manifatture.directory.models import Photo
from manifatture.directory.tests.factories import OrganisationFactory
from manifatture.participations.models import ActivityKind

from .factories import ActivityFactory, HubVenueFactory, TimeSlotFactory, event_time

pytestmark = pytest.mark.django_db

URL = reverse("activities:programme")


def card_of(html: str, title: str) -> str:
    """The HTML of the programme card whose title is `title`."""
    start = html.rindex('<article class="card-wrapper', 0, html.index(f">{title}</a>"))
    return html[start : html.index("</article>", start)]


def take(slot: TimeSlot, seats: int) -> None:
    """Seats taken as a booking takes them (the one conditional UPDATE)."""
    assert TimeSlot.objects.filter(pk=slot.pk).take_seats(seats, group=False) == 1


# The next slot and the order -----------------------------------------------------------


def test_cards_are_ordered_by_the_next_slot_from_now_not_by_a_past_one(edition):
    # A slot already over does not count: "Prima iniziata" ran yesterday but its
    # next slot is on the second day, after "Primo giorno".
    earlier = ActivityFactory(edition=edition, title_it="Prima iniziata")
    TimeSlotFactory(
        activity=earlier,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(days=1, hours=-1),
    )
    TimeSlotFactory(activity=earlier, starts_at=event_time(edition, 1, 10))
    first_day = ActivityFactory(edition=edition, title_it="Primo giorno")
    TimeSlotFactory(activity=first_day, starts_at=event_time(edition, 0, 15))
    # A cancelled slot is no next slot either.
    cancelled = ActivityFactory(edition=edition, title_it="Turno annullato")
    TimeSlotFactory(
        activity=cancelled, starts_at=event_time(edition, 0, 9), cancelled_at=timezone.now()
    )
    TimeSlotFactory(activity=cancelled, starts_at=event_time(edition, 1, 12))
    ActivityFactory(edition=edition, title_it="A senza turni")

    ordered = with_programme_details(filter_programme(edition, {}))

    assert [a.title_it for a in ordered] == [
        "Primo giorno",
        "Prima iniziata",
        "Turno annullato",
        "A senza turni",
    ]
    assert ordered[0].next_start == event_time(edition, 0, 15)


def test_card_shows_the_next_date_and_time(client, edition):
    shown = ActivityFactory(edition=edition, title_it="Fonderia")
    TimeSlotFactory(
        activity=shown,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-1),
    )
    later = TimeSlotFactory(activity=shown, starts_at=event_time(edition, 1, 16, 30))
    next_slot = TimeSlotFactory(activity=shown, starts_at=event_time(edition, 0, 10))

    card = card_of(client.get(URL).text, "Fonderia")

    starts = timezone.localtime(next_slot.starts_at)
    assert f'Prossimo turno: <time datetime="{starts:%Y-%m-%dT%H:%M:%S%z}">' in card
    assert ", 10:00</time>–" in card
    assert "e 1 altro turno" in card
    assert later.starts_at.strftime("%H:%M") not in card.split("Prossimo turno:")[1][:80]


# Places left ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capacity", "taken", "badge", "absent"),
    [
        (20, 2, "18 posti liberi", "Ultimi posti"),
        (20, 20 - FEW_PLACES_LEFT, "Ultimi posti", "Esaurito"),
        (20, 19, "Ultimi posti", "Esaurito"),
        (4, 4, "Esaurito", "Ultimi posti"),
    ],
)
def test_places_left_badge_reads_the_one_rule(client, edition, capacity, taken, badge, absent):
    shown = ActivityFactory(edition=edition, title_it="Visita")
    slot = TimeSlotFactory(activity=shown, capacity=capacity)
    take(slot, taken)
    slot.refresh_from_db()

    card = card_of(client.get(URL).text, "Visita")

    assert badge in card
    assert absent not in card
    if slot.places_left:
        count = "1 posto libero" if slot.places_left == 1 else f"{slot.places_left} posti liberi"
        assert count in card


def test_seats_kept_for_groups_are_not_places_left_on_the_card(client, edition):
    shown = ActivityFactory(edition=edition, title_it="Visita", max_group_size=10)
    TimeSlotFactory(activity=shown, capacity=12, group_seats=10)

    card = card_of(client.get(URL).text, "Visita")

    assert "Ultimi posti" in card
    assert "2 posti liberi" in card


def test_ballot_and_drop_in_badges(client, edition):
    TimeSlotFactory(
        activity=ActivityFactory(
            edition=edition, title_it="Sorteggio", booking_mode=Activity.BookingMode.BALLOT
        )
    )
    TimeSlotFactory(
        activity=ActivityFactory(
            edition=edition, title_it="Libero", booking_mode=Activity.BookingMode.DROP_IN
        )
    )
    html = client.get(URL).text

    assert '<span class="badge bg-primary">In sorteggio</span>' in card_of(html, "Sorteggio")
    assert "posti liberi" not in card_of(html, "Sorteggio")
    assert "Ingresso libero" in card_of(html, "Libero")


# The picture ---------------------------------------------------------------------------


def test_card_picture_is_the_hosts_photo_else_logo_else_an_illustration(client, edition):
    with_photo = OrganisationFactory(name="Con foto", logo="logos/logo-a.png")
    Photo.objects.create(organisation=with_photo, image="photos/second.jpg", alt_text="Dopo")
    first = Photo.objects.create(
        organisation=with_photo, image="photos/first.jpg", alt_text="Prima"
    )
    Photo.objects.filter(pk=first.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=1)
    )
    ActivityFactory(edition=edition, title_it="Uno", organisation=with_photo)
    ActivityFactory(
        edition=edition, title_it="Due", organisation=OrganisationFactory(logo="logos/logo-b.png")
    )
    ActivityFactory(edition=edition, title_it="Tre", kind=ActivityKind.WORKSHOP)

    html = client.get(URL).text

    assert '<img src="/media/photos/first.jpg" alt=""' in card_of(html, "Uno")
    assert "logo-a.png" not in card_of(html, "Uno")
    assert '<img src="/media/logos/logo-b.png" alt=""' in card_of(html, "Due")
    assert 'src="/static/img/activities/workshop.svg" alt=""' in card_of(html, "Tre")


def test_there_is_an_illustration_for_every_kind_of_activity():
    from django.contrib.staticfiles import finders

    for kind in ActivityKind.values:
        assert finders.find(f"img/activities/{kind}.svg"), kind


# Query count ------------------------------------------------------------------------------


def rich_activity(edition, n: int) -> None:
    organisation = OrganisationFactory(logo="logos/x.png" if n % 2 else "")
    Photo.objects.create(organisation=organisation, image=f"photos/{n}.jpg", alt_text="Foto")
    shown = ActivityFactory(edition=edition, organisation=organisation, title_it=f"Visita {n}")
    shown.languages.set(Language.objects.filter(code__in=["it", "en"]))
    take(TimeSlotFactory(activity=shown, starts_at=event_time(edition, 0, 10)), 1)
    TimeSlotFactory(activity=shown, starts_at=event_time(edition, 1, 11))


def test_programme_queries_stay_flat_from_1_to_10_activities(
    client, edition, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rich_activity(edition, 0)
    with CaptureQueriesContext(connection) as with_one:
        assert client.get(URL).status_code == 200
    for n in range(1, 10):
        rich_activity(edition, n)

    with django_assert_max_num_queries(len(with_one)):
        html = client.get(URL).text

    assert html.count('class="programme-card__picture') == 10


# Filters on a phone ----------------------------------------------------------------------


def test_filters_fold_behind_a_button_that_works_without_javascript(client, edition):
    html = client.get(URL).text

    # Sent folded: on a phone the browser opens them from the summary, without
    # JavaScript; on a wide screen programme.css shows them, so no script moves
    # the results after the first paint (the script is for older browsers only).
    assert '<details class="programme-filters" data-programme-filters>' in html
    assert '<summary class="btn btn-outline-primary programme-filters__toggle">Filtri' in html
    assert 'src="/static/js/programme-filters.js" defer' in html
    details = html.index("<details")
    assert details < html.index('role="search"') < html.index("</details>")


def test_the_filters_button_says_when_filters_are_active(client, edition):
    assert "attivi</span>" not in client.get(URL).text
    assert "attivi</span>" in client.get(URL, {"kind": "talk"}).text


# Getting there -----------------------------------------------------------------------------


def test_activity_page_links_directions_to_its_site(client, edition):
    shown = ActivityFactory(edition=edition, site__latitude="45.478001", site__longitude="9.232019")
    TimeSlotFactory(activity=shown)

    html = client.get(shown.get_absolute_url()).text

    assert (
        '<a href="https://www.openstreetmap.org/directions?to=45.478001,9.232019" rel="noopener">'
        "Come arrivare" in html
    )


def test_activity_page_links_directions_to_the_hub(client, edition):
    HubVenueFactory(edition=edition, latitude="45.5", longitude="9.2")
    shown = ActivityFactory(edition=edition, site=None, kind=ActivityKind.TALK)

    html = client.get(shown.get_absolute_url()).text

    assert "https://www.openstreetmap.org/directions?to=45.500000,9.200000" in html
