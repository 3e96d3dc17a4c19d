"""A synthetic but realistic city of manufacturing actors, for benchmarks.

Every actor gets an Italian name built from its trade and a common Lombard surname,
a real ATECO 2025 code that fits its category, valid (synthetic) VAT numbers, the
capabilities, materials and machines of its trade, and a site at a random point
inside a real NIL polygon (so its NIL and Municipio are right by construction).
The same seed always gives the same city.

`national=True` spreads the actors over every comune loaded (the ISTAT list of all
Italian comuni, `load_comuni`): Milan keeps its share inside the real NIL, the other
comuni lie around their province's chief town (the ISTAT list has no coordinates, so
a comune's place is synthetic: a fixed offset from the chief town, within the
province's usual size) and their actors within a few kilometres of it. Comuni get
heavy-tailed weights, as real manufacturing does: a few industrial towns, many
villages with a handful of workshops.
"""

import itertools
import math
import random
import zlib
from dataclasses import dataclass

import ateco
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from . import geo
from .models import (
    MILANO_ISTAT_CODE,
    Capability,
    Comune,
    Machine,
    Material,
    Nil,
    Organisation,
    Site,
)
from .services import RESERVED_SLUGS, Locator, keywords_for
from .validators import partita_iva_is_valid

C = Organisation.Category

SURNAMES = [
    "Rossi",
    "Colombo",
    "Ferrari",
    "Bianchi",
    "Romano",
    "Galli",
    "Fontana",
    "Conti",
    "Costa",
    "Ricci",
    "Bruno",
    "Brambilla",
    "Sala",
    "Villa",
    "Mauri",
    "Cattaneo",
    "Longoni",
    "Riva",
    "Mariani",
    "Fumagalli",
    "Barzaghi",
    "Pirovano",
    "Oggioni",
    "Viganò",
    "Lombardi",
    "Moretti",
    "Gatti",
    "Marchetti",
    "Sironi",
    "Meroni",
    "Rigamonti",
    "Cazzaniga",
    "Ronchi",
    "Bassi",
    "Valsecchi",
    "Crippa",
    "Arosio",
    "Corbetta",
    "Redaelli",
    "Citterio",
    "Tagliabue",
    "Limonta",
    "Radaelli",
    "Pozzi",
    "Cereda",
    "Porro",
    "Beretta",
    "Monti",
    "Giussani",
    "Parravicini",
    "Molteni",
    "Bonfanti",
    "Frigerio",
    "Airoldi",
]
FIRST_NAMES = [
    "Giulia",
    "Marco",
    "Chiara",
    "Luca",
    "Francesca",
    "Andrea",
    "Sara",
    "Matteo",
    "Elena",
    "Davide",
    "Martina",
    "Paolo",
    "Valentina",
    "Stefano",
    "Alessia",
    "Giorgio",
    "Anna",
    "Simone",
    "Laura",
    "Federico",
]
STREETS = [
    "Via Ventura",
    "Via Tortona",
    "Via Bergognone",
    "Via Savona",
    "Viale Monza",
    "Via Padova",
    "Via Giambellino",
    "Via Lorenteggio",
    "Via Bovisasca",
    "Via Cenisio",
    "Via Mecenate",
    "Via Ripamonti",
    "Via Ravenna",
    "Via Privata Oslavia",
    "Via Lambrate",
    "Via Rubattino",
    "Via Stephenson",
    "Via Comasina",
    "Via dei Missaglia",
    "Corso San Gottardo",
    "Via Pietrasanta",
    "Via Watt",
    "Via Forze Armate",
    "Viale Certosa",
    "Via Novara",
    "Via Console Marcello",
    "Via Gallarate",
    "Via Carlo Imbonati",
    "Via Cascina Bianca",
    "Via Cermenate",
    "Via Fantoli",
    "Via Bonfadini",
    "Via Mompiani",
    "Via Vittorini",
    "Via Boncompagni",
    "Viale Fulvio Testi",
]

