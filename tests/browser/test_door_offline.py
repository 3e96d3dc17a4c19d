"""The door app in a real Chromium with the network cut by the test
(`context.set_offline(True)`): the host downloads the day's door list, admits
and refuses tickets and counts a walk-in with no network, and the server
holds exactly those admissions once the network is back; two doors admit
the same ticket offline and the server keeps one and reports the other; a
booking cancelled while a door was offline is reported at sync. The QR code
of a real ticket PNG is read by the fallback decoder (jsQR), in the page and
in Node."""

import base64
import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings import services as booking_services
from manifatture.bookings.models import Booking
from manifatture.bookings.tickets import signed_ticket_token, ticket_qr_png
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.tickets import codes
from manifatture.tickets.models import DoorEvent, WalkIn
from manifatture.tickets.tests.factories import BookingFactory
from tests.browser.support import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
JSQR = Path(settings.BASE_DIR) / "node_modules" / "jsqr" / "dist" / "jsQR.js"


class Door:
    """One phone at the door: its own browser context (storage, service worker)."""

    def __init__(self, browser, live_server, user):
        self.context = browser.new_context(
            base_url=live_server.url, locale="it-IT", viewport=PHONE, service_workers="allow"
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: (
                self.errors.append(message.text)
                if "Content Security Policy" in message.text or "Refused to" in message.text
                else None
            ),
        )
        log_in(self.page, live_server, user)

    def open(self, organisation, name):
        from playwright.sync_api import expect

        self.page.goto(reverse("tickets:door", kwargs={"slug": organisation.slug}))
        self.page.fill("#id_name", name)
        self.page.get_by_role("button", name="Scarica l'elenco di oggi").click()
        expect(self.page.locator("[data-door-app]")).to_be_visible()
        expect(self.page.locator("[data-door-last-sync]")).to_contain_text(
            "Ultima sincronizzazione"
        )
        # The service worker has taken the page and its files.
        self.page.wait_for_function(
            "navigator.serviceWorker.controller !== null || "
            "navigator.serviceWorker.ready.then(() => true)"
        )

    def slot(self, slot):
        self.page.select_option("#door-slot", str(slot.pk))

    def check(self, code):
        self.page.fill("#door-code", code)
        self.page.get_by_role("button", name="Verifica il biglietto").click()

    def expect_result(self, kind, text):
        from playwright.sync_api import expect

        result = self.page.locator("#door-result [data-result]")
        expect(result).to_have_attribute("data-result", kind)
        expect(result).to_contain_text(text)

    def expect_pending(self, count):
        from playwright.sync_api import expect

        expect(self.page.locator("[data-door-pending]")).to_have_attribute(
            "data-pending", str(count)
        )

    def close(self):
        self.context.close()


@pytest.fixture
def world():
    edition = EditionFactory()
    membership = MembershipFactory()
    organisation = membership.organisation
    site = SiteFactory(organisation=organisation)
    now = timezone.now().replace(second=0, microsecond=0)

    def slot(title, starts_in, **fields):
        activity = ActivityFactory(
            edition=edition, organisation=organisation, site=site, title_it=title, **fields
        )
        start = now + starts_in
        return TimeSlotFactory(
            activity=activity, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
        )

    visit = slot("Visita alla fonderia", datetime.timedelta(minutes=10))
    other = slot("Laboratorio di saldatura", datetime.timedelta(minutes=-5))
    open_day = slot(
        "Cortile aperto",
        datetime.timedelta(minutes=-5),
        booking_mode=Activity.BookingMode.DROP_IN,
    )
    names = ["Giulia Bianchi", "Marco Rossi", "Sara Conti", "Paolo Neri"]
    bookings = [
        BookingFactory(slot=visit, visitor=UserFactory(full_name=name), party_size=2)
        for name in names
    ]
    wrong = BookingFactory(slot=other, visitor=UserFactory(full_name="Elena Galli"))
    return {
        "host": membership.user,
        "organisation": organisation,
        "visit": visit,
        "other": other,
        "open_day": open_day,
        "bookings": bookings,
        "wrong": wrong,
    }


