import pytest


@pytest.mark.django_db
def test_home_page_renders_with_strict_csp(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert b'lang="it"' in response.content
