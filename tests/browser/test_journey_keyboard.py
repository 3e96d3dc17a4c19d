"""Keyboard only (issue 13, journey 10), in Chromium: a visitor finds an
activity, books it, opens the ticket and cancels the booking with Tab, Enter
and Space alone (no clicks, no direct navigation after the home page). Every
element the Tab key reaches on the way shows where the focus is (a visible
outline or box-shadow); axe on every page."""

import re

import pytest

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.bookings.models import Booking
from manifatture.editions.tests.factories import PhasedEditionFactory
from tests.browser.support import accessible, expect, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Visita alla tessitura di Lambrate"

# The focused element: its accessible-ish name and whether its focus shows.
FOCUSED = r"""() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {name: "", tag: "BODY", visible: true, shown: true};
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
    const box = el.getBoundingClientRect();
    return {
        name: (el.getAttribute("aria-label") || label || el.innerText || el.value || "")
            .replace(/\s+/g, " ")
            .trim(),
        tag: el.tagName,
        visible: outline || shadow,
        shown: box.width > 0 && box.height > 0,
    };
}"""


def tab_to(page, name: str, *, limit: int = 200) -> None:
    """Press Tab until the focus is on the element named `name` (a regular
    expression); every element passed on the way must show its focus."""
    unmarked, seen = [], []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused["name"])
        if focused["shown"] and not focused["visible"]:
            unmarked.append(focused)
        if re.search(name, focused["name"]):
            assert unmarked == [], f"focus not visible on {unmarked}"
            return
    raise AssertionError(f"Tab never reached {name!r}; it reached {seen[:60]}")


def test_find_book_open_the_ticket_and_cancel_by_keyboard_alone(page, live_server):
    edition = PhasedEditionFactory(registration=True, is_current=True)
    activity = ActivityFactory(edition=edition, title_it=TITLE)
    TimeSlotFactory(activity=activity, capacity=10)
    visitor = UserFactory()
    log_in(page, live_server, visitor)

    page.goto("/")
    accessible(page)
    tab_to(page, r"^Programma$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programma")
    accessible(page)

    tab_to(page, rf"^{TITLE}$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    accessible(page)

    tab_to(page, r"^Persone")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    tab_to(page, r"^Prenota")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Prenotazione confermata: «{TITLE}»")).to_be_visible()
    accessible(page)
    booking = Booking.objects.get(visitor=visitor)
    assert (booking.party_size, booking.status) == (2, Booking.Status.CONFIRMED)

    tab_to(page, r"^Mostra il biglietto")
    page.keyboard.press("Enter")
    expect(page.get_by_text(booking.ticket_code).first).to_be_visible()
    accessible(page)

    tab_to(page, r"^Le mie prenotazioni$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Le mie prenotazioni", level=1)).to_be_visible()
    tab_to(page, rf"^Annulla {TITLE}$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sì, annulla la prenotazione")).to_be_visible()
    accessible(page)

    tab_to(page, r"^Sì, annulla la prenotazione$")
    page.keyboard.press("Space")
    expect(
        page.get_by_text("Prenotazione annullata: grazie per aver liberato il posto.")
    ).to_be_visible()
    accessible(page)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
