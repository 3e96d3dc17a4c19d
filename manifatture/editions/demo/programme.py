"""The demo programme: editions, hub rooms, talks, workshops, evenings, routes,
review criteria, and the texts the builder draws from."""

import datetime
from dataclasses import dataclass

from manifatture.directory.models import Organisation

from .hosts import Kind

Category = Organisation.Category

# --- Editions --------------------------------------------------------------------------


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


EDITION_2019 = EditionData(
    year=2019,
    title="Manifatture Aperte 2019",
    tagline_it="Due giorni per scoprire i luoghi della manifattura, dell'artigianato e della fabbricazione digitale a Milano",
    tagline_en="Two days to discover the places of manufacturing, craft and digital fabrication in Milan",
    event_start=datetime.date(2019, 11, 29),
    event_end=datetime.date(2019, 11, 30),
    host_call_opens=datetime.datetime(2019, 10, 15, 10, 0),
    host_call_closes=datetime.datetime(2019, 11, 5, 23, 59),
    review_closes=datetime.datetime(2019, 11, 10, 23, 59),
    registration_opens=datetime.datetime(2019, 11, 12, 10, 0),
    registration_closes=datetime.datetime(2019, 11, 28, 23, 59),
    hub_name="BASE Milano",
    hub_address="Via Bergognone 34, 20144 Milano (Zona Tortona)",
)

EDITION_2018 = EditionData(
    year=2018,
    title="Manifatture Aperte 2018",
    tagline_it="La prima edizione: un giorno di porte aperte nelle imprese manifatturiere di Milano",
    tagline_en="The first edition: one day of open doors at Milan's manufacturing firms",
    event_start=datetime.date(2018, 9, 29),
    event_end=datetime.date(2018, 9, 29),
    host_call_opens=datetime.datetime(2018, 7, 2, 10, 0),
    host_call_closes=datetime.datetime(2018, 9, 3, 23, 59),
    review_closes=datetime.datetime(2018, 9, 10, 23, 59),
    registration_opens=datetime.datetime(2018, 9, 12, 10, 0),
    registration_closes=datetime.datetime(2018, 9, 28, 23, 59),
)

# The hub at BASE Milano, open 10–19 on both days (evening events 20–23).
HUB_LATITUDE = "45.453100"
HUB_LONGITUDE = "9.161600"
HUB_ACCESSIBILITY = (
    "Tutte le sale al piano terra, senza gradini; bagni accessibili; anello a induzione "
    "nell'Auditorium e nella Sala Grande. Posti riservati per persone in sedia a rotelle."
)

# (name, seats)
HUB_ROOMS = [
    ("Auditorium", 120),
    ("Sala Grande", 80),
    ("Spazio Workshop", 30),
    ("Cucina", 16),
]
HUB_OPENS = datetime.time(10, 0)
HUB_CLOSES = datetime.time(19, 0)

# --- Review ------------------------------------------------------------------------------

# (name_it, name_en, description_it, description_en, weight)
CRITERIA = [
    (
        "Coerenza con i temi della manifattura",
        "Fit with the themes of manufacturing",
        "Quanto l'attività mostra la produzione, il saper fare e l'innovazione della manifattura milanese.",
        "How well the activity shows production, skill and innovation in Milan's manufacturing.",
        3,
    ),
    (
        "Qualità dell'esperienza per i visitatori",
        "Quality of the visitor experience",
        "Chiarezza della proposta, coinvolgimento, durata e dimensione dei gruppi adeguate.",
        "Clarity of the offer, engagement, and suitable length and group size.",
        3,
    ),
    (
        "Accessibilità",
        "Accessibility",
        "Accesso senza barriere, informazioni sull'accessibilità, attività per pubblici diversi.",
        "Step-free access, accessibility information, activities for different audiences.",
        2,
    ),
    (
        "Radicamento nel territorio",
        "Local roots",
        "Legame con il quartiere, collaborazione con scuole e associazioni, sede in periferia.",
        "Ties with the neighbourhood, work with schools and associations, a site in the outskirts.",
        2,
    ),
]

REVIEW_COMMENTS = {
    "high": [
        "Proposta solida e ben raccontata: la visita mostra davvero la produzione.",
        "Ottimo equilibrio tra tradizione e innovazione; gruppi della giusta dimensione.",
        "Molto adatta alle famiglie, con un legame forte con il quartiere.",
        "Sede accessibile e attività chiara. Da mettere in un percorso tematico.",
    ],
    "mid": [
        "Buona proposta; chiedere di precisare la durata dei turni.",
        "Interessante, ma le informazioni sull'accessibilità sono scarse.",
        "Attività valida; verificare la capienza reale del laboratorio.",
    ],
    "low": [
        "Non si vede la produzione: più una presentazione commerciale che una visita.",
        "Sede non adatta a gruppi di visitatori.",
    ],
}

