import pytest
from django.urls import reverse

from tests.browser.support import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("name", ["web:legal_notes", "web:cookies"])
def test_legal_pages_are_accessible_in_both_languages(page, name):
    page.goto(reverse(name))
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []
