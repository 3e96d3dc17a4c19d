"""Deleting accounts and the retention rule anonymise visitors, and the staff
dashboard shows exactly the same figures afterwards (the fixture of conftest.py,
counted by hand in test_figures.py)."""

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone

from manifatture.accounts import privacy
from manifatture.accounts.models import User
from manifatture.ballots.models import Ballot, BallotEntry
from manifatture.bookings.models import Booking, VisitorProfile, WaitingListEntry
from manifatture.insights.queries import Filters, public_numbers
from manifatture.insights.tables import build_dashboard

pytestmark = pytest.mark.django_db


def _figures(edition):
    dashboard = build_dashboard(edition, Filters())
    return (
        {slug: table.rows for slug, table in dashboard.tables.items()},
        dashboard.key_figures,
        public_numbers(),
    )


def _drawn(ballot: Ballot) -> None:
    Ballot.objects.filter(pk=ballot.pk).update(
        status=Ballot.Status.DRAWN, seed=42, drawn_at=timezone.now()
    )


def test_deleting_accounts_keeps_every_figure(data):
    _drawn(Ballot.objects.get(edition=data.e2019))
    v1, v5, v8 = data.v[1], data.v[5], data.v[8]
    names = [v.full_name for v in (v1, v5, v8)]
    emails = [v.email for v in (v1, v5, v8)]
    before_2019, before_2018 = _figures(data.e2019), _figures(data.e2018)
    assert before_2019[0]["provenienza"]  # the fixture has origins to compare

    # V1: checked in, booked the ballot activity, an expired waiting entry, a
    # profile with comune and Municipio. V5: returning from 2018, under 18.
    # V8: a choice in the (drawn) ballot.
    for visitor in (v1, v5, v8):
        privacy.delete_account(visitor, by=visitor)

    assert _figures(data.e2019) == before_2019
    assert _figures(data.e2018) == before_2018
    # Nobody can be found any more by name or address.
    for name, email in zip(names, emails, strict=True):
        assert not User.objects.filter(Q(full_name=name) | Q(email__iexact=email)).exists()
    for visitor in (v1, v5, v8):
        visitor.refresh_from_db()
        assert visitor.is_anonymised and not visitor.is_active
        assert not visitor.has_usable_password()
    # The statistics profile stays, on the anonymous account.
    assert VisitorProfile.objects.get(user=v1).municipio is not None


def test_purge_after_the_retention_period_keeps_every_figure(data, settings):
    _drawn(Ballot.objects.get(edition=data.e2019))
    settings.VISITOR_DATA_RETENTION_DAYS = 200
    settings.INACTIVE_ACCOUNT_RETENTION_DAYS = 0
    before_2019, before_2018 = _figures(data.e2019), _figures(data.e2018)
    visitors = list(data.v.values())

    # 2019 ended 259 days ago, 2018 about 360: both past 200 days.
    result = privacy.purge_visitor_data()

    assert result.visitors == 10
    # One anonymous account per visitor for all the editions purged in one run,
    # so even "returning visitors" (V5: 2018 and 2019) stay.
    assert _figures(data.e2019) == before_2019
    assert _figures(data.e2018) == before_2018
    # No booking, waiting-list entry or ballot choice is tied to a person any more.
    real = [v.pk for v in visitors]
    assert not Booking.objects.filter(visitor__in=real).exists()
    assert not WaitingListEntry.objects.filter(visitor__in=real).exists()
    assert not BallotEntry.objects.filter(visitor__in=real).exists()
    assert not Booking.objects.filter(visitor__anonymised_at__isnull=True).exists()
    # The accounts stay, for the editions to come, and their profile too.
    assert User.objects.filter(pk__in=real, is_active=True).count() == 10
    assert VisitorProfile.objects.filter(user__in=real).count() == 4

    # Idempotent: a second run finds nothing and changes nothing.
    placeholders = User.objects.filter(anonymised_at__isnull=False).count()
    again = privacy.purge_visitor_data()
    assert again.visitors == 0
    assert User.objects.filter(anonymised_at__isnull=False).count() == placeholders
    assert _figures(data.e2019)[1] == before_2019[1]


def test_purge_leaves_editions_within_the_retention_period(data, settings):
    settings.VISITOR_DATA_RETENTION_DAYS = 300
    settings.INACTIVE_ACCOUNT_RETENTION_DAYS = 0
    before = _figures(data.e2019)

    result = privacy.purge_visitor_data()

    # Only 2018 (about 360 days ago): V5 and V3 had bookings there.
    assert result.visitors == 2
    assert result.cutoff == timezone.localdate() - datetime.timedelta(days=300)
    assert (
        Booking.objects.filter(visitor=data.v[5], slot__activity__edition=data.e2019).count() == 1
    )
    assert not Booking.objects.filter(
        slot__activity__edition=data.e2018, visitor__anonymised_at__isnull=True
    ).exists()
    # 2019's figures stay, except what links 2019 to the anonymised 2018: V5 no
    # longer counts as a returning visitor (documented in docs/privacy.md).
    after = _figures(data.e2019)
    assert after[1] == before[1]
    changed = {slug for slug in before[0] if before[0][slug] != after[0][slug]}
    assert changed == {"confronto", "ritorni"}
    assert before[0]["ritorni"][1][2] == 1
    assert after[0]["ritorni"][1][2] == 0