# --- Texts for applications --------------------------------------------------------------

MOTIVATIONS = {
    Category.FACTORY: "Vogliamo far vedere che a Milano si produce ancora, e che una fabbrica può essere un buon vicino di casa.",
    Category.WORKSHOP: "Un'officina è un posto che di solito si vede solo da fuori: vogliamo aprirla e far provare i nostri attrezzi.",
    Category.ATELIER: "Il nostro mestiere si capisce guardandolo fare: apriamo il laboratorio per raccontarlo da vicino.",
    Category.FABLAB: "Vogliamo far conoscere la fabbricazione digitale a chi non è mai entrato in un fablab.",
    Category.ACADEMY: "Cerchiamo ragazzi e adulti che vogliano imparare un mestiere: il modo migliore è vederlo insegnare.",
    Category.RESEARCH: "La ricerca applicata serve alle imprese del territorio: vogliamo mostrarla a imprenditori e studenti.",
    Category.SOCIAL: "Il lavoro manuale è la nostra strada per l'inclusione: vogliamo che il quartiere ci conosca.",
    Category.SHOWROOM: "Raccontiamo la storia e il presente della manifattura milanese a un pubblico ampio.",
    Category.INNOVATION_HUB: "Vogliamo mettere in contatto startup manifatturiere, artigiani e cittadini.",
    Category.COWORKING: "Nel nostro spazio convivono professionisti e piccoli produttori: vogliamo farli conoscere.",
    Category.HISTORIC_SHOP: "Siamo una bottega storica e vogliamo far vedere che il nostro mestiere ha un futuro.",
    Category.SCHOOL: "I nostri studenti sono i manifatturieri di domani: vogliamo che mostrino cosa sanno fare.",
}

STAFF_NOTES = [
    "Ci servirebbero cartelli per indicare l'ingresso dal cortile.",
    "Possiamo ospitare anche una classe il venerdì mattina.",
    "Abbiamo un solo bagno: segnalatelo nella scheda, per favore.",
    "Il sabato pomeriggio siamo disponibili fino alle 18.",
    "",
    "",
    "",
]

# --- Programme ---------------------------------------------------------------------------

# Time slots in a day for activities at host sites (start times, local).
VISIT_TIMES = [
    datetime.time(10, 0),
    datetime.time(11, 30),
    datetime.time(14, 30),
    datetime.time(16, 0),
    datetime.time(17, 30),
]
WORKSHOP_TIMES = [datetime.time(10, 30), datetime.time(14, 0), datetime.time(16, 30)]
OPEN_DOORS_START = datetime.time(10, 0)

SAFETY = {
    "machines": (
        "Scarpe chiuse obbligatorie. Si visita lungo il percorso segnato; occhiali di protezione "
        "forniti all'ingresso. Non toccare le macchine in funzione.",
        "Closed shoes required. Stay on the marked path; safety glasses are provided at the "
        "entrance. Do not touch running machines.",
    ),
    "heat": (
        "Si lavora vicino a forni e metallo fuso: i bambini devono restare accanto agli adulti, "
        "capelli lunghi legati, niente abiti sintetici.",
        "Work happens near furnaces and molten metal: children must stay with adults, long hair "
        "tied back, no synthetic clothes.",
    ),
    "tools": (
        "Si usano attrezzi da taglio sotto la guida dei tutor; guanti e grembiuli forniti.",
        "Cutting tools are used under the tutors' guidance; gloves and aprons are provided.",
    ),
    "bench": (
        "Nel laboratorio ci sono attrezzi taglienti e fiamme libere: si guarda senza toccare e "
        "i bambini restano accanto agli adulti.",
        "The workshop has sharp tools and open flames: look without touching, and children stay "
        "with their adults.",
    ),
    "food": (
        "Cuffia e camice forniti all'ingresso. Segnalate allergie e intolleranze al momento "
        "della prenotazione.",
        "Cap and coat are provided at the entrance. Tell us about allergies and intolerances "
        "when you book.",
    ),
}

