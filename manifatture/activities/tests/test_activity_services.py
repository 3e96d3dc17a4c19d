import pytest
from django.db import IntegrityError, transaction

from manifatture.activities import services
from manifatture.activities.exceptions import (
    HostNotAccepted,
    LocationLocked,
    SiteNotOwned,
    TalkNotAtHub,
)
from manifatture.activities.models import Activity, Language
from manifatture.directory.tests.factories import SiteFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.participations.models import ActivityKind

from .conftest import make_host
from .factories import ActivityFactory, TimeSlotFactory

pytestmark = pytest.mark.django_db


def fields(**overrides) -> dict:
    return {
        "kind": ActivityKind.GUIDED_VISIT,
        "title_it": "Visita al reparto di tornitura",
        "description_it": "Dal tondino al pezzo finito.",
        "duration_minutes": 60,
        **overrides,
    }


def test_accepted_host_creates_a_published_activity(edition, host):
    languages = Language.objects.filter(code__in=["it", "en"])

    activity = services.create_activity(
        host.organisation,
        edition=edition,
        by=host.user,
        languages=languages,
        **fields(site=host.site),
    )

    assert activity.status == Activity.Status.PUBLISHED
    assert (activity.organisation, activity.edition, activity.site) == (
        host.organisation,
        edition,
        host.site,
    )
    assert activity.created_by == host.user
    assert sorted(activity.languages.values_list("code", flat=True)) == ["en", "it"]


def test_host_not_accepted_cannot_create_activities(edition):
    host = make_host(edition, accepted=False)
    with pytest.raises(HostNotAccepted):
        services.create_activity(
            host.organisation, edition=edition, by=host.user, **fields(site=host.site)
        )
    assert Activity.objects.count() == 0


def test_host_accepted_to_another_edition_cannot_create_in_this_one(edition):
    host = make_host(EditionFactory(is_current=False))
    with pytest.raises(HostNotAccepted):
        services.create_activity(
            host.organisation, edition=edition, by=host.user, **fields(site=host.site)
        )


def test_talk_cannot_be_at_a_site(edition, host):
    with pytest.raises(TalkNotAtHub):
        services.create_activity(
            host.organisation,
            edition=edition,
            by=host.user,
            **fields(kind=ActivityKind.TALK, site=host.site),
        )
    talk = services.create_activity(
        host.organisation, edition=edition, by=host.user, **fields(kind=ActivityKind.TALK)
    )
    assert talk.at_hub


def test_database_refuses_a_talk_at_a_site(edition, host):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(
            edition=edition, organisation=host.organisation, kind=ActivityKind.TALK, site=host.site
        )


def test_activity_site_must_belong_to_the_organisation(edition, host):
    somebody_elses_site = SiteFactory()
    with pytest.raises(SiteNotOwned):
        services.create_activity(
            host.organisation, edition=edition, by=host.user, **fields(site=somebody_elses_site)
        )


def test_update_activity_changes_fields_and_languages(edition, host):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)

    services.update_activity(
        activity,
        languages=Language.objects.filter(code="lis"),
        **fields(title_it="Nuovo titolo", min_age=12),
    )

    activity.refresh_from_db()
    assert (activity.title_it, activity.min_age) == ("Nuovo titolo", 12)
    assert list(activity.languages.values_list("code", flat=True)) == ["lis"]


def test_activity_with_slots_cannot_move_between_site_and_hub(edition, host):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    TimeSlotFactory(activity=activity)

    with pytest.raises(LocationLocked):
        services.update_activity(activity, site=None)

    activity.refresh_from_db()
    assert activity.site == host.site


def test_update_refuses_turning_a_site_activity_into_a_talk(edition, host):
    activity = ActivityFactory(edition=edition, organisation=host.organisation, site=host.site)
    with pytest.raises(TalkNotAtHub):
        services.update_activity(activity, kind=ActivityKind.TALK)


def test_unknown_fields_are_a_programming_error(edition, host):
    with pytest.raises(TypeError):
        services.create_activity(
            host.organisation, edition=edition, by=host.user, **fields(status="cancelled")
        )


def test_cancel_activity(edition):
    activity = services.cancel_activity(ActivityFactory(edition=edition))
    assert activity.status == Activity.Status.CANCELLED
    assert Activity.objects.get().is_cancelled