# Generic street names for the comuni outside Milan.
TOWN_STREETS = [
    "Via Roma",
    "Via Garibaldi",
    "Via Mazzini",
    "Via Matteotti",
    "Via Dante",
    "Via Cavour",
    "Via Verdi",
    "Via dell'Industria",
    "Via dell'Artigianato",
    "Via Vittorio Veneto",
    "Via XX Settembre",
    "Via Marconi",
    "Via IV Novembre",
    "Via Kennedy",
    "Zona Industriale",
    "Via dei Mestieri",
]

# The chief town of each province (sigla of the ISTAT list), (latitude, longitude):
# where the synthetic comuni of that province gather.
PROVINCE_CENTRES = {
    "AG": (37.31, 13.58), "AL": (44.91, 8.61), "AN": (43.62, 13.52), "AO": (45.74, 7.32),
    "AP": (42.85, 13.58), "AQ": (42.35, 13.40), "AR": (43.46, 11.88), "AT": (44.90, 8.21),
    "AV": (40.91, 14.79), "BA": (41.12, 16.87), "BG": (45.70, 9.67), "BI": (45.56, 8.05),
    "BL": (46.14, 12.22), "BN": (41.13, 14.78), "BO": (44.49, 11.34), "BR": (40.63, 17.94),
    "BS": (45.54, 10.21), "BT": (41.32, 16.28), "BZ": (46.50, 11.35), "CA": (39.22, 9.11),
    "CB": (41.56, 14.66), "CE": (41.07, 14.33), "CH": (42.35, 14.17), "CL": (37.49, 14.06),
    "CN": (44.38, 7.54), "CO": (45.81, 9.09), "CR": (45.13, 10.02), "CS": (39.30, 16.25),
    "CT": (37.50, 15.09), "CZ": (38.91, 16.59), "EN": (37.57, 14.28), "FC": (44.22, 12.04),
    "FE": (44.84, 11.62), "FG": (41.46, 15.55), "FI": (43.77, 11.25), "FM": (43.16, 13.72),
    "FR": (41.64, 13.35), "GE": (44.41, 8.93), "GO": (45.94, 13.62), "GR": (42.76, 11.11),
    "IM": (43.89, 8.03), "IS": (41.59, 14.23), "KR": (39.08, 17.13), "LC": (45.86, 9.40),
    "LE": (40.35, 18.17), "LI": (43.55, 10.31), "LO": (45.31, 9.50), "LT": (41.47, 12.90),
    "LU": (43.84, 10.50), "MB": (45.58, 9.27), "MC": (43.30, 13.45), "ME": (38.19, 15.55),
    "MI": (45.46, 9.19), "MN": (45.16, 10.79), "MO": (44.65, 10.93), "MS": (44.04, 10.14),
    "MT": (40.67, 16.60), "NA": (40.85, 14.27), "NO": (45.45, 8.62), "NU": (40.32, 9.33),
    "OR": (39.90, 8.59), "PA": (38.12, 13.36), "PC": (45.05, 9.69), "PD": (45.41, 11.88),
    "PE": (42.46, 14.21), "PG": (43.11, 12.39), "PI": (43.72, 10.40), "PN": (45.96, 12.66),
    "PO": (43.88, 11.10), "PR": (44.80, 10.33), "PT": (43.93, 10.92), "PU": (43.91, 12.91),
    "PV": (45.19, 9.16), "PZ": (40.64, 15.80), "RA": (44.42, 12.20), "RC": (38.11, 15.65),
    "RE": (44.70, 10.63), "RG": (36.93, 14.73), "RI": (42.40, 12.86), "RM": (41.90, 12.50),
    "RN": (44.06, 12.57), "RO": (45.07, 11.79), "SA": (40.68, 14.77), "SI": (43.32, 11.33),
    "SO": (46.17, 9.87), "SP": (44.10, 9.82), "SR": (37.08, 15.29), "SS": (40.73, 8.56),
    "SU": (39.30, 8.80), "SV": (44.31, 8.48), "TA": (40.47, 17.24), "TE": (42.66, 13.70),
    "TN": (46.07, 11.12), "TO": (45.07, 7.69), "TP": (38.02, 12.51), "TR": (42.56, 12.64),
    "TS": (45.65, 13.78), "TV": (45.67, 12.24), "UD": (46.06, 13.24), "VA": (45.82, 8.83),
    "VB": (45.92, 8.55), "VC": (45.32, 8.42), "VE": (45.44, 12.32), "VI": (45.55, 11.55),
    "VR": (45.44, 10.99), "VT": (42.42, 12.11), "VV": (38.68, 16.10),
}  # fmt: skip
# Milan's share of a national directory (it is the densest city on the map).
MILANO_SHARE = 0.04

