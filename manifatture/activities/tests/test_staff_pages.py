import decimal

import pytest
from django.urls import reverse

from manifatture.activities import services
from manifatture.activities.exceptions import RoomError, RouteError
from manifatture.activities.models import HubRoom, HubVenue, Route, RouteStop
from manifatture.participations.models import ActivityKind

from .factories import (
    ActivityFactory,
    HubRoomFactory,
    MunicipioFactory,
    RouteFactory,
    RouteStopFactory,
    TimeSlotFactory,
    square,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "name", ["activities:staff_rooms", "activities:staff_routes", "activities:staff_hub"]
)
def test_staff_pages_are_for_city_staff_only(client, edition, host, name):
    client.force_login(host.user)
    assert client.post(reverse(name)).status_code == 403


def test_route_edit_is_for_city_staff_only(client, edition, host):
    route = RouteFactory(edition=edition)
    client.force_login(host.user)
    url = reverse("activities:staff_route_edit", kwargs={"pk": route.pk})
    assert client.get(url).status_code == 403


# Hub rooms --------------------------------------------------------------------------


def test_staff_lists_and_adds_rooms(staff_client, edition):
    HubRoomFactory(edition=edition, name="Sala Tortona", seats=120)
    HubRoomFactory(edition__is_current=False, name="Sala di un'altra edizione")

    page = staff_client.get(reverse("activities:staff_rooms"))
    response = staff_client.post(
        reverse("activities:staff_rooms"), {"name": "Sala Bergognone", "seats": "40"}
    )

    assert "Sala Tortona" in page.text
    assert "Sala di un&#x27;altra edizione" not in page.text
    assert response.status_code == 302
    assert HubRoom.objects.filter(edition=edition).count() == 2
    assert HubRoom.objects.get(name="Sala Bergognone").seats == 40


def test_room_names_are_unique_in_an_edition(staff_client, edition):
    HubRoomFactory(edition=edition, name="Sala Tortona")
    response = staff_client.post(
        reverse("activities:staff_rooms"), {"name": "sala tortona", "seats": "40"}
    )
    assert response.status_code == 200
    assert response.context["room_form"].errors["name"] == [
        "C'è già una sala chiamata «sala tortona» in questa edizione."
    ]


def test_staff_edits_a_room(staff_client, edition):
    room = HubRoomFactory(edition=edition, name="Sala A", seats=50)
    url = reverse("activities:staff_room_edit", kwargs={"pk": room.pk})
    assert 'value="Sala A"' in staff_client.get(url).text
    assert staff_client.post(url, {"name": "Sala Alfa", "seats": "60"}).status_code == 302
    room.refresh_from_db()
    assert (room.name, room.seats) == ("Sala Alfa", 60)


def test_room_cannot_shrink_below_a_slot_in_it(edition):
    room = HubRoomFactory(edition=edition, seats=80)
    TimeSlotFactory(
        activity__edition=edition,
        activity__kind=ActivityKind.TALK,
        activity__site=None,
        room=room,
        capacity=70,
    )
    with pytest.raises(RoomError) as caught:
        services.update_hub_room(room, name=room.name, seats=60)
    assert caught.value.field == "seats"
    room.refresh_from_db()
    assert room.seats == 80


def test_staff_places_the_hub(staff_client, edition):
    MunicipioFactory(number=6, geometry=square(9.1622, 45.4525))

    response = staff_client.post(
        reverse("activities:staff_hub"),
        {"latitude": "45.452500", "longitude": "9.162200", "step_free": "on", "seating": "on"},
    )

    assert response.status_code == 302
    venue = HubVenue.objects.get(edition=edition)
    assert (venue.latitude, venue.longitude) == (
        decimal.Decimal("45.4525"),
        decimal.Decimal("9.1622"),
    )
    assert venue.municipio_id == 6
    assert (venue.step_free, venue.accessible_toilet, venue.seating, venue.hearing_loop) == (
        True,
        False,
        True,
        False,
    )
    assert "L'hub è nel Municipio 6." in staff_client.get(reverse("activities:staff_rooms")).text


