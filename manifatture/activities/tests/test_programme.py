import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from manifatture.activities import services
from manifatture.activities.models import (
    Activity,
    Language,
    ProgrammeChange,
    ProgrammeVersion,
    TimeSlot,
)
from manifatture.activities.queries import (
    current_programme,
    filter_programme,
    with_programme_details,
)
from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import ComuneFactory, OrganisationFactory
from manifatture.participations.models import ActivityKind

from .factories import (
    ActivityFactory,
    HubRoomFactory,
    HubVenueFactory,
    MunicipioFactory,
    TimeSlotFactory,
    event_time,
)

pytestmark = pytest.mark.django_db

URL = reverse("activities:programme")


def titles(activities) -> list[str]:
    return sorted(activity.title_it for activity in activities)


def found(edition, **params) -> list[str]:
    return titles(filter_programme(edition, params))


def activity(edition, title, *, slots=(), **kwargs) -> Activity:
    created = ActivityFactory(edition=edition, title_it=title, **kwargs)
    for day, hour, minute in slots:
        TimeSlotFactory(activity=created, starts_at=event_time(edition, day, hour, minute))
    return created


def talk(edition, title, *, slots=(), **kwargs) -> Activity:
    return activity(edition, title, slots=slots, kind=ActivityKind.TALK, site=None, **kwargs)


# Each filter -----------------------------------------------------------------------


def test_without_filters_the_programme_lists_published_activities_of_the_edition(edition):
    activity(edition, "Pubblicata")
    services.cancel_activity(activity(edition, "Annullata"))
    ActivityFactory(edition__is_current=False, title_it="Altra edizione")

    assert found(edition) == ["Pubblicata"]


def test_day_filter(edition):
    activity(edition, "Primo giorno", slots=[(0, 10, 0)])
    activity(edition, "Secondo giorno", slots=[(1, 10, 0)])
    activity(edition, "Senza turni")

    assert found(edition, day=edition.event_start.isoformat()) == ["Primo giorno"]
    assert found(edition, day=edition.event_end.isoformat()) == ["Secondo giorno"]


def test_time_of_day_filter_uses_the_local_start_time(edition):
    activity(edition, "Mattina", slots=[(0, 12, 59)])
    activity(edition, "Pomeriggio", slots=[(0, 13, 0), (1, 17, 59)])
    activity(edition, "Sera", slots=[(0, 18, 0)])

    assert found(edition, time="morning") == ["Mattina"]
    assert found(edition, time="afternoon") == ["Pomeriggio"]
    assert found(edition, time="evening") == ["Sera"]


def test_day_and_time_must_match_the_same_slot(edition):
    activity(edition, "Mattina del primo, sera del secondo", slots=[(0, 10, 0), (1, 20, 0)])
    activity(edition, "Sera del primo", slots=[(0, 19, 0)])

    assert found(edition, day=edition.event_start.isoformat(), time="evening") == ["Sera del primo"]


def test_category_filter(edition):
    activity(edition, "Fablab", organisation__category=Organisation.Category.FABLAB)
    activity(edition, "Fabbrica", organisation__category=Organisation.Category.FACTORY)

    assert found(edition, category="fablab") == ["Fablab"]


def test_kind_filter(edition):
    activity(edition, "Visita")
    activity(edition, "Laboratorio", kind=ActivityKind.WORKSHOP)
    talk(edition, "Talk")

    assert found(edition, kind="workshop") == ["Laboratorio"]
    assert found(edition, kind="talk") == ["Talk"]


@pytest.fixture
def places(edition):
    """Sites in Municipio 3 and 6, one in Sesto San Giovanni, and the hub in Municipio 6."""
    m3, m6 = MunicipioFactory(number=3), MunicipioFactory(number=6)
    sesto = ComuneFactory(istat_code="015209", name="Sesto San Giovanni")
    activity(edition, "Lambrate", site__municipio=m3)
    activity(edition, "Tortona", site__municipio=m6)
    activity(edition, "Sesto", site__comune=sesto)
    talk(edition, "Talk all'hub")
    HubVenueFactory(edition=edition, municipio=m6)


