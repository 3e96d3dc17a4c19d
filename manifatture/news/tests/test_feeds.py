"""RSS and Atom feeds: valid XML with exactly the published items, per language."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import ArticleFactory, CaseStudyFactory, DraftArticleFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def _rss_items(response) -> list[tuple[str, str]]:
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    return [(item.findtext("title"), item.findtext("link")) for item in root.iter("item")]


def _atom_entries(response) -> list[tuple[str, str]]:
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in root.iter(f"{ATOM}entry")
    ]


@pytest.fixture
def published(db):
    now = timezone.now()
    article = ArticleFactory(
        title_it="Notizia",
        title_en="News",
        slug="notizia",
        published_at=now - datetime.timedelta(days=2),
    )
    case_study = CaseStudyFactory(
        title_it="Caso", title_en="", slug="caso", published_at=now - datetime.timedelta(days=1)
    )
    DraftArticleFactory(title_it="Bozza", slug="bozza")
    ArticleFactory(title_it="Domani", slug="domani", published_at=now + datetime.timedelta(days=1))
    return article, case_study


@pytest.mark.django_db
def test_rss_feed_has_exactly_the_published_items_newest_first(client, published):
    response = client.get(reverse("news:feed_rss"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert _rss_items(response) == [
        ("Caso", "http://testserver/notizie/casi-aziendali/caso/"),
        ("Notizia", "http://testserver/notizie/articoli/notizia/"),
    ]
    root = ET.fromstring(response.content)
    assert root.find("channel").findtext("language") == "it"
    categories = [c.text for c in root.find("channel").find("item").findall("category")]
    assert categories[0] == "Casi aziendali"


@pytest.mark.django_db
def test_atom_feed_has_exactly_the_published_items(client, published):
    response = client.get(reverse("news:feed_atom"))

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert _atom_entries(response) == [
        ("Caso", "http://testserver/notizie/casi-aziendali/caso/"),
        ("Notizia", "http://testserver/notizie/articoli/notizia/"),
    ]
    root = ET.fromstring(response.content)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "it"
    self_link = [
        link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"
    ]
    assert self_link == ["http://testserver/notizie/feed/atom/?lang=it"]


@pytest.mark.django_db
def test_feed_language_from_the_lang_parameter(client, published):
    response = client.get(reverse("news:feed_rss"), {"lang": "en"})

    root = ET.fromstring(response.content)
    assert root.find("channel").findtext("language") == "en"
    # English where translated, Italian otherwise.
    assert [title for title, _link in _rss_items(response)] == ["Caso", "News"]
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_feed_language_follows_the_address(client, published):
    response = client.get("/en" + reverse("news:feed_atom"))

    assert [title for title, _link in _atom_entries(response)] == ["Caso", "News"]
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_an_unknown_lang_parameter_is_ignored(client, published):
    response = client.get(reverse("news:feed_rss"), {"lang": "xx"})

    assert ET.fromstring(response.content).find("channel").findtext("language") == "it"


@pytest.mark.django_db
def test_case_study_feeds_have_only_case_studies(client, published):
    rss = client.get(reverse("news:case_study_feed_rss"))
    atom = client.get(reverse("news:case_study_feed_atom"))

    assert _rss_items(rss) == [("Caso", "http://testserver/notizie/casi-aziendali/caso/")]
    assert _atom_entries(atom) == [("Caso", "http://testserver/notizie/casi-aziendali/caso/")]


@pytest.mark.django_db
def test_special_characters_stay_valid_xml(client):
    ArticleFactory(title_it="Ferro & vetro <3", summary_it="«Sommario» con & e <tag>")

    response = client.get(reverse("news:feed_rss"))

    root = ET.fromstring(response.content)
    item = root.find("channel").find("item")
    assert item.findtext("title") == "Ferro & vetro <3"
    assert item.findtext("description") == "«Sommario» con & e <tag>"


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("name", ["news:feed_rss", "news:feed_atom", "news:case_study_feed_rss"])
@pytest.mark.django_db
def test_feed_query_count(client, django_assert_max_num_queries, name, count):
    ArticleFactory.create_batch(count)
    CaseStudyFactory.create_batch(count)
    with django_assert_max_num_queries(2):  # articles, case studies with organisations
        client.get(reverse(name))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["news:feed_atom", "news:case_study_feed_atom"])
def test_atom_feeds_name_their_author(client, published, name):
    """RFC 4287 4.1.1: atom:feed contains one or more atom:author, unless every
    atom:entry does; atom:author holds exactly one atom:name (3.2.1)."""
    import feedparser

    response = client.get(reverse(name))
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert entries
    feed_authors = root.findall(f"{ATOM}author")
    if not feed_authors:
        assert all(entry.findall(f"{ATOM}author") for entry in entries)
    for author in [*feed_authors, *(a for e in entries for a in e.findall(f"{ATOM}author"))]:
        names = author.findall(f"{ATOM}name")
        assert len(names) == 1 and names[0].text.strip()
    # As a feed reader reads it: well-formed, with the author every entry inherits (4.2.1).
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.author == "Comune di Milano – Manifattura Milano"
    assert len(parsed.entries) == len(entries)
