"""Login through an OpenID Connect provider (the SPID/CIE proxy), end to end:
the Django test client plays the browser, the provider is a real HTTP server
in a thread (tests/oidc_provider.py), and the platform's server-to-server calls
(discovery, token, JWKS, userinfo) go to it over HTTP."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from manifatture.accounts.models import ExternalIdentity, User
from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from tests.oidc_provider import OIDCProvider

REFUSED = (
    "L'accesso con l'identità digitale non è riuscito. Riprovate; se il problema continua, "
    "accedete con e-mail e password."
)
NOT_VERIFIED = (
    "Il gestore dell'identità digitale non ci ha confermato il vostro indirizzo e-mail, "
    "quindi non possiamo collegare l'accesso a un account. Confermate l'indirizzo presso il "
    "gestore, oppure registratevi con e-mail e password."
)


@pytest.fixture(scope="session")
def oidc_server():
    with OIDCProvider(client_id="manifatture-test", client_secret="segreto-di-prova") as server:
        yield server


@pytest.fixture
def provider(oidc_server, settings):
    oidc_server.reset()
    oidc_server.user = {
        "sub": "spid-0001",
        "email": "mario.rossi@esempio.it",
        "email_verified": True,
        "name": "Mario Rossi",
    }
    settings.OIDC_ISSUER = oidc_server.issuer
    settings.OIDC_CLIENT_ID = "manifatture-test"
    settings.OIDC_CLIENT_SECRET = "segreto-di-prova"
    settings.OIDC_SCOPES = "openid email profile"
    settings.OIDC_PROVIDER_NAME = "SPID / CIE"
    return oidc_server


def visit_provider(client, start: str | None = None):
    """Start the login on the platform, let the browser visit the provider
    (which consents at once) and follow its redirect back to the callback."""
    response = client.get(start or reverse("accounts:oidc_login"))
    assert response.status_code == 302
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == reverse("accounts:oidc_callback")
    return client.get(f"{back.path}?{back.query}")


def logged_in_as(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


@pytest.mark.django_db
def test_a_new_person_accepts_the_privacy_notice_and_gets_a_verified_account(client, provider):
    response = visit_provider(client, reverse("accounts:oidc_login") + "?next=/programma/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:oidc_consent")
    assert logged_in_as(client) is None
    # The authorization request carried state, nonce and a PKCE S256 challenge;
    # the token request the verifier, over the back channel.
    sent = provider.authorize_requests[0]
    assert sent["scope"] == "openid email profile"
    assert sent["code_challenge_method"] == "S256"
    assert len(sent["state"]) >= 32 and len(sent["nonce"]) >= 32
    assert sent["redirect_uri"] == "http://testserver/account/identita-digitale/ritorno/"
    assert len(provider.token_requests[0]["code_verifier"]) >= 43

    page = client.get(reverse("accounts:oidc_consent"))
    content = page.content.decode()
    assert "<strong>mario.rossi@esempio.it</strong>" in content
    assert 'value="Mario Rossi"' in content

    refused = client.post(reverse("accounts:oidc_consent"), {"full_name": "Mario Rossi"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["privacy"] == [
        "Per creare un account dovete accettare l'informativa sulla privacy."
    ]
    assert not User.objects.filter(email="mario.rossi@esempio.it").exists()

    response = client.post(
        reverse("accounts:oidc_consent"), {"full_name": "Mario  Rossi ", "privacy": "on"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/programma/"
    user = User.objects.get(email="mario.rossi@esempio.it")
    assert logged_in_as(client) == user
    assert user.full_name == "Mario Rossi"
    assert user.role == User.Role.VISITOR
    assert user.email_verified_at is not None
    assert user.privacy_accepted_at is not None
    assert not user.has_usable_password()
    identity = user.external_identities.get()
    assert (identity.issuer, identity.subject) == (provider.issuer, "spid-0001")
    assert "_auth_user_id" in client.session and "accounts_oidc_pending" not in client.session


@pytest.mark.django_db
def test_an_existing_account_is_linked_by_the_verified_email_whatever_its_case(client, provider):
    existing = UserFactory(email="mario.rossi@esempio.it", email_verified_at=None)
    provider.user["email"] = "Mario.Rossi@Esempio.IT"

    response = visit_provider(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert logged_in_as(client) == existing
    assert User.objects.count() == 1
    existing.refresh_from_db()
    # The provider vouched for the address: it counts as verified now.
    assert existing.email_verified_at is not None
    assert ExternalIdentity.objects.get().user == existing


@pytest.mark.django_db
@pytest.mark.parametrize("verified", [False, None, "false"])
def test_an_unverified_email_is_never_linked_nor_used_for_a_new_account(client, provider, verified):
    UserFactory(email="mario.rossi@esempio.it")
    provider.user["email_verified"] = verified
    if verified is None:
        del provider.user["email_verified"]

    response = visit_provider(client)

    assert response.status_code == 400
    assert response.context["message"] == NOT_VERIFIED
    assert logged_in_as(client) is None
    assert not ExternalIdentity.objects.exists()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_a_returning_person_is_found_by_subject_even_if_the_email_changed(client, provider):
    first = UserFactory(email="mario.rossi@esempio.it")
    ExternalIdentity.objects.create(user=first, issuer=provider.issuer, subject="spid-0001")
    UserFactory(email="mario.nuovo@esempio.it")
    provider.user["email"] = "mario.nuovo@esempio.it"

    response = visit_provider(client)

    assert response["Location"] == reverse("accounts:dashboard")
    assert logged_in_as(client) == first
    assert ExternalIdentity.objects.count() == 1
    assert ExternalIdentity.objects.get().last_login_at is not None


@pytest.mark.django_db
def test_the_same_subject_from_another_issuer_is_another_identity(client, provider):
    stranger = UserFactory(email="altro@esempio.it")
    ExternalIdentity.objects.create(
        user=stranger, issuer="https://altro-provider.example", subject="spid-0001"
    )
    mario = UserFactory(email="mario.rossi@esempio.it")

    visit_provider(client)

    assert logged_in_as(client) == mario


@pytest.mark.django_db
def test_a_wrong_state_is_refused_before_asking_for_tokens(client, provider):
    response = client.get(reverse("accounts:oidc_login"))
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    query = parse_qs(back.query)

    response = client.get(
        back.path, {"code": query["code"][0], "state": "una-richiesta-di-un-altro"}
    )

    assert response.status_code == 400
    assert response.context["message"] == REFUSED
    assert logged_in_as(client) is None
    assert provider.token_requests == []


@pytest.mark.django_db
def test_an_answer_without_a_login_started_in_this_browser_is_refused(client, provider):
    UserFactory(email="mario.rossi@esempio.it")
    # An attacker starts a login in their own browser and sends the victim the link back.
    attacker = type(client)()
    response = attacker.get(reverse("accounts:oidc_login"))
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == 400
    assert logged_in_as(client) is None


@pytest.mark.django_db
def test_the_callback_answers_once(client, provider):
    UserFactory(email="mario.rossi@esempio.it")
    response = client.get(reverse("accounts:oidc_login"))
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    client.logout()

    again = client.get(f"{back.path}?{back.query}")

    assert again.status_code == 400
    assert logged_in_as(client) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper", ["foreign_key", "tampered", "nonce", "audience", "issuer", "expired"]
)
def test_an_id_token_that_fails_a_check_is_refused(client, provider, tamper):
    UserFactory(email="mario.rossi@esempio.it")
    provider.tamper = tamper

    response = visit_provider(client)

    assert response.status_code == 400
    assert response.context["message"] == REFUSED
    assert logged_in_as(client) is None
    assert not ExternalIdentity.objects.exists()
    # The code was exchanged: the refusal came from checking the ID token.
    assert len(provider.token_requests) == 1


@pytest.mark.django_db
def test_a_wrong_client_secret_is_refused(client, provider, settings):
    settings.OIDC_CLIENT_SECRET = "sbagliato"

    response = visit_provider(client)

    assert response.status_code == 400
    assert logged_in_as(client) is None


@pytest.mark.django_db
def test_a_cancelled_login_goes_back_to_the_login_page(client, provider):
    response = client.get(reverse("accounts:oidc_login"))
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]

    response = client.get(
        reverse("accounts:oidc_callback"), {"error": "access_denied", "state": state}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert [str(m) for m in response.context["messages"]] == [
        "L'accesso con SPID / CIE è stato annullato."
    ]
    assert provider.token_requests == []


@pytest.mark.django_db
def test_an_unreachable_provider_gets_a_message_not_an_error(client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/nessuno"

    response = client.get(reverse("accounts:oidc_login"))

    assert response.status_code == 400
    assert response.context["message"] == REFUSED


@pytest.mark.django_db
def test_city_staff_coming_through_the_provider_still_pass_the_second_step(client, provider):
    staff = StaffFactory(email="mario.rossi@esempio.it")

    response = visit_provider(client)

    assert logged_in_as(client) == staff
    assert response["Location"] == reverse("accounts:second_factor_setup")
    assert client.get(reverse("insights:dashboard")).status_code == 302


@pytest.mark.django_db
def test_the_login_page_offers_the_provider_only_when_configured(client, settings):
    settings.OIDC_ISSUER = ""
    assert "Entra con" not in client.get(reverse("accounts:login")).content.decode()
    for name in ("oidc_login", "oidc_callback", "oidc_consent"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 404

    settings.OIDC_ISSUER = "https://spid-proxy.comune.milano.example"
    settings.OIDC_PROVIDER_NAME = "SPID / CIE"
    content = client.get(reverse("accounts:login") + "?next=/programma/").content.decode()
    assert (
        'href="/account/identita-digitale/accedi/?next=/programma/"' in content
        or 'href="/account/identita-digitale/accedi/?next=%2Fprogramma%2F"' in content
    )
    assert "<span>Entra con SPID / CIE</span>" in content