# Trades: (ATECO subcategory, name for the firm, capabilities, materials).
TRADES = [
    ("25.53.00", "Meccanica", ["metal", "cnc-milling"], ["metal"]),
    ("25.61.00", "Coltelleria", ["metal"], ["metal"]),
    ("25.11.00", "Carpenteria metallica", ["metal", "welding"], ["metal"]),
    ("25.99.90", "Minuterie metalliche", ["metal"], ["metal"]),
    ("28.41.00", "Officina macchine utensili", ["metal", "cnc-milling"], ["metal"]),
    ("16.23.09", "Falegnameria", ["wood"], ["wood"]),
    ("31.00.31", "Mobilificio", ["wood"], ["wood", "textile"]),
    ("16.27.00", "Laboratorio del legno", ["wood", "laser-cutting"], ["wood"]),
    ("14.21.20", "Sartoria", ["textile"], ["textile"]),
    ("13.99.90", "Tessitura", ["textile"], ["textile"]),
    ("15.12.00", "Pelletteria", ["leather"], ["leather"]),
    ("23.41.00", "Ceramiche", ["ceramics"], ["ceramics"]),
    ("23.13.00", "Vetreria", ["glass"], ["glass"]),
    ("32.12.20", "Oreficeria", ["jewellery"], ["precious-metals"]),
    ("18.12.00", "Tipografia", ["printing"], ["paper"]),
    ("22.26.99", "Stampaggio plastica", ["moulding", "3d-printing"], ["plastic"]),
    ("26.12.00", "Elettronica", ["electronics"], ["metal", "plastic"]),
    ("27.12.00", "Quadri elettrici", ["electronics"], ["metal"]),
    ("28.99.99", "Automazione", ["robotics", "electronics"], ["metal"]),
    ("33.12.10", "Riparazioni industriali", ["repair", "metal"], ["metal"]),
    ("10.71.10", "Panificio", [], ["food"]),
    ("32.99.99", "Laboratorio artigiano", ["3d-printing"], ["plastic", "composites"]),
    ("23.70.10", "Marmi e pietre", ["cnc-milling"], ["stone"]),
]
LAB_CAPABILITIES = [
    "3d-printing",
    "laser-cutting",
    "cnc-milling",
    "vinyl-cutting",
    "3d-scanning",
    "electronics",
    "textile",
    "wood",
    "robotics",
    "printing",
]
LAB_MATERIALS = ["wood", "acrylic", "plastic", "textile", "paper", "metal", "composites"]
MACHINE_MODELS = {
    "3d-printing": ["Prusa MK4", "Ultimaker S5", "Bambu Lab X1", "Formlabs Form 3"],
    "laser-cutting": ["Trotec Speedy 400", "Epilog Fusion Pro", "Trotec Speedy 360"],
    "cnc-milling": ["ShopBot PRSalpha", "Roland SRM-20", "Biesse Rover"],
    "vinyl-cutting": ["Roland CAMM-1 GS-24", "Silhouette Cameo 4"],
    "3d-scanning": ["Artec Eva", "Shining3D EinScan"],
    "electronics": ["Banco Weller WE1010", "Oscilloscopio Rigol DS1054Z"],
    "textile": ["Juki DDL-8700", "Brother PR1055X"],
    "wood": ["Sega circolare SCM", "Pialla Felder"],
    "robotics": ["Universal Robots UR5", "KUKA KR 6"],
    "printing": ["Roland VersaUV LEF-200", "Epson SureColor P9500"],
}
CATEGORY_SHARES = [
    (C.FACTORY, 30),
    (C.WORKSHOP, 22),
    (C.ATELIER, 24),
    (C.SHOWROOM, 3),
    (C.RESEARCH, 1),
    (C.SOCIAL, 2),
    (C.ACADEMY, 2),
    (C.SCHOOL, 2),
    (C.FABLAB, 7),
    (C.INNOVATION_HUB, 3),
    (C.COWORKING, 4),
]
LAB_ATECO = {
    C.FABLAB: "32.99.99",
    C.INNOVATION_HUB: "70.20.09",
    C.COWORKING: "68.20.02",
    C.RESEARCH: "72.10.29",
    C.ACADEMY: "85.59.20",
    C.SCHOOL: "85.32.09",
    C.SOCIAL: "94.99.90",
    C.SHOWROOM: "91.21.00",
}
LAB_NAMES = {
    C.FABLAB: ["FabLab", "Makerspace", "Officina digitale"],
    C.INNOVATION_HUB: ["Innovation hub", "Polo dell'innovazione"],
    C.COWORKING: ["Coworking", "Spazio condiviso"],
    C.RESEARCH: ["Laboratorio di ricerca", "Centro ricerche"],
    C.ACADEMY: ["Accademia", "Scuola di mestieri"],
    C.SCHOOL: ["Istituto tecnico", "Scuola professionale"],
    C.SOCIAL: ["Cooperativa", "Laboratorio sociale"],
    C.SHOWROOM: ["Museo d'impresa", "Showroom"],
}
LEGAL = ["Srl", "S.r.l.", "Snc", "& Figli", "Sas", "S.p.A.", ""]


