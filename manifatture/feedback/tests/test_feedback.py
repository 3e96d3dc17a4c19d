import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from manifatture.accounts.models import AuditEvent
from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.feedback import services
from manifatture.feedback.exceptions import NotAPage
from manifatture.feedback.models import PageRating, ProblemReport

from .factories import FaqEntryFactory, PageRatingFactory, ProblemReportFactory

pytestmark = pytest.mark.django_db

RATING_QUESTION = "Quanto sono chiare le informazioni su questa pagina?"


def test_every_public_page_asks_how_clear_it_is(client):
    for url in ["/", "/programma/", reverse("feedback:faq"), reverse("web:legal_notes")]:
        content = client.get(url).content.decode()
        assert RATING_QUESTION in content, url
        assert 'action="/valuta-la-pagina/"' in content


def test_private_areas_and_secret_links_do_not_ask(client):
    client.force_login(UserFactory())
    assert RATING_QUESTION not in client.get(reverse("accounts:dashboard")).content.decode()
    report = ProblemReportFactory()
    assert RATING_QUESTION not in client.get(report.get_absolute_url()).content.decode()


def test_four_stars_or_more_are_recorded_at_once_and_the_person_goes_back(client):
    response = client.post(reverse("feedback:rate"), {"path": "/programma/", "score": "5"})
    assert response.status_code == 302
    assert response["Location"] == "/programma/"
    rating = PageRating.objects.get()
    assert (rating.path, rating.score, rating.reason) == ("/programma/", 5, "")


def test_below_four_asks_what_was_hard_without_javascript_then_records(client):
    first = client.post(reverse("feedback:rate"), {"path": "/programma/", "score": "2"})
    assert first.status_code == 200
    assert "Dove avete incontrato le maggiori difficoltà?" in first.content.decode()
    assert not PageRating.objects.exists()

    missing = client.post(
        reverse("feedback:rate"), {"path": "/programma/", "score": "2", "step": "2"}
    )
    assert missing.status_code == 400
    assert "Diteci dove avete incontrato difficoltà." in missing.content.decode()
    assert not PageRating.objects.exists()

    done = client.post(
        reverse("feedback:rate"),
        {
            "path": "/programma/",
            "score": "2",
            "step": "2",
            "reason": "incomplete",
            "comment": "Manca l'orario di chiusura",
        },
    )
    assert done.status_code == 302
    rating = PageRating.objects.get()
    assert (rating.score, rating.reason, rating.comment) == (
        2,
        "incomplete",
        "Manca l'orario di chiusura",
    )


@pytest.mark.parametrize(
    "path",
    [
        "https://altro.example/",
        "//altro.example/x",
        "/non-esiste-questa-pagina/",
        "/account/",
        "/biglietti/ABCDEF/",
        "/la-mia-giornata/condivisa/segreto/",
    ],
)
def test_only_public_pages_of_the_site_can_be_rated(client, path):
    response = client.post(reverse("feedback:rate"), {"path": path, "score": "5"})
    assert response.status_code == 400
    assert not PageRating.objects.exists()


def test_the_database_refuses_a_low_rating_without_a_reason():
    with pytest.raises(IntegrityError):
        PageRating.objects.create(path="/", score=3, reason="")


def test_ratings_are_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": (3, 3600)}
    codes = [
        client.post(reverse("feedback:rate"), {"path": "/", "score": "5"}).status_code
        for _ in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert PageRating.objects.count() == 3


def test_a_problem_report_gets_a_receipt_and_a_private_page(client):
    response = client.post(
        reverse("feedback:report_problem") + "?pagina=/programma/",
        {
            "page": "/programma/",
            "category": "accessibilita",
            "description": "Il filtro per quartiere non si apre con la tastiera.",
        },
    )
    report = ProblemReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert report.page == "/programma/" and report.reporter is None
    page = client.get(report.get_absolute_url())
    assert report.receipt in page.content.decode()
    assert report.receipt.startswith("MA-")
    assert page["Cache-Control"] == "private, no-store"


def test_a_report_without_text_is_refused_and_says_why(client):
    response = client.post(reverse("feedback:report_problem"), {"category": "altro"})
    assert response.status_code == 200
    assert "Questo campo è obbligatorio." in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_staff_answer_is_audited_shown_and_mailed_to_a_logged_in_reporter(
    client, django_capture_on_commit_callbacks
):
    reporter = UserFactory()
    report = ProblemReportFactory(reporter=reporter)
    staff = StaffFactory()
    client.force_login(staff)
    assert report.receipt in client.get(reverse("feedback:staff_reports")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("feedback:staff_report", args=[report.pk]),
            {"answer": "Grazie: abbiamo corretto l'orario."},
        )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ProblemReport.Status.ANSWERED
    assert report.answered_by == staff
    assert AuditEvent.objects.filter(action="feedback.report_answered").count() == 1
    assert [message.to for message in mail.outbox] == [[reporter.email]]
    assert "abbiamo corretto" in client.get(report.get_absolute_url()).content.decode()


def test_staff_see_ratings_per_page_with_the_reasons():
    PageRatingFactory(path="/programma/", score=5)
    PageRatingFactory(path="/programma/", score=2, reason="tecnico", comment="La mappa è grigia")
    PageRatingFactory(path="/", score=4)
    from manifatture.feedback.queries import ratings_by_page

    rows = {row["path"]: row for row in ratings_by_page()}
    assert rows["/programma/"]["ratings"] == 2 and rows["/programma/"]["low"] == 1
    assert rows["/programma/"]["average"] == 3.5


def test_faq_and_accessibility_statement_are_public_in_both_languages(client):
    FaqEntryFactory()
    content = client.get(reverse("feedback:faq")).content.decode()
    assert "Posso portare il cane?" in content
    statement = client.get(reverse("feedback:accessibility")).content.decode()
    assert "Dichiarazione di accessibilità" in statement
    assert "parzialmente conforme" in statement  # the migration's first statement
    assert "Difensore civico per il digitale" in statement
    english = client.get("/en" + reverse("feedback:faq")).content.decode()
    assert "May I bring my dog?" in english


def test_the_footer_links_the_statement_the_faq_and_the_report_form(client):
    content = client.get("/").content.decode()
    for name in ["feedback:accessibility", "feedback:faq", "feedback:report_problem"]:
        assert f'href="{reverse(name)}"' in content


def test_page_path_refuses_what_is_not_a_public_page():
    assert services.page_path("/programma/?q=x#mappa") == "/programma/"
    with pytest.raises(NotAPage):
        services.page_path("/admin/")