def png_data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_the_door_admits_offline_and_the_server_holds_exactly_those_admissions(
    browser, live_server, world
):
    from playwright.sync_api import expect

    first, second, third, absent = world["bookings"]
    door = Door(browser, live_server, world["host"])
    page = door.page
    door.open(world["organisation"], "Ingresso principale")
    expect(page.locator("[data-door-device]")).to_contain_text("elenco di 5 biglietti")
    violations = [
        v
        for v in axe_violations(page)
        # Known, outside this app (templates/base.html): see tickets/tests/test_browser.py.
        if not (v["id"] == "link-name" and v["nodes"] == [[".btn-icon"]])
    ]
    assert violations == []

    # The QR code of the first ticket's PNG (as e-mailed), read by the fallback
    # decoder: jsQR, loaded by the page from our own server.
    decoded = page.evaluate(
        """async (src) => {
            const image = new Image();
            image.src = src;
            await image.decode();
            const decode = await window.QrScan.makeDecoder(
                document.querySelector("[data-scanner]").dataset.jsqrUrl, {fallback: true});
            return decode(image);
        }""",
        png_data_url(ticket_qr_png(first)),
    )
    assert decoded == signed_ticket_token(first)

    door.context.set_offline(True)
    expect(page.locator("[data-door-network]")).to_have_text("Senza rete")
    door.slot(world["visit"])

    door.check(decoded)  # the QR code's text
    door.expect_result("valid", "Giulia Bianchi")
    door.expect_result("valid", "2 persone")
    door.check(codes.grouped(codes.short_code(second.ticket_code)).lower())  # the short code
    door.expect_result("valid", "Marco Rossi")
    door.check(" ".join(third.ticket_code[i : i + 4] for i in range(0, 20, 4)))  # the long one
    door.expect_result("valid", "Sara Conti")
    door.expect_pending(3)

    # Refused with no network: another slot's ticket, an unknown code, one already in.
    door.check(world["wrong"].ticket_code)
    door.expect_result("wrong_slot", "Laboratorio di saldatura")
    other_start = timezone.localtime(world["other"].starts_at).strftime("%H:%M")
    door.expect_result("wrong_slot", other_start)
    door.check("ZZZZZ-ZZZZZ")
    door.expect_result("unknown", "Codice sconosciuto")
    door.check(first.ticket_code)
    door.expect_result("used", "Biglietto già usato alle")
    # The live region is what a screen reader announces.
    assert page.locator("#door-result").get_attribute("aria-live") == "assertive"

    counts = page.locator(f"[data-door-counts] tr[data-slot='{world['visit'].pk}']")
    expect(counts.locator("[data-count=expected]")).to_have_text("8")
    expect(counts.locator("[data-count=admitted]")).to_have_text("6")
    expect(counts.locator("[data-count=absent]")).to_have_text("2")

    # A walk-in at the drop-in activity.
    door.slot(world["open_day"])
    page.get_by_role("button", name="Aggiungi un ingresso").click()
    expect(page.locator("[data-door-walk-in-count]")).to_have_text("1")
    door.expect_pending(4)

    # Nothing has reached the server yet.
    assert not Booking.objects.filter(checked_in_at__isnull=False).exists()
    assert not DoorEvent.objects.exists()

    # The app opens again with no network (the service worker's copy), its
    # admissions kept on the device.
    page.reload()
    expect(page.locator("[data-door-app]")).to_be_visible()
    door.expect_pending(4)

    door.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    door.expect_pending(0)
    expect(page.locator("[data-door-last-sync]")).to_contain_text("Ultima sincronizzazione")

    admitted = set(Booking.objects.filter(checked_in_at__isnull=False).values_list("pk", flat=True))
    assert admitted == {first.pk, second.pk, third.pk}
    assert absent.pk not in admitted
    assert WalkIn.objects.get(slot=world["open_day"]).count == 1
    assert sorted(DoorEvent.objects.values_list("outcome", flat=True)) == [
        "admitted",
        "admitted",
        "admitted",
        "counted",
    ]
    assert door.errors == []
    door.close()


