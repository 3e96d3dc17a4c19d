"""The door app's server side (tickets.door and its views): devices, the door
list, sync with idempotent events, double admissions, changes, revocation and
expiry, the short code."""

import datetime
import json
import threading
import uuid
from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity
from manifatture.bookings import services as booking_services
from manifatture.bookings.models import Booking
from manifatture.bookings.tickets import signed_ticket_token
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.tickets import codes, conf, door, queries, services
from manifatture.tickets.exceptions import DoorDeviceExpired, DoorDeviceRevoked
from manifatture.tickets.models import DoorDevice, DoorEvent, WalkIn

from .conftest import make_host, make_slot
from .factories import BookingFactory

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def device_for(host, name="Porta 1", now=None) -> DoorDevice:
    return door.register_door_device(host.organisation, name=name, by=host.user, now=now)


def at_door(slot) -> datetime.datetime:
    """Now, give or take a second: ten minutes before the slot of make_slot
    (the server does not believe a device clock ahead of its own)."""
    return slot.starts_at - 10 * MINUTE


def admit_event(booking, at, event_id=None) -> dict:
    return {
        "id": event_id or uuid.uuid4(),
        "kind": "admit",
        "slot": booking.slot_id,
        "booking": booking.pk,
        "delta": 0,
        "at": at,
    }


def walk_in_event(slot, delta, at) -> dict:
    return {"id": uuid.uuid4(), "kind": "walk_in", "slot": slot.pk, "delta": delta, "at": at}


# The short code --------------------------------------------------------------------


def test_the_short_code_is_ten_unambiguous_characters_from_the_ticket_code():
    assert codes.short_code("FFFFFFFFFFFFFFFFFFFF") == "ZZZZZZZZZZ"
    assert codes.short_code("00000000000000000000") == "0000000000"
    # The first 50 bits: 0x0842108421 << 10 spells 1 in every 5-bit group.
    assert codes.short_code("0842108421" + "0" * 10) == "1111111100"
    short = codes.short_code("7A3F09C2D4E5B61F0A2C")
    assert len(short) == 10 and not set(short) & set("ILOU")
    assert codes.grouped(short) == f"{short[:5]}-{short[5:]}"
    assert codes.hex_prefix(short) == "7A3F09C2D4E5"


@pytest.mark.parametrize("typing", ["grouped", "lower", "confusable"])
def test_the_door_admits_the_short_code_as_typed(slot, typing):
    booking = BookingFactory(slot=slot, ticket_code="0A1B2C3D4E5F60718293")
    short = codes.short_code(booking.ticket_code)
    assert "0" in short or "1" in short
    text = {
        "grouped": codes.grouped(short),
        "lower": short.lower(),
        "confusable": short.replace("0", "O").replace("1", "l"),
    }[typing]

    admitted = services.check_in_ticket(slot, code=text, at=slot.starts_at)

    assert admitted.pk == booking.pk


def test_a_short_code_two_tickets_share_is_refused_as_unknown(slot):
    # The same first 50 bits, different ends: the full code must decide.
    first = BookingFactory(slot=slot, ticket_code="ABCDEF0123456" + "0000000")
    BookingFactory(slot=slot, ticket_code="ABCDEF0123456" + "FFFFFFF")
    assert services.booking_for_code(codes.short_code(first.ticket_code)) is None
    assert services.booking_for_code(first.ticket_code) == first


def test_the_ticket_page_shows_the_short_code(client, slot, visitor):
    booking = BookingFactory(slot=slot, visitor=visitor)
    client.force_login(visitor)
    response = client.get(reverse("tickets:ticket", kwargs={"pk": booking.pk}))
    short = codes.grouped(codes.short_code(booking.ticket_code))
    assert f'data-short-code="{short}"' in response.content.decode()


# The door list ---------------------------------------------------------------------


