"""Staff write and publish articles, case studies and opportunities through the pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts.tests.factories import ReviewerFactory, UserFactory
from manifatture.directory.tests.factories import OrganisationFactory
from manifatture.news.models import Article, CaseStudy, Opportunity

from .conftest import make_image_bytes
from .factories import ArticleFactory, CaseStudyFactory, OpportunityFactory


def _article_data(**overrides) -> dict:
    data = {
        "title_it": "Apre la Fabbrica del Vapore",
        "title_en": "",
        "slug": "",
        "summary_it": "Nuovi spazi per i makers.",
        "summary_en": "",
        "body_it": "Testo della notizia.",
        "body_en": "",
        "cover_alt_it": "",
        "cover_alt_en": "",
        "status": "published",
        "published_at": (timezone.localtime() - datetime.timedelta(minutes=5)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_publish_an_article_and_the_public_reads_it(client, staff_client, staff):
    response = staff_client.post(reverse("news:staff_article_create"), _article_data())

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.slug == "apre-la-fabbrica-del-vapore"
    assert article.author == staff
    assert article.status == "published"
    page = client.get("/notizie/articoli/apre-la-fabbrica-del-vapore/")
    assert page.status_code == 200


@pytest.mark.django_db
def test_slugs_are_made_unique(staff_client):
    ArticleFactory(slug="apre-la-fabbrica-del-vapore")

    staff_client.post(reverse("news:staff_article_create"), _article_data())

    assert Article.objects.order_by("pk").last().slug == "apre-la-fabbrica-del-vapore-2"


@pytest.mark.django_db
def test_a_slug_typed_twice_is_a_form_error(staff_client):
    ArticleFactory(slug="gia-usato")

    response = staff_client.post(
        reverse("news:staff_article_create"), _article_data(slug="gia-usato")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["slug"]
    assert 'value="Apre la Fabbrica del Vapore"' in response.content.decode()


@pytest.mark.django_db
def test_a_cover_needs_its_alt_text(staff_client):
    cover = SimpleUploadedFile("copertina.jpg", make_image_bytes(), content_type="image/jpeg")

    response = staff_client.post(
        reverse("news:staff_article_create"), {**_article_data(), "cover": cover}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "cover_alt_it": ["Descrivete la copertina: chi non vede l'immagine legge questo testo."]
    }
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_cover_with_alt_is_saved_and_shown(client, staff_client):
    cover = SimpleUploadedFile("copertina.jpg", make_image_bytes(), content_type="image/jpeg")

    staff_client.post(
        reverse("news:staff_article_create"),
        {**_article_data(cover_alt_it="Il cortile della fabbrica"), "cover": cover},
    )

    article = Article.objects.get()
    assert article.cover.name.startswith("news/covers/")
    content = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{article.cover.url}" alt="Il cortile della fabbrica"' in content


@pytest.mark.django_db
def test_a_non_image_cover_is_refused(staff_client):
    cover = SimpleUploadedFile("copertina.jpg", b"%PDF-1.7 not an image", content_type="image/jpeg")

    response = staff_client.post(
        reverse("news:staff_article_create"),
        {**_article_data(cover_alt_it="x"), "cover": cover},
    )

    assert response.context["form"].errors == {
        "cover": ["Il file scelto non è un'immagine valida: caricate un JPEG, PNG, GIF o WebP."]
    }


@pytest.mark.django_db
def test_editing_keeps_the_author_and_can_unpublish(staff_client):
    author = UserFactory()
    article = ArticleFactory(author=author, title_it="Vecchio titolo")

    staff_client.post(
        reverse("news:staff_article_edit", kwargs={"pk": article.pk}),
        _article_data(title_it="Nuovo titolo", slug=article.slug, status="draft"),
    )

    article.refresh_from_db()
    assert article.title_it == "Nuovo titolo"
    assert article.author == author
    assert article.status == "draft"


@pytest.mark.django_db
def test_staff_write_a_case_study_by_organisation_address(staff_client):
    organisation = OrganisationFactory(slug="liuteria-ferri")

    for typed in ["http://testserver/organizzazioni/liuteria-ferri/", "liuteria-ferri"]:
        response = staff_client.post(
            reverse("news:staff_case_study_create"),
            _article_data(organisation=typed, title_it=f"Violini {typed[-5:]}"),
        )
        assert response.status_code == 302
    assert [c.organisation for c in CaseStudy.objects.all()] == [organisation, organisation]


@pytest.mark.django_db
def test_an_unknown_organisation_is_a_form_error(staff_client):
    response = staff_client.post(
        reverse("news:staff_case_study_create"),
        _article_data(organisation="/organizzazioni/non-esiste/"),
    )

    assert response.context["form"].errors == {
        "organisation": [
            "Nessuna organizzazione ha questo indirizzo: copiatelo dalla barra del browser "
            "aprendo la sua pagina."
        ]
    }


@pytest.mark.django_db
def test_the_editor_offers_uploaded_pictures(staff_client, staff):
    from manifatture.news.services import upload_image
    from manifatture.uploads import clean_image

    image = upload_image(
        clean_image(SimpleUploadedFile("a.jpg", make_image_bytes())), alt_it="Forno", by=staff
    )

    content = staff_client.get(reverse("news:staff_article_create")).content.decode()

    assert f'data-insert-markdown="![Forno](immagine:{image.pk})"' in content
    assert "js/news-editor.js" in content


@pytest.mark.django_db
def test_staff_add_and_delete_opportunities(client, staff_client):
    response = staff_client.post(
        reverse("news:staff_opportunity_create"),
        {
            "kind": "call",
            "title_it": "Bando spazi in periferia",
            "summary_it": "Spazi comunali per nuove imprese.",
            "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "url": "/bandi/",
        },
    )
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    assert "Bando spazi in periferia" in client.get(reverse("news:opportunities")).content.decode()

    staff_client.post(reverse("news:staff_opportunity_delete", kwargs={"pk": opportunity.pk}))
    assert Opportunity.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            {"__all__": ["Indicate almeno una data: inizio, fine o scadenza."]},
        ),
        (
            {"starts_on": "2030-05-10", "ends_on": "2030-05-09"},
            {"ends_on": ["La fine non può venire prima dell'inizio."]},
        ),
        (
            {"starts_on": "2030-05-10", "url": "javascript:alert(1)"},
            {
                "url": [
                    "Scrivete un indirizzo completo (https://…) o una pagina di questo sito (/bandi/…)."
                ]
            },
        ),
        (
            {"starts_on": "2030-05-10", "url": "//altro.example/x"},
            {
                "url": [
                    "Scrivete un indirizzo completo (https://…) o una pagina di questo sito (/bandi/…)."
                ]
            },
        ),
    ],
)
@pytest.mark.django_db
def test_opportunity_form_errors(staff_client, data, errors):
    response = staff_client.post(
        reverse("news:staff_opportunity_create"),
        {"kind": "event", "title_it": "Evento", "summary_it": "x", **data},
    )

    assert response.context["form"].errors == errors
    assert Opportunity.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "news:staff_home",
        "news:staff_article_create",
        "news:staff_case_study_create",
        "news:staff_opportunity_create",
        "news:staff_images",
        "news:staff_newsletter",
        "news:staff_issue_create",
    ],
)
@pytest.mark.django_db
def test_staff_pages_are_for_city_staff_only(client, name):
    url = reverse(name)
    assert client.get(url).status_code == 302
    client.force_login(ReviewerFactory())
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_visitors_cannot_post_articles(client):
    client.force_login(UserFactory())

    response = client.post(reverse("news:staff_article_create"), _article_data())

    assert response.status_code == 403
    assert Article.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.django_db
def test_staff_home_query_count(staff_client, django_assert_num_queries, count):
    ArticleFactory.create_batch(count)
    CaseStudyFactory.create_batch(count)
    OpportunityFactory.create_batch(count)
    with django_assert_num_queries(5):  # session, user, articles, case studies, opportunities
        staff_client.get(reverse("news:staff_home"))
