"""Pages answered to a logged-in person are never kept by a shared cache
(manifatture.middleware.PrivatePagesMiddleware); anonymous public pages keep
the headers their views chose."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control

from manifatture.accounts.tests.factories import UserFactory
from manifatture.middleware import PrivatePagesMiddleware

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["news:portal", "directory:search", "editions:home"]


def directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("name", [*PUBLIC_PAGES, "accounts:dashboard"])
def test_pages_for_a_logged_in_person_are_private_and_not_stored(client, name):
    client.force_login(UserFactory())

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_anonymous_public_pages_are_unchanged(client, settings, name):
    response = client.get(reverse(name))
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("PrivatePagesMiddleware")
    ]
    without = client.get(reverse(name))

    assert response.status_code == 200
    assert not {"private", "no-store"} & directives(response)
    for header in ("Cache-Control", "Vary", "Expires"):
        assert response.get(header) == without.get(header)


def test_a_view_asking_for_public_caching_is_made_private_for_a_logged_in_person(rf):
    def view(request):
        response = HttpResponse("ciao")
        patch_cache_control(response, public=True, max_age=600)
        return response

    request = rf.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    request.user = UserFactory()
    response = PrivatePagesMiddleware(view)(request)
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)

    anonymous = rf.get("/")
    anonymous.user = AnonymousUser()
    assert directives(PrivatePagesMiddleware(view)(anonymous)) == {"public", "max-age"}