def test_the_door_list_has_todays_tickets_hashed_and_no_contact_details(
    host, edition, slot, visitor
):
    booking = BookingFactory(slot=slot, visitor=visitor, party_size=3)
    cancelled = BookingFactory(slot=slot)
    booking_services.cancel_booking(cancelled, by=host.user)
    tomorrow = make_slot(host, edition, starts_in=datetime.timedelta(days=1, minutes=10))
    BookingFactory(slot=tomorrow)
    other = make_slot(make_host(), edition)
    BookingFactory(slot=other)
    device = device_for(host)

    listed = door.door_list(device)

    assert [row["id"] for row in listed["slots"]] == [slot.pk]
    rows = {row["id"]: row for row in listed["tickets"]}
    assert set(rows) == {booking.pk, cancelled.pk}
    row = rows[booking.pk]
    assert row["h"] == door.ticket_hash(device.key, "T", booking.ticket_code)
    assert row["s"] == door.ticket_hash(device.key, "S", codes.short_code(booking.ticket_code))
    assert (row["party"], row["name"], row["status"], row["in"]) == (
        3,
        "Giulia Bianchi",
        "confirmed",
        None,
    )
    assert rows[cancelled.pk]["status"] == "cancelled"
    text = json.dumps(listed)
    assert booking.ticket_code not in text
    assert visitor.email not in text and "@" not in text
    # Another device's key gives other hashes.
    assert device_for(host, "Porta 2").key != device.key


def test_the_door_list_takes_the_same_queries_for_one_or_three_bookings(host, slot):
    device = device_for(host)
    BookingFactory(slot=slot)
    with CaptureQueriesContext(connection) as one:
        door.door_list(device)
    BookingFactory(slot=slot)
    BookingFactory(slot=slot)
    with CaptureQueriesContext(connection) as three:
        assert len(door.door_list(device)["tickets"]) == 3
    assert len(one) == len(three)


# Sync: idempotent events through the one admission rule ---------------------------


def test_an_event_sent_twice_admits_once(host, slot):
    booking = BookingFactory(slot=slot)
    device = device_for(host)
    event = admit_event(booking, at_door(slot))

    first = door.sync_door(device, events=[event], since=None)
    again = door.sync_door(device, events=[event], since=None)

    assert first["results"] == again["results"]
    assert first["results"][0]["outcome"] == "admitted"
    assert DoorEvent.objects.count() == 1
    booking.refresh_from_db()
    assert booking.checked_in_at == at_door(slot)
    device.refresh_from_db()
    assert device.last_synced_at is not None


def test_a_late_event_keeps_the_time_the_door_admitted(host, edition):
    slot = make_slot(host, edition, starts_in=-3 * datetime.timedelta(hours=1))
    booking = BookingFactory(slot=slot)
    at = slot.starts_at + 5 * MINUTE  # during the slot, synced hours after its end
    # The door of the slot's day, registered then (after midnight, that was yesterday).
    with mock.patch("django.utils.timezone.now", return_value=at):
        device = device_for(host)

    answer = door.sync_door(device, events=[admit_event(booking, at)], since=None)

    assert answer["results"][0]["outcome"] == "admitted"
    booking.refresh_from_db()
    assert booking.checked_in_at == at


def test_a_device_clock_ahead_of_the_server_is_not_believed(host, slot):
    booking = BookingFactory(slot=slot)
    device = device_for(host)
    now = slot.starts_at
    door.sync_door(device, events=[admit_event(booking, now + 20 * MINUTE)], since=None, now=now)
    booking.refresh_from_db()
    assert booking.checked_in_at == now


def test_an_admission_outside_the_slots_window_is_refused_and_reported(host, slot):
    booking = BookingFactory(slot=slot)
    device = device_for(host)
    at = slot.starts_at - 2 * datetime.timedelta(hours=1)
    answer = door.sync_door(device, events=[admit_event(booking, at)], since=None, now=at)
    (result,) = answer["results"]
    assert (result["outcome"], result["reason"]) == ("refused", "outside_window")
    assert "fuori dall'orario del turno" in result["message"]
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_a_ticket_of_another_door_is_not_recorded(host, edition, slot):
    other = BookingFactory(slot=make_slot(make_host(), edition))
    device = device_for(host)
    answer = door.sync_door(device, events=[admit_event(other, at_door(slot))], since=None)
    assert answer["results"][0]["outcome"] == "refused"
    assert not DoorEvent.objects.exists()
    other.refresh_from_db()
    assert other.checked_in_at is None