# Safety notes by the host's ATECO division (first two digits) or by category.
SAFETY_BY_DIVISION = {
    "10": "food",
    "11": "food",
    "23": "heat",
    "24": "heat",
    "25": "machines",
    "27": "machines",
    "28": "machines",
    "30": "machines",
    "31": "machines",
    "32": "tools",
    "33": "machines",
    "95": "tools",
    "16": "machines",
    "13": "machines",
    "15": "tools",
    "18": "machines",
}


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


# A second activity offered by many hosts, by category.
SECOND_ACTIVITIES = {
    Category.FACTORY: Template(
        Kind.OPEN_DOORS,
        "Porte aperte in fabbrica",
        "Open factory",
        "Per tutto il pomeriggio {name} apre i reparti: si entra senza guida e si parla con chi "
        "lavora alle macchine. Ingresso a gruppi, attesa di pochi minuti.",
        "All afternoon {name} opens its shop floor: walk in without a guide and talk to the people "
        "at the machines. Entry in groups, with a short wait.",
        duration=180,
        languages=("it", "en"),
    ),
    Category.WORKSHOP: Template(
        Kind.WORKSHOP,
        "Prova tu: il primo pezzo al banco",
        "Try it yourself: your first piece at the bench",
        "Un laboratorio pratico da {name}: con un artigiano accanto si realizza un piccolo pezzo "
        "da portare a casa.",
        "A hands-on session at {name}: with an artisan beside you, you make a small piece to take "
        "home.",
        min_age=12,
        duration=90,
    ),
    Category.ATELIER: Template(
        Kind.WORKSHOP,
        "Laboratorio per famiglie",
        "Family workshop",
        "Genitori e bambini lavorano insieme nel laboratorio di {name}, con materiali veri e "
        "attrezzi adatti ai più piccoli.",
        "Parents and children work together in {name}'s workshop, with real materials and tools "
        "made for small hands.",
        audience="families",
        min_age=6,
        duration=75,
    ),
    Category.FABLAB: Template(
        Kind.WORKSHOP,
        "Taglio laser: progetta il tuo portachiavi",
        "Laser cutting: design your key ring",
        "Da {name} si disegna al computer un portachiavi e lo si taglia al laser in legno o "
        "plexiglas.",
        "At {name} you draw a key ring on the computer and laser-cut it in wood or acrylic.",
        audience="families",
        min_age=9,
        duration=60,
        languages=("it", "en"),
    ),
    Category.ACADEMY: Template(
        Kind.WORKSHOP,
        "Lezione aperta: un mestiere in un'ora",
        "Open class: a trade in an hour",
        "I docenti di {name} tengono una lezione pratica aperta a ragazzi delle superiori e "
        "adulti che pensano di cambiare mestiere.",
        "{name}'s teachers give a hands-on class for high-school students and adults thinking "
        "about a new trade.",
        audience="schools",
        min_age=14,
        duration=60,
    ),
    Category.RESEARCH: Template(
        Kind.WORKSHOP,
        "Ricercatori per un'ora",
        "Researchers for an hour",
        "Un esperimento guidato nei laboratori di {name}, pensato per le classi delle superiori.",
        "A guided experiment in {name}'s labs, designed for high-school classes.",
        audience="schools",
        min_age=14,
        duration=60,
    ),
    Category.SOCIAL: Template(
        Kind.OPEN_DOORS,
        "Porte aperte: chi siamo e cosa facciamo",
        "Open doors: who we are and what we do",
        "Il laboratorio di {name} è aperto a tutti: si incontrano le persone che ci lavorano e si "
        "vedono i prodotti nati qui.",
        "{name}'s workshop is open to all: meet the people who work here and see what they make.",
        duration=180,
        languages=("it", "en"),
    ),
    Category.SHOWROOM: Template(
        Kind.WORKSHOP,
        "Piccoli esploratori della manifattura",
        "Little explorers of manufacturing",
        "Una visita-gioco da {name} per bambini, con una caccia agli oggetti e un piccolo "
        "laboratorio finale.",
        "A game-visit at {name} for children, with an object hunt and a small workshop at the end.",
        audience="families",
        min_age=5,
        duration=60,
    ),
    Category.INNOVATION_HUB: Template(
        Kind.OPEN_DOORS,
        "Incontra le startup",
        "Meet the start-ups",
        "Le imprese ospitate da {name} presentano prototipi e prodotti, e cercano collaboratori.",
        "The firms hosted by {name} show prototypes and products, and look for collaborators.",
        audience="professionals",
        duration=180,
        languages=("it", "en"),
    ),
    Category.COWORKING: Template(
        Kind.WORKSHOP,
        "Dall'idea al prototipo in un pomeriggio",
        "From idea to prototype in an afternoon",
        "I professionisti di {name} accompagnano i partecipanti dal primo schizzo a un prototipo "
        "in cartone.",
        "{name}'s professionals take participants from a first sketch to a cardboard prototype.",
        min_age=14,
        duration=120,
    ),
    Category.HISTORIC_SHOP: Template(
        Kind.OPEN_DOORS,
        "Bottega aperta: un mestiere di famiglia",
        "Open shop: a family trade",
        "{name} apre il retrobottega: attrezzi, registri e fotografie di famiglia raccontano un "
        "secolo di lavoro.",
        "{name} opens its back room: tools, ledgers and family photographs tell a century of work.",
        duration=180,
    ),
    Category.SCHOOL: Template(
        Kind.WORKSHOP,
        "Studente per un giorno",
        "Student for a day",
        "I ragazzi delle medie provano i laboratori di {name} insieme agli studenti più grandi.",
        "Middle-school pupils try {name}'s workshops together with older students.",
        audience="schools",
        min_age=11,
        duration=90,
    ),
}


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


