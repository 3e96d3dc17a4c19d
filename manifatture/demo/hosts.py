"""The organisations of the demo: who they are, where they work, what they show.
The data is in `data/hosts.json`; this module gives it its shape.

Names, firms and people are invented (apart from the NEMA partners named in the
programme's own documents: BASE Milano, Cariplo Factory, WeMake, OpenDot, and
Polifactory); the streets are real and the coordinates place each site in the
right neighbourhood (NIL) of Milan or in the right comune of the metropolitan area.
"""

from dataclasses import dataclass

from manifatture.directory.models import Organisation
from manifatture.participations.models import ActivityKind

from . import records

Category = Organisation.Category
Kind = ActivityKind

# ISTAT codes of the comuni used below (Città metropolitana di Milano).
MILANO = "015146"
ABBIATEGRASSO = "015002"
BOLLATE = "015027"
CERNUSCO = "015070"
CINISELLO = "015077"
CORSICO = "015093"
GORGONZOLA = "015108"
LEGNANO = "015118"
MAGENTA = "015130"
PADERNO_DUGNANO = "015166"
RHO = "015182"
ROZZANO = "015189"
SAN_DONATO = "015192"
SEGRATE = "015205"
SESTO = "015209"
TREZZANO = "015220"
VIMODRONE = "015242"

BOTH = (2018, 2019)
ONLY_2019 = (2019,)
ONLY_2018 = (2018,)


@dataclass(frozen=True)
class Place:
    """A site. `access` lists its facilities: s step-free, t accessible toilet,
    b seating, l hearing loop."""

    address: str
    postcode: str
    latitude: str
    longitude: str
    comune: str = MILANO
    name: str = "Sede"
    access: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Offer:
    """The host's main activity; `about_*` is one sentence on what visitors see."""

    kind: str
    title_it: str
    title_en: str
    about_it: str
    about_en: str
    audience: str = "all"
    languages: tuple[str, ...] = ("it",)
    min_age: int = 0
    duration: int = 75


@dataclass(frozen=True)
class Host:
    handle: str  # short name for the web site and e-mail domain
    name: str
    category: str
    ateco: str
    description_it: str
    description_en: str
    places: tuple[Place, ...]
    offer: Offer
    editions: tuple[int, ...] = BOTH
    themes: tuple[str, ...] = ()
    has_vat: bool = True  # state schools have a codice fiscale only


_DATA = records.read("hosts")
HOSTS: list[Host] = records.build_all(Host, _DATA["hosts"])
# Applicants of 2019 whose application was not accepted: (host, state, note to them).
APPLICANTS_2019: list[tuple[Host, str, str]] = [
    (records.build(Host, item["host"]), item["state"], item["note"])
    for item in _DATA["applicants_2019"]
]
HOSTS_2018_ONLY: list[Host] = records.build_all(Host, _DATA["hosts_2018_only"])
# An organisation with no application yet, for the demo account that tries applying.
NEW_HOST: Host = records.build(Host, _DATA["new_host"])
