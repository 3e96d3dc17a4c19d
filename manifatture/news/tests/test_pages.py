"""Public pages of the portal: what the public sees, in which language, and
what it must never see (drafts, items scheduled for later)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import UserFactory
from manifatture.calls.tests.factories import CallFactory
from manifatture.directory.tests.factories import OrganisationFactory

from .factories import (
    ArticleFactory,
    CaseStudyFactory,
    DraftArticleFactory,
    OpportunityFactory,
)


def _english(url: str) -> str:
    """The English address of an Italian page: the same path under /en/."""
    return "/en" + url


@pytest.mark.django_db
def test_article_page_shows_rendered_body_and_cover_alt(client):
    article = ArticleFactory(
        title_it="Apre il nuovo fablab di Lambrate",
        summary_it="Stampanti 3D e laser a disposizione di tutti.",
        body_it="## Orari\n\nAperto **ogni giorno**. <script>alert(1)</script>",
    )

    response = client.get(article.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Apre il nuovo fablab di Lambrate</h1>" in content
    assert '<p class="lead">Stampanti 3D e laser a disposizione di tutti.</p>' in content
    assert (
        '<div class="news-body"><h3>Orari</h3>\n'
        "<p>Aperto <strong>ogni giorno</strong>. &lt;script&gt;alert(1)&lt;/script&gt;</p></div>"
    ) in content
    assert "<script>alert(1)" not in content


@pytest.mark.django_db
def test_pages_follow_the_active_language_with_italian_fallback(client):
    translated = ArticleFactory(
        title_it="Il distretto del legno",
        title_en="The woodworking district",
        summary_it="Sommario",
        summary_en="Summary",
        body_it="Testo italiano",
        body_en="English text",
    )
    untranslated = ArticleFactory(title_it="Solo in italiano", body_it="Testo solo italiano")
    # The addresses first: a request leaves its language active in this thread.
    translated_url, untranslated_url = (
        _english(translated.get_absolute_url()),
        _english(untranslated.get_absolute_url()),
    )
    articles_url = _english(reverse("news:articles"))
    page = client.get(translated_url).content.decode()
    assert "<h1>The woodworking district</h1>" in page
    assert "<p>English text</p>" in page
    assert "Testo italiano" not in page

    fallback = client.get(untranslated_url).content.decode()
    assert "<h1>Solo in italiano</h1>" in fallback
    assert "<p>Testo solo italiano</p>" in fallback

    listing = client.get(articles_url).content.decode()
    assert "The woodworking district" in listing
    assert "Solo in italiano" in listing


@pytest.mark.django_db
def test_drafts_and_scheduled_items_are_invisible_to_the_public(client):
    draft = DraftArticleFactory(title_it="Bozza segreta", slug="bozza-segreta")
    scheduled = ArticleFactory(
        title_it="Annuncio di domani",
        slug="annuncio-di-domani",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    draft_case = CaseStudyFactory(title_it="Caso in bozza", slug="caso-in-bozza", status="draft")
    ArticleFactory(title_it="Notizia pubblica")
    visitor = UserFactory()
    client.force_login(visitor)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get(draft_case.get_absolute_url()).status_code == 404
    for url in [
        reverse("news:portal"),
        reverse("news:articles"),
        reverse("news:case_studies"),
        reverse("news:feed_rss"),
        reverse("news:feed_atom"),
        reverse("news:case_study_feed_rss"),
    ]:
        content = client.get(url).content.decode()
        assert "Bozza segreta" not in content, url
        assert "Annuncio di domani" not in content, url
        assert "Caso in bozza" not in content, url
    assert "Notizia pubblica" in client.get(reverse("news:articles")).content.decode()


@pytest.mark.django_db
def test_staff_preview_drafts_with_a_notice(client, staff):
    draft = DraftArticleFactory(title_it="Bozza segreta")
    client.force_login(staff)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Bozza: la vede solo lo staff del Comune." in response.content.decode()


@pytest.mark.django_db
def test_article_list_is_paginated_newest_first(client):
    now = timezone.now()
    for day in range(12):
        ArticleFactory(
            title_it=f"Notizia {day:02d}", published_at=now - datetime.timedelta(days=day)
        )

    first = client.get(reverse("news:articles"))
    second = client.get(reverse("news:articles"), {"page": 2})

    assert [a.title_it for a in first.context["page_obj"]] == [
        f"Notizia {d:02d}" for d in range(10)
    ]
    assert [a.title_it for a in second.context["page_obj"]] == ["Notizia 10", "Notizia 11"]
    assert "Pagina 1 di 2" in first.content.decode()


@pytest.mark.django_db
def test_case_study_page_links_to_the_organisation(client):
    organisation = OrganisationFactory(name="Vetreria Bovisa", slug="vetreria-bovisa")
    case_study = CaseStudyFactory(organisation=organisation, title_it="Il vetro che torna")

    content = client.get(case_study.get_absolute_url()).content.decode()

    assert "<h1>Il vetro che torna</h1>" in content
    assert '<a href="/organizzazioni/vetreria-bovisa/">La pagina di Vetreria Bovisa</a>' in content


@pytest.mark.django_db
def test_case_studies_of_one_organisation(client):
    organisation = OrganisationFactory(name="Vetreria Bovisa", slug="vetreria-bovisa")
    CaseStudyFactory(organisation=organisation, title_it="Il vetro che torna")
    CaseStudyFactory(title_it="Un'altra storia")

    response = client.get(reverse("news:case_studies"), {"organizzazione": "vetreria-bovisa"})

    assert [c.title_it for c in response.context["page_obj"]] == ["Il vetro che torna"]
    assert "<h1>Casi aziendali: Vetreria Bovisa</h1>" in response.content.decode()
    assert (
        client.get(reverse("news:case_studies"), {"organizzazione": "nessuna"}).status_code == 404
    )


@pytest.mark.django_db
def test_portal_home_shows_latest_of_each(client):
    ArticleFactory(title_it="Notizia del giorno")
    CaseStudyFactory(title_it="Storia di una bottega")
    OpportunityFactory(title_it="Corso di saldatura", kind="training")

    content = client.get(reverse("news:portal")).content.decode()

    assert "Notizia del giorno" in content
    assert "Storia di una bottega" in content
    assert "Corso di saldatura" in content
    assert 'name="source" value="portal"' in content


@pytest.mark.django_db
def test_portal_pages_announce_their_feeds(client):
    article = ArticleFactory()
    case_study = CaseStudyFactory()
    rss = '<link rel="alternate" type="application/rss+xml"'
    atom = '<link rel="alternate" type="application/atom+xml"'
    feed_rss = 'href="/notizie/feed/rss/?lang=it"'
    for url in [
        reverse("news:portal"),
        reverse("news:articles"),
        article.get_absolute_url(),
        reverse("news:case_studies"),
        case_study.get_absolute_url(),
        reverse("news:opportunities"),
    ]:
        content = client.get(url).content.decode()
        assert rss in content and atom in content and feed_rss in content, url
    case_page = client.get(case_study.get_absolute_url()).content.decode()
    assert 'href="/notizie/casi-aziendali/feed/atom/?lang=it"' in case_page

    english = client.get(_english(reverse("news:portal"))).content.decode()
    assert 'href="/en/notizie/feed/rss/?lang=en"' in english


@pytest.mark.django_db
def test_no_inline_style_or_script_in_portal_pages(client):
    ArticleFactory(body_it="testo")
    CaseStudyFactory()
    OpportunityFactory()
    for url in [reverse("news:portal"), reverse("news:articles"), reverse("news:opportunities")]:
        content = client.get(url).content.decode()
        assert " style=" not in content
        assert "<script>" not in content


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_article_list_query_count(client, django_assert_num_queries, count):
    ArticleFactory.create_batch(count)
    with django_assert_num_queries(2):  # count, page
        client.get(reverse("news:articles"))


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_case_study_list_query_count(client, django_assert_num_queries, count):
    CaseStudyFactory.create_batch(count)
    with django_assert_num_queries(2):  # count, page with organisations
        client.get(reverse("news:case_studies"))


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_portal_query_count(client, django_assert_num_queries, count):
    ArticleFactory.create_batch(count)
    CaseStudyFactory.create_batch(count)
    OpportunityFactory.create_batch(count)
    CallFactory.create_batch(count)
    with django_assert_num_queries(4):  # articles, case studies, opportunities, open calls
        client.get(reverse("news:portal"))
