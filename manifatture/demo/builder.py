"""Writes the editions, hosts, applications and programmes of the demo.

Phases that are over (2018, 2019, and the host call and review of the current
edition) are written through the ORM in bulk: the services act "now" and could
not write the past. What they check (deadlines, state transitions, room
overlaps) is respected by construction, and the database constraints apply to
every row. Seats are never counted here: bookings take them through the one
seat arithmetic (`TimeSlot.objects.take_seats`, used by the booking service),
in `visitors` for the past and through the booking services in `live`.
"""

import datetime
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from manifatture.accounts import privacy
from manifatture.accounts.models import Consent, User
from manifatture.activities import services as activity_services
from manifatture.activities.models import (
    Activity,
    HubRoom,
    Route,
    RouteStop,
    TimeSlot,
)
from manifatture.directory.models import Membership, Organisation, Site
from manifatture.directory.services import locate_sites
from manifatture.directory.validators import partita_iva_is_valid
from manifatture.editions.models import Edition
from manifatture.participations.models import (
    Application,
    ApplicationEvent,
    ProposedActivity,
    Review,
    ReviewCriterion,
    Score,
)

from . import live, programme, sections
from .hosts import APPLICANTS_2019, HOSTS, HOSTS_2018_ONLY, NEW_HOST, Host, Kind
from .planning import ActivityPlan, Planner
from .programme import EditionData
from .surveys import fill_surveys
from .visitors import create_visitors

PASSWORD = "manifatture2019"
# The demo staff account's second factor, published like the password so that
# `make run` stays a two-minute affair: add it to any authenticator app, or ask
# `manage.py demo_code` for the current code. Demo data only.
TOTP_SECRET = "MANIFATTUREAPERTEDEMOSTAFFMILANO"
State = Application.State
Audience = Activity.Audience


@dataclass(frozen=True)
class DemoAccount:
    label: str
    email: str
    full_name: str
    role: str
    admin: bool = False


ACCOUNTS = [
    DemoAccount(
        "city staff (admin)",
        "staff@manifattureaperte.example",
        "Virginia Bonetti",
        User.Role.CITY_STAFF,
        admin=True,
    ),
    DemoAccount(
        "reviewer", "revisore@manifattureaperte.example", "Lorenzo Usuelli", User.Role.REVIEWER
    ),
    DemoAccount(
        "host (owner)", "host@manifattureaperte.example", "Paolo Brambilla", User.Role.VISITOR
    ),
    DemoAccount(
        "host (staff member)",
        "collaboratore@manifattureaperte.example",
        "Giulia Brambilla",
        User.Role.VISITOR,
    ),
    DemoAccount(
        "visitor", "visitatore@manifattureaperte.example", "Sara Colombo", User.Role.VISITOR
    ),
    DemoAccount(
        "host, not yet applied",
        "nuovohost@manifattureaperte.example",
        "Davide Mariani",
        User.Role.VISITOR,
    ),
]
STAFF_EMAIL = ACCOUNTS[0].email
DEMO_HOST_HANDLE = "brambilla"


@dataclass
class Summary:
    organisations: int
    activities_2019: int
    slots_2019: int
    routes: int
    applications: int
    current: Edition
    activities_current: int
    slots_current: int
    preview_slots: int


