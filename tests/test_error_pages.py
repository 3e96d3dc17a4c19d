"""Error pages: in the site's look, translated, and the 500 page rendered with
nothing (no request, no database)."""

import pytest
from django.template import loader
from django.test import Client
from django.utils import translation

from manifatture.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_italian_and_in_english(client):
    response = client.get("/non-esiste/")
    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()
    assert 'href="/programma/"' in response.content.decode()
    # English under /en/, the language in the address.
    response = client.get("/en/non-esiste/")
    assert "Page not found" in response.content.decode()


def test_a_refused_form_gets_a_clear_page_and_nothing_is_saved():
    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    client.force_login(user)
    response = client.post("/account/privacy/consensi/", {"statistics": "on"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Modulo scaduto" in body
    assert "Nulla è stato salvato" in body
    assert "<style" not in body


def test_the_forbidden_page_names_the_account(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/account/registro-decisioni/")
    assert response.status_code == 403
    assert user.email in response.content.decode()


@pytest.mark.parametrize("name", ["400.html", "500.html"])
def test_the_pages_rendered_without_context_need_nothing(name, django_assert_num_queries):
    with translation.override("it"), django_assert_num_queries(0):
        html = loader.get_template(name).render()
    assert "<h1" in html and "Manifatture Aperte" in html
    assert "Comune di Milano" in html