def test_municipio_filter_places_hub_activities_at_the_hub(edition, places):
    assert found(edition, area="m3") == ["Lambrate"]
    assert found(edition, area="m6") == ["Talk all'hub", "Tortona"]
    assert found(edition, area="m9") == []


def test_comune_filter_counts_the_hub_as_milano(edition, places):
    assert found(edition, area="c015209") == ["Sesto"]
    assert found(edition, area="c015146") == ["Lambrate", "Talk all'hub", "Tortona"]


def test_area_choices_are_the_municipi_and_the_comuni_in_the_programme(client, edition, places):
    form = client.get(URL).context["form"]
    municipi, comuni = form.fields["area"].choices[1:]
    assert [value for value, _label in municipi[1]] == [f"m{n}" for n in range(1, 10)]
    assert comuni[1] == [("c015146", "Milano"), ("c015209", "Sesto San Giovanni")]


def test_hub_activities_match_no_municipio_until_the_hub_is_placed(edition):
    MunicipioFactory(number=6)
    talk(edition, "Talk")
    assert found(edition, area="m6") == []
    assert found(edition, area="c015146") == ["Talk"]


def test_accessibility_filters_each_ticked_feature_is_required(edition):
    activity(edition, "Senza gradini", site__step_free=True, site__hearing_loop=False)
    activity(edition, "Anello", site__step_free=False, site__hearing_loop=True)
    activity(edition, "Entrambi", site__step_free=True, site__hearing_loop=True)
    activity(edition, "Nessuno", site__step_free=False)
    talk(edition, "Talk")
    HubVenueFactory(edition=edition, step_free=True, seating=True)

    assert found(edition, access=["step_free"]) == ["Entrambi", "Senza gradini", "Talk"]
    assert found(edition, access=["step_free", "hearing_loop"]) == ["Entrambi"]
    assert found(edition, access=["seating"]) == ["Talk"]
    assert found(edition, access=["accessible_toilet"]) == []


def test_accessibility_filter_through_the_query_string(client, edition):
    activity(edition, "Senza gradini", site__step_free=True, site__accessible_toilet=False)
    activity(edition, "Entrambi", site__step_free=True, site__accessible_toilet=True)

    response = client.get(URL + "?access=step_free&access=accessible_toilet")

    assert titles(response.context["page_obj"]) == ["Entrambi"]


def test_language_filter(edition):
    italian = activity(edition, "Italiano")
    italian.languages.set(Language.objects.filter(code="it"))
    both = activity(edition, "Bilingue")
    both.languages.set(Language.objects.filter(code__in=["it", "en"]))
    activity(edition, "Nessuna lingua indicata")

    assert found(edition, language="en") == ["Bilingue"]
    assert found(edition, language="it") == ["Bilingue", "Italiano"]


def test_audience_filter_includes_activities_open_to_all(edition):
    activity(edition, "Tutti", audience=Activity.Audience.ALL)
    activity(edition, "Famiglie", audience=Activity.Audience.FAMILIES)
    activity(edition, "Scuole", audience=Activity.Audience.SCHOOLS)

    assert found(edition, audience="families") == ["Famiglie", "Tutti"]
    assert found(edition, audience="all") == ["Tutti"]


def test_text_search_in_titles_descriptions_and_organisation_name(edition):
    activity(edition, "Tornitura", title_en="Turning")
    activity(edition, "Ceramica", description_en="Throwing pots on the WHEEL")
    activity(edition, "Stampa 3D", organisation=OrganisationFactory(name="Fablab Bovisa"))
    activity(edition, "Sartoria", description_it="Cucito su misura")

    assert found(edition, q="TURN") == ["Tornitura"]
    assert found(edition, q="wheel") == ["Ceramica"]
    assert found(edition, q="bovisa") == ["Stampa 3D"]
    assert found(edition, q="misura") == ["Sartoria"]
    assert found(edition, q="   ") == ["Ceramica", "Sartoria", "Stampa 3D", "Tornitura"]


def test_filters_combine(edition):
    activity(edition, "Laboratorio mattina", kind=ActivityKind.WORKSHOP, slots=[(0, 10, 0)])
    activity(edition, "Laboratorio sera", kind=ActivityKind.WORKSHOP, slots=[(0, 20, 0)])
    activity(edition, "Visita mattina", slots=[(0, 10, 0)])

    assert found(edition, kind="workshop", time="morning") == ["Laboratorio mattina"]


