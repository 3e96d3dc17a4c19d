import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.directory.tests.factories import MembershipFactory


def _url_or_none(name: str) -> str | None:
    # These pages belong to apps built alongside; the dashboard links them once they exist.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@pytest.mark.django_db
def test_dashboard_needs_login(client):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == "/account/accedi/?next=/account/"


@pytest.mark.django_db
def test_host_member_sees_name_role_and_organisations(client):
    user = UserFactory(full_name="Elena Ferri")
    membership = MembershipFactory(user=user, organisation__name="Liuteria Ferri")
    MembershipFactory(organisation__name="Officina di altri")
    client.force_login(user)

    response = client.get(reverse("accounts:dashboard"))

    content = response.content.decode()
    assert "Benvenuti, Elena Ferri" in content
    # Their role in the organisation, not the account's «Visitatore», which read
    # as if the host were not one.
    assert membership.get_role_display() in content
    assert "Visitatore" not in content
    assert f'href="{membership.organisation.get_absolute_url()}"' in content
    assert f'href="/organizzazioni/{membership.organisation.slug}/modifica/"' in content
    assert 'href="/candidature/"' in content
    assert "Officina di altri" not in content
    assert "Staff del Comune" not in content


@pytest.mark.django_db
def test_reviewer_sees_the_review_queue_link(client):
    client.force_login(ReviewerFactory())

    response = client.get(reverse("accounts:dashboard"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Valutatore" in content
    review_url = _url_or_none("participations:review_queue")
    assert (review_url is not None) == ("Candidature da valutare" in content)


@pytest.mark.django_db
def test_city_staff_sees_staff_links_and_visitor_does_not(client):
    client.force_login(StaffFactory())
    staff_page = client.get(reverse("accounts:dashboard")).content.decode()
    client.force_login(UserFactory())
    visitor_page = client.get(reverse("accounts:dashboard")).content.decode()

    assert 'id="staff-heading"' in staff_page
    assert 'id="staff-heading"' not in visitor_page
    for name in [
        "participations:staff_applications",
        "editions:staff_list",
        "activities:staff_routes",
    ]:
        url = _url_or_none(name)
        if url is not None:
            assert f'href="{url}"' in staff_page
            assert f'href="{url}"' not in visitor_page


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_organisations(client):
    user = UserFactory()
    MembershipFactory(user=user)
    client.force_login(user)
    url = reverse("accounts:dashboard")

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    MembershipFactory(user=user, role="staff")
    MembershipFactory(user=user, role="staff")
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert response.content.decode().count("Modifica il profilo di") == 3
    assert len(three) == len(one)
    assert len(one) <= 5  # with the prompt for surveys to answer (surveys.templatetags)