def test_an_event_id_of_another_device_gets_no_answer_of_theirs(host, slot):
    booking = BookingFactory(slot=slot)
    first, second = device_for(host), device_for(host, "Porta 2")
    event = admit_event(booking, at_door(slot))
    door.sync_door(first, events=[event], since=None)
    answer = door.sync_door(second, events=[event], since=None)
    assert answer["results"][0]["outcome"] == "refused"
    assert DoorEvent.objects.get().device == first


# Several doors ---------------------------------------------------------------------


@pytest.mark.parametrize("order", ["first_syncs_first", "second_syncs_first"])
def test_two_doors_admitting_one_ticket_keep_the_first_and_report_the_other(host, slot, order):
    booking = BookingFactory(slot=slot, visitor=UserFactory(full_name="Marta Neri"))
    door_a, door_b = device_for(host, "Ingresso nord"), device_for(host, "Ingresso sud")
    early, late = at_door(slot) - 3 * MINUTE, at_door(slot)
    a_event, b_event = admit_event(booking, early), admit_event(booking, late)
    syncs = [(door_a, a_event), (door_b, b_event)]
    if order == "second_syncs_first":
        syncs.reverse()

    for device, event in syncs:
        door.sync_door(device, events=[event], since=None)

    booking.refresh_from_db()
    assert booking.checked_in_at == early
    kept = DoorEvent.objects.get(outcome="admitted")
    double = DoorEvent.objects.get(outcome="double")
    assert (kept.device, kept.event_id) == (door_a, a_event["id"])
    assert (double.device, double.first) == (door_b, kept)
    (report,) = queries.door_reports(host.organisation, timezone.localdate(slot.starts_at))
    assert report == double
    message = door.event_message(report)
    for part in ["Marta Neri", "Ingresso nord", "Ingresso sud"]:
        assert part in message
    assert timezone.localtime(early).strftime("%H:%M") in message
    assert timezone.localtime(late).strftime("%H:%M") in message


def test_a_device_admission_earlier_than_the_online_page_is_kept(host, slot):
    booking = BookingFactory(slot=slot)
    services.check_in_ticket(slot, code=booking.ticket_code, at=at_door(slot))
    device = device_for(host)
    earlier = at_door(slot) - 5 * MINUTE

    answer = door.sync_door(device, events=[admit_event(booking, earlier)], since=None)

    assert answer["results"][0]["outcome"] == "admitted"
    booking.refresh_from_db()
    assert booking.checked_in_at == earlier
    online = DoorEvent.objects.get(outcome="double")
    assert online.device is None
    assert online.at == at_door(slot)
    assert "pagina di accoglienza online" in door.event_message(online)


def test_a_booking_cancelled_while_the_door_was_offline_is_reported(host, slot):
    booking = BookingFactory(slot=slot, visitor=UserFactory(full_name="Luca Verdi"))
    device = device_for(host)
    listed = door.sync_door(device, events=[], since=None)
    booking_services.cancel_booking(booking, by=host.user)

    answer = door.sync_door(
        device, events=[admit_event(booking, at_door(slot))], since=listed["server_time"]
    )

    (result,) = answer["results"]
    assert (result["outcome"], result["reason"]) == ("refused", "cancelled")
    assert "Luca Verdi" in result["message"] and "annullata" in result["message"]
    booking.refresh_from_db()
    assert booking.checked_in_at is None
    assert list(queries.door_reports(host.organisation, timezone.localdate(slot.starts_at))) == [
        DoorEvent.objects.get()
    ]


def test_sync_answers_what_changed_since_the_last_one(host, slot):
    stays = BookingFactory(slot=slot)
    goes = BookingFactory(slot=slot, visitor=UserFactory(full_name="Anna Gialli"))
    elsewhere = BookingFactory(slot=slot, visitor=UserFactory(full_name="Piero Blu"))
    online = BookingFactory(slot=slot, visitor=UserFactory(full_name="Sara Rosa"))
    here, there = device_for(host, "Qui"), device_for(host, "Là")
    since = datetime.datetime.fromisoformat(
        door.sync_door(here, events=[], since=None)["server_time"]
    )

    booking_services.cancel_booking(goes, by=host.user)
    new = BookingFactory(slot=slot, visitor=UserFactory(full_name="Nuova Persona"))
    door.sync_door(there, events=[admit_event(elsewhere, at_door(slot))], since=None)
    services.check_in_ticket(slot, code=online.ticket_code, at=timezone.now())

    answer = door.sync_door(here, events=[admit_event(stays, at_door(slot))], since=since)

    changes = {(change["kind"], change["booking"]) for change in answer["changes"]}
    assert changes == {
        ("cancelled", goes.pk),
        ("new", new.pk),
        ("elsewhere", elsewhere.pk),
        ("elsewhere", online.pk),
    }
    messages = " ".join(change["message"] for change in answer["changes"])
    assert "Anna Gialli" in messages and "Là" in messages
    tickets = {row["id"]: row for row in answer["list"]["tickets"]}
    assert tickets[goes.pk]["status"] == "cancelled"
    assert tickets[elsewhere.pk]["in"] is not None


