"""A visit from booking to the door, in a real Chromium: the visitor books on
the booking page, the confirmation e-mail carries the QR code and the
calendar file, the ticket page shows both codes, and the host checks the
ticket in by typing its code on a phone-sized check-in page. Accessibility
(axe) and the Content-Security-Policy are checked on the way."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity, TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.bookings.models import Booking
from manifatture.bookings.tickets import ticket_qr_png
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.tickets.models import WalkIn
from tests.browser.support import axe_violations, log_in

from . import ics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def check(page) -> None:
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    # Known, outside this app: below the lg breakpoint the header's account
    # link (templates/base.html) hides its only text; reported for a fix there.
    violations = [
        v for v in violations if not (v["id"] == "link-name" and v["nodes"] == [[".btn-icon"]])
    ]
    assert violations == []
    assert page.js_errors == []


def test_a_visitor_books_gets_the_qr_by_email_and_is_checked_in_at_the_door(page, live_server):
    from playwright.sync_api import expect

    edition = PhasedEditionFactory(registration=True)
    host = MembershipFactory().user
    organisation = host.memberships.get().organisation
    site = SiteFactory(organisation=organisation, name="Fonderia Ventura")
    activity = ActivityFactory(
        edition=edition, organisation=organisation, site=site, title_it="Visita alla fonderia"
    )
    slot = TimeSlotFactory(activity=activity, starts_at=event_time(edition, hour=10))
    visitor = UserFactory(full_name="Giulia Bianchi")

    # The visitor books two seats on the booking page.
    log_in(page, live_server, visitor, clear=True)
    page.goto(reverse("bookings:book", kwargs={"pk": slot.pk}))
    page.fill("#id_party_size", "2")
    page.get_by_role("button", name="Prenota", exact=True).click()
    expect(page.get_by_text("Prenotazione confermata")).to_be_visible()
    booking = Booking.objects.get(visitor=visitor, slot=slot)
    assert booking.party_size == 2

    # The confirmation e-mail carries the QR code (PNG) and the calendar file.
    (message,) = [m for m in mail.outbox if m.to == [visitor.email]]
    attachments = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    qr_png, qr_type = attachments[f"biglietto-{booking.ticket_code}.png"]
    assert qr_type == "image/png"
    assert qr_png.startswith(b"\x89PNG\r\n\x1a\n")
    assert qr_png == ticket_qr_png(booking)  # the signed token's QR code
    calendar_file, calendar_type = attachments["manifatture-aperte.ics"]
    assert calendar_type == "text/calendar"
    (event,) = ics.parse(
        calendar_file.encode() if isinstance(calendar_file, str) else calendar_file
    ).events
    assert event.get("UID") == f"booking-{booking.pk}@manifattureaperte"
    assert booking.ticket_code in message.body

    # The ticket page shows the QR code and the code in large type.
    page.goto(reverse("tickets:ticket", kwargs={"pk": booking.pk}))
    expect(page.locator(".ticket__qr-image svg")).to_be_visible()
    expect(page.locator(".ticket__code")).to_contain_text(booking.ticket_code[:4])
    check(page)

    # The day comes: the slot starts in ten minutes.
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=10)
    TimeSlot.objects.filter(pk=slot.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )

    # The host, on a phone, types the code at the door.
    page.set_viewport_size(PHONE)
    log_in(page, live_server, host, clear=True)
    page.goto(reverse("tickets:checkin", kwargs={"pk": slot.pk}))
    expect(page.locator("#checkin-expected")).to_contain_text("Giulia Bianchi")
    expect(page.locator("#checkin-expected")).to_contain_text("2 persone")
    check(page)
    page.fill("#id_code", booking.ticket_code.lower())
    page.get_by_role("button", name="Verifica il biglietto").click()

    result = page.locator("#checkin-result")
    expect(result).to_contain_text("Valido: entrata registrata")
    expect(result).to_contain_text("Giulia Bianchi")
    expect(page.locator("#checkin-expected")).to_contain_text("entrato alle")
    expect(page.locator("#id_code")).to_have_value("")
    assert "Accoglienza" in page.title()  # htmx kept the page: only the result changed
    booking.refresh_from_db()
    assert booking.checked_in_at is not None

    # The same code again is refused, with the time it was used.
    page.fill("#id_code", booking.ticket_code)
    page.get_by_role("button", name="Verifica il biglietto").click()
    used_at = timezone.localtime(booking.checked_in_at).strftime("%H:%M")
    expect(result).to_contain_text(f"Biglietto già usato alle {used_at}.")
    expect(page.locator("#id_code")).to_have_value(booking.ticket_code)  # kept to fix a typo
    check(page)


def test_check_in_works_without_javascript(browser, live_server):
    """Typing the code must work where scripts don't run."""
    from playwright.sync_api import expect

    edition = PhasedEditionFactory(registration=True)
    host = MembershipFactory().user
    organisation = host.memberships.get().organisation
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=5)
    slot = TimeSlotFactory(
        activity=ActivityFactory(edition=edition, organisation=organisation),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    booking = Booking.objects.create(slot=slot, visitor=UserFactory(), party_size=1)
    TimeSlot.objects.filter(pk=slot.pk).update(seats_taken=1)

    context = browser.new_context(
        base_url=live_server.url, locale="it-IT", java_script_enabled=False
    )
    try:
        page = context.new_page()
        log_in(page, live_server, host, clear=True)
        page.goto(reverse("tickets:checkin", kwargs={"pk": slot.pk}))
        expect(page.locator("[data-scan-start]")).to_be_hidden()
        page.fill("#id_code", booking.ticket_code)
        page.get_by_role("button", name="Verifica il biglietto").click()
        expect(page.locator("#checkin-result")).to_contain_text("Valido: entrata registrata")
    finally:
        context.close()


def test_walk_ins_are_counted_with_the_buttons(page, live_server):
    from playwright.sync_api import expect

    edition = PhasedEditionFactory(registration=True)
    host = MembershipFactory().user
    start = timezone.now().replace(microsecond=0)
    slot = TimeSlotFactory(
        activity=ActivityFactory(
            edition=edition,
            organisation=host.memberships.get().organisation,
            booking_mode=Activity.BookingMode.DROP_IN,
        ),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server, host, clear=True)
    page.goto(reverse("tickets:checkin", kwargs={"pk": slot.pk}))

    count = page.locator("[data-walk-ins]")
    expect(count).to_have_text("0")
    expect(page.get_by_role("button", name="Togli un ingresso")).to_be_disabled()
    page.get_by_role("button", name="Aggiungi un ingresso").click()
    expect(count).to_have_text("1")
    page.get_by_role("button", name="Aggiungi un ingresso").click()
    expect(count).to_have_text("2")
    page.get_by_role("button", name="Togli un ingresso").click()
    expect(count).to_have_text("1")
    assert WalkIn.objects.get(slot=slot).count == 1
    check(page)


# Where the browser has BarcodeDetector and a camera (phones), the scan button
# reads the QR code. Headless Chromium has neither: this stands in for both, a
# detector that "sees" the ticket's signed token and a blank camera stream.
FAKE_CAMERA = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(["qr_code"]); }
  detect() { return Promise.resolve([{ rawValue: %s }]); }
};
navigator.mediaDevices.getUserMedia = function () {
  var canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 64;
  var context = canvas.getContext("2d");
  setInterval(function () { context.fillRect(0, 0, 64, 64); }, 50);
  return Promise.resolve(canvas.captureStream(10));
};
"""


def _host_and_booking(visitor_name: str) -> tuple:
    """A host and a one-person booking of their slot that starts in five minutes."""
    edition = PhasedEditionFactory(registration=True)
    host = MembershipFactory().user
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=5)
    slot = TimeSlotFactory(
        activity=ActivityFactory(edition=edition, organisation=host.memberships.get().organisation),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    booking = Booking.objects.create(
        slot=slot, visitor=UserFactory(full_name=visitor_name), party_size=1
    )
    TimeSlot.objects.filter(pk=slot.pk).update(seats_taken=1)
    return host, booking


def test_scanning_the_qr_code_checks_the_ticket_in(page, live_server):
    import json

    from playwright.sync_api import expect

    from manifatture.bookings.tickets import signed_ticket_token

    host, booking = _host_and_booking("Marco Neri")
    slot = booking.slot
    page.add_init_script(FAKE_CAMERA % json.dumps(signed_ticket_token(booking)))
    log_in(page, live_server, host, clear=True)
    page.goto(reverse("tickets:checkin", kwargs={"pk": slot.pk}))

    page.get_by_role("button", name="Inquadra il codice QR").click()

    expect(page.locator("#checkin-result")).to_contain_text("Valido: entrata registrata")
    expect(page.locator("#checkin-result")).to_contain_text("Marco Neri")
    # The camera stays on for the next visitor, and the code still in frame is
    # not sent again (it would turn the answer into "already used").
    expect(page.locator("[data-scanner]")).to_be_visible()
    page.wait_for_timeout(1500)
    expect(page.locator("#checkin-result")).to_contain_text("Valido: entrata registrata")
    page.get_by_role("button", name="Chiudi la fotocamera").click()
    expect(page.locator("[data-scanner]")).to_be_hidden()
    booking.refresh_from_db()
    assert booking.checked_in_at is not None
    assert page.js_errors == []


# No BarcodeDetector (Safari on iPhone, Firefox): a camera that films the
# ticket's real QR code (the PNG as e-mailed) on a canvas, read by jsQR.
CAMERA_FILMING_A_QR = """
delete window.BarcodeDetector;
navigator.mediaDevices.getUserMedia = function () {
  var image = new Image();
  image.src = %s;
  return image.decode().then(function () {
    var canvas = document.createElement("canvas");
    canvas.width = image.width + 40; canvas.height = image.height + 40;
    var context = canvas.getContext("2d");
    setInterval(function () {
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 20, 20);
    }, 50);
    return canvas.captureStream(10);
  });
};
"""


def test_without_barcode_detector_the_check_in_page_reads_the_qr_code_with_jsqr(page, live_server):
    import base64
    import json

    from playwright.sync_api import expect

    host, booking = _host_and_booking("Lucia Verdi")
    slot = booking.slot
    png = "data:image/png;base64," + base64.b64encode(ticket_qr_png(booking)).decode()
    page.add_init_script(CAMERA_FILMING_A_QR % json.dumps(png))
    jsqr_requests = []
    page.on("request", lambda r: "jsQR" in r.url and jsqr_requests.append(r.url))
    log_in(page, live_server, host, clear=True)
    page.goto(reverse("tickets:checkin", kwargs={"pk": slot.pk}))

    page.get_by_role("button", name="Inquadra il codice QR").click()

    expect(page.locator("#checkin-result")).to_contain_text("Valido: entrata registrata")
    expect(page.locator("#checkin-result")).to_contain_text("Lucia Verdi")
    assert len(jsqr_requests) == 1
    page.get_by_role("button", name="Chiudi la fotocamera").click()
    expect(page.locator("[data-scanner]")).to_be_hidden()
    booking.refresh_from_db()
    assert booking.checked_in_at is not None
    check(page)