@dataclass
class CitySummary:
    organisations: int
    sites: int
    machines: int


def check_codes() -> None:
    """Every ATECO code used exists in the ISTAT 2025 classification."""
    for code in [t[0] for t in TRADES] + list(LAB_ATECO.values()):
        if not ateco.validate(code) or ateco.lookup(code) is None:
            raise ValueError(f"Unknown ATECO code {code}")


class _Vat:
    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng, self.taken = rng, taken

    def next(self) -> str:
        while True:
            base = f"{self.rng.randrange(10**9, 10**10):010d}"
            for digit in "0123456789":
                candidate = base + digit
                if partita_iva_is_valid(candidate):
                    break
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


@dataclass(frozen=True)
class _Town:
    """A comune outside Milan as the generator places it."""

    istat_code: str
    name: str
    latitude: float
    longitude: float
    spread: float  # degrees: how far its actors lie from its centre


def _towns(rng: random.Random) -> tuple[list[_Town], list[float]]:
    """Every loaded comune but Milan, placed around its province's chief town, and
    its weight (heavy-tailed: Pareto)."""
    comuni = list(
        Comune.objects.exclude(istat_code=MILANO_ISTAT_CODE)
        .order_by("istat_code")
        .values_list("istat_code", "name", "province")
    )
    per_province: dict[str, int] = {}
    for _code, _name, province in comuni:
        per_province[province] = per_province.get(province, 0) + 1
    towns, weights = [], []
    for code, name, province in comuni:
        if province not in PROVINCE_CENTRES:
            continue
        centre_lat, centre_lon = PROVINCE_CENTRES[province]
        # A fixed place for each comune, whatever the seed: angle and distance
        # from its ISTAT code; provinces with more comuni cover more ground.
        mixed = zlib.crc32(code.encode())
        angle = (mixed % 3600) / 3600 * 2 * math.pi
        reach = 0.03 + 0.03 * math.sqrt(per_province[province])
        distance = reach * math.sqrt(((mixed >> 12) % 1000) / 1000)
        latitude = centre_lat + distance * math.sin(angle)
        longitude = centre_lon + distance * math.cos(angle) / math.cos(math.radians(centre_lat))
        weight = min(rng.paretovariate(1.2), 400.0)
        towns.append(_Town(code, name, latitude, longitude, 0.006 + 0.002 * math.log(weight)))
        weights.append(weight)
    return towns, weights


