"""The current edition, alive on the day the demo is loaded.

Its dates follow that day (`current_edition_data`): the host call and review are
over, visitor registration is open, the event days are three weeks ahead. A few
activities also have a preview slot TODAY, lasting the whole day, so that the
door (check-in, no-shows, walk-ins) can be tried whenever the demo runs.

Everything with seats or rules that act "now" goes through the apps' services:
bookings, group bookings, waiting lists (`bookings.services`), the ballot and
its entries (`ballots.services`), check-ins and walk-ins (`tickets.services`),
"my day" (`plans.services`). E-mails they queue are not sent (see load_demo).
"""

import contextlib
import datetime
import random
from collections.abc import Collection

from django.db import connection
from django.utils import timezone

from manifatture.accounts.models import User
from manifatture.activities import services as activity_services
from manifatture.activities.models import Activity, Language, TimeSlot
from manifatture.activities.queries import released_percent
from manifatture.ballots import services as ballots
from manifatture.bookings import reconfirmation, waves
from manifatture.bookings import services as bookings
from manifatture.bookings.exceptions import BookingError
from manifatture.bookings.models import AccessNeeds, Booking
from manifatture.directory.models import Organisation
from manifatture.editions.models import Edition
from manifatture.participations.models import ActivityKind
from manifatture.plans import services as plans
from manifatture.tickets import attendance
from manifatture.tickets import services as tickets

from . import programme, records
from .planning import ActivityPlan
from .programme import EditionData

Audience = Activity.Audience
# A class with its teachers; a family group at a workshop.
CLASS_SIZE = 25
FAMILY_GROUP_SIZE = 12


def current_edition_data(today: datetime.date) -> EditionData:
    """The current edition's dates, counted from `today` (naive local times)."""
    data = records.read("programme")["current_edition"]

    def day(offset: int, time: datetime.time) -> datetime.datetime:
        return datetime.datetime.combine(today + datetime.timedelta(days=offset), time)

    opens, closes = datetime.time(10, 0), datetime.time(23, 59)
    event_start = today + datetime.timedelta(days=data["days_to_event"])
    return EditionData(
        year=event_start.year,
        title=data["title"].format(year=event_start.year),
        tagline_it=data["tagline_it"],
        tagline_en=data["tagline_en"],
        event_start=event_start,
        event_end=event_start + datetime.timedelta(days=data["event_days"] - 1),
        host_call_opens=day(-data["host_call_opens_days_ago"], opens),
        host_call_closes=day(-data["host_call_closes_days_ago"], closes),
        review_closes=day(-data["review_closes_days_ago"], closes),
        registration_opens=day(-data["registration_opens_days_ago"], opens),
        registration_closes=day(data["days_to_event"] - 1, closes),
        hub_name=data["hub_name"],
        hub_address=data["hub_address"],
    )


def group_size(plan: ActivityPlan) -> int:
    """School visits take a class; family workshops take a small group."""
    if plan.at_hub:
        return 0
    if plan.audience == Audience.SCHOOLS:
        return CLASS_SIZE
    if plan.audience == Audience.FAMILIES and plan.kind == ActivityKind.WORKSHOP:
        return FAMILY_GROUP_SIZE
    return 0


def group_seats(plan: ActivityPlan, capacity: int) -> int:
    """A school visit's seats are all kept for classes."""
    return capacity if group_size(plan) == CLASS_SIZE else 0