def test_two_doors_admitting_one_ticket_offline_give_one_admission_and_one_report(
    browser, live_server, world
):
    from playwright.sync_api import expect

    booking = world["bookings"][0]
    colleague = MembershipFactory(organisation=world["organisation"]).user
    north = Door(browser, live_server, world["host"])
    south = Door(browser, live_server, colleague)
    north.open(world["organisation"], "Ingresso nord")
    south.open(world["organisation"], "Ingresso sud")
    for door in (north, south):
        door.context.set_offline(True)
        door.slot(world["visit"])

    north.check(booking.ticket_code)
    north.expect_result("valid", "Giulia Bianchi")
    south.page.wait_for_timeout(1100)  # a later minute is not needed, a later time is
    south.check(booking.ticket_code)
    south.expect_result("valid", "Giulia Bianchi")  # neither door can know offline

    for door in (north, south):
        door.context.set_offline(False)
        door.page.evaluate("window.dispatchEvent(new Event('online'))")
        door.expect_pending(0)

    assert DoorEvent.objects.filter(outcome="admitted").count() == 1
    double = DoorEvent.objects.get(outcome="double")
    kept = DoorEvent.objects.get(outcome="admitted")
    assert (kept.device.name, double.device.name) == ("Ingresso nord", "Ingresso sud")
    booking.refresh_from_db()
    assert booking.checked_in_at == kept.at
    expect(south.page.locator("[data-door-changes]")).to_contain_text("Doppio ingresso")

    # The host's door page lists it: who, when, which device.
    north.page.reload()
    report = north.page.locator("#reports [data-report=double]")
    expect(report).to_contain_text("Giulia Bianchi")
    expect(report).to_contain_text("Ingresso nord")
    expect(report).to_contain_text("Ingresso sud")
    expect(report).to_contain_text(timezone.localtime(kept.at).strftime("%H:%M"))
    assert north.errors == [] and south.errors == []
    north.close()
    south.close()


def test_a_booking_cancelled_while_the_door_was_offline_is_reported_at_sync(
    browser, live_server, world
):
    from playwright.sync_api import expect

    booking = world["bookings"][1]
    door = Door(browser, live_server, world["host"])
    door.open(world["organisation"], "Ingresso principale")
    door.context.set_offline(True)
    booking_services.cancel_booking(booking, by=world["host"])

    door.slot(world["visit"])
    door.check(booking.ticket_code)
    door.expect_result("valid", "Marco Rossi")  # the list predates the cancellation

    door.context.set_offline(False)
    door.page.evaluate("window.dispatchEvent(new Event('online'))")
    door.expect_pending(0)
    changes = door.page.locator("[data-door-changes]")
    expect(changes.locator("[data-change=refused]")).to_contain_text(
        re.compile("Marco Rossi è entrato alle .*, ma la prenotazione era stata annullata")
    )
    event = DoorEvent.objects.get()
    assert (event.outcome, event.reason) == ("refused", "cancelled")
    booking.refresh_from_db()
    assert booking.checked_in_at is None
    # The list now knows: the same ticket again is refused as cancelled.
    door.check(booking.ticket_code)
    door.expect_result("cancelled", "annullata")
    door.close()


def test_a_revoked_device_wipes_its_door_list(browser, live_server, world):
    from playwright.sync_api import expect

    door = Door(browser, live_server, world["host"])
    door.open(world["organisation"], "Telefono perso")
    # A colleague revokes it from the host's door page (here, the same browser).
    door.page.reload()
    door.page.get_by_role("button", name="Revoca Telefono perso").click()
    expect(door.page.locator("#devices")).to_contain_text("Revocato il")
    # Back on the page, the app syncs at once and is told to wipe what it holds.
    expect(door.page.locator("[data-door-register]")).to_be_visible()
    expect(door.page.locator("[data-door-app]")).to_be_hidden()
    expect(door.page.locator("[data-door-result]")).to_contain_text("revocato")
    stored = door.page.evaluate(
        """() => new Promise((resolve) => {
            const request = indexedDB.open("manifatture-door", 1);
            request.onsuccess = () => {
                const tx = request.result.transaction("state", "readonly");
                const all = tx.objectStore("state").getAll();
                all.onsuccess = () => resolve(all.result.length);
            };
        })"""
    )
    assert stored == 0
    door.close()


