"""A synthetic but realistic city of manufacturing actors, for benchmarks.

Every actor gets an Italian name built from its trade and a common Lombard surname,
a real ATECO 2025 code that fits its category, valid (synthetic) VAT numbers, the
capabilities, materials and machines of its trade, and a site at a random point
inside a real NIL polygon (so its NIL and Municipio are right by construction).
The same seed always gives the same city.
"""

import random
from dataclasses import dataclass

import ateco
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import geo
from .models import MILANO_ISTAT_CODE, Capability, Machine, Material, Nil, Organisation, Site
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


def generate_city(count: int, *, seed: int = 2019, batch_size: int = 2000) -> CitySummary:
    """Create `count` synthetic organisations with one site each, in one transaction."""
    check_codes()
    rng = random.Random(seed)
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
    vat = _Vat(
        rng, set(Organisation.objects.exclude(vat_number=None).values_list("vat_number", flat=True))
    )
    first_ref = Organisation.objects.filter(source=Organisation.Source.SYNTHETIC).count()
    categories = [c for c, _ in CATEGORY_SHARES]
    shares = [s for _, s in CATEGORY_SHARES]
    now = timezone.now()

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
                    description = f"{rng.choice(LAB_NAMES[category])} a Milano."
                else:
                    code, trade, cap_codes, mat_codes = rng.choice(TRADES)
                    legal = rng.choice(LEGAL)
                    if category == C.ATELIER:
                        name = f"{trade} di {rng.choice(FIRST_NAMES)} {surname}"
                    else:
                        name = f"{trade} {surname} {legal}".strip()
                    cap_codes, mat_codes = list(cap_codes), list(mat_codes)
                    description = titles[code] + "."
                nil = rng.choices(nils, weights)[0]
                lat, lon = point(nil)
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
                        address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                        comune_id=MILANO_ISTAT_CODE,
                        latitude=lat,
                        longitude=lon,
                        municipio_id=locator.municipio(lat, lon),
                        nil_id=nil.id,
                        step_free=rng.random() < 0.6,
                    )
                )
                caps += [(organisation, capabilities[c]) for c in cap_codes]
                mats += [(organisation, materials[m]) for m in mat_codes]
                machines += [(organisation, cap, model) for cap, model in machine_rows]
            Organisation.objects.bulk_create(organisations, batch_size=batch_size)
            for site in sites:
                site.organisation_id = site.organisation.pk
            Site.objects.bulk_create(sites, batch_size=batch_size)
            through = Organisation.capabilities.through
            through.objects.bulk_create(
                [through(organisation_id=o.pk, capability_id=c.pk) for o, c in caps],
                batch_size=5000,
            )
            through = Organisation.materials.through
            through.objects.bulk_create(
                [through(organisation_id=o.pk, material_id=m.pk) for o, m in mats],
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
