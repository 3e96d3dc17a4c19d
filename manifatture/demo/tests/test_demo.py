import datetime
import io
import itertools
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import ateco
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts import privacy
from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.models import Activity, HubRoom, ReleaseWave, Route, TimeSlot
from manifatture.ballots import services as ballot_services
from manifatture.ballots.models import Ballot, BallotEntry
from manifatture.bookings import demand, reconfirmation
from manifatture.bookings import services as booking_services
from manifatture.bookings.exceptions import BookingLimitReached
from manifatture.bookings.models import AccessNeeds, Booking, VisitorProfile, WaitingListEntry
from manifatture.bookings.queries import access_needs_counts
from manifatture.calls.models import Call
from manifatture.demo.live import current_edition_data
from manifatture.directory.models import MILANO_ISTAT_CODE, Comune, Membership, Organisation, Site
from manifatture.directory.validators import partita_iva_is_valid
from manifatture.editions.models import Edition
from manifatture.editions.tests.factories import EditionFactory
from manifatture.insights.queries import Filters
from manifatture.insights.tables import build_dashboard
from manifatture.matching.models import Need
from manifatture.matching.queries import rank_matches
from manifatture.news.models import Article, CaseStudy, Opportunity
from manifatture.participations.models import Application, ApplicationEvent, Review
from manifatture.plans.models import PlanItem
from manifatture.qualifications.models import Entry
from manifatture.spaces.models import Space
from manifatture.tickets import attendance
from manifatture.tickets import services as ticket_services

PASSWORD = "manifatture2019"
HOST = "host@manifattureaperte.example"
VISITOR = "visitatore@manifattureaperte.example"
TZ = timezone.get_default_timezone()


