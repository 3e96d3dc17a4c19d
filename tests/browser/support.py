"""Playwright driving Debian's Chromium against Django's live server.

A pytest plugin loaded by the root conftest, so every app's tests marked
`browser` share one browser for the whole run.

Playwright cannot download its own browser here, so it launches the system
Chromium. The tests are skipped when Chromium is missing, unless
REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

import gc
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() and AXE.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests required but {CHROMIUM} or {AXE} is missing.")
    skip = pytest.mark.skip(reason="Chromium not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls
    # made by the test itself (fixtures, assertions) are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="it-IT",
    )
    # Tile servers and other outside hosts are unreachable here: fail fast.
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort(),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.js_errors = errors
    yield page
    context.close()
    # The live server's request threads may still hold connections to the test
    # database: let them finish and collect what they leave.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.05)
    gc.collect()


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the current page (WCAG 2.1 A and AA rules)."""
    # Evaluated through DevTools, so the page's CSP (no inline scripts) still holds.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def pass_second_factor(page, user=None) -> None:
    """After the password, the second step as staff do it: on first login the
    set-up page (read the secret shown for manual entry, type the app's code,
    continue past the recovery codes); later, the code of an enrolled `user`."""
    import pyotp
    from playwright.sync_api import expect

    heading = page.locator("h1")
    expect(heading).to_have_text(
        re.compile("^(Attivate la verifica in due passaggi|Verifica in due passaggi)$")
    )
    if heading.inner_text() == "Attivate la verifica in due passaggi":
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        page.get_by_label(re.compile("^Codice mostrato dall'app")).fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Attiva", exact=True).click()
        page.get_by_role("link", name="Ho salvato i codici, continua").click()
        return
    user.refresh_from_db()
    totp = pyotp.TOTP(user.totp_secret)
    # A code is accepted once: after a used one, the next step's (within the drift allowed).
    counter = max(totp.timecode(time.time()), (user.totp_last_counter or 0) + 1)
    while counter > totp.timecode(time.time()) + 1:
        time.sleep(1)
    page.get_by_label(re.compile("^Codice")).fill(totp.generate_otp(counter))
    page.get_by_role("button", name="Verifica", exact=True).click()


def log_in(page, live_server, user, *, clear: bool = False) -> None:
    """Log `user` in on the live server by handing the browser a session made
    by the test client (which also counts as the second factor, see conftest);
    `clear` first drops the browser's cookies, to switch from another user."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    if clear:
        page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


# What the journeys do as people do it --------------------------------------------------

SHOTS = os.environ.get("JOURNEY_SHOTS", "")


def expect(*args, **kwargs):
    """Playwright's expect, imported late: Playwright is needed only when browser tests run."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def field(scope, label: str):
    """The form field with exactly this label (required ones end with "*")."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def tick(page, label: str) -> None:
    """Tick a checkbox or radio by clicking its label, as a person does
    (Bootstrap Italia draws its own box over the real input)."""
    box = field(page, label)
    page.locator(f"label[for='{box.get_attribute('id')}']").click(position={"x": 8, "y": 8})
    expect(box).to_be_checked()


def accessible(page, name: str = "") -> None:
    """One h1 and no serious or critical axe finding; with JOURNEY_SHOTS=<folder>,
    a named page is also saved at 1280 and 390 px wide."""
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    if SHOTS and name:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def sign_up(page, *, full_name: str, email: str, password: str) -> None:
    """On the sign-up page: fill it in, accept the privacy notice, create the
    account, and wait for the page that says to check the inbox."""
    expect(page.get_by_role("heading", name="Crea un account", level=1)).to_be_visible()
    field(page, "Nome e cognome").fill(full_name)
    field(page, "E-mail").fill(email)
    field(page, "Password").fill(password)
    field(page, "Ripetete la password").fill(password)
    tick(page, "Ho letto l'informativa sulla privacy e acconsento al trattamento dei miei dati")
    page.get_by_role("button", name="Crea l'account").click()
    expect(page.get_by_role("heading", name="Controllate la posta")).to_be_visible()


def verification_path(message) -> str:
    """The verification link of a sign-up e-mail, as a path on the live server
    (whose address differs from SITE_URL)."""
    from urllib.parse import urlsplit

    link = urlsplit(re.search(r"https?://\S+/account/verifica/\S+", message.body).group(0))
    return f"{link.path}?{link.query}" if link.query else link.path


def submit_login(page, email: str, password: str) -> None:
    """On a login page: the e-mail and password, then the form's "Accedi"."""
    field(page, "E-mail").fill(email)
    field(page, "Password").fill(password)
    page.locator("main").get_by_role("button", name="Accedi").click()


def add_slot(page, starts, ends, *, seats: str) -> None:
    """In programme management: a slot from `starts` to `ends` (datetimes), whose
    seats field already offers `seats` (as planned), added."""
    field(page, "Inizio").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    field(page, "Fine").fill(ends.strftime("%Y-%m-%dT%H:%M"))
    expect(field(page, "Posti")).to_have_value(seats)
    page.get_by_role("button", name="Aggiungi il turno").click()
    expect(page.get_by_text("Turno aggiunto.")).to_be_visible()


def publish_activity(page) -> None:
    """In programme management: publish the activity, and the page says so."""
    page.get_by_role("button", name="Pubblica nel programma").click()
    expect(page.get_by_text("Attività pubblicata: ora è nel programma.")).to_be_visible()
