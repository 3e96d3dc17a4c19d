"""The demo programme: editions, hub rooms, talks, workshops, evenings, routes,
review criteria, and the texts the builder draws from. The data is in
`data/programme.json`; this module gives it its shape."""

import datetime
from dataclasses import dataclass

from . import records


@dataclass(frozen=True)
class EditionData:
    year: int
    title: str
    tagline_it: str
    tagline_en: str
    event_start: datetime.date
    event_end: datetime.date
    host_call_opens: datetime.datetime  # naive: local time (Europe/Rome)
    host_call_closes: datetime.datetime
    review_closes: datetime.datetime
    registration_opens: datetime.datetime
    registration_closes: datetime.datetime
    hub_name: str = ""
    hub_address: str = ""


@dataclass(frozen=True)
class Template:
    kind: str
    title_it: str
    title_en: str
    description_it: str  # may use {name}
    description_en: str
    audience: str = "all"
    min_age: int = 0
    duration: int = 90
    languages: tuple[str, ...] = ("it",)


@dataclass(frozen=True)
class HubSession:
    """A talk, workshop or evening at the hub (site None), by a host organisation."""

    handle: str
    kind: str
    room: str
    title_it: str
    title_en: str
    description_it: str
    description_en: str
    duration: int = 60
    sessions: int = 1
    audience: str = "all"
    min_age: int = 0
    languages: tuple[str, ...] = ("it",)
    capacity: int = 40


@dataclass(frozen=True)
class HostEvening:
    """An evening event at a host's own site, on day 0 (Friday) or 1 (Saturday)."""

    handle: str
    day: int
    start: datetime.time
    duration: int
    title_it: str
    title_en: str
    description_it: str
    description_en: str
    min_age: int = 0


@dataclass(frozen=True)
class RouteData:
    slug: str
    title_it: str
    title_en: str
    description_it: str
    description_en: str
    theme: str  # a host theme, or "famiglie"/"scuole" which also look at the audience


_DATA = records.read("programme")


def _times(values: list[str]) -> list[datetime.time]:
    return [datetime.time.fromisoformat(value) for value in values]


EDITION_2019 = records.build(EditionData, _DATA["edition_2019"])
EDITION_2018 = records.build(EditionData, _DATA["edition_2018"])

# The hub at BASE Milano, open 10–19 on both days (evening events 20–23).
HUB_LATITUDE: str = _DATA["hub_latitude"]
HUB_LONGITUDE: str = _DATA["hub_longitude"]
HUB_ACCESSIBILITY: str = _DATA["hub_accessibility"]
# (name, seats)
HUB_ROOMS: list[tuple[str, int]] = [(name, seats) for name, seats in _DATA["hub_rooms"]]
HUB_OPENS = datetime.time.fromisoformat(_DATA["hub_opens"])
HUB_CLOSES = datetime.time.fromisoformat(_DATA["hub_closes"])

# (name_it, name_en, description_it, description_en, weight)
CRITERIA: list[tuple[str, str, str, str, int]] = [tuple(item) for item in _DATA["criteria"]]
REVIEW_COMMENTS: dict[str, list[str]] = _DATA["review_comments"]
# Texts for applications, by the host's category.
MOTIVATIONS: dict[str, str] = _DATA["motivations"]
STAFF_NOTES: list[str] = _DATA["staff_notes"]

# Time slots in a day for activities at host sites (start times, local).
VISIT_TIMES = _times(_DATA["visit_times"])
WORKSHOP_TIMES = _times(_DATA["workshop_times"])
OPEN_DOORS_START = datetime.time.fromisoformat(_DATA["open_doors_start"])

# Safety notes (it, en) by key; the key by the host's ATECO division (first two digits).
SAFETY: dict[str, tuple[str, str]] = {key: tuple(texts) for key, texts in _DATA["safety"].items()}
SAFETY_BY_DIVISION: dict[str, str] = _DATA["safety_by_division"]


def site_rules(*, safety: str, category: str, kind: str, min_age: int) -> dict:
    """An activity's site rules and visit accessibility (Activity fields), as a host
    of that trade would set them: a foundry asks closed shoes and hands out
    protective gear, from 14; a research lab forbids photographs and names its
    visitors on the tickets (guided visits, with an identity document)."""
    visit = kind in {"guided_visit", "open_doors", "workshop"}
    rules: dict = {"min_age": min_age}
    if safety in {"heat", "machines"} and visit:
        rules.update(closed_shoes=True, protective_equipment="provided")
    elif safety in {"tools", "food"} and visit:
        rules["protective_equipment"] = "provided"
    if safety == "heat" and kind in {"guided_visit", "open_doors"}:
        rules["min_age"] = max(min_age, 14)
    if category == "research" and visit:
        rules["no_photography"] = True
        if kind == "guided_visit":
            rules.update(named_tickets=True, id_required=True)
    # Visit accessibility beyond the site's: varied by trade.
    rules["companion_free"] = visit and category not in {"factory", "coworking"}
    rules["quiet_visit"] = kind == "guided_visit" and category in {
        "showroom",
        "historic_shop",
        "atelier",
    }
    return rules


# A second activity offered by many hosts, by category.
SECOND_ACTIVITIES = {
    category: records.build(Template, item) for category, item in _DATA["second_activities"].items()
}
TALKS = records.build_all(HubSession, _DATA["talks"])
HUB_WORKSHOPS = records.build_all(HubSession, _DATA["hub_workshops"])
EVENINGS_AT_HUB = records.build_all(HubSession, _DATA["evenings_at_hub"])
EVENINGS_AT_HOSTS = records.build_all(HostEvening, _DATA["evenings_at_hosts"])
ROUTES = records.build_all(RouteData, _DATA["routes"])

FIRST_NAMES: list[str] = _DATA["first_names"]
LAST_NAMES: list[str] = _DATA["last_names"]
