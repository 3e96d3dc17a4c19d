import pytest


@pytest.mark.django_db
def test_home_page_renders_with_strict_csp(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert b'lang="it"' in response.content


@pytest.mark.django_db
def test_language_switch_turns_the_site_to_english_and_back(client):
    response = client.post("/lingua/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert b'lang="en"' in response.content
    assert "Main menu" in response.content.decode()
    response = client.post("/lingua/", {"language": "it", "next": "/"}, follow=True)
    assert b'lang="it"' in response.content
    assert "Menu principale" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_is_remembered_for_a_logged_in_person(client):
    from manifatture.accounts.tests.factories import UserFactory

    user = UserFactory(language="it")
    client.force_login(user)
    client.post("/lingua/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
