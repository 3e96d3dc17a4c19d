"""An empty section says what it is and what will appear there, rather than
just "nothing" (issue 13)."""

import pytest
from django.urls import reverse

from manifatture.accounts.tests.factories import UserFactory
from manifatture.editions.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, words",
    [
        ("qualifications:list", "qui compariranno i fablab"),
        ("spaces:list", "qui compariranno gli spazi pubblici inutilizzati"),
        ("calls:list", "Qui compariranno i bandi"),
        ("news:articles", "qui compariranno le notizie"),
        ("news:portal", "qui compariranno le storie delle imprese"),
        ("news:case_studies", "qui compariranno le storie delle imprese"),
        ("editions:archive", "Qui compariranno le edizioni"),
    ],
)
def test_an_empty_public_section_says_what_will_appear(client, name, words):
    assert words in client.get(reverse(name)).content.decode()


def test_an_empty_programme_is_not_blamed_on_filters(client):
    EditionFactory()
    page = client.get(reverse("activities:programme")).content.decode()
    assert "qui compariranno le visite guidate" in page
    assert "corrisponde ai filtri" not in page
    filtered = client.get(reverse("activities:programme"), {"q": "fonderia"})
    assert "Nessuna attività corrisponde ai filtri scelti." in filtered.content.decode()


def test_empty_matching_lists_say_what_will_appear(client):
    client.force_login(UserFactory())
    page = client.get(reverse("matching:index")).content.decode()
    assert "qui compariranno le richieste delle vostre organizzazioni" in page
    assert "qui compariranno i messaggi" in page
