import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from manifatture.accounts.tests.factories import StaffFactory, UserFactory
from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import (
    ActivityFactory,
    MunicipioFactory,
    TimeSlotFactory,
    event_time,
)
from manifatture.ballots.tests.factories import (
    BallotActivityFactory,
    BallotEntryFactory,
    BallotFactory,
)
from manifatture.bookings.models import Booking, VisitorProfile, WaitingListEntry
from manifatture.bookings.tests.factories import VisitorProfileFactory, WaitingListEntryFactory
from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import (
    ComuneFactory,
    OrganisationFactory,
    SiteFactory,
)
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.participations.models import ActivityKind, Application
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    ApplicationFactory,
    SubmittedApplicationFactory,
)
from manifatture.tickets.models import WalkIn
from manifatture.tickets.tests.factories import BookingFactory

from .factories import NilFactory


@pytest.fixture(autouse=True)
def _no_cache(settings):
    """Figures are read fresh in tests (the cache has its own test)."""
    settings.INSIGHTS_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def _checked_in(booking: Booking) -> Booking:
    Booking.objects.filter(pk=booking.pk).update(checked_in_at=timezone.now())
    return booking


class Fixture:
    """A small 2019 edition, counted by hand (see each figure in the tests):

    hosts: H1 workshop, periphery NIL 60 (Municipio 4); H2 factory, periphery NIL 70
    (Municipio 9); H3 atelier, centre NIL 1 (Municipio 1), also a host in 2018.
    A rejected and a submitted application are not hosts.

    guided visits: A1 (H1) 2 slots × 10; A2 (H2, ballot) 1 × 10; A3 (H3) 1 × 10 plus a
    cancelled slot; workshop A4 (H3) 1 × 5 with 7 walk-ins; A5 (H1) cancelled activity.
    visitors' profiles: V1 Milano, Municipio 4; V2 Sesto; V4 outside the metropolitan
    area; V5 Milano, no Municipio, under 18.
    bookings: A1/s1 V1 3 (checked in), V2 2 (no-show), V3 4 (cancelled);
    A1/s2 V4 5 (checked in); A2 V1 2; A3 V5 4 and V6 6 (checked in).
    waiting list on A3: V7 waiting, V1 expired (count), V4 left, V5 waiting with a
    booking (don't count).
    ballot on A2: V8 4 and V9 8 as first choice, V10 3 as second.
    """