STORED_STATES = """() => new Promise((resolve) => {
    const request = indexedDB.open("manifatture-door", 1);
    request.onsuccess = () => {
        const all = request.result.transaction("state", "readonly").objectStore("state").getAll();
        all.onsuccess = () => resolve(all.result);
    };
})"""


def test_the_door_list_is_wiped_at_the_end_of_its_day_and_on_log_out(browser, live_server, world):
    from playwright.sync_api import expect

    door = Door(browser, live_server, world["host"])
    page = door.page
    door.open(world["organisation"], "Ingresso principale")
    (state,) = page.evaluate(STORED_STATES)
    assert len(state["list"]["tickets"]) == 5 and state["key"]

    # The next morning (the stored day moved back): the list and key are gone.
    page.evaluate(
        """() => new Promise((resolve) => {
            const request = indexedDB.open("manifatture-door", 1);
            request.onsuccess = () => {
                const store = request.result.transaction("state", "readwrite").objectStore("state");
                const get = store.getAll();
                get.onsuccess = () => {
                    const state = get.result[0];
                    state.day = "2000-01-01";
                    store.put(state).onsuccess = resolve;
                };
            };
        })"""
    )
    page.reload()
    expect(page.locator("[data-door-register]")).to_be_visible()
    assert page.evaluate(STORED_STATES) == []

    # Downloaded again, then the host logs out from the door page.
    page.get_by_role("button", name="Scarica l'elenco di oggi").click()
    expect(page.locator("[data-door-app]")).to_be_visible()
    assert len(page.evaluate(STORED_STATES)) == 1
    page.evaluate(
        "document.querySelector(`form[action='${document.querySelector('[data-door]')"
        ".dataset.logoutUrl}']`).requestSubmit()"
    )
    page.wait_for_url(live_server.url + reverse("editions:home"))
    page.wait_for_load_state()
    assert page.evaluate(STORED_STATES) == []
    door.close()


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js not installed")
def test_jsqr_in_node_reads_a_real_ticket_png(tmp_path):
    booking = BookingFactory(slot=TimeSlotFactory())
    png = tmp_path / "ticket.png"
    png.write_bytes(ticket_qr_png(booking))
    image = Image.open(png).convert("RGBA")
    raw = tmp_path / "ticket.rgba"
    raw.write_bytes(image.tobytes())
    script = (
        "const jsQR = require(process.argv[1]);"
        "const fs = require('fs');"
        "const data = new Uint8ClampedArray(fs.readFileSync(process.argv[2]));"
        "const code = jsQR(data, Number(process.argv[3]), Number(process.argv[4]));"
        "process.stdout.write(JSON.stringify(code ? code.data : null));"
    )
    result = subprocess.run(
        ["node", "-e", script, str(JSQR), str(raw), str(image.width), str(image.height)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(result.stdout) == signed_ticket_token(booking)


def test_the_door_starts_on_the_booked_slot_under_way_of_two_all_day_slots(browser, live_server):
    """A preview day: a drop-in open workshop and a booked visit, both all day.
    The door starts on the visit (its tickets are what it scans), though the
    list names the drop-in first."""
    from playwright.sync_api import expect

    edition = EditionFactory()
    membership = MembershipFactory()
    organisation = membership.organisation
    site = SiteFactory(organisation=organisation)
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0, 0)))

    def all_day(title, **fields):
        activity = ActivityFactory(
            edition=edition, organisation=organisation, site=site, title_it=title, **fields
        )
        return TimeSlotFactory(
            activity=activity,
            starts_at=midnight,
            ends_at=midnight + datetime.timedelta(hours=23, minutes=59),
        )

    all_day("Anteprima: l'officina aperta", booking_mode=Activity.BookingMode.DROP_IN)
    visit = all_day("Il tornio e la fresa")
    BookingFactory(slot=visit, visitor=UserFactory(full_name="Sara Conti"))
    door = Door(browser, live_server, membership.user)
    try:
        door.open(organisation, "Telefono all'ingresso")
        expect(door.page.locator("#door-slot")).to_have_value(str(visit.pk))
        expect(door.page.locator("[data-door-walk-ins]")).to_be_hidden()
        assert door.errors == []
    finally:
        door.close()
