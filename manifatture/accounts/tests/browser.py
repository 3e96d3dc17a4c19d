"""Marks for the apps' browser tests (accounts, directory).

The `browser` and `page` fixtures live in tests/browser/conftest.py; a copy
imported into a test module would start a second Playwright in the same thread
and break the first, so these tests run once the root conftest shares them.
"""

import importlib
import os
from pathlib import Path

import pytest

from tests.browser.conftest import AXE, CHROMIUM

FIXTURES_SHARED = hasattr(importlib.import_module("conftest"), "page")

browser_marks = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and AXE.exists()) and os.environ.get("REQUIRE_BROWSER") != "1",
        reason="Chromium not installed (apt-get install chromium)",
    ),
    pytest.mark.skipif(not FIXTURES_SHARED, reason="browser fixtures not in the root conftest"),
    # On SQLite the live server's request threads leave their connections to the
    # in-memory test database for the garbage collector (tests/browser has the same).
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <sqlite3.Connection:pytest.PytestUnraisableExceptionWarning"
    ),
]