TALKS = [
    HubSession(
        "basemilano",
        Kind.TALK,
        "Auditorium",
        "La manifattura urbana tra sviluppo economico, rigenerazione e coesione sociale",
        "Urban manufacturing: economic growth, regeneration and social cohesion",
        "Il talk di apertura dell'hub: imprese, Comune e rete NEMA discutono di come la "
        "manifattura possa tornare in città e creare lavoro di qualità.",
        "The hub's opening talk: firms, the City and the NEMA network discuss how manufacturing "
        "can come back to the city and create good jobs.",
        duration=90,
        languages=("it", "en", "lis"),
    ),
    HubSession(
        "wemake",
        Kind.TALK,
        "Auditorium",
        "Tecnologie, innovazione e trasformazione: dalle macchine all'impatto sociale",
        "Technology, innovation and change: from machines to social impact",
        "Makers, imprese e ricercatori a confronto su come le tecnologie di fabbricazione digitale "
        "cambiano il lavoro e la cura.",
        "Makers, firms and researchers on how digital fabrication is changing work and care.",
        languages=("it", "en"),
    ),
    HubSession(
        "cariplofactory",
        Kind.TALK,
        "Sala Grande",
        "Dall'idea al prototipo: finanziare le startup manifatturiere",
        "From idea to prototype: funding manufacturing start-ups",
        "Bandi, investitori e acceleratori: come una startup che produce oggetti trova le risorse "
        "per arrivare sul mercato.",
        "Calls, investors and accelerators: how a start-up that makes things finds the money to "
        "reach the market.",
        audience="professionals",
        languages=("it", "en"),
    ),
    HubSession(
        "opendot",
        Kind.TALK,
        "Sala Grande",
        "Progettare con le persone: la fabbricazione digitale per la cura",
        "Designing with people: digital fabrication for care",
        "Ausili e dispositivi progettati insieme a chi li usa: casi, metodi e licenze aperte.",
        "Aids and devices designed with the people who use them: cases, methods and open licences.",
        languages=("it", "en"),
    ),
    HubSession(
        "polifactory",
        Kind.TALK,
        "Auditorium",
        "La fabbrica del futuro è piccola e in città",
        "The factory of the future is small and urban",
        "Ricerche del Politecnico sulla manifattura urbana: spazi, tecnologie e nuovi mestieri.",
        "Politecnico research on urban manufacturing: spaces, technologies and new trades.",
        languages=("it", "en"),
    ),
    HubSession(
        "brambilla",
        Kind.TALK,
        "Sala Grande",
        "Tre generazioni al tornio: come si passa un mestiere",
        "Three generations at the lathe: handing down a trade",
        "La storia di un'officina di Lambrate e delle sue scelte: tecnologia, apprendisti, "
        "passaggio generazionale.",
        "The story of a Lambrate workshop and its choices: technology, apprentices, succession.",
        duration=45,
    ),
    HubSession(
        "lampadeortles",
        Kind.TALK,
        "Sala Grande",
        "Luce e design: dal disegno al prodotto",
        "Light and design: from drawing to product",
        "Designer e produttore raccontano come nasce una lampada, tra prototipi e piccole serie.",
        "A designer and a maker tell how a lamp is born, between prototypes and small runs.",
        duration=45,
        languages=("it", "en"),
    ),
    HubSession(
        "roboticasestese",
        Kind.TALK,
        "Auditorium",
        "Robot collaborativi nelle piccole imprese",
        "Collaborative robots in small firms",
        "Quanto costa, cosa cambia e chi serve: l'automazione raccontata da chi la installa.",
        "What it costs, what changes and who is needed: automation told by those who install it.",
        audience="professionals",
    ),
    HubSession(
        "iltelaio",
        Kind.TALK,
        "Sala Grande",
        "Moda circolare: riparare, riusare, ricucire",
        "Circular fashion: repair, reuse, resew",
        "Cooperative, stilisti e aziende tessili sul futuro dei vestiti che già abbiamo.",
        "Cooperatives, designers and textile firms on the future of the clothes we already own.",
        languages=("it", "en", "ar"),
    ),
    HubSession(
        "pastificiogiambellino",
        Kind.TALK,
        "Sala Grande",
        "Il cibo che si fa in città",
        "Food made in the city",
        "Pastifici, birrifici e cucine di quartiere: produrre cibo a Milano, tra regole e mercato.",
        "Pasta makers, breweries and community kitchens: making food in Milan, rules and market.",
        duration=45,
    ),
    HubSession(
        "roboticacollaborativa",
        Kind.TALK,
        "Auditorium",
        "Lavoro e automazione: cosa cambia per le persone",
        "Work and automation: what changes for people",
        "Ricercatori e sindacati sulle competenze che servono e su come formarle.",
        "Researchers and unions on the skills needed and how to train them.",
        languages=("it", "en"),
    ),
    HubSession(
        "materialibicocca",
        Kind.TALK,
        "Sala Grande",
        "Materiali nuovi per prodotti di sempre",
        "New materials for everyday products",
        "Compositi, vetri e rivestimenti: la ricerca che arriva nelle piccole imprese.",
        "Composites, glass and coatings: research that reaches small firms.",
        duration=45,
    ),
    HubSession(
        "accademialegno",
        Kind.TALK,
        "Sala Grande",
        "Il legno nell'era del controllo numerico",
        "Wood in the age of CNC",
        "Cosa resta della mano del falegname quando le macchine tagliano da sole.",
        "What remains of the woodworker's hand when machines cut by themselves.",
        duration=45,
    ),
    HubSession(
        "altasartoria",
        Kind.TALK,
        "Auditorium",
        "Il su misura è il futuro?",
        "Is made-to-measure the future?",
        "Sarti, modellisti e aziende di moda sulla produzione su misura e su richiesta.",
        "Tailors, pattern makers and fashion firms on made-to-measure and on-demand production.",
        languages=("it", "en", "fr"),
    ),
    HubSession(
        "archiviosestese",
        Kind.TALK,
        "Sala Grande",
        "Sesto, città delle fabbriche: storia e futuro",
        "Sesto, city of factories: past and future",
        "Dalla Falck alle nuove imprese: immagini e testimonianze della città delle fabbriche.",
        "From Falck to new firms: images and voices of the city of factories.",
        duration=45,
    ),
    HubSession(
        "ripamontilab",
        Kind.TALK,
        "Auditorium",
        "Periferie che producono: spazi pubblici per nuove imprese",
        "Productive outskirts: public spaces for new firms",
        "I bandi per gli spazi inutilizzati e le imprese che li hanno trasformati in laboratori.",
        "The calls for unused public spaces and the firms that turned them into workshops.",
        languages=("it", "en"),
    ),
    HubSession(
        "artigiani40",
        Kind.TALK,
        "Sala Grande",
        "Artigiani digitali: strumenti e incentivi",
        "Digital artisans: tools and incentives",
        "Scanner, software e finanziamenti per portare il digitale nelle botteghe.",
        "Scanners, software and funding to bring digital tools into workshops.",
        duration=45,
        audience="professionals",
    ),
    HubSession(
        "occhialeriacorvetto",
        Kind.TALK,
        "Sala Grande",
        "Occhiali su misura dalla scansione 3D",
        "Made-to-measure glasses from 3D scans",
        "Come una piccola fabbrica di montature sperimenta la produzione personalizzata.",
        "How a small frame factory is experimenting with personalised production.",
        duration=45,
        languages=("it", "en"),
    ),
    HubSession(
        "greenmaterials",
        Kind.TALK,
        "Auditorium",
        "Plastiche dagli scarti alimentari",
        "Plastics from food waste",
        "Dalla ricerca all'impianto pilota: la bioplastica fatta a Milano.",
        "From research to pilot plant: bioplastic made in Milan.",
        languages=("it", "en"),
    ),
    HubSession(
        "fonderialambrate",
        Kind.TALK,
        "Sala Grande",
        "Il bronzo a cera persa, oggi",
        "Lost-wax bronze today",
        "Una tecnica di cinquemila anni e le stampanti 3D: come cambia il lavoro della fonderia.",
        "A five-thousand-year-old technique and 3D printers: how foundry work is changing.",
        duration=45,
    ),
    HubSession(
        "valsecchi",
        Kind.TALK,
        "Sala Grande",
        "Dal seme alla tavoletta: filiera e sostenibilità del cioccolato",
        "From bean to bar: the chocolate supply chain and sustainability",
        "Da dove viene il cacao, chi lo coltiva e come si lavora in una piccola fabbrica.",
        "Where cocoa comes from, who grows it and how it is worked in a small factory.",
        duration=45,
        languages=("it", "en"),
    ),
    HubSession(
        "officineturro",
        Kind.TALK,
        "Auditorium",
        "Lavorare vicino a chi produce: coworking e manifattura",
        "Working next to makers: coworking and manufacturing",
        "Designer, artigiani e professionisti sotto lo stesso tetto: cosa nasce dagli incontri.",
        "Designers, artisans and professionals under one roof: what comes from meeting.",
    ),
    HubSession(
        "makersrho",
        Kind.TALK,
        "Sala Grande",
        "Fablab nell'area metropolitana: una rete",
        "Fablabs across the metropolitan area: a network",
        "Come i fablab fuori Milano lavorano con scuole, comuni e piccole imprese.",
        "How fablabs outside Milan work with schools, towns and small firms.",
        duration=45,
    ),
    HubSession(
        "cfpmeccatronica",
        Kind.TALK,
        "Auditorium",
        "Meccatronica: i mestieri che mancano",
        "Mechatronics: the jobs nobody fills",
        "Imprese e centri di formazione sulle figure tecniche più richieste, per ragazzi e genitori.",
        "Firms and training centres on the most wanted technical roles, for teenagers and parents.",
        audience="schools",
        min_age=11,
    ),
    HubSession(
        "stamperiabarona",
        Kind.TALK,
        "Sala Grande",
        "Stampare tessuti senza sprecare acqua",
        "Printing fabric without wasting water",
        "Il progetto di recupero dell'acqua nato tra una stamperia della Barona e il Politecnico.",
        "The water recovery project born between a Barona print works and the Politecnico.",
        duration=45,
    ),
    HubSession(
        "birrificioortica",
        Kind.TALK,
        "Auditorium",
        "Birra artigianale e quartiere",
        "Craft beer and the neighbourhood",
        "Un birrificio, gli orti dell'Ortica e i luppoli coltivati in città.",
        "A brewery, the Ortica gardens and hops grown in the city.",
        min_age=16,
    ),
]