# The page -----------------------------------------------------------------------------


def test_cancelled_activities_are_hidden_from_the_programme(client, edition):
    activity(edition, "Si fa")
    services.cancel_activity(activity(edition, "Non si fa più"))

    response = client.get(URL)

    assert titles(response.context["page_obj"]) == ["Si fa"]
    assert "Non si fa più" not in response.text


def test_page_shows_organisation_place_languages_and_slots(client, edition):
    municipio = MunicipioFactory(number=3)
    shown = activity(
        edition,
        "Visita alla fonderia",
        slots=[(0, 10, 0)],
        organisation=OrganisationFactory(name="Fonderia Artistica"),
        site__address="Via Ventura 3",
        site__municipio=municipio,
    )
    shown.languages.set(Language.objects.filter(code="en"))

    response = client.get(URL)

    assert shown.get_absolute_url() in response.text
    for text in ["Fonderia Artistica", "Via Ventura 3, Milano", "Municipio 3", "Inglese", "10:00"]:
        assert text in response.text


def test_full_page_has_the_htmx_form_and_a_live_count(client, edition):
    activity(edition, "Una")
    response = client.get(URL)
    html = response.text
    assert "<html" in html
    assert 'data-hx-get="/programma/"' in html
    assert 'data-hx-trigger="change, keyup changed delay:400ms from:input[type=search]"' in html
    assert 'data-hx-target="#programme-results"' in html
    assert 'data-hx-push-url="true"' in html
    assert 'id="programme-count" class="fw-semibold" aria-live="polite"' in html
    assert "1 attività trovata" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_request_gets_only_the_results(client, edition):
    activity(edition, "Laboratorio", kind=ActivityKind.WORKSHOP)
    activity(edition, "Visita")

    response = client.get(URL + "?kind=workshop", headers={"HX-Request": "true"})

    html = response.text
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert "Laboratorio" in html
    assert "Visita" not in html
    assert (
        '<span id="programme-count" data-hx-swap-oob="innerHTML">1 attività trovata</span>' in html
    )
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_full_page(client, edition):
    response = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.text


def test_invalid_filter_values_are_ignored_and_shown(client, edition):
    activity(edition, "Laboratorio", kind=ActivityKind.WORKSHOP)
    activity(edition, "Visita")
    query = urlencode(
        {
            "kind": "workshop",
            "day": "2099-01-01",
            "time": "notte",
            "category": "astronave",
            "area": "m99",
            "access": "ali",
            "language": "klingon",
            "audience": "marziani",
            "page": "mille",
            "q": "x" * 500,
        }
    )

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {
        "day",
        "time",
        "category",
        "area",
        "access",
        "language",
        "audience",
        "q",
    }
    assert titles(response.context["page_obj"]) == ["Laboratorio"]
    assert "Alcuni filtri non sono validi e sono stati ignorati" in response.text


@pytest.mark.parametrize(
    "query",
    ["day=not-a-date", "day=", "area=m", "area=mx", "area=c", "page=-1", "page=99", "access="],
)
def test_odd_params_never_fail(client, edition, query):
    activity(edition, "Visita")
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200


def test_programme_is_paginated(client, edition):
    for n in range(25):
        activity(edition, f"Attività {n:02d}")

    first = client.get(URL)
    second = client.get(URL + "?page=2")

    assert len(first.context["page_obj"]) == 24
    assert titles(second.context["page_obj"]) == ["Attività 24"]
    assert "25 attività trovate · pagina 1 di 2" in first.text
    assert 'href="?page=2"' in first.text


def test_pagination_keeps_the_filters(client, edition):
    for n in range(25):
        activity(edition, f"Laboratorio {n:02d}", kind=ActivityKind.WORKSHOP)
    response = client.get(URL + "?kind=workshop")
    assert 'href="?kind=workshop&amp;page=2"' in response.text