def test_hub_coordinates_out_of_range_are_a_form_error(staff_client, edition):
    response = staff_client.post(
        reverse("activities:staff_hub"), {"latitude": "145", "longitude": "9.16"}
    )
    assert response.status_code == 200
    assert response.context["venue_form"].errors
    assert not HubVenue.objects.exists()


# Routes ------------------------------------------------------------------------------


def test_staff_creates_a_route(staff_client, edition):
    response = staff_client.post(
        reverse("activities:staff_routes"),
        {"slug": "legno", "title_it": "Il legno", "description_it": "Dal bosco al mobile."},
    )
    route = Route.objects.get()
    assert response["Location"] == reverse("activities:staff_route_edit", kwargs={"pk": route.pk})
    assert (route.edition, route.slug, route.title_it) == (edition, "legno", "Il legno")


def test_route_slug_is_unique_in_an_edition(staff_client, edition):
    RouteFactory(edition=edition, slug="legno")
    response = staff_client.post(
        reverse("activities:staff_routes"), {"slug": "legno", "title_it": "Ancora legno"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "Un altro percorso di questa edizione usa già l'indirizzo «legno»."
    ]
    assert Route.objects.count() == 1


def test_staff_edits_a_route(staff_client, edition):
    route = RouteFactory(edition=edition, slug="legno")
    url = reverse("activities:staff_route_edit", kwargs={"pk": route.pk})
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"slug": "legno-e-carta", "title_it": "Legno e carta"})
    assert response.status_code == 302
    route.refresh_from_db()
    assert (route.slug, route.title_it) == ("legno-e-carta", "Legno e carta")


def stops(route) -> list[str]:
    return list(route.stops.order_by("position").values_list("activity__title_it", flat=True))


def test_staff_adds_removes_and_reorders_stops(staff_client, edition):
    route = RouteFactory(edition=edition)
    a, b, c = (ActivityFactory(edition=edition, title_it=t) for t in ["A", "B", "C"])
    add = reverse("activities:staff_route_stop_add", kwargs={"pk": route.pk})
    for activity in (a, b, c):
        assert staff_client.post(add, {"activity": activity.pk}).status_code == 302
    assert stops(route) == ["A", "B", "C"]

    stop_c = RouteStop.objects.get(route=route, activity=c)
    staff_client.post(
        reverse("activities:staff_route_stop_move", kwargs={"pk": stop_c.pk}), {"direction": "up"}
    )
    assert stops(route) == ["A", "C", "B"]
    stop_a = RouteStop.objects.get(route=route, activity=a)
    staff_client.post(
        reverse("activities:staff_route_stop_move", kwargs={"pk": stop_a.pk}),
        {"direction": "down"},
    )
    assert stops(route) == ["C", "A", "B"]

    staff_client.post(reverse("activities:staff_route_stop_remove", kwargs={"pk": stop_a.pk}))
    assert stops(route) == ["C", "B"]
    assert list(route.stops.order_by("position").values_list("position", flat=True)) == [0, 1]


def test_moving_the_first_stop_up_keeps_the_order(edition):
    route = RouteFactory(edition=edition)
    first = RouteStopFactory(route=route, activity__edition=edition, activity__title_it="A")
    RouteStopFactory(route=route, activity__edition=edition, activity__title_it="B", position=1)
    services.move_route_stop(first, offset=-1)
    assert stops(route) == ["A", "B"]


def test_stop_must_be_of_the_routes_edition_and_only_once(edition):
    route = RouteFactory(edition=edition)
    activity = ActivityFactory(edition=edition)
    services.add_route_stop(route, activity=activity)
    with pytest.raises(RouteError):
        services.add_route_stop(route, activity=activity)
    with pytest.raises(RouteError):
        services.add_route_stop(route, activity=ActivityFactory(edition__is_current=False))
    assert route.stops.count() == 1


def test_stop_form_offers_only_activities_not_yet_in_the_route(staff_client, edition):
    route = RouteFactory(edition=edition)
    inside = RouteStopFactory(route=route, activity__edition=edition).activity
    outside = ActivityFactory(edition=edition)
    page = staff_client.get(reverse("activities:staff_route_edit", kwargs={"pk": route.pk}))
    options = list(page.context["stop_form"].fields["activity"].queryset)
    assert options == [outside]
    assert inside not in options
