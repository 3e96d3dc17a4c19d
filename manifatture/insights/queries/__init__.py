"""The figures of the staff dashboard and of the public numbers page.

Every figure is computed from the source of truth (applications, activities, slots,
bookings, waiting lists, ballots, walk-ins) with grouped aggregate queries: a fixed
number of queries however many editions, hosts or bookings there are. Results are
cached for a short time (``INSIGHTS_CACHE_SECONDS`` in config/settings.py; 0 turns the cache
off), keyed by edition, filters and language, so a change shows up within that time.

Definitions (the pages repeat them to their readers):

- **host**: an organisation whose application to the edition was accepted.
- **a host's place**: the site of its published activities in the edition (the one
  with the lowest id if several), else the organisation's first site.
- **periphery**: a site whose NIL is flagged as periphery (docs/periphery.md);
  **centre**: a site in a Milan NIL that is not; **outside Milan**: a site with no NIL;
  **hub**: activities at the edition's hub (no site).
- **programme**: published activities and their slots that are not cancelled.
- **fill rate**: seats of confirmed bookings / capacity of those slots.
- **waiting-list demand**: distinct visitors with a waiting-list entry that is waiting,
  offered or expired on an activity where they hold no confirmed booking: people who
  wanted a place and did not get one.
- **ballot oversubscription**: seats asked as first choice / capacity of the balloted slots.
- **no-show rate**: bookings marked no-show / bookings whose attendance was recorded
  (checked in or no-show).
- **walk-ins**: people counted at the door without a booking.
- **visitors** (public page): once the event is over, people checked in at the door plus
  walk-ins; before that, or when nobody was checked in, people with a confirmed booking
  plus walk-ins. ``EditionNumbers.visitors_basis`` says which.

One module per part of the dashboard: `filters` (areas, states that count,
the staff's filters) and `arithmetic` shared by all; `programme` (the cube of
activities, slots, bookings and attendance), `hosts`, `visitors`, `ballots`,
`albo_and_calls`, `public` (the public numbers page); `caching`.
Callers use the package (`from manifatture.insights import queries`).
"""

from manifatture.activities.areas import AREAS, CENTRE, HUB, OUTSIDE, PERIPHERY, area_label

from .albo_and_calls import call_figures, qualified_list_figures
from .arithmetic import rate, ratio
from .ballots import BallotLine, ballot_lines
from .caching import cached
from .filters import (
    ACCEPTED,
    CONFIRMED,
    PUBLISHED,
    UNPLACED_WAITING,
    Filters,
    municipio_label,
)
from .hosts import Host, Place, hosts
from .programme import MEASURES, Cube, Measures, programme_cube, rollup
from .public import EditionNumbers, public_numbers, published_editions
from .visitors import (
    Origin,
    Residence,
    seats_by_municipio,
    visitor_age_bands,
    visitor_residence,
    visitors_by_edition,
    waiting_demand,
)

__all__ = [
    "ACCEPTED",
    "AREAS",
    "CENTRE",
    "CONFIRMED",
    "HUB",
    "MEASURES",
    "OUTSIDE",
    "PERIPHERY",
    "PUBLISHED",
    "UNPLACED_WAITING",
    "BallotLine",
    "Cube",
    "EditionNumbers",
    "Filters",
    "Host",
    "Measures",
    "Origin",
    "Place",
    "Residence",
    "area_label",
    "ballot_lines",
    "cached",
    "call_figures",
    "hosts",
    "municipio_label",
    "programme_cube",
    "public_numbers",
    "published_editions",
    "qualified_list_figures",
    "rate",
    "ratio",
    "rollup",
    "seats_by_municipio",
    "visitor_age_bands",
    "visitor_residence",
    "visitors_by_edition",
    "waiting_demand",
]