# Walk-ins --------------------------------------------------------------------------


def test_walk_ins_counted_offline_are_added_once(host, edition):
    slot = make_slot(host, edition, booking_mode=Activity.BookingMode.DROP_IN)
    device = device_for(host)
    events = [walk_in_event(slot, 1, at_door(slot)) for _ in range(3)]
    events.append(walk_in_event(slot, -1, at_door(slot)))

    door.sync_door(device, events=events, since=None)
    answer = door.sync_door(device, events=events, since=None)

    assert WalkIn.objects.get(slot=slot).count == 2
    assert {result["outcome"] for result in answer["results"]} == {"counted"}
    assert answer["list"]["slots"][0]["walk_ins"] == 2


def test_a_walk_in_below_zero_is_refused(host, edition):
    slot = make_slot(host, edition, booking_mode=Activity.BookingMode.DROP_IN)
    answer = door.sync_door(
        device_for(host), events=[walk_in_event(slot, -1, at_door(slot))], since=None
    )
    assert answer["results"][0]["outcome"] == "refused"
    assert not WalkIn.objects.filter(slot=slot, count__gt=0).exists()


def test_a_walk_in_on_a_full_slot_is_refused_and_says_so(host, edition):
    slot = make_slot(host, edition)  # booked, 15 seats
    BookingFactory(slot=slot, party_size=14)
    answer = door.sync_door(
        device_for(host),
        events=[walk_in_event(slot, 1, at_door(slot)), walk_in_event(slot, 1, at_door(slot))],
        since=None,
    )
    assert [result["outcome"] for result in answer["results"]] == ["counted", "refused"]
    refused = DoorEvent.objects.get(outcome=DoorEvent.Outcome.REFUSED)
    assert door.event_message(refused) == (
        "Un ingresso senza prenotazione non è stato contato: i posti erano esauriti."
    )
    slot.refresh_from_db()
    assert slot.seats_taken == 15


# Revocation and expiry -------------------------------------------------------------


def test_a_revoked_device_can_neither_download_nor_send(host, slot):
    booking = BookingFactory(slot=slot)
    device = device_for(host)
    colleague = MembershipFactory(organisation=host.organisation).user
    door.revoke_door_device(device, by=colleague)

    with pytest.raises(DoorDeviceRevoked):
        door.door_list(device)
    with pytest.raises(DoorDeviceRevoked):
        door.sync_door(device, events=[admit_event(booking, at_door(slot))], since=None)
    booking.refresh_from_db()
    assert booking.checked_in_at is None
    assert device.revoked_by == colleague


def test_a_device_expires_after_its_day_and_sends_late_events_for_a_while(host, slot):
    booking = BookingFactory(slot=slot)
    device = device_for(host)
    tomorrow = device.expires_at + 10 * MINUTE

    with pytest.raises(DoorDeviceExpired):
        door.door_list(device, now=tomorrow)
    answer = door.sync_door(
        device, events=[admit_event(booking, at_door(slot))], since=None, now=tomorrow
    )
    assert answer["results"][0]["outcome"] == "admitted"
    assert answer["list"] is None
    with pytest.raises(DoorDeviceExpired):
        door.sync_door(device, events=[], since=None, now=tomorrow + conf.door_sync_grace())


# The views -------------------------------------------------------------------------


def sync_url(device) -> str:
    return reverse("tickets:door_sync", kwargs={"pk": device.pk})