@pytest.fixture
def data(db):
    f = Fixture()
    f.e2018 = PhasedEditionFactory(year=2018, past=True)
    f.e2019 = PhasedEditionFactory(
        year=2019,
        past=True,
        host_call_opens=timezone.now() - datetime.timedelta(days=300),
        host_call_closes=timezone.now() - datetime.timedelta(days=290),
        review_closes=timezone.now() - datetime.timedelta(days=280),
        registration_opens=timezone.now() - datetime.timedelta(days=270),
        registration_closes=timezone.now() - datetime.timedelta(days=262),
        event_start=(timezone.now() - datetime.timedelta(days=260)).date(),
        event_end=(timezone.now() - datetime.timedelta(days=259)).date(),
    )
    milano = ComuneFactory()
    sesto = ComuneFactory(istat_code="015209", name="Sesto San Giovanni")
    m1, m4, m9 = (MunicipioFactory(number=n) for n in (1, 4, 9))
    corvetto = NilFactory(id=60, name="CORVETTO", is_periphery=True)
    bovisa = NilFactory(id=70, name="BOVISA", is_periphery=True)
    brera = NilFactory(id=1, name="BRERA", is_periphery=False)

    def host(name, category, municipio, nil):
        organisation = OrganisationFactory(name=name, category=category)
        site = SiteFactory(organisation=organisation, comune=milano, municipio=municipio, nil=nil)
        AcceptedApplicationFactory(edition=f.e2019, organisation=organisation)
        return organisation, site

    f.h1, f.s1 = host("Officina Corvetto", Organisation.Category.WORKSHOP, m4, corvetto)
    f.h2, f.s2 = host("Fabbrica Bovisa", Organisation.Category.FACTORY, m9, bovisa)
    f.h3, f.s3 = host("Atelier Brera", Organisation.Category.ATELIER, m1, brera)
    AcceptedApplicationFactory(edition=f.e2018, organisation=f.h3)
    ApplicationFactory(
        edition=f.e2019,
        state=Application.State.REJECTED,
        submitted_at=timezone.now(),
        decided_at=timezone.now(),
    )
    SubmittedApplicationFactory(edition=f.e2019)

    def activity(organisation, site, kind=ActivityKind.GUIDED_VISIT, **extra):
        return ActivityFactory(
            edition=f.e2019, organisation=organisation, site=site, kind=kind, **extra
        )

    def slot(activity, capacity, hour=10, **extra):
        return TimeSlotFactory(
            activity=activity,
            capacity=capacity,
            starts_at=event_time(f.e2019, hour=hour),
            ends_at=event_time(f.e2019, hour=hour + 1),
            **extra,
        )

    f.a1 = activity(f.h1, f.s1)
    f.a1s1, f.a1s2 = slot(f.a1, 10, 10), slot(f.a1, 10, 12)
    f.a2 = activity(f.h2, f.s2)
    f.a2s1 = slot(f.a2, 10)
    f.a3 = activity(f.h3, f.s3)
    f.a3s1 = slot(f.a3, 10)
    slot(f.a3, 10, 14, cancelled_at=timezone.now())
    f.a4 = activity(f.h3, f.s3, kind=ActivityKind.WORKSHOP)
    f.a4s1 = slot(f.a4, 5, 15)
    WalkIn.objects.create(slot=f.a4s1, count=7)
    a5 = activity(f.h1, f.s1, status=Activity.Status.CANCELLED)
    slot(a5, 10)

    f.v = {n: UserFactory() for n in range(1, 11)}
    VisitorProfileFactory(user=f.v[1], comune=milano, municipio=m4)
    VisitorProfileFactory(user=f.v[2], comune=sesto)
    VisitorProfileFactory(user=f.v[4], lives_elsewhere=True)
    VisitorProfileFactory(user=f.v[5], comune=milano, age_band=VisitorProfile.AgeBand.UNDER_18)

    _checked_in(BookingFactory(slot=f.a1s1, visitor=f.v[1], party_size=3))
    BookingFactory(slot=f.a1s1, visitor=f.v[2], party_size=2, no_show=True)
    BookingFactory(
        slot=f.a1s1,
        visitor=f.v[3],
        party_size=4,
        status=Booking.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    f.v4_booking = _checked_in(BookingFactory(slot=f.a1s2, visitor=f.v[4], party_size=5))
    BookingFactory(slot=f.a2s1, visitor=f.v[1], party_size=2)
    _checked_in(BookingFactory(slot=f.a3s1, visitor=f.v[5], party_size=4))
    _checked_in(BookingFactory(slot=f.a3s1, visitor=f.v[6], party_size=6))

    WaitingListEntryFactory(slot=f.a3s1, visitor=f.v[7], party_size=2)
    WaitingListEntryFactory(
        slot=f.a3s1, visitor=f.v[1], party_size=1, status=WaitingListEntry.Status.EXPIRED
    )
    WaitingListEntryFactory(
        slot=f.a3s1, visitor=f.v[4], party_size=1, status=WaitingListEntry.Status.LEFT
    )
    WaitingListEntryFactory(slot=f.a3s1, visitor=f.v[5], party_size=1)

    ballot = BallotFactory(edition=f.e2019)
    BallotActivityFactory(ballot=ballot, activity=f.a2)
    BallotEntryFactory(ballot=ballot, slot=f.a2s1, visitor=f.v[8], party_size=4)
    BallotEntryFactory(ballot=ballot, slot=f.a2s1, visitor=f.v[9], party_size=8)
    BallotEntryFactory(ballot=ballot, slot=f.a2s1, visitor=f.v[10], party_size=3, rank=2)

    # 2018: H3's visit, booked by V5 (who comes back in 2019) and V3 (who cancels in 2019).
    old = ActivityFactory(edition=f.e2018, organisation=f.h3, site=f.s3)
    old_slot = TimeSlotFactory(activity=old, capacity=10)
    BookingFactory(slot=old_slot, visitor=f.v[5], party_size=2)
    BookingFactory(slot=old_slot, visitor=f.v[3], party_size=1)
    return f
