import pytest

from .support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_is_accessible_and_runs_without_csp_errors(page):
    page.goto("/")
    assert page.locator("h1").count() >= 0
    assert axe_violations(page) == []
    assert page.js_errors == []
