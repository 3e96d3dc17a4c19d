"""Plans the demo programme in memory: which activities, on which days, at what times.

Nothing here touches the database; `builder` writes the plans. Hub sessions are
packed into their rooms one after another, so no two overlap in a room.
"""

import datetime
import random
from dataclasses import dataclass, field

from manifatture.activities.models import Activity
from manifatture.directory.models import Organisation

from . import programme
from .hosts import HOSTS, HOSTS_2018_ONLY, Host, Kind, Offer
from .programme import HubSession, Template

Audience = Activity.Audience

# Host activities run from 10 to 19; a slot must end by then.
DAY_ENDS = datetime.time(19, 0)
EVENING_AT_HUB = datetime.time(20, 0)

KIND_SENTENCES: dict[str, tuple[str, str]] = {
    Kind.GUIDED_VISIT: (
        "La visita è guidata da chi ci lavora ogni giorno e si svolge a piccoli gruppi.",
        "The visit is led by the people who work here every day, in small groups.",
    ),
    Kind.WORKSHOP: (
        "Un laboratorio pratico: materiali e attrezzi sono forniti e si porta a casa quello che "
        "si realizza.",
        "A hands-on workshop: materials and tools are provided and you take home what you make.",
    ),
    Kind.OPEN_DOORS: (
        "Porte aperte: si entra nella fascia prenotata e si resta quanto si vuole.",
        "Open doors: come in during your booked time and stay as long as you like.",
    ),
    Kind.TALK: (
        "Un incontro all'hub di Manifatture Aperte, con tempo per le domande del pubblico.",
        "A talk at the Manifatture Aperte hub, with time for questions from the audience.",
    ),
    Kind.EVENING: (
        "Un evento serale su prenotazione.",
        "An evening event; booking required.",
    ),
}


@dataclass
class SlotPlan:
    day: int  # 0 for the first day of the event
    start: datetime.time
    capacity: int
    room: str = ""  # a hub room's name, for activities at the hub


@dataclass
class ActivityPlan:
    host: Host
    kind: str
    title_it: str
    title_en: str
    description_it: str
    description_en: str
    duration: int
    audience: str = Audience.ALL
    min_age: int = 0
    languages: tuple[str, ...] = ("it",)
    at_hub: bool = False
    safety: str = ""  # a key of programme.SAFETY
    slots: list[SlotPlan] = field(default_factory=list)

    @property
    def first_start(self) -> tuple[int, datetime.time]:
        return min((slot.day, slot.start) for slot in self.slots)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def ends_by(start: datetime.time, minutes: int, limit: datetime.time) -> bool:
    end = datetime.datetime.combine(datetime.date.min, start) + datetime.timedelta(minutes=minutes)
    return end.time() <= limit and end.date() == datetime.date.min


