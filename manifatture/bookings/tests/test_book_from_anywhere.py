"""Book from anywhere (issue 13, journey 1): an anonymous visitor who presses
"Prenota" is asked to log in and told why, keeps where they were going through
sign-up, the verification link and login, and lands on the booking of the same
slot with the party size they chose."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from manifatture import outreach
from manifatture.accounts.tests.factories import PASSWORD, UserFactory
from manifatture.bookings.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    """Fill in the sign-up form with `next`; the e-mail leaves on commit."""

    def post(next_url: str, email: str = "paola@esempio.it"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("accounts:signup"),
                {
                    "full_name": "Paola Riva",
                    "email": email,
                    "password1": "Filo-e-ago-1970",
                    "password2": "Filo-e-ago-1970",
                    "privacy": "on",
                    "next": next_url,
                },
            )

    return post


WHY = "Accedete o registratevi per prenotare."


def login_target(response) -> tuple[str, str]:
    """The login page a redirect leads to, and the `next` it carries."""
    location = urlsplit(response["Location"])
    return location.path, parse_qs(location.query).get("next", [""])[0]


def test_anonymous_prenota_goes_to_login_with_the_slot_and_party_size(client, slot):
    response = client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": "3"})

    path, next_url = login_target(response)
    assert path == reverse("accounts:login")
    assert next_url == f"{reverse('bookings:book', args=[slot.pk])}?persone=3"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [WHY]
    assert not Booking.objects.exists()


def test_the_login_page_says_why_and_its_signup_link_keeps_next(client, slot):
    response = client.post(
        reverse("bookings:book", args=[slot.pk]), {"party_size": "2"}, follow=True
    )

    html = response.content.decode()
    assert WHY in html
    quoted = f"/prenotazioni/turni/{slot.pk}/%3Fpersone%3D2"
    assert f'href="{reverse("accounts:signup")}?next={quoted}"' in html
    assert '<input type="hidden" name="next"' in html


def test_a_party_size_that_is_not_a_number_is_left_out(client, slot):
    response = client.post(reverse("bookings:book", args=[slot.pk]), {"party_size": "3;x"})

    assert login_target(response)[1] == reverse("bookings:book", args=[slot.pk])


def test_the_waiting_list_and_group_pages_also_come_back(client, slot):
    for name in ("book_group", "join_waiting_list"):
        response = client.get(reverse(f"bookings:{name}", args=[slot.pk]))
        assert login_target(response) == (
            reverse("accounts:login"),
            reverse(f"bookings:{name}", args=[slot.pk]),
        )


def test_signup_verification_and_login_lead_back_to_the_booking(client, slot, sign_up):
    booking_page = f"{reverse('bookings:book', args=[slot.pk])}?persone=3"

    response = sign_up(booking_page)
    assert response["Location"] == reverse("accounts:check_inbox")
    inbox = client.get(reverse("accounts:check_inbox")).content.decode()
    assert "tornerete alla pagina da cui siete partiti" in inbox

    link = re.search(r"https?://\S+/account/verifica/\S+", mail.outbox[0].body).group(0)
    assert parse_qs(urlsplit(link).query)["next"] == [booking_page]
    response = client.get(urlsplit(link).path + "?" + urlsplit(link).query)
    path, next_url = login_target(response)
    assert (path, next_url) == (reverse("accounts:login"), booking_page)

    response = client.post(
        response["Location"], {"email": "paola@esempio.it", "password": "Filo-e-ago-1970"}
    )
    assert response["Location"] == booking_page

    page = client.get(booking_page)
    assert page.context["form"]["party_size"].value() == 3
    assert not page.context["form"].is_bound  # no error state before pressing Prenota


def test_signup_with_an_existing_address_mails_a_login_link_that_keeps_next(client, slot, sign_up):
    UserFactory(email="paola@esempio.it")
    booking_page = reverse("bookings:book", args=[slot.pk])

    sign_up(booking_page)

    assert "/account/accedi/?next=%2Fprenotazioni%2Fturni%2F" in mail.outbox[0].body


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "login"]
)
def test_a_next_to_elsewhere_is_dropped_at_every_step(client, slot, sign_up, evil):
    response = sign_up(evil)
    assert response.status_code == 302
    link = re.search(r"https?://\S+/account/verifica/\S+", mail.outbox[0].body).group(0)
    assert "next=" not in link
    # A tampered link is checked again when opened.
    response = client.get(urlsplit(link).path + "?" + f"next={evil}")
    assert login_target(response)[1] == ""


def test_a_party_size_the_activity_does_not_take_is_not_filled_in(client, slot):
    login_as = UserFactory()
    assert client.login(email=login_as.email, password=PASSWORD)
    too_many = slot.activity.max_party_size + 1

    page = client.get(f"{reverse('bookings:book', args=[slot.pk])}?persone={too_many}")

    assert page.context["form"]["party_size"].value() == 1  # the form's own default


def test_a_new_verification_link_keeps_where_they_were_going(
    client, slot, sign_up, django_capture_on_commit_callbacks
):
    booking_page = f"{reverse('bookings:book', args=[slot.pk])}?persone=2"
    sign_up(booking_page)
    mail.outbox.clear()
    outreach.forget_link("verification", "paola@esempio.it")  # the first link has expired

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:resend_verification"), {"email": "paola@esempio.it"})

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/account/verifica/\S+", message.body).group(0)
    assert parse_qs(urlsplit(link).query)["next"] == [booking_page]