def ascii_name(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class DemoBuilder:
    def __init__(self) -> None:
        self.rng = random.Random(2019)
        self.tz = timezone.get_default_timezone()
        self.vat_numbers: set[str] = set()

    # --- helpers -------------------------------------------------------------------------

    def aware(self, moment: datetime.datetime) -> datetime.datetime:
        return moment.replace(tzinfo=self.tz)

    def at(self, edition: Edition, day: int, time: datetime.time) -> datetime.datetime:
        date = edition.event_start + datetime.timedelta(days=day)
        return datetime.datetime.combine(date, time, tzinfo=self.tz)

    def between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        """A random moment between two instants, rounded to the minute, in office hours."""
        seconds = int((end - start).total_seconds())
        moment = start + datetime.timedelta(seconds=self.rng.randint(0, max(seconds, 0)))
        local = moment.astimezone(self.tz)
        if not 8 <= local.hour < 20:
            local = local.replace(hour=self.rng.randint(9, 18))
        local = local.replace(second=0, microsecond=0)
        return min(max(local, start), end)

    def partita_iva(self) -> str:
        """Seven digits, the Milan office code 015 and the check digit."""
        while True:
            base = f"{self.rng.randint(100_000, 1_999_999):07d}015"
            digit = next(d for d in "0123456789" if partita_iva_is_valid(base + d))
            if base + digit not in self.vat_numbers:
                self.vat_numbers.add(base + digit)
                return base + digit

    def person(self) -> tuple[str, str]:
        return self.rng.choice(programme.FIRST_NAMES), self.rng.choice(programme.LAST_NAMES)

    # --- build ---------------------------------------------------------------------------

    def build(self) -> Summary:
        self.accounts = self.create_accounts()
        self.edition_2018 = self.create_edition(programme.EDITION_2018, current=False)
        self.edition_2019 = self.create_edition(programme.EDITION_2019, current=False)
        # The live edition: its dates follow the day the demo is loaded.
        self.edition_now = self.create_edition(
            live.current_edition_data(timezone.localdate()), current=True
        )
        rooms_2019 = self.create_hub(self.edition_2019)
        rooms_now = self.create_hub(self.edition_now)
        self.create_organisations()
        self.planner = Planner(self.rng, self.hosts)
        plans_2019 = self.planner.plan_2019()
        plans_2018 = self.planner.plan_2018()
        self.create_applications_2019(plans_2019)
        self.create_applications_2018(plans_2018)
        activities_2019 = self.create_activities(self.edition_2019, plans_2019, rooms_2019)
        self.create_activities(self.edition_2018, plans_2018, {})
        routes = self.create_routes(self.edition_2019, activities_2019)
        # Planned after the past editions, so that their random draws stay as they were.
        plans_now = self.planner.plan_2019()
        self.create_applications_current(plans_now)
        activities_now = self.create_activities(self.edition_now, plans_now, rooms_now, groups=True)
        routes += self.create_routes(self.edition_now, activities_now)
        locate_sites()
        demo_visitor = self.accounts["visitatore@manifattureaperte.example"]
        visitors = create_visitors(
            editions=[self.edition_2018, self.edition_2019], demo_visitor=demo_visitor
        )
        fill_surveys([self.edition_2018, self.edition_2019])
        preview_slots = live.bring_to_life(
            self.edition_now,
            activities=[activity for activity, _plan in activities_now],
            visitors=visitors,
            demo_visitor=demo_visitor,
            organisations=self.organisations,
            staff=self.accounts[STAFF_EMAIL],
        )
        sections.fill(
            organisations=self.organisations,
            owners=self.owners,
            staff=self.accounts[STAFF_EMAIL],
            reviewer=self.accounts["revisore@manifattureaperte.example"],
        )
        return Summary(
            organisations=len(self.organisations),
            activities_2019=len(activities_2019),
            slots_2019=TimeSlot.objects.filter(activity__edition=self.edition_2019).count(),
            routes=len(routes),
            applications=Application.objects.count(),
            current=self.edition_now,
            activities_current=len(activities_now),
            slots_current=TimeSlot.objects.filter(activity__edition=self.edition_now).count(),
            preview_slots=preview_slots,
        )

    def create_accounts(self) -> dict[str, User]:
        # The staff and the demo host were already there for the 2018 edition.
        joined = self.aware(datetime.datetime(2018, 6, 1, 9, 30))
        accounts = {
            account.email: User.objects.create_user(
                account.email,
                None,
                full_name=account.full_name,
                role=account.role,
                is_staff=account.admin,
                is_superuser=account.admin,
                email_verified_at=joined,
                privacy_accepted_at=joined,
                date_joined=joined,
            )
            for account in ACCOUNTS
        }
        # The demo accounts share one published password: hashing it once instead of six
        # times saves seconds with the production hasher.
        hashed = make_password(PASSWORD)
        User.objects.filter(pk__in=[user.pk for user in accounts.values()]).update(password=hashed)
        for user in accounts.values():
            user.password = hashed
        staff_ids = [user.pk for user in accounts.values() if user.second_factor_mandatory]
        User.objects.filter(pk__in=staff_ids).update(
            totp_secret=TOTP_SECRET, second_factor_enabled_at=joined
        )
        # They have read the privacy notice in force: else every demo login
        # opens on "the notice has changed since you read it".
        for user in accounts.values():
            privacy.acknowledge_notice(user, source=Consent.Source.SIGNUP)
        return accounts

    def create_edition(self, data: EditionData, *, current: bool) -> Edition:
        return Edition.objects.create(
            year=data.year,
            title=data.title,
            tagline_it=data.tagline_it,
            tagline_en=data.tagline_en,
            is_current=current,
            event_start=data.event_start,
            event_end=data.event_end,
            host_call_opens=self.aware(data.host_call_opens),
            host_call_closes=self.aware(data.host_call_closes),
            review_closes=self.aware(data.review_closes),
            registration_opens=self.aware(data.registration_opens),
            registration_closes=self.aware(data.registration_closes),
            hub_name=data.hub_name,
            hub_address=data.hub_address,
        )

    def create_hub(self, edition: Edition) -> dict[str, HubRoom]:
        rooms = {
            room.name: room
            for room in HubRoom.objects.bulk_create(
                HubRoom(edition=edition, name=name, seats=seats)
                for name, seats in programme.HUB_ROOMS
            )
        }
        activity_services.locate_hub(
            edition,
            latitude=Decimal(programme.HUB_LATITUDE),
            longitude=Decimal(programme.HUB_LONGITUDE),
            step_free=True,
            accessible_toilet=True,
            seating=True,
            hearing_loop=True,
            accessibility_notes=programme.HUB_ACCESSIBILITY,
        )
        return rooms

    def create_organisations(self) -> None:
        hosts = (
            HOSTS + [applicant for applicant, _state, _note in APPLICANTS_2019] + HOSTS_2018_ONLY
        )
        hosts.append(NEW_HOST)
        self.hosts = {host.handle: host for host in hosts}
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=host.name,
                slug=slugify(host.name),
                category=host.category,
                description_it=host.description_it,
                description_en=host.description_en,
                website=f"https://www.{host.handle}.example",
                vat_number=self.partita_iva() if host.has_vat else None,
                ateco_code=host.ateco,
            )
            for host in hosts
        )
        self.organisations = {
            host.handle: org for host, org in zip(hosts, organisations, strict=True)
        }
        placed = [(host.handle, place) for host in hosts for place in host.places]
        sites = Site.objects.bulk_create(
            Site(
                organisation=self.organisations[handle],
                name=place.name,
                address=place.address,
                postcode=place.postcode,
                comune_id=place.comune,
                latitude=Decimal(place.latitude),
                longitude=Decimal(place.longitude),
                step_free="s" in place.access,
                accessible_toilet="t" in place.access,
                seating="b" in place.access,
                hearing_loop="l" in place.access,
                accessibility_notes=place.notes,
            )
            for handle, place in placed
        )
        self.sites: dict[str, list[Site]] = defaultdict(list)
        for (handle, _place), site in zip(placed, sites, strict=True):
            self.sites[handle].append(site)
        # Each organisation joined the directory shortly before its first application.
        for host in hosts:
            first_year = min(host.editions, default=2019)
            self.organisations[host.handle].created_at = self.aware(
                datetime.datetime(first_year, 6 if first_year == 2018 else 10, 1, 9)
                + datetime.timedelta(days=self.rng.randint(0, 12), hours=self.rng.randint(0, 8))
            )
        Organisation.objects.bulk_update(self.organisations.values(), ["created_at"])
        self.create_members(hosts)

    def create_members(self, hosts: list[Host]) -> None:
        """An owner for each organisation; the demo accounts own the demo host and the new one."""
        demo_owner = {
            DEMO_HOST_HANDLE: self.accounts["host@manifattureaperte.example"],
            NEW_HOST.handle: self.accounts["nuovohost@manifattureaperte.example"],
        }
        owners = []
        for host in hosts:
            if host.handle in demo_owner:
                continue
            first, last = self.person()
            joined = self.organisations[host.handle].created_at - datetime.timedelta(minutes=10)
            owner = User(
                email=f"{ascii_name(first)}.{ascii_name(last)}@{host.handle}.example",
                full_name=f"{first} {last}",
                email_verified_at=joined,
                privacy_accepted_at=joined,
                date_joined=joined,
            )
            owner.set_unusable_password()
            owners.append((host.handle, owner))
        User.objects.bulk_create(owner for _handle, owner in owners)
        self.owners = dict(owners) | demo_owner
        memberships = [
            Membership(
                user=user, organisation=self.organisations[handle], role=Membership.Role.OWNER
            )
            for handle, user in self.owners.items()
        ]
        memberships.append(
            Membership(
                user=self.accounts["collaboratore@manifattureaperte.example"],
                organisation=self.organisations[DEMO_HOST_HANDLE],
                role=Membership.Role.STAFF,
            )
        )
        Membership.objects.bulk_create(memberships)

    # --- applications --------------------------------------------------------------------

    def create_applications_2019(self, plans: list[ActivityPlan]) -> None:
        edition = self.edition_2019
        by_host: dict[str, list[ActivityPlan]] = defaultdict(list)
        for plan in plans:
            by_host[plan.host.handle].append(plan)
        entries: list[tuple[Host, str, str]] = [
            (host, State.ACCEPTED, "") for host in HOSTS if 2019 in host.editions
        ]
        entries += APPLICANTS_2019
        applications = self.create_applications(edition, entries, by_host)
        self.create_reviews(edition, applications)

    def create_applications_current(self, plans: list[ActivityPlan]) -> None:
        """The current edition's host call and review are over: the same hosts and
        applicants as in 2019, decided before visitor registration opened."""
        by_host: dict[str, list[ActivityPlan]] = defaultdict(list)
        for plan in plans:
            by_host[plan.host.handle].append(plan)
        entries: list[tuple[Host, str, str]] = [
            (host, State.ACCEPTED, "") for host in HOSTS if 2019 in host.editions
        ]
        entries += APPLICANTS_2019
        applications = self.create_applications(self.edition_now, entries, by_host)
        self.create_reviews(self.edition_now, applications)

    def create_applications_2018(self, plans: list[ActivityPlan]) -> None:
        by_host = {plan.host.handle: [plan] for plan in plans}
        entries: list[tuple[Host, str, str]] = [
            (self.hosts[handle], State.ACCEPTED, "") for handle in by_host
        ]
        self.create_applications(self.edition_2018, entries, by_host)

    def create_applications(
        self,
        edition: Edition,
        entries: list[tuple[Host, str, str]],
        plans: dict[str, list[ActivityPlan]],
    ) -> list[Application]:
        staff = self.accounts[STAFF_EMAIL]
        opens, closes = edition.host_call_opens, edition.host_call_closes
        decision_opens = closes - datetime.timedelta(days=3)
        welcome = (
            f"Benvenuti a {edition.title}! Ora potete inserire le attività e i turni definitivi."
        )
        applications, timeline = [], []
        for host, state, note in entries:
            owner = self.owners[host.handle]
            created = self.between(opens, closes - datetime.timedelta(days=2))
            submitted = self.between(created, closes) if state != State.DRAFT else None
            decided = None
            if state in {State.ACCEPTED, State.REJECTED}:
                assert submitted is not None  # not a draft
                decided = self.between(max(submitted, decision_opens), edition.review_closes)
            host_plans = plans.get(host.handle) or [self.planner.from_offer(host, host.offer)]
            expected = sum(slot.capacity for plan in host_plans for slot in plan.slots)
            application = Application(
                edition=edition,
                organisation=self.organisations[host.handle],
                state=state,
                motivation=(
                    f"{host.description_it} {programme.MOTIVATIONS[host.category]} "
                    f"Cosa vedranno i visitatori: {host.offer.about_it}."
                ),
                expected_visitors=expected or 20,
                notes_for_staff=self.rng.choice(programme.STAFF_NOTES),
                created_by=owner,
                submitted_at=submitted,
                decided_at=decided,
                decision_note=welcome if state == State.ACCEPTED else note,
            )
            applications.append(application)
            history: list[tuple[datetime.datetime, str, str, User, str]] = [
                (created, "", State.DRAFT, owner, "")
            ]
            if submitted:
                history.append((submitted, State.DRAFT, State.SUBMITTED, owner, ""))
            if decided is not None and state == State.ACCEPTED:
                history.append((decided, State.SUBMITTED, state, staff, welcome))
            elif decided is not None and state == State.REJECTED:
                history.append((decided, State.SUBMITTED, state, staff, note))
            elif submitted is not None and state == State.CHANGES_REQUESTED:
                asked = self.between(submitted, closes)
                history.append((asked, State.SUBMITTED, state, staff, note))
            elif submitted is not None and state == State.WITHDRAWN:
                withdrawn = self.between(submitted, closes)
                history.append((withdrawn, State.SUBMITTED, state, owner, note))
            timeline.append((application, created, history, host_plans))
        Application.objects.bulk_create(applications)
        proposed, events, moments = [], [], []
        for application, created, history, host_plans in timeline:
            application.created_at = created
            application.updated_at = history[-1][0]
            for when, from_state, to_state, actor, text in history:
                events.append(
                    ApplicationEvent(
                        application=application,
                        actor=actor,
                        from_state=from_state,
                        to_state=to_state,
                        note=text,
                    )
                )
                moments.append(when)
            proposed += [
                ProposedActivity(
                    application=application,
                    kind=plan.kind,
                    title=plan.title_it,
                    description=plan.description_it,
                    capacity=max((slot.capacity for slot in plan.slots), default=15),
                    slots=max(len(plan.slots), 1),
                )
                for plan in host_plans
            ]
        ProposedActivity.objects.bulk_create(proposed)
        ApplicationEvent.objects.bulk_create(events)
        for event, moment in zip(events, moments, strict=True):
            event.created_at = moment
        Application.objects.bulk_update(applications, ["created_at", "updated_at"], batch_size=200)
        ApplicationEvent.objects.bulk_update(events, ["created_at"], batch_size=200)
        return applications

    def create_reviews(self, edition: Edition, applications: list[Application]) -> None:
        criteria = ReviewCriterion.objects.bulk_create(
            ReviewCriterion(
                edition=edition,
                name_it=name_it,
                name_en=name_en,
                description_it=description_it,
                description_en=description_en,
                weight=weight,
                position=position,
            )
            for position, (name_it, name_en, description_it, description_en, weight) in enumerate(
                programme.CRITERIA, start=1
            )
        )
        reviewer = self.accounts["revisore@manifattureaperte.example"]
        staff = self.accounts[STAFF_EMAIL]
        reviews, moments, scores = [], [], []
        for application in applications:
            submitted = application.submitted_at
            if application.state in {State.DRAFT, State.WITHDRAWN} or submitted is None:
                continue
            reviewers = [reviewer]
            if self.rng.random() < 0.25:
                reviewers.append(staff)
            low, high = (1, 3) if application.state == State.REJECTED else (3, 5)
            if application.state == State.SUBMITTED:
                reviewers = reviewers[:1] if self.rng.random() < 0.5 else []
                low, high = 2, 5
            end = application.decided_at or edition.review_closes
            for person in reviewers:
                values = [self.rng.randint(low, high) for _criterion in criteria]
                average = sum(values) / len(values)
                band = "high" if average >= 4 else "mid" if average >= 2.75 else "low"
                review = Review(
                    application=application,
                    reviewer=person,
                    comment=self.rng.choice(programme.REVIEW_COMMENTS[band]),
                )
                reviews.append(review)
                moments.append(self.between(submitted, end))
                scores += [
                    Score(review=review, criterion=criterion, value=value)
                    for criterion, value in zip(criteria, values, strict=True)
                ]
        Review.objects.bulk_create(reviews)
        Score.objects.bulk_create(scores)
        for review, moment in zip(reviews, moments, strict=True):
            review.created_at = review.updated_at = moment
        Review.objects.bulk_update(reviews, ["created_at", "updated_at"], batch_size=200)

    # --- activities ----------------------------------------------------------------------

    def create_activities(
        self,
        edition: Edition,
        plans: list[ActivityPlan],
        rooms: dict[str, HubRoom],
        *,
        groups: bool = False,
    ) -> list[tuple[Activity, ActivityPlan]]:
        """The activities and their slots. With `groups`, school visits take classes
        (every seat kept for groups) and family workshops take groups too."""
        activities = []
        for plan in plans:
            safety_it, safety_en = programme.SAFETY.get(plan.safety, ("", ""))
            activities.append(
                Activity(
                    edition=edition,
                    organisation=self.organisations[plan.host.handle],
                    kind=plan.kind,
                    title_it=plan.title_it,
                    title_en=plan.title_en,
                    description_it=plan.description_it,
                    description_en=plan.description_en,
                    site=None if plan.at_hub else self.sites[plan.host.handle][0],
                    audience=plan.audience,
                    duration_minutes=plan.duration,
                    **programme.site_rules(
                        safety=plan.safety,
                        category=plan.host.category,
                        kind=plan.kind,
                        min_age=plan.min_age,
                    ),
                    safety_notes_it=safety_it,
                    safety_notes_en=safety_en,
                    max_group_size=live.group_size(plan) if groups else 0,
                    created_by=self.owners[plan.host.handle],
                )
            )
        Activity.objects.bulk_create(activities)
        through = Activity.languages.through
        through.objects.bulk_create(
            through(activity_id=activity.pk, language_id=code)
            for activity, plan in zip(activities, plans, strict=True)
            for code in plan.languages
        )
        slots = [
            TimeSlot(
                activity=activity,
                starts_at=self.at(edition, slot.day, slot.start),
                ends_at=self.at(edition, slot.day, slot.start)
                + datetime.timedelta(minutes=plan.duration),
                capacity=slot.capacity,
                group_seats=live.group_seats(plan, slot.capacity) if groups else 0,
                room=rooms[slot.room] if slot.room else None,
                safety_limit=live.safety_limit(slot.capacity, rooms.get(slot.room))
                if groups
                else None,
            )
            for activity, plan in zip(activities, plans, strict=True)
            for slot in plan.slots
        ]
        TimeSlot.objects.bulk_create(slots, batch_size=500)
        return list(zip(activities, plans, strict=True))

    def create_routes(
        self, edition: Edition, activities: list[tuple[Activity, ActivityPlan]]
    ) -> list[Route]:
        routes = Route.objects.bulk_create(
            Route(
                edition=edition,
                slug=data.slug,
                title_it=data.title_it,
                title_en=data.title_en,
                description_it=data.description_it,
                description_en=data.description_en,
            )
            for data in programme.ROUTES
        )
        stops = []
        for route, data in zip(routes, programme.ROUTES, strict=True):
            chosen = self.route_activities(data.theme, activities)
            stops += [
                RouteStop(route=route, activity=activity, position=position)
                for position, activity in enumerate(chosen, start=1)
            ]
        RouteStop.objects.bulk_create(stops)
        return routes

    def route_activities(
        self, theme: str, activities: list[tuple[Activity, ActivityPlan]]
    ) -> list[Activity]:
        """Six to eight activities of different hosts for a theme, in time order."""

        def fits(plan: ActivityPlan) -> bool:
            if plan.kind in {Kind.TALK, Kind.EVENING}:
                return False
            if theme == "famiglie" and plan.audience == Audience.FAMILIES:
                return True
            if theme == "scuole" and plan.audience == Audience.SCHOOLS:
                return True
            return theme in plan.host.themes and not plan.at_hub

        seen, candidates = set(), []
        for activity, plan in activities:
            if fits(plan) and activity.organisation_id not in seen:
                seen.add(activity.organisation_id)
                candidates.append((activity, plan))
        self.rng.shuffle(candidates)
        chosen = candidates[: self.rng.randint(6, 8)]
        if len(chosen) < 5:
            raise RuntimeError(f"Too few activities for the route on {theme}.")
        chosen.sort(key=lambda pair: (pair[1].first_start, pair[0].title_it))
        return [activity for activity, _plan in chosen]


def demo_is_loaded() -> bool:
    return User.objects.filter(email=STAFF_EMAIL).exists()


def build_demo() -> Summary:
    """Write the whole demo. Call inside a transaction, after the reference data is loaded."""
    return DemoBuilder().build()