class Planner:
    def __init__(self, rng: random.Random, hosts: dict[str, Host]) -> None:
        self.rng = rng
        self.hosts = hosts

    def safety_for(self, host: Host, kind: str) -> str:
        if kind in {Kind.TALK, Kind.EVENING}:
            return ""
        if host.category == Organisation.Category.FABLAB and kind == Kind.WORKSHOP:
            return "tools"
        safety = programme.SAFETY_BY_DIVISION.get(host.ateco[:2], "")
        # Hand tools are for the participants of a workshop; visitors only watch.
        return "bench" if safety == "tools" and kind != Kind.WORKSHOP else safety

    def capacity(self, kind: str, audience: str = Audience.ALL) -> int:
        if kind == Kind.OPEN_DOORS:
            return self.rng.choice([30, 35, 40])
        if kind == Kind.WORKSHOP:
            return self.rng.choice([8, 10, 12, 15, 16])
        if kind == Kind.EVENING:
            return self.rng.choice([30, 40])
        if audience == Audience.SCHOOLS:
            return 25  # a class with its teachers
        return self.rng.choice([12, 15, 15, 20, 25])

    def add_slots(
        self, plan: ActivityPlan, days: int, *, busy: set[tuple[int, datetime.time]]
    ) -> None:
        """Time slots at a host's site, avoiding the (day, start) pairs already `busy` there.

        School visits are on Friday mornings (a school day); the rest on every day.
        """
        schools = plan.audience == Audience.SCHOOLS
        for day in [0] if schools else range(days):
            if plan.kind == Kind.OPEN_DOORS:
                start = programme.OPEN_DOORS_START
                if (day, start) in busy and ends_by(datetime.time(14, 0), plan.duration, DAY_ENDS):
                    start = datetime.time(14, 0)
                times = [start]
            else:
                choices = (
                    programme.WORKSHOP_TIMES
                    if plan.kind == Kind.WORKSHOP
                    else programme.VISIT_TIMES
                )
                fitting = [
                    time
                    for time in choices
                    if (day, time) not in busy and ends_by(time, plan.duration, DAY_ENDS)
                ]
                if schools:
                    fitting = [time for time in fitting if time.hour < 13] or fitting
                wanted = self.rng.choice([2, 3] if plan.kind == Kind.GUIDED_VISIT else [1, 2])
                times = sorted(self.rng.sample(fitting, min(wanted, len(fitting))))
            capacity = self.capacity(plan.kind, plan.audience)
            for time in times:
                busy.add((day, time))
                plan.slots.append(SlotPlan(day=day, start=time, capacity=capacity))

    def from_offer(self, host: Host, offer: Offer) -> ActivityPlan:
        sentence_it, sentence_en = KIND_SENTENCES[offer.kind]
        return ActivityPlan(
            host=host,
            kind=offer.kind,
            title_it=offer.title_it,
            title_en=offer.title_en,
            description_it=f"{capitalised(offer.about_it)}. {sentence_it}",
            description_en=f"{capitalised(offer.about_en)}. {sentence_en}",
            duration=offer.duration,
            audience=offer.audience,
            min_age=offer.min_age,
            languages=offer.languages,
            safety=self.safety_for(host, offer.kind),
        )

    def from_template(self, host: Host, template: Template) -> ActivityPlan:
        return ActivityPlan(
            host=host,
            kind=template.kind,
            # Many hosts share a template: the programme names the host beside
            # the title, so the title does not repeat it.
            title_it=template.title_it,
            title_en=template.title_en,
            description_it=template.description_it.format(name=host.name),
            description_en=template.description_en.format(name=host.name),
            duration=template.duration,
            audience=template.audience,
            min_age=template.min_age,
            languages=template.languages,
            safety=self.safety_for(host, template.kind),
        )

    def from_session(self, session: HubSession) -> ActivityPlan:
        return ActivityPlan(
            host=self.hosts[session.handle],
            kind=session.kind,
            title_it=session.title_it,
            title_en=session.title_en,
            description_it=session.description_it,
            description_en=session.description_en,
            duration=session.duration,
            audience=session.audience,
            min_age=session.min_age,
            languages=session.languages,
            at_hub=True,
            safety="food" if session.room == "Cucina" else "",
        )

    def plan_2019(self) -> list[ActivityPlan]:
        """Each host's own activity, a second one for most, the hub, and evening events."""
        plans = []
        for host in HOSTS:
            busy: set[tuple[int, datetime.time]] = set()
            main = self.from_offer(host, host.offer)
            self.add_slots(main, 2, busy=busy)
            plans.append(main)
            if self.rng.random() < 0.7:
                second = self.from_template(host, programme.SECOND_ACTIVITIES[host.category])
                self.add_slots(second, 2, busy=busy)
                plans.append(second)
        plans += self.plan_hub()
        sentence_it, sentence_en = KIND_SENTENCES[Kind.EVENING]
        for evening in programme.EVENINGS_AT_HOSTS:
            host = self.hosts[evening.handle]
            slot = SlotPlan(evening.day, evening.start, self.capacity(Kind.EVENING))
            plans.append(
                ActivityPlan(
                    host=host,
                    kind=Kind.EVENING,
                    title_it=evening.title_it,
                    title_en=evening.title_en,
                    description_it=f"{evening.description_it} {sentence_it}",
                    description_en=f"{evening.description_en} {sentence_en}",
                    duration=evening.duration,
                    min_age=evening.min_age,
                    languages=("it", "en"),
                    # At night the site's own rules still apply (furnaces, machines).
                    safety=self.safety_for(host, Kind.GUIDED_VISIT) if evening.min_age else "",
                    slots=[slot],
                )
            )
        return plans

    def plan_hub(self) -> list[ActivityPlan]:
        """Talks and workshops packed into the hub rooms from 10 to 19, then the evenings."""
        gap = datetime.timedelta(minutes=15)
        opens = datetime.datetime.combine(datetime.date.min, programme.HUB_OPENS)
        closes = datetime.datetime.combine(datetime.date.min, programme.HUB_CLOSES)
        next_free = {(room, day): opens for room, _seats in programme.HUB_ROOMS for day in (0, 1)}
        plans = []
        for session in programme.TALKS + programme.HUB_WORKSHOPS:
            plan = self.from_session(session)
            if session.sessions == 2:
                days = [0, 1]
            else:  # the day on which the room frees up first
                room = session.room
                days = [min((0, 1), key=lambda day: next_free[(room, day)])]
            for day in days:
                start = next_free[(session.room, day)]
                end = start + datetime.timedelta(minutes=session.duration)
                if end > closes:
                    raise RuntimeError(f"The hub room {session.room} is full on day {day + 1}.")
                # The next session starts after a break, on the quarter hour.
                after = end + gap
                next_free[(session.room, day)] = after + datetime.timedelta(
                    minutes=-after.minute % 15
                )
                plan.slots.append(SlotPlan(day, start.time(), session.capacity, session.room))
            plans.append(plan)
        for session in programme.EVENINGS_AT_HUB:
            plan = self.from_session(session)
            plan.slots = [
                SlotPlan(day, EVENING_AT_HUB, session.capacity, session.room)
                for day in range(session.sessions)
            ]
            plans.append(plan)
        return plans

    def plan_2018(self) -> list[ActivityPlan]:
        """One activity for each host of the one-day 2018 edition."""
        plans = []
        for host in HOSTS + HOSTS_2018_ONLY:
            if 2018 in host.editions:
                plan = self.from_offer(host, host.offer)
                self.add_slots(plan, 1, busy=set())
                plans.append(plan)
        return plans