def generate_city(
    count: int, *, seed: int = 2019, batch_size: int = 2000, national: bool = False
) -> CitySummary:
    """Create `count` synthetic organisations with one site each, in one transaction;
    `national`: across every loaded comune (see the module's note), else all in Milan."""
    check_codes()
    rng = random.Random(seed)
    towns, town_weights = _towns(rng) if national else ([], [])
    if national and not towns:
        raise ValueError("Load the Italian comuni first (manage.py load_comuni).")
    milano_share = MILANO_SHARE
    nils = list(Nil.objects.order_by("id"))
    if not nils:
        raise ValueError("Load the NIL first (manage.py load_nil).")
    index = geo.PolygonIndex((nil.id, nil.geometry) for nil in nils)
    weights = [
        (nil.max_latitude - nil.min_latitude) * (nil.max_longitude - nil.min_longitude)
        for nil in nils
    ]
    locator = Locator()
    capabilities = {c.code: c for c in Capability.objects.all()}
    materials = {m.code: m for m in Material.objects.all()}
    titles = {code: (ateco.lookup(code).title) for code in [t[0] for t in TRADES]}
    slugs = set(Organisation.objects.values_list("slug", flat=True)) | RESERVED_SLUGS
    taken_vat = Organisation.objects.exclude(vat_number=None).values_list("vat_number", flat=True)
    vat = _Vat(rng, {number for number in taken_vat if number is not None})
    first_ref = Organisation.objects.filter(source=Organisation.Source.SYNTHETIC).count()
    categories = [c for c, _ in CATEGORY_SHARES]
    shares = [s for _, s in CATEGORY_SHARES]
    now = timezone.now()
    cum = list(itertools.accumulate(town_weights))

    def pick_town() -> _Town | None:
        """None for Milan (always, unless national)."""
        if not national or rng.random() < milano_share:
            return None
        return rng.choices(towns, cum_weights=cum)[0]

    def point(nil: Nil) -> tuple[float, float]:
        while True:
            lat = rng.uniform(nil.min_latitude, nil.max_latitude)
            lon = rng.uniform(nil.min_longitude, nil.max_longitude)
            if index.find(lon, lat) == nil.id:
                return round(lat, 6), round(lon, 6)

    def slug_for(name: str) -> str:
        base = slugify(name)[:200] or "organizzazione"
        slug, n = base, 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        return slug

    created = sites_created = machines_created = 0
    with transaction.atomic():
        for start in range(0, count, batch_size):
            size = min(batch_size, count - start)
            organisations, sites, caps, mats, machines = [], [], [], [], []
            for offset in range(size):
                n = first_ref + start + offset
                category = rng.choices(categories, shares)[0]
                surname = rng.choice(SURNAMES)
                if category in LAB_ATECO:
                    code = LAB_ATECO[category]
                    name = f"{rng.choice(LAB_NAMES[category])} {rng.choice(SURNAMES)}"
                    if category == C.FABLAB:
                        cap_codes = rng.sample(LAB_CAPABILITIES, rng.randint(3, 6))
                        mat_codes = rng.sample(LAB_MATERIALS, rng.randint(2, 4))
                    elif category in (C.INNOVATION_HUB, C.RESEARCH):
                        cap_codes = rng.sample(LAB_CAPABILITIES, rng.randint(1, 4))
                        mat_codes = rng.sample(LAB_MATERIALS, rng.randint(0, 2))
                    else:
                        cap_codes, mat_codes = [], []
                    town = pick_town()
                    description = (
                        f"{rng.choice(LAB_NAMES[category])} a {town.name if town else 'Milano'}."
                    )
                else:
                    code, trade, cap_codes, mat_codes = rng.choice(TRADES)
                    legal = rng.choice(LEGAL)
                    if category == C.ATELIER:
                        name = f"{trade} di {rng.choice(FIRST_NAMES)} {surname}"
                    else:
                        name = f"{trade} {surname} {legal}".strip()
                    cap_codes, mat_codes = list(cap_codes), list(mat_codes)
                    description = titles[code] + "."
                    town = pick_town()
                if town is None:
                    nil = rng.choices(nils, weights)[0]
                    lat, lon = point(nil)
                else:
                    nil = None
                    lat = round(rng.gauss(town.latitude, town.spread), 6)
                    lon = round(rng.gauss(town.longitude, town.spread * 1.4), 6)
                machine_codes = (
                    rng.sample(cap_codes, min(len(cap_codes), rng.randint(1, 4)))
                    if category in (C.FABLAB, C.INNOVATION_HUB) or rng.random() < 0.3
                    else []
                )
                machine_rows = [
                    (capabilities[c], rng.choice(MACHINE_MODELS.get(c, ["Modello standard"])))
                    for c in machine_codes
                ]
                organisation = Organisation(
                    name=name,
                    slug=slug_for(name),
                    category=category,
                    description_it=description,
                    vat_number=vat.next() if rng.random() < 0.9 else None,
                    ateco_code=code,
                    source=Organisation.Source.SYNTHETIC,
                    source_ref=f"city-{n}",
                    last_confirmed_at=now,
                    keywords=keywords_for(
                        ateco_code=code,
                        capabilities=[capabilities[c] for c in cap_codes],
                        materials=[materials[m] for m in mat_codes],
                        machines=[model for _c, model in machine_rows],
                    ),
                )
                organisations.append(organisation)
                sites.append(
                    Site(
                        organisation=organisation,
                        name="Sede",
                        address=f"{rng.choice(TOWN_STREETS if town else STREETS)} "
                        f"{rng.randint(1, 180)}",
                        comune_id=town.istat_code if town else MILANO_ISTAT_CODE,
                        latitude=lat,
                        longitude=lon,
                        municipio_id=None if town else locator.municipio(lat, lon),
                        nil_id=nil.id if nil else None,
                        step_free=rng.random() < 0.6,
                    )
                )
                caps += [(organisation, capabilities[c]) for c in cap_codes]
                mats += [(organisation, materials[m]) for m in mat_codes]
                machines += [(organisation, cap, model) for cap, model in machine_rows]
            # The sites first, the organisations next (with ids taken beforehand;
            # the foreign key is checked at commit): the database gives each
            # organisation its places' keys as it is inserted (migration 0014),
            # rather than writing every row a second time after its site.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('directory_organisation', 'id'))"
                    " FROM generate_series(1, %s)",
                    [len(organisations)],
                )
                for organisation, (pk,) in zip(organisations, cursor.fetchall(), strict=True):
                    organisation.pk = pk
            for site in sites:
                site.organisation_id = site.organisation.pk
            Site.objects.bulk_create(sites, batch_size=batch_size)
            Organisation.objects.bulk_create(organisations, batch_size=batch_size)
            through = Organisation.capabilities.through
            through.objects.bulk_create(
                [through(organisation_id=o.pk, capability_id=c.pk) for o, c in caps],
                batch_size=5000,
            )
            material_through = Organisation.materials.through
            material_through.objects.bulk_create(
                [material_through(organisation_id=o.pk, material_id=m.pk) for o, m in mats],
                batch_size=5000,
            )
            Machine.objects.bulk_create(
                [Machine(organisation=o, capability=c, model=m) for o, c, m in machines],
                batch_size=5000,
            )
            created += len(organisations)
            sites_created += len(sites)
            machines_created += len(machines)
    return CitySummary(organisations=created, sites=sites_created, machines=machines_created)