def safety_limit(capacity: int, room=None) -> int:
    """How many people the place holds at once: a hub room its seats; a host's
    workshop or hall some more than the tour takes (the guide's group)."""
    if room is not None:
        return room.seats
    return capacity + max(2, capacity * 2 // 5)


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def _daytime_hour_from(moment: datetime.datetime, *, latest: int) -> datetime.datetime:
    """The first full hour from `moment` between 9:00 and `latest`:00, local time."""
    local = timezone.localtime(moment).replace(minute=0, second=0, microsecond=0)
    local += datetime.timedelta(hours=1)
    while not 9 <= local.hour <= latest:
        local += datetime.timedelta(hours=1)
    return local


class Life:
    def __init__(
        self,
        edition: Edition,
        *,
        activities: list[Activity],
        visitors: list[User],
        demo_visitor: User,
        organisations: dict[str, Organisation],
        staff: User,
    ) -> None:
        self.data = records.read("live")
        self.rng = random.Random(2026)
        self.edition = edition
        self.activities = activities
        self.visitors = list(visitors)
        self.rng.shuffle(self.visitors)
        self.demo_visitor = demo_visitor
        self.organisations = organisations
        self.staff = staff
        self.today = timezone.localdate()

    def next_visitor(self) -> User:
        # Round the pool; the booking rules decide what each one may still book.
        visitor = self.visitors.pop(0)
        self.visitors.append(visitor)
        return visitor

    def by_title(self, title: str) -> Activity:
        return next(activity for activity in self.activities if activity.title_it == title)

    def main_activity(self, organisation: Organisation) -> Activity:
        """The host's own activity at its site (its first, in the plan's order)."""
        return next(
            activity
            for activity in self.activities
            if activity.organisation_id == organisation.pk and activity.site_id is not None
        )

    def party_names(self, visitor: User, party: int) -> list[str]:
        """Names for a named ticket: the visitor, then people of their family."""
        surname = visitor.full_name.split()[-1] if visitor.full_name else "Rossi"
        others = [self.rng.choice(programme.FIRST_NAMES) for _n in range(party - 1)]
        return [visitor.full_name or f"Anna {surname}", *(f"{n} {surname}" for n in others)]

    def book(self, slot: TimeSlot, visitor: User, party: int, **group) -> Booking | None:
        """Book as a visitor on the page does: ticking the site rules (when the
        activity has any) and naming everyone on a named ticket."""
        names = self.party_names(visitor, party) if slot.activity.named_tickets else []
        try:
            return bookings.book_slot(
                slot,
                visitor=visitor,
                party_size=party,
                rules_acknowledged=True,
                attendee_names=names,
                **group,
            )
        except BookingError:
            return None

    # --- the ballot ----------------------------------------------------------------

    def open_ballot(self) -> tuple[ballots.Ballot, list[TimeSlot]]:
        settings = self.data["ballot"]
        now = timezone.now()
        closes = _local(
            self.edition.event_start
            - datetime.timedelta(days=settings["closes_days_before_event"]),
            datetime.time(23, 59),
        )
        ballot = ballots.create_ballot(
            self.edition,
            by=self.staff,
            opens_at=now - datetime.timedelta(days=settings["opened_days_ago"]),
            closes_at=closes,
        )
        for title in settings["titles"]:
            ballots.add_ballot_activity(ballot, by=self.staff, activity=self.by_title(title))
        slots = list(
            TimeSlot.objects.filter(activity__in=ballot.ballot_activities.values("activity"))
            .select_related("activity")
            .order_by("starts_at", "pk")
        )
        return ballot, slots

    def enter_ballot(self, ballot, slots: list[TimeSlot]) -> None:
        """Far more people than places: each asks for one to three slots."""
        for _n in range(self.data["ballot"]["entrants"]):
            chosen = self.rng.sample(slots, k=self.rng.choice([1, 2, 2, 3, 3]))
            choices = [
                ballots.Choice(
                    slot=slot,
                    party_size=min(self.rng.choice([2, 2, 3, 3, 4]), slot.activity.max_party_size),
                )
                for slot in chosen
            ]
            ballots.save_choices(ballot, visitor=self.next_visitor(), choices=choices)

    # --- the preview day -----------------------------------------------------------

    def preview(self) -> list[TimeSlot]:
        """One slot today for a few hosts' activities, booked earlier in the week.

        The slot is created tomorrow, booked through the booking service (which
        takes bookings only before a slot starts), then moved to today, from
        00:00 to 23:59: the door works at any hour of the day the demo runs."""
        settings = self.data["preview"]
        tomorrow = self.today + datetime.timedelta(days=1)
        slots = []
        for handle in settings["hosts"]:
            activity = self.main_activity(self.organisations[handle])
            slots.append(
                TimeSlot.objects.create(
                    activity=activity,
                    starts_at=_local(tomorrow, datetime.time(9, 0)),
                    ends_at=_local(tomorrow, datetime.time(18, 0)),
                    capacity=settings["capacity"],
                )
            )
        demo_slot = slots[0]  # the demo host's: the demo visitor has a ticket for it
        self.book(demo_slot, self.demo_visitor, self.data["demo_visitor"]["party"])
        for slot in slots:
            for _n in range(settings["bookers"]):
                self.book(slot, self.next_visitor(), self.rng.choice([1, 1, 2, 2, 3]))
        drop_in = settings["drop_in"]
        open_doors = Activity.objects.create(
            edition=self.edition,
            organisation=self.organisations[drop_in["host"]],
            kind=ActivityKind.OPEN_DOORS,
            booking_mode=Activity.BookingMode.DROP_IN,
            title_it=drop_in["title_it"],
            title_en=drop_in["title_en"],
            description_it=drop_in["description_it"],
            description_en=drop_in["description_en"],
            site=demo_slot.activity.site,
            duration_minutes=120,
            created_by=demo_slot.activity.created_by,
        )
        open_doors.languages.set(Language.objects.filter(pk="it"))
        slots.append(
            TimeSlot.objects.create(
                activity=open_doors,
                starts_at=_local(tomorrow, datetime.time(9, 0)),
                ends_at=_local(tomorrow, datetime.time(18, 0)),
                capacity=settings["capacity"],
            )
        )
        TimeSlot.objects.filter(pk__in=[slot.pk for slot in slots]).update(
            starts_at=_local(self.today, datetime.time(0, 0)),
            ends_at=_local(self.today, datetime.time(23, 59)),
        )
        now = timezone.now()
        for slot in slots:
            slot.refresh_from_db()
            if slot.activity.booking_mode == Activity.BookingMode.DROP_IN:
                for _n in range(drop_in["walk_ins"]):
                    tickets.count_walk_in(slot, delta=1)
                continue
            arrived = (
                Booking.objects.filter(slot=slot, status=Booking.Status.CONFIRMED)
                .exclude(visitor=self.demo_visitor)
                .order_by("pk")[: settings["checked_in"]]
            )
            for booking in arrived:
                tickets.check_in_booking(slot, booking_id=booking.pk, at=now)
        return slots

    # --- waves of places and bookings past the tour size ----------------------------

    def release_in_waves(self) -> None:
        """The edition's places in two waves: most at the opening of
        registration (already released), the rest on an announced day ahead,
        when each slot's waiting list is offered its new seats first."""
        settings = self.data["waves"]
        first = self.edition.registration_opens
        second = _local(
            self.today + datetime.timedelta(days=settings["second_in_days"]), datetime.time(10, 0)
        )
        waves.define_release_waves(
            self.edition,
            waves=[(first, settings["first_percent"]), (second, 100 - settings["first_percent"])],
            by=self.staff,
        )

    def suggested_allowances(self, organisation: Organisation) -> None:
        """The host accepted the allowances suggested from the 2018-2019
        check-ins on its slots but the last, where the page still offers it
        (as it does to the other hosts)."""
        # Fresh planner statistics first: the rows of 2018-2019 arrived in this
        # load's transaction (ANALYZE counts them), and planned for empty tables
        # the model's one query ran for minutes.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE bookings_booking, activities_timeslot, activities_activity, "
                "directory_organisation, editions_edition"
            )
        model = attendance.learn_no_shows(self.edition)
        slots = TimeSlot.objects.filter(
            activity__edition=self.edition,
            activity__organisation=organisation,
            activity__booking_mode=Activity.BookingMode.BOOKING,
            safety_limit__isnull=False,
        ).select_related("activity__organisation")
        for slot in list(slots.order_by("starts_at", "pk"))[:-1]:
            estimate = attendance.estimate(model, slot, booked=0)
            if estimate is not None and estimate.suggested_allowance:
                owner = slot.activity.created_by or self.staff
                tickets.apply_booking_allowance(
                    slot, booking_allowance=estimate.suggested_allowance, by=owner
                )

    # --- confirming before the visit -------------------------------------------------

    def reconfirmations(self) -> list[Booking]:
        """Two preview visits between 31 and 48 hours from now, booked days
        ago: their bookers have been asked to confirm (the platform's own job,
        `bookings.reconfirmation`), and half of them have. Sara has booked
        both: one she confirmed, one awaits her click in "Le mie prenotazioni"
        (the unconfirmed seats go to the waiting list when its deadline passes)."""
        settings = self.data["reconfirm"]
        first = _daytime_hour_from(
            timezone.now() + datetime.timedelta(hours=settings["from_hours"]),
            latest=settings["latest_hour"],
        )
        party = self.data["demo_visitor"]["party"]
        sara: list[Booking] = []
        confirmed: list[Booking] = []
        for n, handle in enumerate(settings["hosts"]):
            activity = self.main_activity(self.organisations[handle])
            starts = first + datetime.timedelta(
                hours=settings["hours_apart"] * n
            )  # Sara goes to both
            slot = TimeSlot.objects.create(
                activity=activity,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=activity.duration_minutes),
                capacity=settings["capacity"],
                # The edition's waves apply to a slot added now too.
                released_percent=released_percent(activity),
            )
            mine = self.book(slot, self.demo_visitor, party)
            if mine is None:
                raise RuntimeError(f"The demo visitor could not book slot {slot.pk}.")
            sara.append(mine)
            others: list[Booking] = []
            for _attempt in range(30):
                slot.refresh_from_db()
                if slot.places_left == 0 or len(others) == settings["bookers"]:
                    break
                size = min(self.rng.choice([1, 2]), slot.places_left)
                if (booking := self.book(slot, self.next_visitor(), size)) is not None:
                    others.append(booking)
            confirmed += others[: settings["confirmed"]]
            if slot.places_left == 0:
                for _n in range(settings["waiting"]):
                    self.wait(slot)
        Booking.objects.filter(slot__in=[booking.slot_id for booking in sara]).update(
            created_at=timezone.now() - datetime.timedelta(days=settings["booked_days_ago"])
        )
        reconfirmation.ask_for_reconfirmation()
        for booking in [sara[0], *confirmed]:
            reconfirmation.reconfirm_booking(booking, by=booking.visitor)
        return sara

    def wait(self, slot: TimeSlot) -> None:
        with contextlib.suppress(BookingError):  # the visitor has booked it meanwhile
            bookings.join_waiting_list(slot, visitor=self.next_visitor(), party_size=1)

    # --- the event days -------------------------------------------------------------

    def bookable_slots(self, exclude: Collection[int] = ()) -> list[TimeSlot]:
        first, _after = self.edition.event_bounds()
        return list(
            TimeSlot.objects.filter(
                activity__edition=self.edition,
                activity__booking_mode=Activity.BookingMode.BOOKING,
                starts_at__gte=first,
                cancelled_at__isnull=True,
            )
            .exclude(pk__in=exclude)
            .select_related("activity__edition", "activity__site")
            .order_by("starts_at", "pk")
        )

    def fill(self, slot: TimeSlot) -> None:
        """Book every seat of the slot, party by party."""
        left = slot.places_left
        for _attempt in range(60):
            if left == 0:
                return
            party = min(left, self.rng.choice([1, 2, 2, 3]), slot.activity.max_party_size)
            if self.book(slot, self.next_visitor(), party) is not None:
                left -= party
        raise RuntimeError(f"Could not fill slot {slot.pk} for the demo.")

    def event_days(self) -> list[TimeSlot]:
        """Bookings on the event days: a few slots full (with waiting lists), many
        with places left, two school classes; returns the full slots."""
        slots = self.bookable_slots()
        individual = [slot for slot in slots if slot.group_seats == 0]
        workshops = [
            slot
            for slot in individual
            if slot.activity.kind == ActivityKind.WORKSHOP
            and slot.activity.site_id is not None
            and slot.capacity <= 12
        ]
        full = self.rng.sample(workshops, k=self.data["full_slots"])
        for slot in full:
            self.fill(slot)
        full_ids = {slot.pk for slot in full}
        open_slots = [slot for slot in individual if slot.pk not in full_ids]
        for _n in range(self.data["bookings"]):
            slot = self.rng.choice(open_slots)
            party = min(self.rng.choice([1, 1, 2, 2, 2, 3, 4]), slot.activity.max_party_size)
            self.book(slot, self.next_visitor(), party)
        # Two classes have booked their school visit; the other classes' seats are free.
        school = [slot for slot in slots if slot.group_seats > 0]
        for (group_name, size), slot in zip(
            self.data["school_groups"][:2], school[::3], strict=False
        ):
            self.book(
                slot,
                self.next_visitor(),
                min(size, slot.activity.max_group_size),
                kind=Booking.Kind.GROUP,
                group_name=group_name,
            )
        for slot in full[1:]:
            for _n in range(self.data["waiting"] // len(full[1:])):
                try:
                    bookings.join_waiting_list(
                        slot, visitor=self.next_visitor(), party_size=self.rng.choice([1, 2])
                    )
                except BookingError:
                    continue
        return full

    # --- households, classes and demand ------------------------------------------

    def parties_and_demand(self, ballot, ballot_slots: list[TimeSlot]) -> None:
        """A family of four and a school class in the ballot, a family of four
        waiting for a full slot; a school class waiting for the seats of a school visit, as a
        whole; the demo host's visit so wanted that its waiting list passed the
        threshold (`bookings.demand`): the host has a nudge to add a slot."""
        settings = self.data["parties"]
        family = settings["ballot_family"]
        slot = next(s for s in ballot_slots if s.activity.max_party_size >= family)
        ballots.save_choices(
            ballot,
            visitor=self.next_visitor(),
            choices=[ballots.Choice(slot=slot, party_size=family)],
        )
        # The chocolate workshop welcomes classes too: a teacher entered for hers.
        class_name, class_size = settings["ballot_class"]
        cocoa = activity_services.update_activity(
            self.by_title(settings["ballot_class_activity"]), max_group_size=class_size + 2
        )
        ballots.save_choices(
            ballot,
            visitor=self.next_visitor(),
            choices=[
                ballots.Choice(slot=s, party_size=class_size)
                for s in TimeSlot.objects.filter(activity=cocoa)
                .select_related("activity")
                .order_by("starts_at")[:2]
            ],
            group_name=class_name,
        )
        # The demo host's main visit on the first event day, full, with a long list.
        first, _after = self.edition.event_bounds()
        wanted = (
            TimeSlot.objects.filter(
                activity=self.main_activity(self.organisations[settings["demand_host"]]),
                starts_at__gte=first,
                cancelled_at__isnull=True,
            )
            .select_related("activity__edition", "activity__site")
            .order_by("starts_at")
            .first()
        )
        assert wanted is not None, "the demand host has no visit on the first day"
        self.fill(wanted)
        # Its other slots are full too: while one had room, the list would ask
        # for no extra slot (`bookings.demand.other_slots_with_room`).
        for other in (
            TimeSlot.objects.filter(
                activity=wanted.activity, starts_at__gt=timezone.now(), cancelled_at__isnull=True
            )
            .exclude(pk=wanted.pk)
            .select_related("activity__edition", "activity__site")
        ):
            self.fill(other)
            for _attempt in range(10):  # a full slot has someone waiting
                try:
                    bookings.join_waiting_list(other, visitor=self.next_visitor(), party_size=1)
                except BookingError:
                    continue
                break
        waiting = 0
        for party in settings["demand_waiting"]:
            party = min(party, wanted.activity.max_party_size)
            try:
                bookings.join_waiting_list(wanted, visitor=self.next_visitor(), party_size=party)
            except BookingError:
                continue
            waiting += party
        # A school visit where the classes already booked leave too few seats for one more.
        school = next(
            s
            for s in self.bookable_slots()
            if s.group_seats > 0 and s.activity.max_group_size >= settings["class_size"]
        )
        for group_name, size in self.data["school_groups"][2:]:
            if school.group_places_left < settings["class_size"]:
                break
            self.book(
                school,
                self.next_visitor(),
                min(size, school.activity.max_group_size, school.group_places_left),
                kind=Booking.Kind.GROUP,
                group_name=group_name,
            )
            school.refresh_from_db()
        if school.group_places_left < settings["class_size"]:
            bookings.join_waiting_list(
                school,
                visitor=self.next_visitor(),
                party_size=settings["class_size"],
                kind=Booking.Kind.GROUP,
                group_name=settings["waiting_class"],
            )

    # --- the demo visitor -------------------------------------------------------------

    def demo_visitor_day(
        self,
        full: list[TimeSlot],
        ballot,
        ballot_slots: list[TimeSlot],
        to_confirm: list[Booking],
    ) -> None:
        """Sara has bookings on both days (with the preview ones, one short of
        the limit), a place on a waiting list, two choices in the ballot and
        her days planned."""
        party = self.data["demo_visitor"]["party"]
        full_ids = {slot.pk for slot in full}
        booked: list[Booking] = []
        candidates = [
            slot
            for slot in self.bookable_slots(exclude=full_ids)
            if slot.group_seats == 0 and slot.places_left >= party + 2
        ]
        self.rng.shuffle(candidates)
        # One of her visits has named tickets (a research lab): her family's names on it.
        named = [slot for slot in candidates if slot.activity.named_tickets][:1]
        candidates = named + [slot for slot in candidates if slot not in named]
        wanted = self.data["demo_visitor"]["event_bookings"]
        days = self.edition.event_days
        for day in days:
            for slot in candidates:
                if sum(1 for b in booked if timezone.localdate(b.slot.starts_at) == day) >= (
                    wanted // len(days)
                ):
                    break
                if timezone.localdate(slot.starts_at) != day:
                    continue
                booking = self.book(slot, self.demo_visitor, party)
                if booking is not None and booking not in booked:
                    booked.append(booking)
        bookings.join_waiting_list(full[0], visitor=self.demo_visitor, party_size=party)
        ballots.save_choices(
            ballot,
            visitor=self.demo_visitor,
            choices=[ballots.Choice(slot=slot, party_size=party) for slot in ballot_slots[:2]],
        )
        for booking in [*to_confirm, *booked]:
            plans.add_to_plan(self.demo_visitor, activity=booking.slot.activity, slot=booking.slot)
        # And a talk at the hub she has not booked yet, to decide on the day.
        booked_ids = {booking.slot_id for booking in booked}
        talk = next(
            slot
            for slot in self.bookable_slots()
            if slot.activity.kind == ActivityKind.TALK
            and slot.pk not in booked_ids
            and not any(
                slot.starts_at < b.slot.ends_at and b.slot.starts_at < slot.ends_at for b in booked
            )
        )
        plans.add_to_plan(self.demo_visitor, activity=talk.activity, slot=talk)

    def keep_access_needs(self) -> None:
        """One visitor in eight keeps access needs in their profile, with consent
        (the others, if any, keep them on their device, where the demo cannot see):
        hosts' lists of who booked show the counts per need."""
        rng = random.Random(15)  # its own, so the rest of the demo draws as before
        for visitor in self.visitors[::8]:
            chosen = rng.sample(AccessNeeds.NEEDS, rng.choice([1, 1, 2]))
            bookings.save_access_needs(visitor, needs=chosen, consent=True)

    def run(self) -> int:
        self.keep_access_needs()
        ballot, ballot_slots = self.open_ballot()
        preview = self.preview()
        self.release_in_waves()
        self.suggested_allowances(self.organisations[self.data["waves"]["allowance_host"]])
        to_confirm = self.reconfirmations()
        full = self.event_days()
        self.enter_ballot(ballot, ballot_slots)
        self.parties_and_demand(ballot, ballot_slots)
        self.demo_visitor_day(full, ballot, ballot_slots, to_confirm)
        return len(preview)


def bring_to_life(
    edition: Edition,
    *,
    activities: list[Activity],
    visitors: list[User],
    demo_visitor: User,
    organisations: dict[str, Organisation],
    staff: User,
) -> int:
    """Bookings, waiting lists, a ballot, the preview day and the demo visitor's
    own state in the current edition. Returns the number of preview slots."""
    return Life(
        edition,
        activities=activities,
        visitors=visitors,
        demo_visitor=demo_visitor,
        organisations=organisations,
        staff=staff,
    ).run()
