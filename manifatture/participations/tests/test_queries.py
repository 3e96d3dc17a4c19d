import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.directory.models import Membership
from manifatture.directory.tests.factories import MembershipFactory, OrganisationFactory
from manifatture.editions.tests.factories import EditionFactory, PhasedEditionFactory
from manifatture.participations import queries
from manifatture.participations.models import Application
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    ApplicationFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db
State = Application.State


def test_organisation_can_manage_programme_only_when_accepted_for_that_edition():
    edition = EditionFactory()
    past = PhasedEditionFactory(past=True)
    accepted = AcceptedApplicationFactory(edition=edition).organisation
    submitted = SubmittedApplicationFactory(edition=edition).organisation
    accepted_last_year = AcceptedApplicationFactory(edition=past).organisation
    withdrawn = AcceptedApplicationFactory(edition=edition, state=State.WITHDRAWN).organisation

    assert queries.organisation_can_manage_programme(accepted, edition) is True
    assert queries.organisation_can_manage_programme(submitted, edition) is False
    assert queries.organisation_can_manage_programme(accepted_last_year, edition) is False
    assert queries.organisation_can_manage_programme(accepted_last_year, past) is True
    assert queries.organisation_can_manage_programme(withdrawn, edition) is False
    assert queries.organisation_can_manage_programme(OrganisationFactory(), edition) is False


def test_accepted_organisations_of_an_edition():
    edition = EditionFactory()
    beta = AcceptedApplicationFactory(edition=edition, organisation__name="Beta").organisation
    alfa = AcceptedApplicationFactory(edition=edition, organisation__name="Alfa").organisation
    SubmittedApplicationFactory(edition=edition)
    ApplicationFactory(
        edition=edition,
        state=State.REJECTED,
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
    )
    AcceptedApplicationFactory(edition=PhasedEditionFactory(past=True))
    assert list(queries.accepted_organisations(edition)) == [alfa, beta]


def test_application_for():
    edition = EditionFactory()
    application = ApplicationFactory(edition=edition)
    assert queries.application_for(application.organisation, edition) == application
    assert queries.application_for(OrganisationFactory(), edition) is None


def test_get_application_for_user_rules():
    application = SubmittedApplicationFactory()
    owner = MembershipFactory(organisation=application.organisation).user
    colleague = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.STAFF
    ).user
    staff, reviewer = StaffFactory(), ReviewerFactory()

    for user in (owner, colleague, staff, reviewer):
        assert queries.get_application_for_user(user, application.pk) == application
    for user in (owner, colleague):
        assert queries.get_application_for_user(user, application.pk, manage=True) == application
    for user in (staff, reviewer, UserFactory(), MembershipFactory().user):
        with pytest.raises(PermissionDenied):
            queries.get_application_for_user(user, application.pk, manage=True)
    for user in (UserFactory(), MembershipFactory().user):
        with pytest.raises(PermissionDenied):
            queries.get_application_for_user(user, application.pk)
    with pytest.raises(Http404):
        queries.get_application_for_user(owner, application.pk + 1000)


def test_reviewers_never_get_drafts():
    draft = ApplicationFactory()
    with pytest.raises(PermissionDenied):
        queries.get_application_for_user(ReviewerFactory(), draft.pk)
