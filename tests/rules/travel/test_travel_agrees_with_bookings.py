"""One rule for travel time and clashing visits (`activities.travel`): "my day"
warns exactly where a booking is refused, and the ballot's draw never gives
one person two visits a booking would refuse.

Regression: the plan counted two sites less than 50 m apart as the same
building (no travel time) while bookings asked for a minute, so "my day"
stayed silent about a booking that would be refused.
"""

import datetime
import decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities import travel
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory, event_time
from manifatture.ballots import draw
from manifatture.bookings import services as booking_services
from manifatture.bookings.exceptions import OverlappingBooking
from manifatture.directory.tests.factories import SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.plans import services
from manifatture.plans.queries import plan_for_day

pytestmark = pytest.mark.django_db

# Via Ventura, Lambrate.
BASE = (decimal.Decimal("45.484200"), decimal.Decimal("9.239900"))


class _Rollback(Exception):
    pass


@pytest.fixture
def edition(settings):
    settings.TRAVEL_SPEED_KMH = 15
    return PhasedEditionFactory(registration=True)


def site_north_of_base(metres: int):
    # 1e-6 degrees of latitude are about 0.111 m.
    latitude = BASE[0] + decimal.Decimal(metres) / decimal.Decimal(111_195)
    return SiteFactory(latitude=latitude.quantize(decimal.Decimal("0.000001")), longitude=BASE[1])


def slot_at(edition, site, start_minute: int, minutes: int = 60):
    activity = ActivityFactory(edition=edition, organisation=site.organisation, site=site)
    starts_at = event_time(edition, hour=10) + datetime.timedelta(minutes=start_minute)
    return TimeSlotFactory(
        activity=activity,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
    )


def plan_warns_and_booking_refuses(edition, first_site, second_site, start_minute):
    """Book a visit from 10:00 to 11:00 at the first site, choose one at the
    second site starting `start_minute` after 10:00: does the plan warn, and
    is booking the second refused?"""
    visitor = UserFactory()
    booked = slot_at(edition, first_site, 0)
    chosen = slot_at(edition, second_site, start_minute)
    booking_services.book_slot(booked, visitor=visitor, party_size=1)
    services.add_to_plan(visitor, activity=chosen.activity, slot=chosen)
    day = plan_for_day(visitor, edition.event_start)
    warns = bool(day.conflicts)
    try:
        booking_services.book_slot(chosen, visitor=visitor, party_size=1)
    except OverlappingBooking:
        refused = True
    else:
        refused = False
    return warns, refused, booked, chosen


def test_sites_a_few_metres_apart_are_one_building_for_plans_and_bookings(edition):
    first, second = site_north_of_base(0), site_north_of_base(30)
    assert (
        travel.travel_minutes(
            (float(first.latitude), float(first.longitude)),
            (float(second.latitude), float(second.longitude)),
        )
        == 0
    )
    # The second visit starts when the first ends: no travel needed in one building.
    warns, refused, _booked, _chosen = plan_warns_and_booking_refuses(edition, first, second, 60)
    assert (warns, refused) == (False, False)


def test_a_short_walk_warns_and_refuses_alike(edition):
    # 300 m: 2 minutes at 15 km/h; the second visit starts 1 minute after the first ends.
    first, second = site_north_of_base(0), site_north_of_base(300)
    warns, refused, _booked, _chosen = plan_warns_and_booking_refuses(edition, first, second, 61)
    assert (warns, refused) == (True, True)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(metres=st.integers(0, 3000), start_minute=st.integers(-20, 75))
def test_plan_warnings_booking_refusals_and_the_draw_agree(edition, metres, start_minute):
    try:
        with transaction.atomic():
            first, second = site_north_of_base(0), site_north_of_base(metres)
            warns, refused, booked, chosen = plan_warns_and_booking_refuses(
                edition, first, second, start_minute
            )
            assert warns == refused, (metres, start_minute)
            minutes = travel.travel_minutes(
                (float(first.latitude), float(first.longitude)),
                (float(second.latitude), float(second.longitude)),
            )
            as_drawn = [
                draw.Slot(
                    id=slot.pk,
                    seats=1,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    activity=slot.activity_id,
                    location=(float(site.latitude), float(site.longitude)),
                )
                for slot, site in ((booked, first), (chosen, second))
            ]
            clashes = draw.clash(*as_drawn, draw.travel_at(travel.travel_speed_kmh()))
            assert clashes == refused, (metres, start_minute, minutes)
            raise _Rollback
    except _Rollback:
        pass
