"""The server errors the fuzz test found, each pinned by a test of its own."""

import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from manifatture.accounts.forms import SignupForm
from manifatture.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from manifatture.directory.models import Material
from manifatture.directory.tests.factories import MembershipFactory
from manifatture.matching.forms import NeedForm
from manifatture.news.tests.factories import ArticleFactory, CaseStudyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("next_url", ["2147483648", "abc", "accounts:dashboard", "%00"])
def test_login_with_a_next_that_is_not_a_path_goes_to_the_dashboard(client, next_url):
    """redirect() took a bare word for the name of a view: NoReverseMatch, 500."""
    user = UserFactory()
    response = client.post(
        reverse("accounts:login"), {"email": user.email, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    # Already logged in, the same.
    response = client.get(reverse("accounts:login"), {"next": next_url})
    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.parametrize(
    ("factory", "url_name", "page"),
    [
        (ArticleFactory, "news:staff_article_edit", "/notizie/articoli/"),
        (CaseStudyFactory, "news:staff_case_study_edit", "/notizie/casi-aziendali/"),
    ],
)
def test_an_invalid_edit_with_an_empty_slug_shows_the_form_again(factory, url_name, page):
    """The invalid form had written the empty slug onto the item the page links
    to: NoReverseMatch, 500."""
    item = factory(slug="officine-aperte")
    client = Client()
    client.force_login(StaffFactory())
    response = client.post(
        reverse(url_name, kwargs={"pk": item.pk}), {"slug": "", "title_it": "", "status": "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert f'href="{page}officine-aperte/"' in response.content.decode()


def _admin_models_keyed_by_a_link():
    return [model for model in admin.site._registry if model._meta.pk.is_relation]


def test_the_admin_models_keyed_by_a_link_are_known():
    names = {model.__name__ for model in _admin_models_keyed_by_a_link()}
    assert {"HubVenue", "VisitorProfile", "WalkIn", "ReminderSent", "CalendarFeed"} <= names


@pytest.mark.parametrize("model", _admin_models_keyed_by_a_link(), ids=lambda model: model.__name__)
@pytest.mark.parametrize("key", ["9" * 25, "9223372036854775808", "-9223372036854775809"])
def test_an_admin_object_keyed_by_a_link_with_a_huge_key_is_not_found(model, key):
    """Out-of-range keys reached the database: an out-of-range error, 500."""
    client = Client()
    client.force_login(StaffFactory(is_staff=True, is_superuser=True))
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"{key}/change/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_the_password_length_error_is_in_italian():
    """Django 6.1 reworded it and its Italian catalogue lags behind: the form
    spoke English to Italian visitors."""
    data = {
        "full_name": "Giulia Bianchi",
        "email": "giulia@esempio.it",
        "password1": "corta",
        "password2": "corta",
        "privacy": "on",
    }
    with translation.override("it"):
        form = SignupForm(data)
        assert not form.is_valid()
    assert (
        "Questa password è troppo corta. Deve contenere almeno 8 caratteri."
        in (form.errors["password1"])
    )


@pytest.mark.parametrize(
    "url",
    [
        "/biglietti/calendario/%00.ics",  # tickets:feed, its token looked up as it came
        "/la-mia-giornata/condivisa/%00/",  # plans:shared, the same
        "/notizie/casi-aziendali/?organizzazione=%00",  # news: the organisation's slug
        "/admin/operations/workerheartbeat/%00/change/",  # a text primary key
        "/admin/directory/organisation/?q=%00",  # the admin's search
        "/programma/?q=a%00b",
    ],
)
def test_a_nul_byte_is_refused_before_reaching_the_database(url):
    """PostgreSQL refuses NUL bytes in text with an error: these were 500s there."""
    client = Client()
    client.force_login(StaffFactory(is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 400
    assert '<h1 class="mb-3">Richiesta non valida</h1>' in response.content.decode()


def test_a_nul_byte_in_a_form_field_is_refused_and_a_file_may_hold_them():
    client = Client()
    client.force_login(StaffFactory())
    url = reverse("news:staff_images")
    assert client.post(url, {"alt_it": "Forno\x00"}).status_code == 400
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    png = buffer.getvalue()
    assert b"\x00" in png
    upload = SimpleUploadedFile("forno.png", png, content_type="image/png")
    assert client.post(url, {"alt_it": "Forno", "file": upload}).status_code == 302


def test_a_multiple_choice_of_a_number_no_column_holds_is_an_invalid_choice():
    """The form's `pk__in=` lookup sent it to the database: out of range, 500
    (found by tests/test_form_properties.py on the matching need form)."""
    organisation = MembershipFactory().organisation
    form = NeedForm(
        {"title": "Taglio laser", "materials": ["9223372036854775808", "-" + "9" * 30]},
        organisation=organisation,
    )
    assert not form.is_valid()
    assert form.errors["materials"]
    assert not Material.objects.filter(pk__in=[2**63, -(2**80)]).exists()
    assert Material.objects.filter(pk__in=[2**63, Material.objects.first().pk]).count() == 1
