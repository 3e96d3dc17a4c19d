"""The language in the address: Italian where the pages always were, English under
/en/ with the same paths; hreflang alternates on every page; the switch keeps the
page; the sitemap lists both; the API, outside the prefix, still reads the request."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from manifatture.activities.tests.factories import ActivityFactory
from manifatture.editions.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    return ActivityFactory(
        edition=EditionFactory(is_current=True),
        title_it="Visita alla fonderia",
        title_en="Foundry tour",
    )


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))


def test_an_activity_has_an_italian_and_an_english_address(client, activity):
    italian = activity.get_absolute_url()
    with translation.override("en"):
        english = activity.get_absolute_url()
    assert english == "/en" + italian

    it_page = client.get(italian).content.decode()
    en_page = client.get(english).content.decode()

    assert '<html lang="it">' in it_page and "Visita alla fonderia" in it_page
    assert '<html lang="en">' in en_page and "Foundry tour" in en_page
    expected = {
        "it": f"http://testserver{italian}",
        "en": f"http://testserver{english}",
        "x-default": f"http://testserver{italian}",
    }
    assert alternates(it_page) == expected
    assert alternates(en_page) == expected
    assert f'<link rel="canonical" href="http://testserver{english}">' in en_page


def test_an_italian_address_stays_italian_whatever_the_browser_asks(client, activity):
    page = client.get(activity.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="it">' in page.content.decode()


def test_the_switch_keeps_the_page_and_its_query(client, activity):
    italian = reverse("activities:programme") + "?q=fonderia"

    response = client.post(reverse("set_language"), {"language": "en", "next": italian})
    assert response.status_code == 302
    assert response["Location"] == "/en/programma/?q=fonderia"

    response = client.post(
        reverse("set_language"), {"language": "it", "next": response["Location"]}
    )
    assert response["Location"] == italian


def test_links_in_an_english_page_stay_in_english(client, activity):
    italian = activity.get_absolute_url()
    html = client.get("/en" + reverse("activities:programme")).content.decode()
    assert f'href="/en{italian}"' in html
    assert 'href="/en/programma/mappa/"' in html


def test_the_sitemap_lists_both_languages_as_alternates(client, activity):
    xml = client.get(
        reverse("web:sitemap_section", kwargs={"section": "attivita"})
    ).content.decode()
    italian = f"http://testserver{activity.get_absolute_url()}"
    english = f"http://testserver/en{activity.get_absolute_url()}"
    assert f"<loc>{italian}</loc>" in xml
    assert f"<loc>{english}</loc>" in xml
    assert f'hreflang="en" href="{english}"' in xml
    assert f'hreflang="x-default" href="{italian}"' in xml


def test_outside_the_prefix_the_api_still_reads_the_request(client):
    docs = reverse("api:docs")
    assert not docs.startswith("/en/")
    english = client.get(docs, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    italian = client.get(docs, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Open data API, version 1" in english
    assert "Open data API, version 1" not in italian
