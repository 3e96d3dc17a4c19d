"""The screenshots publiccode.yml lists (docs/screenshots/*.png), taken with
Playwright and Chromium from a running site with the demo data, at the size
the standard suggests for desktops (1280×800):

    DATABASE_URL=... .venv/bin/python manage.py load_demo
    DATABASE_URL=... .venv/bin/python manage.py runserver 127.0.0.1:8765
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home.png": "/",
    "programma.png": "/programma/",
    "mappa.png": "/programma/mappa/",
    "organizzazioni.png": "/organizzazioni/",
    "dati-aperti.png": "/opendata/",
}


def first_activity_path(page, base: str) -> str:
    """An activity of the programme with slots: the first card's link."""
    page.goto(f"{base}/programma/")
    return page.locator("a[href*='/programma/attivita/']").first.get_attribute("href")


def main(base: str) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="it-IT")
        pages = dict(PAGES, **{"attivita.png": first_activity_path(page, base)})
        for name, path in pages.items():
            page.goto(f"{base}{path}", wait_until="networkidle")
            page.screenshot(path=str(TARGET / name))
            print(f"{name}: {path}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8765")