HUB_WORKSHOPS = [
    HubSession(
        "wemake",
        Kind.WORKSHOP,
        "Spazio Workshop",
        "Ricamo digitale: personalizza la tua shopper",
        "Digital embroidery: personalise your tote",
        "Si disegna un motivo al computer e lo si ricama su una shopper con la macchina da ricamo "
        "a controllo numerico.",
        "Draw a motif on the computer and embroider it on a tote with the CNC embroidery machine.",
        duration=90,
        sessions=2,
        min_age=10,
        languages=("it", "en"),
        capacity=16,
    ),
    HubSession(
        "opendot",
        Kind.WORKSHOP,
        "Spazio Workshop",
        "Taglio laser per tutti",
        "Laser cutting for everyone",
        "Un'introduzione pratica al taglio laser: dal file vettoriale all'oggetto in compensato.",
        "A hands-on introduction to laser cutting: from vector file to plywood object.",
        duration=90,
        sessions=2,
        min_age=12,
        languages=("it", "en"),
        capacity=16,
    ),
    HubSession(
        "ceramicaisola",
        Kind.WORKSHOP,
        "Spazio Workshop",
        "Modellare l'argilla a mano",
        "Hand-building with clay",
        "Pizzicato, colombino e lastra: tre tecniche per una piccola ciotola da portare a casa.",
        "Pinch, coil and slab: three techniques for a small bowl to take home.",
        duration=90,
        sessions=2,
        audience="families",
        min_age=6,
        capacity=20,
    ),
    HubSession(
        "roboticajunior",
        Kind.WORKSHOP,
        "Spazio Workshop",
        "Programmiamo un robot",
        "Let's program a robot",
        "Bambini e genitori programmano a blocchi un piccolo robot che segue una linea.",
        "Children and parents use block coding to program a small line-following robot.",
        duration=75,
        sessions=2,
        audience="families",
        min_age=7,
        languages=("it", "en"),
        capacity=20,
    ),
    HubSession(
        "accademiapasticceria",
        Kind.WORKSHOP,
        "Cucina",
        "Il panettone spiegato ai bambini",
        "Panettone explained to children",
        "Si impasta un piccolo panettone e si scopre come lavora il lievito madre.",
        "Knead a small panettone and find out how the sourdough starter works.",
        duration=90,
        sessions=2,
        audience="families",
        min_age=6,
        capacity=14,
    ),
    HubSession(
        "pastificiogiambellino",
        Kind.WORKSHOP,
        "Cucina",
        "Pasta fresca a mano",
        "Fresh pasta by hand",
        "Farina, uova e mattarello: tagliatelle e ravioli come si facevano in casa.",
        "Flour, eggs and a rolling pin: tagliatelle and ravioli as they were made at home.",
        duration=90,
        sessions=2,
        languages=("it", "en"),
        capacity=14,
    ),
    HubSession(
        "cucinasolidale",
        Kind.WORKSHOP,
        "Cucina",
        "Ricette dal mondo a San Siro",
        "World recipes from San Siro",
        "Le cuoche della cucina solidale insegnano tre ricette dei loro paesi d'origine.",
        "The community kitchen's cooks teach three recipes from their home countries.",
        duration=90,
        sessions=1,
        languages=("it", "ar", "fr"),
        capacity=14,
    ),
    HubSession(
        "valsecchi",
        Kind.WORKSHOP,
        "Cucina",
        "Temperare il cioccolato",
        "Tempering chocolate",
        "Il temperaggio sul marmo e la preparazione di cioccolatini ripieni.",
        "Tempering on marble and making filled chocolates.",
        duration=75,
        sessions=1,
        audience="families",
        min_age=8,
        capacity=14,
    ),
]

