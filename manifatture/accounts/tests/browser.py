"""Marks for the app's browser tests, which use tests/browser/conftest.py's fixtures."""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import AXE, CHROMIUM

browser_marks = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and AXE.exists()) and os.environ.get("REQUIRE_BROWSER") != "1",
        reason="Chromium not installed (apt-get install chromium)",
    ),
]
