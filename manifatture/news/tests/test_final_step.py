"""The issue's last step: a case study about the winning organisation appears on
the portal and in the feed, written and published by staff through the pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.directory.tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_a_case_study_about_the_winner_appears_on_the_portal_and_in_the_feed(client, staff_client):
    winner = OrganisationFactory(name="Officine Gorla", slug="officine-gorla")
    published_at = (timezone.localtime() - datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "organisation": "/organizzazioni/officine-gorla/",
        "title_it": "Officine Gorla si trasferisce in via Padova",
        "title_en": "Officine Gorla moves to via Padova",
        "slug": "",
        "summary_it": "Lo spazio vinto con il bando diventa un laboratorio aperto.",
        "summary_en": "The space won through the call becomes an open workshop.",
        "body_it": "## Il progetto\n\nUna [pagina](/organizzazioni/officine-gorla/) da vedere.",
        "body_en": "",
        "cover_alt_it": "",
        "cover_alt_en": "",
        "status": "draft",
        "published_at": published_at,
    }

    # Written as a draft first: nobody outside staff sees it.
    staff_client.post(reverse("news:staff_case_study_create"), data)
    assert (
        "Officine Gorla si trasferisce" not in client.get(reverse("news:portal")).content.decode()
    )
    assert b"Officine Gorla si trasferisce" not in client.get(reverse("news:feed_rss")).content

    # Then published.
    from manifatture.news.models import CaseStudy

    case_study = CaseStudy.objects.get()
    response = staff_client.post(
        reverse("news:staff_case_study_edit", kwargs={"pk": case_study.pk}),
        {**data, "slug": case_study.slug, "status": "published"},
    )
    assert response.status_code == 302

    portal = client.get(reverse("news:portal")).content.decode()
    assert (
        '<a href="/notizie/casi-aziendali/officine-gorla-si-trasferisce-in-via-padova/">'
        "Officine Gorla si trasferisce in via Padova</a>"
    ) in portal

    page = client.get(case_study.get_absolute_url()).content.decode()
    assert f'<a href="{winner.get_absolute_url()}">La pagina di Officine Gorla</a>' in page

    for name in ["news:feed_rss", "news:case_study_feed_rss"]:
        root = ET.fromstring(client.get(reverse(name)).content)
        items = [
            (
                item.findtext("title"),
                item.findtext("link"),
                [c.text for c in item.findall("category")],
            )
            for item in root.iter("item")
        ]
        assert items == [
            (
                "Officine Gorla si trasferisce in via Padova",
                "http://testserver/notizie/casi-aziendali/officine-gorla-si-trasferisce-in-via-padova/",
                ["Casi aziendali", "Officine Gorla"],
            )
        ]

    atom = ET.fromstring(client.get(reverse("news:feed_atom"), {"lang": "en"}).content)
    titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in atom.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert titles == ["Officine Gorla moves to via Padova"]