EVENINGS_AT_HUB = [
    HubSession(
        "basemilano",
        Kind.EVENING,
        "Auditorium",
        "Musica e Manifattura: party serale",
        "Music and Manufacturing: evening party",
        "DJ set e live con strumenti costruiti dai maker, in collaborazione con Music Innovation "
        "Hub. Ingresso con prenotazione fino a esaurimento posti.",
        "DJ sets and live music on instruments built by makers, with Music Innovation Hub. "
        "Booking required, while places last.",
        duration=180,
        sessions=2,
        min_age=16,
        languages=("it", "en"),
    ),
]


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


EVENINGS_AT_HOSTS = [
    HostEvening(
        "fonderialambrate",
        0,
        datetime.time(19, 30),
        90,
        "Colata notturna del bronzo",
        "Night-time bronze pour",
        "La colata di una scultura al buio, con il metallo fuso che illumina la fonderia.",
        "A sculpture poured in the dark, with molten metal lighting up the foundry.",
        min_age=14,
    ),
    HostEvening(
        "birrificioortica",
        0,
        datetime.time(19, 0),
        120,
        "Cotta serale e degustazione",
        "Evening brew and tasting",
        "I birrai preparano una cotta davanti al pubblico; segue la degustazione delle birre "
        "dell'anno.",
        "The brewers brew in front of the public, followed by a tasting of the year's beers.",
        min_age=18,
    ),
    HostEvening(
        "vetrolorenteggio",
        1,
        datetime.time(19, 30),
        90,
        "Vetro soffiato al buio",
        "Glassblowing in the dark",
        "La fornace è l'unica luce: i maestri vetrai soffiano pezzi unici per la serata.",
        "The furnace is the only light: the glassblowers make one-off pieces for the evening.",
        min_age=8,
    ),
    HostEvening(
        "cantierecinisello",
        1,
        datetime.time(19, 0),
        150,
        "Aperitivo dei maker",
        "Makers' aperitivo",
        "Musica, cibo di quartiere e i progetti dei maker del nord Milano.",
        "Music, local food and projects by makers from north Milan.",
    ),
    HostEvening(
        "materiatortona",
        0,
        datetime.time(19, 0),
        150,
        "Inaugurazione: Fatto a mano, fatto a Milano",
        "Opening night: Handmade in Milan",
        "La serata di apertura della mostra sui laboratori lombardi, con gli artigiani presenti.",
        "The opening of the exhibition on Lombard workshops, with the makers there.",
    ),
]