def test_programme_without_a_current_edition(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "non è ancora stato pubblicato" in response.text


def test_activities_are_ordered_by_next_slot(edition):
    activity(edition, "B pomeriggio", slots=[(0, 15, 0)])
    activity(edition, "A senza turni")
    activity(edition, "C mattina", slots=[(0, 9, 0)])
    ordered = with_programme_details(filter_programme(edition, {}))
    assert [a.title_it for a in ordered] == ["C mattina", "B pomeriggio", "A senza turni"]


# Query counts -----------------------------------------------------------------------


def rich_activity(edition, n: int, room) -> None:
    """An activity with slots and languages, and a hub talk with a room."""
    site_activity = activity(edition, f"Visita {n}", slots=[(0, 10, 0), (1, 11, 0)])
    site_activity.languages.set(Language.objects.filter(code__in=["it", "en"]))
    hub = talk(edition, f"Talk {n}")
    TimeSlotFactory(
        activity=hub,
        room=room,
        starts_at=event_time(edition, 0, 9 + n),
        ends_at=event_time(edition, 0, 10 + n),
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query", ["", "?kind=talk", "?area=c015146&access=step_free&q=a&time=morning&language=it"]
)
def test_programme_query_count_does_not_grow_with_activities(client, edition, query):
    room = HubRoomFactory(edition=edition)
    HubVenueFactory(edition=edition, step_free=True)
    rich_activity(edition, 0, room)
    with_one = count_queries(client, URL + query)
    rich_activity(edition, 1, room)
    rich_activity(edition, 2, room)
    with_three = count_queries(client, URL + query)

    assert with_three == with_one
    # Two of them read the programme's version (the count of changes, and the next
    # moment a slot starts or ends, read once per version), under which the next
    # visitors get the cards from the cache.
    assert with_one <= 11


def places_shown(response) -> list[int]:
    return [int(n) for n in re.findall(r"(\d+) post[oi] liber[oi]", response.content.decode())]


def test_programme_is_kept_in_the_cache_but_shows_a_booking_at_the_next_request(client, edition):
    visit = activity(edition, "Visita", slots=[(0, 10, 0)])
    slot = visit.slots.get()
    free = slot.capacity - slot.seats_taken

    first = client.get(URL)
    queries_when_cached = count_queries(client, URL)
    TimeSlot.objects.filter(pk=slot.pk).take_seats(2, group=False)
    after_booking = client.get(URL)
    TimeSlot.objects.filter(pk=slot.pk).free_taken_seats(1, group=False)
    after_cancelling = client.get(URL)

    assert places_shown(first) == [free]
    # Cached: the edition, the programme's version, and the session's and the
    # booking window's reads, not the cards' queries.
    assert queries_when_cached < count_queries(client, URL + "?kind=talk")
    assert places_shown(after_booking) == [free - 2]
    assert places_shown(after_cancelling) == [free - 1]


def test_programme_follows_a_change_of_the_activity_at_once(client, edition):
    visit = activity(edition, "Visita in fabbrica", slots=[(0, 10, 0)])
    assert "Visita in fabbrica" in client.get(URL).content.decode()

    visit.title_it = "Visita alla fonderia"
    visit.save()

    assert "Visita alla fonderia" in client.get(URL).content.decode()


def _rename_host(visit):
    visit.organisation.name = "Fonderia Rinominata"
    visit.organisation.save()
    return "Fonderia Rinominata"


def _add_slot(visit):
    TimeSlotFactory(activity=visit, starts_at=event_time(visit.edition, 1, 17, 45))
    return "e 1 altro turno"


def _move_slot(visit):
    # A bulk update, as staff tools and the admin's actions write: no save(), no signal.
    TimeSlot.objects.filter(activity=visit).update(
        starts_at=event_time(visit.edition, 0, 16, 15), ends_at=event_time(visit.edition, 0, 17)
    )
    return "16:15"


def _retitle_in_bulk(visit):
    Activity.objects.filter(pk=visit.pk).update(title_it="Visita alla fonderia")
    return "Visita alla fonderia"


def _add_language(visit):
    visit.languages.set(Language.objects.filter(code__in=["it", "en"]))
    return "Lingue: Inglese, Italiano"


def _move_the_site(visit):
    visit.site.address = "Via Ventura 3"
    visit.site.save()
    return "Via Ventura 3"


@pytest.mark.parametrize(
    "write",
    [_rename_host, _add_slot, _move_slot, _retitle_in_bulk, _add_language, _move_the_site],
)
def test_the_cached_programme_follows_any_write_at_the_next_request(client, edition, write):
    """Whatever writes the programme's rows (a service, a bulk update, the admin),
    the database records the change in the writer's transaction."""
    visit = activity(edition, "Visita in fabbrica", slots=[(0, 10, 0)])
    client.get(URL)
    assert client.get(URL).context is None  # from the cache

    shown = write(visit)

    assert shown in client.get(URL).text


def test_the_cached_programme_drops_a_removed_slot_at_the_next_request(client, edition):
    visit = activity(edition, "Visita", slots=[(0, 10, 0)])
    late = TimeSlotFactory(activity=visit, starts_at=event_time(edition, 0, 15, 30))
    assert "e 1 altro turno" in client.get(URL).text

    TimeSlot.objects.filter(pk=late.pk).delete()

    assert "altro turno" not in client.get(URL).text


def test_the_cached_programme_moves_on_when_a_slot_is_over(client, edition, monkeypatch):
    """The next slot shown changes by itself when one is over, with no write."""
    visit = activity(edition, "Visita")
    now = timezone.now()
    for hours in (1, 3):
        start = now + datetime.timedelta(hours=hours)
        TimeSlotFactory(
            activity=visit, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
        )
    first = client.get(URL)
    assert "e 1 altro turno" in first.text
    assert client.get(URL).context is None  # from the cache
    later = now + datetime.timedelta(hours=2, minutes=30)

    monkeypatch.setattr(timezone, "now", lambda: later)

    page = client.get(URL)
    assert "altro turno" not in page.text
    # The booking window is as it was: only the slot's end made the page anew.
    assert page.context["booking_window"].state == first.context["booking_window"].state


def test_a_refused_booking_leaves_the_programme_in_the_cache(edition):
    visit = activity(edition, "Visita", slots=[(0, 10, 0)])
    slots = TimeSlot.objects.filter(activity=visit)
    version = current_programme()[1]

    refused = slots.take_seats(1000, group=False)

    assert refused == 0
    assert current_programme()[1] == version
    slots.take_seats(1, group=False)
    assert current_programme()[1] != version


def test_the_programme_version_never_comes_back(edition):
    """The changes recorded by the database are folded into one count every 128
    (so reading them stays one small query); the version goes on growing."""
    visit = activity(edition, "Visita", slots=[(0, 10, 0)])
    slots = TimeSlot.objects.filter(activity=visit)
    versions = []
    for n in range(300):
        if n % 2:
            slots.free_taken_seats(1, group=False)
        else:
            slots.take_seats(1, group=False)
        versions.append(current_programme()[1])

    changes = [int(version.split(":")[1]) for version in versions]
    assert changes == sorted(set(changes))
    # A fold keeps the row that made it and deletes those before: at most 128 are left.
    assert ProgrammeChange.objects.count() <= 128
    assert ProgrammeVersion.objects.get().compacted > 0


def test_a_logged_in_visitor_gets_their_own_page_with_the_cached_cards(client, edition):
    from django.test import Client

    from manifatture.accounts.tests.factories import UserFactory

    activity(edition, "Visita", slots=[(0, 10, 0)])
    anonymous = Client().get(URL)  # fills the cache of the whole page
    client.force_login(UserFactory(full_name="Giuseppina Verdi"))

    page = client.get(URL)

    assert page.context is not None  # rendered for them, not the anonymous page
    assert "Giuseppina" in page.text and "Giuseppina" not in anonymous.text
    assert places_shown(page) == places_shown(anonymous)
    assert "no-store" in page["Cache-Control"]


def test_a_visitor_gets_the_cached_page_with_a_csrf_token_of_their_own(edition):
    from django.test import Client

    activity(edition, "Visita", slots=[(0, 10, 0)])
    Client().get(URL)  # someone else's visit fills the cache
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get(URL)
    again = visitor.get(URL)
    token, *others = re.findall(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()
    )
    switched = visitor.post(
        reverse("set_language"), {"language": "en", "next": URL, "csrfmiddlewaretoken": token}
    )

    assert "\x00" not in page.content.decode()
    assert set(others) <= {token}
    assert page.context is None  # answered from the cache, not rendered
    assert places_shown(page) == places_shown(again)
    assert switched.status_code == 302