def post_json(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


def test_a_member_registers_a_device_and_downloads_the_list(client, host, slot):
    BookingFactory(slot=slot)
    client.force_login(host.user)
    response = client.post(
        reverse("tickets:door_register", kwargs={"slug": host.organisation.slug}),
        {"name": "Porta del cortile"},
    )
    assert response.status_code == 201
    data = response.json()
    device = DoorDevice.objects.get(pk=data["device"])
    assert (device.name, device.registered_by, data["key"]) == (
        "Porta del cortile",
        host.user,
        device.key,
    )

    answer = post_json(client, data["sync_url"], {"events": [], "since": None})
    assert answer.status_code == 200
    assert len(answer.json()["list"]["tickets"]) == 1
    assert answer["Cache-Control"] == "private, no-store"


def test_someone_outside_the_host_can_neither_register_nor_sync(client, host, slot):
    device = device_for(host)
    client.force_login(make_host().user)
    response = client.post(
        reverse("tickets:door_register", kwargs={"slug": host.organisation.slug}), {"name": "x"}
    )
    assert response.status_code == 403
    refused = post_json(client, sync_url(device), {"events": []})
    assert refused.status_code == 403
    assert refused.json()["wipe"] is True  # a device in the wrong hands drops the list
    assert DoorDevice.objects.count() == 1


def test_a_revoked_device_is_told_to_wipe_its_data(client, host, slot):
    device = device_for(host)
    client.force_login(host.user)
    response = client.post(
        reverse("tickets:door_revoke", kwargs={"slug": host.organisation.slug, "pk": device.pk})
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.revoked_at is not None

    answer = post_json(client, sync_url(device), {"events": []})
    assert answer.status_code == 410
    assert answer.json()["wipe"] is True


def test_another_organisations_device_cannot_be_revoked_through_ones_own(client, host):
    other = make_host()
    device = device_for(other)
    client.force_login(host.user)
    response = client.post(
        reverse("tickets:door_revoke", kwargs={"slug": host.organisation.slug, "pk": device.pk})
    )
    assert response.status_code == 404
    device.refresh_from_db()
    assert device.revoked_at is None


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        {"events": "many"},
        {"events": [{"id": "x", "kind": "admit", "slot": 1, "at": "now"}]},
        {
            "events": [
                {
                    "id": str(uuid.uuid4()),
                    "kind": "walk_in",
                    "slot": 1,
                    "delta": 5,
                    "at": "2026-01-01T10:00:00Z",
                }
            ]
        },
        {"events": [], "since": "yesterday"},
        {"events": [], "since": {"a": 1}},
        {"events": [{"id": ["x"], "kind": "admit", "slot": 1, "at": "2026-01-01T10:00:00Z"}]},
        {"events": [{"id": str(uuid.uuid4()), "kind": "admit", "slot": 2**40, "at": 7}]},
        {"events": [{"id": str(uuid.uuid4()), "kind": True, "slot": 1, "at": None}]},
    ],
)
def test_a_malformed_sync_is_refused_with_a_clear_error(client, host, body):
    device = device_for(host)
    client.force_login(host.user)
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(sync_url(device), data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not DoorEvent.objects.exists()


def test_the_door_page_lists_double_admissions_and_devices(client, host, slot):
    booking = BookingFactory(slot=slot, visitor=UserFactory(full_name="Marta Neri"))
    door_a, door_b = device_for(host, "Ingresso nord"), device_for(host, "Ingresso sud")
    door.sync_door(door_a, events=[admit_event(booking, at_door(slot))], since=None)
    door.sync_door(door_b, events=[admit_event(booking, at_door(slot) + MINUTE)], since=None)
    client.force_login(host.user)

    page = client.get(reverse("tickets:door", kwargs={"slug": host.organisation.slug}))

    text = page.content.decode()
    assert 'data-report="double"' in text and "Marta Neri" in text
    assert "Ingresso nord" in text and "Ingresso sud" in text
    assert 'id="door-strings"' in text
    assert reverse("tickets:door_manifest") in text


def test_the_door_home_opens_the_only_organisations_door(client, host):
    client.force_login(host.user)
    response = client.get(reverse("tickets:door_home"))
    assert response["Location"] == reverse("tickets:door", kwargs={"slug": host.organisation.slug})


def test_the_manifest_and_the_service_worker_cover_the_door_pages(client):
    manifest = client.get(reverse("tickets:door_manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    scope = reverse("tickets:door_home")
    assert data["start_url"] == data["scope"] == scope
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    for name in ["icon-192.png", "icon-512.png", "icon-maskable-512.png"]:
        assert finders.find(f"img/door/{name}")
        assert any(icon["src"].endswith(name) for icon in data["icons"])

    worker = client.get(reverse("tickets:door_service_worker"))
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert reverse("tickets:door_service_worker").startswith(scope)
    body = b"".join(worker.streaming_content) if worker.streaming else worker.content
    assert b"self.DOOR_ASSETS" in body and b'addEventListener("fetch"' in body


def test_a_qr_tokens_code_is_what_the_door_list_hashes(host, slot):
    # The door app reads "CODE:signature" from the QR code and hashes the code.
    booking = BookingFactory(slot=slot)
    token = signed_ticket_token(booking)
    code = token.split(":", 1)[0]
    assert code == booking.ticket_code
    device = device_for(host)
    (row,) = door.door_list(device)["tickets"]
    assert row["h"] == door.ticket_hash(device.key, "T", code)
    assert Booking.objects.get(pk=row["id"]) == booking


def test_the_admin_shows_devices_and_events_read_only_without_the_key(client, host, slot):
    booking = BookingFactory(slot=slot)
    device = device_for(host)
    door.sync_door(device, events=[admit_event(booking, at_door(slot))], since=None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in ["doordevice", "doorevent"]:
        listing = client.get(reverse(f"admin:tickets_{model}_changelist"))
        assert listing.status_code == 200
    page = client.get(reverse("admin:tickets_doordevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert client.get(reverse("admin:tickets_doordevice_add")).status_code == 403


# At the same moment (threads on PostgreSQL, rows counted) ------------------------


def _at_once(count, work):
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait()
            work(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.django_db(transaction=True)
def test_doors_syncing_one_ticket_at_once_keep_one_admission_and_report_the_rest():
    host = make_host()
    slot = make_slot(host, EditionFactory())
    booking = BookingFactory(slot=slot)
    doors = [device_for(host, f"Porta {i}") for i in range(6)]
    base = at_door(slot)

    _at_once(
        len(doors),
        lambda i: door.sync_door(
            doors[i], events=[admit_event(booking, base - i * MINUTE)], since=None
        ),
    )

    assert DoorEvent.objects.filter(outcome="admitted").count() == 1
    assert DoorEvent.objects.filter(outcome="double").count() == len(doors) - 1
    kept = DoorEvent.objects.get(outcome="admitted")
    assert kept.device == doors[-1]  # the earliest clock
    assert set(DoorEvent.objects.filter(outcome="double").values_list("first", flat=True)) == {
        kept.pk
    }
    booking.refresh_from_db()
    assert booking.checked_in_at == kept.at == base - (len(doors) - 1) * MINUTE


@pytest.mark.django_db(transaction=True)
def test_one_event_sent_at_once_from_two_connections_is_recorded_once():
    host = make_host()
    slot = make_slot(host, EditionFactory())
    booking = BookingFactory(slot=slot)
    device = device_for(host)
    event = admit_event(booking, at_door(slot))
    answers = []

    _at_once(4, lambda i: answers.append(door.sync_door(device, events=[event], since=None)))

    assert DoorEvent.objects.count() == 1
    assert [answer["results"][0]["outcome"] for answer in answers] == ["admitted"] * 4


# Named tickets and site rules at the door -------------------------------------------


def test_the_door_list_carries_the_names_of_named_tickets(host, edition, visitor):
    slot = make_slot(host, edition, named_tickets=True, id_required=True)
    booking = BookingFactory(
        slot=slot, visitor=visitor, party_size=2, attendee_names=["Sara Colombo", "Luca Neri"]
    )
    listed = door.door_list(device_for(host))
    (row,) = listed["slots"]
    assert (row["named"], row["id_check"]) == (True, True)
    (ticket,) = listed["tickets"]
    assert ticket["id"] == booking.pk
    assert ticket["names"] == ["Sara Colombo", "Luca Neri"]