# --- Routes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteData:
    slug: str
    title_it: str
    title_en: str
    description_it: str
    description_en: str
    theme: str  # a host theme, or "famiglie"/"scuole" which also look at the audience


ROUTES = [
    RouteData(
        "legno-e-arredo",
        "Legno e arredo",
        "Wood and furniture",
        "Falegnamerie, liutai, tappezzieri e restauratori: il legno dal tronco all'oggetto finito.",
        "Joiners, violin makers, upholsterers and restorers: wood from log to finished object.",
        "legno",
    ),
    RouteData(
        "moda-e-tessile",
        "Moda e tessile",
        "Fashion and textiles",
        "Sarti, stamperie, maglifici e calzaturifici: come si fanno i vestiti che indossiamo.",
        "Tailors, print works, knitwear makers and shoe factories: how our clothes are made.",
        "moda",
    ),
    RouteData(
        "fabbricazione-digitale",
        "Fabbricazione digitale",
        "Digital fabrication",
        "Fablab, makerspace e laboratori di ricerca dove le idee diventano oggetti con stampanti "
        "3D, laser e robot.",
        "Fablabs, makerspaces and research labs where ideas become objects with 3D printers, "
        "lasers and robots.",
        "digitale",
    ),
    RouteData(
        "cibo-e-gastronomia",
        "Cibo e gastronomia",
        "Food and gastronomy",
        "Cioccolato, pasta fresca, birra, caffè e conserve: il cibo che si produce in città.",
        "Chocolate, fresh pasta, beer, coffee and preserves: food made in the city.",
        "cibo",
    ),
    RouteData(
        "metallo-e-meccanica",
        "Metallo e meccanica",
        "Metal and engineering",
        "Officine, fonderie, fabbri e robot: la tradizione meccanica milanese e il suo futuro.",
        "Workshops, foundries, blacksmiths and robots: Milan's engineering tradition and its "
        "future.",
        "metallo",
    ),
    RouteData(
        "design-e-ceramica",
        "Design e ceramica",
        "Design and ceramics",
        "Ceramisti, vetrai, orafi e designer-produttori: gli oggetti belli e ben fatti.",
        "Potters, glassmakers, goldsmiths and designer-makers: beautiful, well-made objects.",
        "ceramica",
    ),
    RouteData(
        "periferie-che-producono",
        "Periferie che producono",
        "Productive outskirts",
        "Da Quarto Oggiaro al Corvetto, da Baggio a Precotto: i quartieri dove la manifattura "
        "crea lavoro e comunità.",
        "From Quarto Oggiaro to Corvetto, from Baggio to Precotto: neighbourhoods where "
        "manufacturing creates jobs and community.",
        "periferie",
    ),
    RouteData(
        "per-famiglie-e-bambini",
        "Per famiglie e bambini",
        "For families and children",
        "Laboratori e visite pensati per i più piccoli: si impasta, si costruisce, si programma.",
        "Workshops and visits for the youngest: kneading, building and coding.",
        "famiglie",
    ),
    RouteData(
        "scuole-e-mestieri-del-futuro",
        "Scuole e mestieri del futuro",
        "Schools and the jobs of the future",
        "Accademie, scuole e centri di ricerca per chi sta scegliendo cosa fare da grande.",
        "Academies, schools and research centres for those choosing what to do next.",
        "scuole",
    ),
]