def local(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            Edition,
            Organisation,
            Site,
            Membership,
            Application,
            ApplicationEvent,
            Review,
            Activity,
            TimeSlot,
            HubRoom,
            Route,
            Comune,
        )
    }


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the class, in a transaction rolled back at the end."""
    hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hasher),
        transaction.atomic(),
    ):
        output = io.StringIO()
        call_command("load_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestDemo:
    def test_2019_is_history_with_its_phases_and_hub(self):
        edition = Edition.objects.get(year=2019)
        assert edition.is_current is False
        assert edition.title == "Manifatture Aperte 2019"
        assert (edition.event_start, edition.event_end) == (
            datetime.date(2019, 11, 29),
            datetime.date(2019, 11, 30),
        )
        assert edition.host_call_opens == local(2019, 10, 15, 10)
        assert edition.host_call_closes == local(2019, 11, 5, 23, 59)
        assert edition.review_closes == local(2019, 11, 10, 23, 59)
        assert edition.registration_opens == local(2019, 11, 12, 10)
        assert edition.registration_closes == local(2019, 11, 28, 23, 59)
        assert edition.hub_name == "BASE Milano"
        assert edition.hub_address.startswith("Via Bergognone 34")
        edition.full_clean()
        assert edition.hub_venue.municipio_id == 6
        assert sorted(edition.hub_rooms.values_list("name", flat=True)) == [
            "Auditorium",
            "Cucina",
            "Sala Grande",
            "Spazio Workshop",
        ]

    def test_2018_is_history_with_about_70_places_on_one_day(self):
        edition = Edition.objects.get(year=2018)
        assert edition.is_current is False
        assert edition.event_start == edition.event_end == datetime.date(2018, 9, 29)
        edition.full_clean()
        accepted = Application.objects.filter(edition=edition, state="accepted")
        assert 65 <= accepted.count() <= 75
        assert Application.objects.filter(edition=edition).exclude(state="accepted").count() == 0
        returning = accepted.filter(
            organisation__applications__edition__year=2019,
            organisation__applications__state="accepted",
        )
        assert returning.count() >= 50
        activities = Activity.objects.filter(edition=edition)
        assert activities.count() == accepted.count()
        slots = TimeSlot.objects.filter(activity__edition=edition)
        assert slots.count() >= activities.count()
        assert all(
            slot.starts_at.astimezone(TZ).date() == datetime.date(2018, 9, 29)
            and slot.ends_at.astimezone(TZ).date() == datetime.date(2018, 9, 29)
            for slot in slots
        )

    def test_at_least_70_hosts_in_2019_across_all_categories(self):
        hosts = Organisation.objects.filter(
            applications__edition__year=2019, applications__state="accepted"
        )
        assert hosts.count() >= 70
        assert set(hosts.values_list("category", flat=True)) == set(Organisation.Category.values)
        assert not hosts.filter(name__startswith="Org").exists()
        assert all(
            host.description_it and host.description_en and host.website.endswith(".example")
            for host in hosts
        )

    def test_2019_applications_have_dates_history_and_reviews(self):
        edition = Edition.objects.get(year=2019)
        applications = Application.objects.filter(edition=edition)
        states = set(applications.values_list("state", flat=True))
        assert {"accepted", "submitted", "rejected", "withdrawn"} <= states
        for application in applications.filter(state="accepted"):
            assert edition.host_call_opens <= application.submitted_at <= edition.host_call_closes
            assert application.submitted_at <= application.decided_at <= edition.review_closes
            assert application.motivation
            assert application.proposed_activities.exists()
            history = list(application.events.values_list("from_state", "to_state"))
            assert history == [("", "draft"), ("draft", "submitted"), ("submitted", "accepted")]
            assert application.created_at <= application.submitted_at
        assert all(application.events.exists() for application in applications)
        assert edition.criteria.count() == 4
        reviews = Review.objects.filter(application__edition=edition)
        assert reviews.count() >= 70
        assert all(review.scores.count() == 4 for review in reviews.prefetch_related("scores"))

    def test_the_2019_programme(self):
        edition = Edition.objects.get(year=2019)
        activities = Activity.objects.filter(edition=edition).prefetch_related("languages")
        assert activities.count() >= 150
        assert set(activities.values_list("kind", flat=True)) == {
            "guided_visit",
            "open_doors",
            "workshop",
            "talk",
            "evening",
        }
        assert all(
            activity.title_it and activity.title_en and activity.description_en
            for activity in activities
        )
        assert all(activity.languages.all() for activity in activities)
        assert activities.filter(kind="talk", site__isnull=False).count() == 0
        assert (
            activities.filter(site__isnull=False)
            .exclude(site__organisation=F("organisation"))
            .count()
            == 0
        )
        slots = TimeSlot.objects.filter(activity__edition=edition).select_related("activity")
        assert slots.count() >= 400
        first, after_last = local(2019, 11, 29), local(2019, 12, 1)
        for slot in slots:
            assert first <= slot.starts_at < slot.ends_at <= after_last
            assert 8 <= slot.capacity <= 40
            assert (slot.room_id is None) == (slot.activity.site_id is not None)
            length = slot.ends_at - slot.starts_at
            assert length == datetime.timedelta(minutes=slot.activity.duration_minutes)

    def test_no_two_slots_overlap_in_a_hub_room(self):
        by_room = defaultdict(list)
        for slot in TimeSlot.objects.filter(room__isnull=False).select_related("room"):
            assert slot.capacity <= slot.room.seats
            by_room[slot.room_id].append((slot.starts_at, slot.ends_at))
        assert len(by_room) == 8  # four rooms at the hub in 2019, four in the current edition
        for spans in by_room.values():
            spans.sort()
            assert all(
                end <= next_start for (_s, end), (next_start, _e) in itertools.pairwise(spans)
            )

    def test_nine_routes_of_five_to_ten_activities_in_order(self):
        routes = Route.objects.filter(edition__year=2019)
        assert routes.count() == 9
        for route in routes:
            stops = list(route.stops.select_related("activity").order_by("position"))
            assert 5 <= len(stops) <= 10
            assert [stop.position for stop in stops] == list(range(1, len(stops) + 1))
            assert all(stop.activity.edition_id == route.edition_id for stop in stops)
            assert route.title_en and route.description_it and route.description_en
            starts = [stop.activity.slots.order_by("starts_at").first().starts_at for stop in stops]
            assert starts == sorted(starts)

    def test_sites_are_placed_in_the_metropolitan_area_and_milan_ones_in_a_municipio(self):
        sites = Site.objects.select_related("comune")
        assert sites.count() >= 100
        for site in sites:
            assert Decimal("45.30") < site.latitude < Decimal("45.65")
            assert Decimal("8.70") < site.longitude < Decimal("9.55")
            assert site.comune.province == "MI"
        milan = sites.filter(comune_id=MILANO_ISTAT_CODE)
        assert milan.filter(municipio__isnull=True).count() == 0
        assert set(milan.values_list("municipio", flat=True)) == set(range(1, 10))
        assert sites.exclude(comune_id=MILANO_ISTAT_CODE).count() >= 10

    def test_visitors_live_somewhere_and_those_in_milan_in_a_municipio(self):
        profiles = VisitorProfile.objects.all()
        milan = profiles.filter(comune_id=MILANO_ISTAT_CODE)
        assert milan.count() >= 100
        assert milan.filter(municipio__isnull=True).count() == 0
        assert set(milan.values_list("municipio", flat=True)) == set(range(1, 10))
        assert not profiles.exclude(comune_id=MILANO_ISTAT_CODE).exclude(municipio=None).exists()
        assert profiles.exclude(comune=None).exclude(comune_id=MILANO_ISTAT_CODE).count() >= 20
        assert profiles.filter(lives_elsewhere=True).count() >= 10
        assert profiles.filter(statistics_consent_at=None).count() == 0
        sara = profiles.get(user__email="visitatore@manifattureaperte.example")
        assert (sara.comune_id, sara.municipio_id) == (MILANO_ISTAT_CODE, 8)

    def test_visitors_bookings_keep_the_booking_rules(self):
        confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
        groups = confirmed & Q(bookings__kind=Booking.Kind.GROUP)
        slots = TimeSlot.objects.annotate(
            booked=Coalesce(Sum("bookings__party_size", filter=confirmed), 0),
            booked_by_groups=Coalesce(Sum("bookings__party_size", filter=groups), 0),
            walk_ins=Coalesce("walk_in__count", 0),
        )
        # No waiting-list offer is pending in the demo: the counters are the rows (a
        # walk-in at the door takes a seat too).
        assert all(
            slot.seats_taken == slot.booked + slot.walk_ins <= slot.capacity for slot in slots
        )
        assert all(slot.group_seats_taken == slot.booked_by_groups for slot in slots)
        live = Booking.objects.filter(status=Booking.Status.CONFIRMED).select_related("slot")
        per_visitor = defaultdict(list)
        for booking in live.select_related("slot__activity").order_by("slot__starts_at"):
            per_visitor[booking.visitor_id, booking.slot.activity.edition_id].append(booking.slot)
        current = Edition.objects.get(is_current=True)
        for (_visitor, edition_id), slots_of_visitor in per_visitor.items():
            limit = 6 if edition_id == current.pk else 3
            assert len(slots_of_visitor) <= limit
            for one, next_one in itertools.pairwise(slots_of_visitor):
                assert one.ends_at <= next_one.starts_at
        in_2019 = live.filter(slot__activity__edition__year=2019)
        assert in_2019.count() >= 250
        assert in_2019.filter(checked_in_at__isnull=False).count() >= 200
        assert in_2019.filter(no_show=True).exists()
        both_years = (
            live.values("visitor").annotate(years=Count("slot__activity__edition", distinct=True))
        ).filter(years=2)
        assert both_years.count() >= 20

    def test_the_dashboard_counts_visitors_by_municipio_of_residence(self):
        dashboard = build_dashboard(Edition.objects.get(year=2019), Filters())
        rows = dashboard.tables["municipio-residenza"].rows
        assert [row[0] for row in rows] == [f"Municipio {n}" for n in range(1, 10)]
        assert all(visitors > 0 for _label, visitors, _seats in rows)
        milano = next(row for row in dashboard.tables["provenienza"].rows if row[0] == "Milano")
        assert milano[1] == sum(row[1] for row in rows)

    def test_vat_numbers_and_ateco_codes_are_valid(self):
        # The programme's hosts and applicants; the imported historic workshops
        # come from open data that carries neither VAT number nor ATECO code.
        organisations = Organisation.objects.filter(applications__isnull=False).distinct()
        vat_numbers = [o.vat_number for o in organisations if o.vat_number]
        assert len(vat_numbers) >= 90
        assert all(partita_iva_is_valid(vat) for vat in vat_numbers)
        assert all(ateco.validate(o.ateco_code) for o in organisations)
        for organisation in organisations:
            organisation.full_clean()

    @pytest.mark.parametrize(
        ("email", "role", "admin"),
        [
            ("staff@manifattureaperte.example", "city_staff", True),
            ("revisore@manifattureaperte.example", "reviewer", False),
            ("host@manifattureaperte.example", "visitor", False),
            ("collaboratore@manifattureaperte.example", "visitor", False),
            ("visitatore@manifattureaperte.example", "visitor", False),
            ("nuovohost@manifattureaperte.example", "visitor", False),
        ],
    )
    def test_each_demo_account_logs_in(self, client, email, role, admin):
        user = User.objects.get(email=email)
        assert (user.role, user.is_staff, user.is_superuser) == (role, admin, admin)
        assert user.email_verified_at is not None
        assert client.login(email=email, password=PASSWORD) is True

    def test_demo_staff_give_the_code_of_the_published_secret(self, client, demo):
        assert "MANIFATTUREAPERTEDEMOSTAFFMILANO" in demo
        client.post(
            reverse("accounts:login"),
            {"email": "staff@manifattureaperte.example", "password": PASSWORD},
        )
        assert client.get(reverse("insights:dashboard")).status_code == 302
        code = io.StringIO()
        call_command("demo_code", stdout=code)

        response = client.post(reverse("accounts:second_factor"), {"code": code.getvalue()})

        assert response.status_code == 302
        assert client.get(reverse("insights:dashboard")).status_code == 200

    def test_demo_hosts_and_their_organisations(self):
        host = User.objects.get(email="host@manifattureaperte.example")
        membership = host.memberships.get()
        assert membership.role == "owner"
        assert membership.organisation.name == "Officina Meccanica Fratelli Brambilla"
        assert membership.organisation.applications.get(edition__year=2019).state == "accepted"
        staff = User.objects.get(email="collaboratore@manifattureaperte.example").memberships.get()
        assert (staff.role, staff.organisation_id) == ("staff", membership.organisation_id)
        newcomer = User.objects.get(email="nuovohost@manifattureaperte.example").memberships.get()
        assert newcomer.role == "owner"
        assert not newcomer.organisation.applications.exists()
        assert (
            User.objects.get(email="visitatore@manifattureaperte.example").memberships.count() == 0
        )

    # --- the current edition, alive on the day the demo is loaded ----------------------

    def test_the_current_edition_is_open_for_booking_with_dates_from_today(self):
        edition = Edition.objects.get(is_current=True)
        today = timezone.localdate()
        now = timezone.now()
        assert edition.year not in (2018, 2019)
        assert edition.event_start == today + datetime.timedelta(days=21)
        assert edition.event_end == today + datetime.timedelta(days=22)
        assert edition.host_call_closes < edition.review_closes < now
        assert edition.registration_opens < now < edition.registration_closes
        assert edition.phase_at(now) == Edition.Phase.REGISTRATION
        edition.full_clean()
        assert edition.hub_venue.municipio_id == 6
        assert edition.hub_rooms.count() == 4
        assert Route.objects.filter(edition=edition).count() == 9
        accepted = Application.objects.filter(edition=edition, state="accepted")
        assert accepted.count() >= 70
        activities = Activity.objects.filter(edition=edition)
        assert activities.count() >= 150
        # A newcomer books a visit on the event days through the booking service.
        newcomer = UserFactory()
        slot = next(
            slot
            for slot in TimeSlot.objects.filter(
                activity__edition=edition,
                activity__booking_mode=Activity.BookingMode.BOOKING,
                starts_at__date__gte=edition.event_start,
                group_seats=0,
                activity__named_tickets=False,
            ).order_by("pk")
            if slot.places_left >= 2
        )
        with transaction.atomic():
            booking = booking_services.book_slot(
                slot, visitor=newcomer, party_size=2, rules_acknowledged=True
            )
            assert booking.slot_id == slot.pk
            transaction.set_rollback(True)

    def test_loading_another_day_moves_the_dates(self):
        first = current_edition_data(datetime.date(2027, 3, 1))
        later = current_edition_data(datetime.date(2027, 5, 10))
        assert first.event_start == datetime.date(2027, 3, 22)
        assert later.event_start == datetime.date(2027, 5, 31)
        gap = later.registration_opens - first.registration_opens
        assert gap == datetime.timedelta(days=70)
        assert later.host_call_closes - first.host_call_closes == gap
        assert first.title == "Manifatture Aperte 2027"

    def test_a_preview_today_lets_the_host_try_the_door_at_any_hour(self):
        edition = Edition.objects.get(is_current=True)
        now = timezone.now()
        preview = TimeSlot.objects.filter(
            activity__edition=edition, starts_at__lte=now, ends_at__gt=now
        ).select_related("activity__organisation")
        assert preview.count() == 5
        for slot in preview:
            assert timezone.localtime(slot.starts_at).time() == datetime.time(0, 0)
            assert timezone.localtime(slot.ends_at).time() == datetime.time(23, 59)
        host = Organisation.objects.get(memberships__user__email=HOST)
        mine = preview.filter(activity__organisation=host)
        drop_in = mine.get(activity__booking_mode=Activity.BookingMode.DROP_IN)
        assert drop_in.walk_in.count == 3
        tickets = mine.get(activity__booking_mode=Activity.BookingMode.BOOKING)
        waiting = tickets.bookings.filter(checked_in_at__isnull=True, status="confirmed")
        assert tickets.bookings.filter(checked_in_at__isnull=False).count() == 4
        assert waiting.filter(visitor__email=VISITOR).exists()
        with transaction.atomic():
            admitted = ticket_services.check_in_ticket(
                tickets, code=waiting.get(visitor__email=VISITOR).ticket_code
            )
            assert admitted.checked_in_at is not None
            assert ticket_services.mark_no_shows(tickets) == waiting.count()
            transaction.set_rollback(True)

    def test_bookers_of_the_next_days_are_asked_to_confirm(self):
        edition = Edition.objects.get(is_current=True)
        asked = Booking.objects.filter(
            slot__activity__edition=edition, reconfirm_by__isnull=False, status="confirmed"
        )
        assert asked.filter(reconfirmed_at__isnull=False).count() >= 4
        assert asked.filter(reconfirmed_at__isnull=True).count() >= 2
        # What the release will do: the seats go to the waiting list.
        slots = TimeSlot.objects.filter(pk__in=asked.values("slot"))
        assert any(slot.places_left == 0 and slot.waiting_list.exists() for slot in slots)
        with transaction.atomic():
            deadline = max(asked.values_list("reconfirm_by", flat=True))
            pending = asked.filter(reconfirmed_at__isnull=True).count()
            assert reconfirmation.release_unconfirmed(now=deadline) == pending
            assert WaitingListEntry.objects.filter(slot__in=slots, status="offered").exists()
            transaction.set_rollback(True)

    def test_a_ballot_of_oversubscribed_visits_with_its_window_open(self):
        edition = Edition.objects.get(is_current=True)
        ballot = Ballot.objects.get(edition=edition)
        assert ballot_services.ballot_is_accepting(ballot)
        listed = Activity.objects.filter(ballot_activity__ballot=ballot)
        assert 3 <= listed.count() <= 5
        assert set(listed.values_list("booking_mode", flat=True)) == {"ballot"}
        for activity in listed:
            seats = activity.slots.aggregate(n=Sum("capacity"))["n"]
            asked = BallotEntry.objects.filter(slot__activity=activity).aggregate(
                n=Sum("party_size")
            )["n"]
            assert asked > seats, activity

    def test_full_slots_with_waiting_lists_and_school_groups(self):
        edition = Edition.objects.get(is_current=True)
        slots = TimeSlot.objects.filter(activity__edition=edition)
        full = [slot for slot in slots.filter(group_seats=0) if slot.places_left == 0]
        assert len(full) >= 4
        assert all(slot.waiting_list.exists() for slot in full)
        groups = Booking.objects.filter(slot__activity__edition=edition, kind="group")
        assert groups.count() == 2 and all(b.group_name for b in groups)
        classes = slots.filter(group_seats__gt=0, activity__max_group_size=25)
        assert any(slot.group_places_left >= 20 for slot in classes)
        assert Booking.objects.filter(slot__activity__edition=edition).count() >= 200

    def test_demo_accounts_have_read_the_privacy_notice_in_force(self):
        accounts = User.objects.filter(email__endswith="@manifattureaperte.example")
        assert accounts.count() >= 6
        assert all(privacy.notice_acknowledged(user) for user in accounts)

    def test_calls_close_at_noon_not_at_the_minute_of_loading(self):
        calls = Call.objects.all()
        assert calls.count() >= 3
        for call in calls:
            for moment in (call.closes_at, call.results_at):
                local = timezone.localtime(moment)
                assert (local.hour, local.minute) == (12, 0), call.title_it

    def test_titles_do_not_repeat_the_hosts_name(self):
        # The programme names the host beside each title.
        repeating = [
            (activity.title_it, activity.organisation.name)
            for activity in Activity.objects.select_related("organisation")
            if activity.organisation.name in activity.title_it
            or activity.organisation.name in activity.title_en
        ]
        assert repeating == []

    def test_the_demo_host_is_asked_for_a_slot_only_once_the_others_are_full(self):
        host = User.objects.get(email=HOST)
        organisation = host.memberships.get().organisation
        nudges = demand.open_nudges([organisation.pk])
        assert len(nudges) == 1
        slot = nudges[0].nudge.slot
        siblings = TimeSlot.objects.filter(
            activity=slot.activity, starts_at__gt=timezone.now(), cancelled_at__isnull=True
        )
        assert siblings.count() > 1 and all(s.places_left == 0 for s in siblings)

    def test_the_current_editions_places_come_in_two_waves(self, client):
        edition = Edition.objects.get(is_current=True)
        waves = list(ReleaseWave.objects.filter(edition=edition).order_by("opens_at"))
        assert [(w.share_percent, w.is_released) for w in waves] == [(90, True), (10, False)]
        assert waves[0].opens_at == edition.registration_opens
        assert timezone.now() < waves[1].opens_at < edition.registration_closes
        ahead = TimeSlot.objects.filter(activity__edition=edition, starts_at__gt=timezone.now())
        assert set(ahead.values_list("released_percent", flat=True)) == {90}
        # A full slot's waiting list will be offered the next wave's seats first.
        full = next(
            slot
            for slot in ahead.filter(group_seats=0, activity__booking_mode="booking")
            if slot.places_left == 0 and slot.waiting_list.exists()
        )
        day = timezone.localtime(waves[1].opens_at).day
        page = client.get(full.activity.get_absolute_url()).content.decode()
        assert f"Altri posti dal {day} " in page
        assert (
            f"Altri posti dal {day} "
            in client.get(reverse("activities:programme")).content.decode()
        )

    def test_hosts_and_staff_see_expected_attendance_from_2018_and_2019(self, client):
        edition = Edition.objects.get(is_current=True)
        model = attendance.learn_no_shows(edition)
        assert model.years == [2018, 2019] and 0.05 < model.overall < 0.2
        # Evenings are skipped more often than workshops, as the door recorded.
        evening = ("evening", "atelier", 6, "evening")
        workshop = ("workshop", "atelier", 6, "morning")
        assert model.rate(evening) > model.rate(workshop)
        host = User.objects.get(email=HOST)
        allowed = TimeSlot.objects.filter(
            activity__edition=edition, activity__organisation__memberships__user=host
        ).filter(booking_allowance__gt=0)
        assert allowed.exists()
        assert all(s.capacity + s.booking_allowance <= s.safety_limit for s in allowed)
        client.force_login(host)
        page = client.get(reverse("tickets:host_slots")).content.decode()
        assert "Presenze stimate" in page and "nelle edizioni 2018, 2019" in page
        assert "oltre i posti" in page

    def test_the_demo_visitors_own_state(self):
        sara = User.objects.get(email=VISITOR)
        edition = Edition.objects.get(is_current=True)
        now = timezone.now()
        mine = Booking.objects.filter(visitor=sara, status="confirmed").select_related("slot")
        current = mine.filter(slot__activity__edition=edition)
        assert current.count() == 5  # one short of the limit of six
        # One visit has named tickets: her family's names, the rules accepted.
        (named,) = [
            b for b in current.select_related("slot__activity") if b.slot.activity.named_tickets
        ]
        assert len(named.attendee_names) == named.party_size
        assert named.attendee_names[0] == sara.full_name
        assert named.rules_acknowledged_at is not None
        today = [b for b in current if b.slot.starts_at <= now < b.slot.ends_at]
        assert len(today) == 1 and today[0].checked_in_at is None
        # Two preview visits in the next two days: asked to confirm, one confirmed.
        asked = [b for b in current if b.reconfirm_by is not None]
        assert len(asked) == 2
        assert [b.awaits_reconfirmation for b in asked].count(True) == 1
        for booking in asked:
            assert now < booking.reconfirm_by < booking.slot.starts_at
            assert 9 <= timezone.localtime(booking.slot.starts_at).hour <= 23
        days = {
            timezone.localdate(b.slot.starts_at)
            for b in current
            if b not in today and b not in asked
        }
        assert days == set(edition.event_days)
        assert WaitingListEntry.objects.filter(
            visitor=sara, slot__activity__edition=edition, status="waiting"
        ).exists()
        assert BallotEntry.objects.filter(visitor=sara, ballot__edition=edition).count() == 2
        planned = PlanItem.objects.filter(user=sara, activity__edition=edition)
        assert planned.count() == 5
        for year, visits in ((2019, 2), (2018, 1)):
            past = mine.filter(slot__activity__edition__year=year)
            assert past.count() == visits
            assert all(b.checked_in_at for b in past)
        # One more booking is taken; the next is refused for the limit.
        taken = [(b.slot.starts_at, b.slot.ends_at) for b in current]
        free = [
            slot
            for slot in TimeSlot.objects.filter(
                activity__edition=edition,
                activity__booking_mode=Activity.BookingMode.BOOKING,
                group_seats=0,
                starts_at__gt=now + datetime.timedelta(days=1),
                activity__named_tickets=False,
            )
            .select_related("activity__site", "activity__edition")
            .order_by("starts_at")
            if slot.places_left >= 2
            and all(
                slot.ends_at + datetime.timedelta(hours=2) < start
                or end + datetime.timedelta(hours=2) < slot.starts_at
                for start, end in taken
            )
        ]
        with transaction.atomic():
            booking_services.book_slot(free[0], visitor=sara, party_size=1, rules_acknowledged=True)
            with pytest.raises(BookingLimitReached):
                booking_services.book_slot(
                    free[-1], visitor=sara, party_size=1, rules_acknowledged=True
                )
            transaction.set_rollback(True)

    def test_activities_state_realistic_site_rules(self):
        edition = Edition.objects.get(is_current=True)
        activities = Activity.objects.filter(edition=edition)
        foundry = activities.filter(
            safety_notes_it__icontains="metallo fuso", kind="guided_visit"
        ).first()
        assert foundry is not None
        assert [rule.code for rule in foundry.site_rules][:3] == [
            "min_age",
            "closed_shoes",
            "protective_equipment_provided",
        ]
        assert foundry.min_age >= 14
        assert activities.filter(organisation__category="research", no_photography=True).exists()
        assert activities.filter(named_tickets=True, id_required=True).exists()
        # Some visitors keep access needs in their profile (with consent): a host sees
        # counts on a well-booked slot.
        assert AccessNeeds.objects.filter(consent_at__isnull=False).count() >= 10
        slots = TimeSlot.objects.filter(activity__edition=edition, seats_taken__gte=10)
        assert any(sum(access_needs_counts(slot).counts.values()) > 0 for slot in slots[:40])
        # Visit accessibility is varied, not all or nothing.
        assert 0 < activities.filter(quiet_visit=True).count() < activities.count()
        assert 0 < activities.filter(companion_free=True).count() < activities.count()

    def test_every_section_has_milan_content(self, client):
        today = timezone.localdate()
        listed = Entry.objects.filter(state="approved", valid_from__lte=today)
        assert listed.filter(expires_on__gt=today + datetime.timedelta(days=90)).count() >= 4
        assert listed.filter(
            expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=90)
        ).exists()
        assert listed.filter(expires_on__lt=today).exists()
        assert Entry.objects.filter(state="submitted").count() >= 2
        assert set(Entry.objects.values_list("kind", flat=True)) == {
            "fablab",
            "makerspace",
            "coworking",
        }
        spaces = Space.objects.all()
        assert spaces.count() >= 8
        assert not spaces.filter(nil__is_periphery=False).exists()
        assert set(spaces.values_list("status", flat=True)) == set(Space.Status.values)
        calls = {call.status: call for call in Call.objects.all()}
        open_call = Call.objects.get(status="published", closes_at__gt=timezone.now())
        assert open_call.is_open
        evaluating = Call.objects.get(status="published", closes_at__lt=timezone.now())
        assert evaluating.committee_members.exists()
        assert evaluating.applications.filter(state="admissible").exists()
        decided = calls["results_published"]
        assert decided.ranking.filter(awarded_space__status="assigned").exists()
        assert Article.objects.filter(status="published").count() >= 5
        assert all(c.organisation_id for c in CaseStudy.objects.all())
        assert CaseStudy.objects.count() >= 3
        assert Opportunity.objects.filter(kind="training").count() >= 2
        need = Need.objects.get(organisation__memberships__user__email=HOST)
        assert len(rank_matches(need)) >= 3
        assert need.contacts.filter(replied_at__isnull=False).exists()
        for name in ("qualifications:list", "spaces:list", "calls:list", "news:portal"):
            assert client.get(reverse(name)).status_code == 200, name

    def test_2019_hosts_have_report_cards_from_survey_answers(self, client):
        from manifatture.surveys import queries as surveys
        from manifatture.surveys.models import SurveyInvitation, SurveyResponse

        host = User.objects.get(email="host@manifattureaperte.example")
        organisation = host.memberships.get().organisation
        card = surveys.report_card(organisation, Edition.objects.get(year=2019))
        assert card.total.admitted >= 20 and card.satisfaction.responses >= 5
        assert 3 <= card.satisfaction.mean <= 5 and card.comments
        # Answers only from admitted visitors, one per visit at most.
        admitted = Booking.objects.filter(
            checked_in_at__isnull=False, slot__activity__edition__year__in=[2018, 2019]
        )
        assert SurveyInvitation.objects.filter(answered=True).count() == (
            SurveyResponse.objects.count()
        )
        assert not SurveyInvitation.objects.exclude(booking__in=admitted).exists()
        client.force_login(host)
        url = reverse("surveys:report_card", args=[organisation.slug, 2019])
        assert client.get(url).status_code == 200
        # Sara answered one survey of each past edition; those surveys have long closed.
        sara = User.objects.get(email="visitatore@manifattureaperte.example")
        assert surveys.answered_count(sara) == 2
        assert not surveys.pending_for(sara).exists()
        impact = {(row.year, row.key): row for row in surveys.impact_report()}
        assert impact[2019, "periphery"].satisfaction.responses >= 5

    def test_the_dashboard_has_three_editions(self):
        for edition in Edition.objects.all():
            dashboard = build_dashboard(edition, Filters())
            rows = dashboard.tables["municipio-residenza"].rows
            assert sum(row[1] for row in rows) > 0, edition

    def test_running_it_again_changes_nothing(self, demo):
        assert "staff@manifattureaperte.example" in demo
        assert "http://127.0.0.1:8000" in demo
        before = counts()
        output = io.StringIO()
        call_command("load_demo", stdout=output)
        assert "already loaded" in output.getvalue()
        assert counts() == before


@pytest.mark.django_db
def test_refuses_a_database_with_editions_but_no_demo():
    EditionFactory(year=2030)
    with pytest.raises(CommandError, match="fresh database"):
        call_command("load_demo", stdout=io.StringIO())
    assert Edition.objects.count() == 1
    assert Organisation.objects.count() == 0


def test_no_app_imports_the_demo():
    """The demo sits at the right-hand end of the import graph: it may import every
    app, and no app (nor the project's settings beyond INSTALLED_APPS) imports it."""
    root = Path(__file__).resolve().parents[2]
    importers = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "demo" not in path.relative_to(root).parts[:1]
        and re.search(r"^\s*(from|import)\s+manifatture\.demo\b", path.read_text(), re.MULTILINE)
    ]
    assert importers == []


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_fresh_refuses_without_debug_and_deletes_nothing():
    EditionFactory(year=2030)
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("load_demo", fresh=True, stdout=io.StringIO())
    assert Edition.objects.filter(year=2030).exists()