# --- People ------------------------------------------------------------------------------

FIRST_NAMES = [
    "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Davide", "Elena",
    "Matteo", "Valentina", "Andrea", "Federica", "Paolo", "Silvia", "Stefano", "Laura",
    "Giorgio", "Martina", "Roberto", "Anna", "Simone", "Irene", "Fabio", "Marta", "Lorenzo",
    "Beatrice", "Riccardo", "Alice", "Pietro", "Camilla", "Gabriele", "Elisa", "Nicola",
    "Ilaria", "Tommaso", "Claudia", "Emanuele", "Serena", "Filippo", "Amina", "Yousef", "Li",
    "Mei", "Karim", "Fatima", "Ana", "Diego",
]  # fmt: skip
LAST_NAMES = [
    "Rossi", "Colombo", "Ferrari", "Brambilla", "Bianchi", "Villa", "Galli", "Fumagalli",
    "Sala", "Mariani", "Ricci", "Cattaneo", "Longoni", "Riva", "Conti", "Pozzi", "Bassi",
    "Monti", "Moretti", "Barbieri", "Fontana", "Rinaldi", "Caputo", "Esposito", "Marchetti",
    "Gatti", "Sironi", "Radaelli", "Crippa", "Vergani", "Mauri", "Cazzaniga", "Perego",
    "Meroni", "Zanetti", "Greco", "Ruggiero", "Hu", "Chen", "El Amrani", "Benali", "Garcia",
]  # fmt: skip
