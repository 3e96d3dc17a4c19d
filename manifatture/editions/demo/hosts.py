"""The organisations of the demo: who they are, where they work, what they show.

Names, firms and people are invented (apart from the NEMA partners named in the
programme's own documents: BASE Milano, Cariplo Factory, WeMake, OpenDot, and
Polifactory); the streets are real and the coordinates place each site in the
right neighbourhood (NIL) of Milan or in the right comune of the metropolitan area.
"""

from dataclasses import dataclass

from manifatture.directory.models import Organisation
from manifatture.participations.models import ActivityKind

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


# Data tables: one site per line. The formatter is off so that they stay readable.
# fmt: off
HOSTS: list[Host] = [
    # --- Factories ------------------------------------------------------------------------
    Host(
        handle="fonderialambrate",
        name="Fonderia Artistica Lambrate",
        category=Category.FACTORY,
        ateco="24.54.01",
        description_it="Fonderia di bronzo a cera persa attiva dal 1948 negli ex capannoni di Lambrate. Fonde sculture per artisti e designer, campane e piccole serie di arredi.",
        description_en="A lost-wax bronze foundry working since 1948 in Lambrate's old sheds. It casts sculptures for artists and designers, bells and small runs of furniture parts.",
        places=(
            Place("Via Massimiano 6", "20134", "45.486500", "9.244200", name="Fonderia", access="st", notes="Capannone a piano terra; pavimento irregolare in reparto fusione."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "La colata del bronzo a cera persa", "Pouring bronze: the lost-wax process",
            "dalla forma in cera alla colata del metallo fuso, fino alla rifinitura a mano della scultura",
            "from the wax model to the pouring of molten metal and the hand finishing of the sculpture",
            languages=("it", "en"), min_age=12, duration=90,
        ),
        themes=("metallo", "design"),
    ),
    Host(
        handle="valsecchi",
        name="Cioccolato Valsecchi 1921",
        category=Category.FACTORY,
        ateco="10.82.00",
        description_it="Piccola fabbrica di cioccolato fondata nel 1921 dal pasticcere Ernesto Valsecchi. Tosta e raffina il cacao in sede e produce tavolette, gianduiotti e cioccolatini di Natale.",
        description_en="A small chocolate factory founded in 1921 by pastry chef Ernesto Valsecchi. It roasts and refines cocoa in house and makes bars, gianduiotti and Christmas pralines.",
        places=(
            Place("Via Giuseppe Ripamonti 194", "20141", "45.438500", "9.204800", name="Fabbrica", access="stb", notes="Percorso di visita su passerella in piano, con ascensore al soppalco."),
            Place("Via Lazzaro Papi 22", "20135", "45.450600", "9.208300", name="Negozio e laboratorio", access="s", notes="Negozio senza gradini; bagno non accessibile."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dal seme di cacao alla tavoletta", "From cocoa bean to chocolate bar",
            "tostatura, concaggio e temperaggio del cioccolato, con assaggio finale in reparto",
            "roasting, conching and tempering, with a tasting on the factory floor",
            audience="families", languages=("it", "en"), duration=60,
        ),
        themes=("cibo",),
    ),
    Host(
        handle="birrificioortica",
        name="Birrificio dell'Ortica",
        category=Category.FACTORY,
        ateco="11.05.00",
        description_it="Birrificio artigianale nato nel 2012 in un'ex officina ferroviaria dell'Ortica. Produce birre con malti lombardi e luppolo coltivato negli orti del quartiere.",
        description_en="A craft brewery opened in 2012 in a former railway workshop in Ortica. It brews with Lombard malt and hops grown in the neighbourhood's vegetable gardens.",
        places=(
            Place("Via San Faustino 62", "20134", "45.477400", "9.248400", name="Birrificio", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Una cotta di birra, passo per passo", "Brewing day, step by step",
            "ammostamento, bollitura e fermentazione raccontati dai birrai davanti agli impianti",
            "mashing, boiling and fermentation explained by the brewers beside the kettles",
            languages=("it", "en"), min_age=18, duration=60,
        ),
        editions=ONLY_2019,
        themes=("cibo", "periferie"),
    ),
    Host(
        handle="pastificiogiambellino",
        name="Pastificio Giambellino",
        category=Category.FACTORY,
        ateco="10.73.01",
        description_it="Pastificio di quartiere che dal 1967 produce pasta fresca e ripiena per ristoranti e famiglie. Trafila al bronzo e lavora farine di grani antichi della pianura lombarda.",
        description_en="A neighbourhood pasta maker producing fresh and filled pasta since 1967 for restaurants and families. It uses bronze dies and flour from heritage wheat grown in the Lombard plain.",
        places=(
            Place("Via Giambellino 58", "20146", "45.449500", "9.145300", name="Laboratorio", access="st", notes="Obbligo di cuffia e sovrascarpe, forniti all'ingresso."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Come nasce un raviolo", "How a ravioli is born",
            "impasto, trafilatura al bronzo e ripieno dei ravioli sulle macchine degli anni Sessanta",
            "dough, bronze-die extrusion and filling on machines from the Sixties",
            audience="families", duration=60,
        ),
        themes=("cibo", "periferie"),
    ),
    Host(
        handle="stamperiabarona",
        name="Stamperia Tessile Barona",
        category=Category.FACTORY,
        ateco="13.30.00",
        description_it="Stamperia per tessuti d'arredamento e moda, con quadri serigrafici e stampa digitale a pigmento. Ricicla l'acqua di lavaggio in un impianto progettato con il Politecnico.",
        description_en="A textile printing works for fashion and furnishing fabrics, with screen and pigment digital printing. It recycles its washing water in a plant designed with the Politecnico.",
        places=(
            Place("Via Ettore Ponti 21", "20143", "45.437200", "9.161000", name="Stamperia", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Colore su tessuto: serigrafia e stampa digitale", "Colour on cloth: screen and digital printing",
            "la preparazione dei quadri, la cucina colori e i tavoli da stampa lunghi sessanta metri",
            "screen making, the colour kitchen and the sixty-metre printing tables",
            languages=("it", "en"), min_age=10,
        ),
        themes=("moda", "periferie"),
    ),
    Host(
        handle="occhialeriacorvetto",
        name="Occhialeria Milanese Corvetto",
        category=Category.FACTORY,
        ateco="32.50.40",
        description_it="Produce montature in acetato e titanio per marchi indipendenti, tagliate a controllo numerico e rifinite a mano. Sperimenta occhiali su misura da scansione 3D del viso.",
        description_en="It makes acetate and titanium frames for independent brands, CNC-cut and hand-finished. It is experimenting with made-to-measure glasses from 3D face scans.",
        places=(
            Place("Via Oglio 18", "20139", "45.439200", "9.216500", name="Stabilimento", access="stl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Un paio di occhiali, dalla lastra alla lucidatura", "A pair of glasses, from sheet to polish",
            "fresatura delle lastre di acetato, burattatura e montaggio delle cerniere",
            "milling acetate sheets, tumbling and fitting the hinges",
            languages=("it", "en"), min_age=10, duration=60,
        ),
        themes=("design", "periferie"),
    ),
    Host(
        handle="lampadeortles",
        name="Lampade Ortles",
        category=Category.FACTORY,
        ateco="27.40.09",
        description_it="Azienda di illuminazione che dal 1979 produce lampade da tavolo e sospensioni firmate da designer milanesi. Tornitura della lamiera, verniciatura e cablaggio avvengono tutti in sede.",
        description_en="A lighting maker producing table and pendant lamps by Milanese designers since 1979. Metal spinning, painting and wiring are all done in house.",
        places=(
            Place("Via Ortles 46", "20139", "45.443200", "9.206800", name="Produzione e showroom", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Luce fatta a mano: dalla lastra alla lampada", "Handmade light: from sheet metal to lamp",
            "la tornitura in lastra dei paralumi, la verniciatura e il collaudo delle lampade",
            "metal spinning of the shades, painting and final testing of the lamps",
            languages=("it", "en"),
        ),
        themes=("design",),
    ),
    Host(
        handle="cosmeticiaffori",
        name="Cosmetici Naturali Affori",
        category=Category.FACTORY,
        ateco="20.42.00",
        description_it="Laboratorio cosmetico certificato che formula creme, saponi e profumi con ingredienti vegetali. Lavora in conto terzi per erboristerie e piccoli marchi.",
        description_en="A certified cosmetics lab formulating creams, soaps and scents from plant ingredients. It makes products for herbalists and small brands.",
        places=(
            Place("Via Pellegrino Rossi 60", "20161", "45.513500", "9.174000", name="Laboratorio", access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dentro un laboratorio cosmetico", "Inside a cosmetics lab",
            "la sala di formulazione, l'emulsionatore e il confezionamento delle creme",
            "the formulation room, the emulsifier and the filling line",
            languages=("it", "es"), min_age=8, duration=60,
        ),
        themes=("periferie",),
    ),
    Host(
        handle="bruni",
        name="Calzaturificio Bruni",
        category=Category.FACTORY,
        ateco="15.20.10",
        description_it="Calzaturificio a conduzione familiare che produce scarpe da uomo cucite a mano, metodo Goodyear. Quaranta addetti tra taglio, orlatura, montaggio e finissaggio.",
        description_en="A family-run shoe factory making hand-welted Goodyear men's shoes. Forty people work on cutting, stitching, lasting and finishing.",
        places=(
            Place("Via Novara 65", "20081", "45.401000", "8.911000", comune=ABBIATEGRASSO, name="Stabilimento", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Duecento passaggi per una scarpa", "Two hundred steps to make a shoe",
            "il taglio delle pelli, la cucitura Goodyear e la lucidatura a mano",
            "leather cutting, Goodyear welting and hand polishing",
            languages=("it", "en", "de"), min_age=10, duration=90,
        ),
        themes=("moda",),
    ),
    Host(
        handle="mobilificiocolombo",
        name="Mobilificio Fratelli Colombo",
        category=Category.FACTORY,
        ateco="31.00.31",
        description_it="Mobilificio fondato nel 1955 che realizza arredi in legno massello per case e hotel. Unisce centri di lavoro a cinque assi e finitura a mano con cere naturali.",
        description_en="A furniture maker founded in 1955 building solid-wood furniture for homes and hotels. It combines five-axis machining centres with hand finishing in natural waxes.",
        places=(
            Place("Via Erba 41", "20037", "45.569000", "9.164000", comune=PADERNO_DUGNANO, name="Stabilimento", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dal tavolone al tavolo", "From plank to table",
            "la scelta delle tavole, la lavorazione a controllo numerico e la finitura a cera",
            "choosing the planks, CNC machining and wax finishing",
            min_age=8, duration=90,
        ),
        themes=("legno",),
    ),
    Host(
        handle="roboticasestese",
        name="Robotica Sestese",
        category=Category.FACTORY,
        ateco="28.99.20",
        description_it="Progetta e costruisce celle robotizzate per la saldatura e l'assemblaggio nelle piccole imprese. Ha sede in un capannone recuperato delle ex aree Falck.",
        description_en="It designs and builds robotic cells for welding and assembly in small firms. Its workshop is a restored shed of the former Falck steelworks.",
        places=(
            Place("Viale Italia 548", "20099", "45.536000", "9.230000", comune=SESTO, name="Officina", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Robot collaborativi al lavoro", "Collaborative robots at work",
            "i robot che lavorano accanto alle persone, con prove di programmazione per i visitatori",
            "robots that work beside people, with programming tries for visitors",
            languages=("it", "en"), min_age=10,
        ),
        editions=ONLY_2019,
        themes=("digitale", "metallo"),
    ),
    Host(
        handle="artigraficherhodensi",
        name="Arti Grafiche Rhodensi",
        category=Category.FACTORY,
        ateco="18.12.00",
        description_it="Tipografia industriale che stampa libri d'arte e cataloghi in offset e in digitale. Conserva una Heidelberg del 1962 con cui stampa ancora le edizioni numerate.",
        description_en="An industrial printer of art books and catalogues in offset and digital. It keeps a 1962 Heidelberg press still used for numbered editions.",
        places=(
            Place("Via Lainate 65", "20017", "45.535000", "9.045000", comune=RHO, name="Stabilimento", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dalla lastra al libro", "From plate to book",
            "la prestampa, le macchine offset a cinque colori e la legatoria industriale",
            "prepress, the five-colour offset presses and the bindery",
            min_age=10,
        ),
        themes=("design",),
    ),
    Host(
        handle="ciclirigamonti",
        name="Cicli Rigamonti",
        category=Category.FACTORY,
        ateco="30.92.10",
        description_it="Telaista che dal 1961 costruisce biciclette da corsa e da città su misura, in acciaio e titanio. Ogni telaio è saldato a mano e verniciato nella cabina del laboratorio.",
        description_en="A frame builder making made-to-measure racing and city bikes in steel and titanium since 1961. Every frame is welded by hand and painted in the workshop's booth.",
        places=(
            Place("Via Friuli 12", "20092", "45.554500", "9.220000", comune=CINISELLO, name="Laboratorio", access="s", notes="Bagno al primo piano, senza ascensore."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Una bicicletta su misura", "A made-to-measure bicycle",
            "le misure del ciclista, la brasatura dei tubi e la verniciatura del telaio",
            "taking the rider's measurements, brazing the tubes and painting the frame",
            languages=("it", "en", "fr"), min_age=8, duration=60,
        ),
        themes=("metallo",),
    ),
    # --- Workshops (officine) -------------------------------------------------------------
    Host(
        handle="brambilla",
        name="Officina Meccanica Fratelli Brambilla",
        category=Category.WORKSHOP,
        ateco="25.53.00",
        description_it="Officina di meccanica di precisione fondata nel 1958 da Carlo e Luigi Brambilla, oggi alla terza generazione. Tornisce e fresa componenti per macchine tessili, biciclette e prototipi di designer.",
        description_en="A precision engineering workshop founded in 1958 by Carlo and Luigi Brambilla, now in its third generation. It turns and mills parts for textile machines, bicycles and designers' prototypes.",
        places=(
            Place("Via Rombon 41", "20134", "45.486600", "9.241900", name="Officina", access="stb", notes="Ingresso carrabile in piano; bagno accessibile al piano terra."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Il tornio, la fresa e il controllo numerico", "Lathe, mill and CNC",
            "i torni manuali degli anni Sessanta accanto ai centri di lavoro a controllo numerico",
            "manual lathes from the Sixties beside today's CNC machining centres",
            languages=("it", "en"), min_age=12,
        ),
        themes=("metallo",),
    ),
    Host(
        handle="ferroefuoco",
        name="Ferro e Fuoco – Officina del Fabbro",
        category=Category.WORKSHOP,
        ateco="25.99.90",
        description_it="Bottega di fabbri che forgia cancellate, ringhiere e arredi in ferro battuto. Tiene corsi serali di forgiatura per ragazzi del quartiere.",
        description_en="A blacksmiths' workshop forging gates, railings and wrought-iron furniture. It runs evening forging classes for young people from the neighbourhood.",
        places=(
            Place("Via Cesare Pascarella 20", "20157", "45.518000", "9.138500", name="Forgia", access="s", notes="Cortile in ghiaia; bagno non accessibile."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Battere il ferro finché è caldo", "Strike while the iron is hot",
            "la forgia a carbone, l'incudine e la lavorazione di un ricciolo in ferro battuto",
            "the coal forge, the anvil and shaping a wrought-iron scroll",
            min_age=10, duration=60,
        ),
        themes=("metallo", "periferie"),
    ),
    Host(
        handle="motostoricherogoredo",
        name="Restauro Moto Storiche Rogoredo",
        category=Category.WORKSHOP,
        ateco="95.32.00",
        description_it="Officina specializzata nel restauro di motociclette italiane dagli anni Trenta agli anni Settanta. Ricostruisce motori e rifà a mano i pezzi che non si trovano più.",
        description_en="A workshop restoring Italian motorcycles from the Thirties to the Seventies. It rebuilds engines and remakes by hand the parts no longer available.",
        places=(
            Place("Via Freikofel 8", "20138", "45.433000", "9.242000", name="Officina", access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Rimettere in strada una Guzzi del 1950", "Bringing a 1950 Guzzi back on the road",
            "lo smontaggio del motore, la revisione e la verniciatura dei serbatoi",
            "taking the engine apart, overhauling it and painting the tanks",
            languages=("it", "en"), min_age=10, duration=60,
        ),
        themes=("metallo", "periferie"),
    ),
    Host(
        handle="falegnameriasala",
        name="Falegnameria Fratelli Sala",
        category=Category.WORKSHOP,
        ateco="16.23.09",
        description_it="Falegnameria che realizza porte, scale e cucine su misura e restaura serramenti storici. Ha formato negli anni decine di apprendisti del Gratosoglio.",
        description_en="A joinery making doors, staircases and kitchens to measure and restoring historic windows. Over the years it has trained dozens of apprentices from Gratosoglio.",
        places=(
            Place("Via dei Missaglia 89", "20142", "45.415500", "9.181000", name="Laboratorio", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Incastri a coda di rondine", "Dovetail joints",
            "gli incastri tradizionali tagliati a mano e la pialla a filo del laboratorio",
            "traditional joints cut by hand and the workshop's planer",
            min_age=8, duration=60,
        ),
        themes=("legno", "periferie"),
    ),
    Host(
        handle="vetrolorenteggio",
        name="Officina del Vetro Lorenteggio",
        category=Category.WORKSHOP,
        ateco="23.15.10",
        description_it="Laboratorio di vetro soffiato e lavorato a lume che produce lampade, bicchieri e pezzi unici. Il forno è acceso giorno e notte da ottobre a maggio.",
        description_en="A glass studio blowing and lampworking lamps, glasses and one-off pieces. Its furnace burns day and night from October to May.",
        places=(
            Place("Via Lorenteggio 181", "20147", "45.449500", "9.132000", name="Fornace", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Il vetro soffiato, davanti al forno", "Glassblowing at the furnace",
            "la raccolta del vetro fuso, la soffiatura con la canna e la ricottura dei pezzi",
            "gathering molten glass, blowing with the pipe and annealing the pieces",
            languages=("it", "en"), min_age=8, duration=60,
        ),
        themes=("design", "periferie"),
    ),
    Host(
        handle="marmimusocco",
        name="Marmi e Pietre Musocco",
        category=Category.WORKSHOP,
        ateco="23.70.20",
        description_it="Marmisti da quattro generazioni accanto al Cimitero Maggiore. Incidono lapidi e lettere, restaurano scalinate e scolpiscono piani per il design.",
        description_en="Marble carvers for four generations beside the Cimitero Maggiore. They carve lettering, restore staircases and shape tops for designers.",
        places=(
            Place("Via Gallarate 254", "20151", "45.503000", "9.124000", name="Laboratorio", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Lettere incise nella pietra", "Letters carved in stone",
            "il taglio delle lastre ad acqua e l'incisione delle lettere a mazzuolo e scalpello",
            "water-jet cutting of slabs and carving letters with mallet and chisel",
            min_age=10, duration=60,
        ),
        themes=("design", "periferie"),
    ),
    Host(
        handle="ciclofficinaprecotto",
        name="Ciclofficina Precotto",
        category=Category.WORKSHOP,
        ateco="95.29.21",
        description_it="Officina di riparazione biciclette che recupera telai abbandonati e li rimette in strada. Insegna a chiunque a sistemare la propria bici.",
        description_en="A bicycle repair shop that rescues abandoned frames and puts them back on the road. It teaches anyone to fix their own bike.",
        places=(
            Place("Via Luigi Cislaghi 5", "20128", "45.511800", "9.226000", name="Officina", access="sb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Ripara la tua bici", "Fix your own bike",
            "camere d'aria, freni e cambio: si impara con le mani sulla propria bicicletta",
            "tubes, brakes and gears: you learn with your hands on your own bike",
            audience="families", languages=("it", "en", "ar"), min_age=10, duration=90,
        ),
        editions=ONLY_2019,
        themes=("metallo", "periferie", "famiglie"),
    ),
    Host(
        handle="elettromeccanicavillapizzone",
        name="Officina Elettromeccanica Villapizzone",
        category=Category.WORKSHOP,
        ateco="33.14.00",
        description_it="Ripara e riavvolge motori elettrici, pompe e trasformatori per fabbriche e condomini. Nel 2018 ha avviato una linea di motori per biciclette a pedalata assistita.",
        description_en="It repairs and rewinds electric motors, pumps and transformers for factories and apartment blocks. In 2018 it started a line of e-bike motors.",
        places=(
            Place("Via Grosotto 7", "20149", "45.491800", "9.147000", name="Officina", access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Avvolgere un motore elettrico", "Rewinding an electric motor",
            "la bobinatura a mano del rame, il collaudo e i nuovi motori per e-bike",
            "hand-winding copper coils, testing and the new e-bike motors",
            min_age=12, duration=60,
        ),
        themes=("metallo", "periferie"),
    ),
    Host(
        handle="stampitrezzano",
        name="Stampi di Precisione Trezzano",
        category=Category.WORKSHOP,
        ateco="25.63.20",
        description_it="Costruisce stampi per lo stampaggio di materie plastiche destinati all'automotive e all'arredo. Elettroerosione, rettifica e misura tridimensionale in un'unica officina.",
        description_en="It builds moulds for plastic injection moulding for the car and furniture industries. Spark erosion, grinding and 3D measurement in one workshop.",
        places=(
            Place("Via Leonardo da Vinci 120", "20090", "45.422000", "9.068000", comune=TREZZANO, name="Officina", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Come si costruisce uno stampo", "How a mould is made",
            "l'elettroerosione a filo, la rettifica e la sala metrologica climatizzata",
            "wire spark erosion, grinding and the climate-controlled measuring room",
            languages=("it", "en"), min_age=14,
        ),
        themes=("metallo",),
    ),
    Host(
        handle="legatoriaisola",
        name="Legatoria Isola",
        category=Category.WORKSHOP,
        ateco="18.14.00",
        description_it="Legatoria artigiana che rilega a mano libri, registri e quaderni con carte marmorizzate. Restaura volumi antichi per biblioteche e collezionisti.",
        description_en="A bindery binding books, ledgers and notebooks by hand with marbled papers. It restores old volumes for libraries and collectors.",
        places=(
            Place("Via Pietro Borsieri 12", "20159", "45.488800", "9.189400", name="Bottega", access="b", notes="Due gradini all'ingresso; rampa mobile su richiesta."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Cucire un libro a mano", "Sewing a book by hand",
            "la cucitura dei fascicoli, la carta marmorizzata e la doratura dei dorsi",
            "sewing the signatures, marbled paper and gilding the spines",
            languages=("it", "en"), duration=60,
        ),
        themes=("design",),
    ),
    # --- Labs and ateliers ----------------------------------------------------------------
    Host(
        handle="ceramicaisola",
        name="Laboratorio di Ceramica Isola",
        category=Category.ATELIER,
        ateco="23.41.00",
        description_it="Laboratorio di ceramica al tornio e a colombino, con due forni a gas e una piccola scuola. Produce stoviglie per ristoranti del quartiere e pezzi per designer.",
        description_en="A pottery working on the wheel and with coils, with two gas kilns and a small school. It makes tableware for local restaurants and pieces for designers.",
        places=(
            Place("Via Thaon di Revel 12", "20159", "45.492200", "9.188600", name="Laboratorio", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Le mani nell'argilla: il tornio", "Hands in clay: the potter's wheel",
            "la centratura dell'argilla e la prima ciotola al tornio, guidati dai ceramisti",
            "centring the clay and throwing a first bowl, guided by the potters",
            audience="families", languages=("it", "en"), min_age=7, duration=90,
        ),
        themes=("ceramica", "design", "famiglie"),
    ),
    Host(
        handle="sartorialazzari",
        name="Sartoria Lazzari",
        category=Category.ATELIER,
        ateco="14.21.20",
        description_it="Sartoria da uomo e da donna che taglia e cuce su misura abiti e cappotti. Dal 1974 nello stesso cortile di Porta Venezia.",
        description_en="A tailor's for men and women cutting and sewing made-to-measure suits and coats. In the same Porta Venezia courtyard since 1974.",
        places=(
            Place("Via Lecco 9", "20124", "45.479500", "9.206500", name="Atelier", access="b", notes="Primo piano con ascensore stretto (larghezza porta 70 cm)."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Una giacca su misura, dal cartamodello alla prova", "A tailored jacket, from pattern to fitting",
            "la presa delle misure, il taglio del tessuto e le imbastiture della prima prova",
            "measuring, cutting the cloth and the tacking of the first fitting",
            languages=("it", "en", "fr"), duration=60,
        ),
        themes=("moda",),
    ),
    Host(
        handle="cappellirigoni",
        name="Atelier del Cappello Rigoni",
        category=Category.ATELIER,
        ateco="14.29.00",
        description_it="Modisteria che realizza cappelli in feltro e paglia su forme in legno d'epoca. Lavora per il teatro e per le sfilate della settimana della moda.",
        description_en="A milliner shaping felt and straw hats on antique wooden blocks. It works for the theatre and for fashion week shows.",
        places=(
            Place("Via Vigevano 18", "20144", "45.454500", "9.173500", name="Atelier", access="sb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Il cappello a vapore", "Steaming a hat into shape",
            "la formatura del feltro a vapore sulle forme in legno e la cucitura delle guarnizioni",
            "steaming felt over wooden blocks and sewing the trims",
            languages=("it", "en"), duration=60,
        ),
        themes=("moda",),
    ),
    Host(
        handle="liuteriaardesi",
        name="Liuteria Ardesi",
        category=Category.ATELIER,
        ateco="32.20.00",
        description_it="Bottega di liuteria che costruisce e restaura violini, viole e violoncelli secondo la scuola cremonese. Collabora con i conservatori di Milano e di Lugano.",
        description_en="A violin maker's workshop building and restoring violins, violas and cellos in the Cremonese tradition. It works with the conservatories of Milan and Lugano.",
        places=(
            Place("Via Cesare da Sesto 12", "20123", "45.457000", "9.174800", name="Bottega", access="b", notes="Tre gradini all'ingresso, senza rampa."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Nascita di un violino", "How a violin is born",
            "la scelta dell'abete di risonanza, la curvatura delle fasce e la verniciatura a olio",
            "choosing the tonewood, bending the ribs and oil varnishing",
            languages=("it", "en", "de"), duration=60,
        ),
        themes=("legno",),
    ),
    Host(
        handle="oreficeriacortesi",
        name="Oreficeria Cortesi",
        category=Category.ATELIER,
        ateco="32.12.20",
        description_it="Laboratorio orafo che progetta e realizza gioielli in oro e argento con tecniche di cesello e microfusione. Affianca al banco tradizionale la modellazione 3D delle cere.",
        description_en="A goldsmith designing and making gold and silver jewellery with chasing and investment casting. It pairs the traditional bench with 3D modelling of the waxes.",
        places=(
            Place("Via Solferino 22", "20121", "45.476000", "9.186600", name="Laboratorio e negozio", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Al banco dell'orafo", "At the goldsmith's bench",
            "dalla cera stampata in 3D alla microfusione, fino all'incastonatura delle pietre",
            "from the 3D-printed wax to casting and stone setting",
            languages=("it", "en", "zh"), min_age=10, duration=60,
        ),
        themes=("design", "digitale"),
    ),
    Host(
        handle="pelletteriamarras",
        name="Pelletteria Marras",
        category=Category.ATELIER,
        ateco="15.12.00",
        description_it="Laboratorio di pelletteria sul Naviglio Pavese che cuce a mano borse e cinture in cuoio conciato al vegetale. Ripara anche borse d'epoca.",
        description_en="A leather workshop on the Naviglio Pavese hand-stitching bags and belts in vegetable-tanned leather. It also repairs vintage bags.",
        places=(
            Place("Alzaia Naviglio Pavese 46", "20143", "45.445500", "9.176800", name="Laboratorio", access="s"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Cuci il tuo portachiavi in cuoio", "Stitch your own leather key ring",
            "il taglio del cuoio, la cucitura a sellaio e la rifinitura dei bordi",
            "cutting leather, saddle stitching and edge finishing",
            languages=("it", "en"), min_age=10, duration=90,
        ),
        editions=ONLY_2019,
        themes=("moda",),
    ),
    Host(
        handle="setasarpi",
        name="Tessitura a Mano Sarpi",
        category=Category.ATELIER,
        ateco="13.20.00",
        description_it="Atelier di tessitura fondato da una tessitrice di Suzhou e da un designer milanese. Tesse seta e lino su telai a mano per sciarpe, arazzi e tessuti d'arredo.",
        description_en="A weaving studio founded by a weaver from Suzhou and a Milanese designer. It weaves silk and linen on hand looms for scarves, tapestries and furnishing fabrics.",
        places=(
            Place("Via Paolo Lomazzo 10", "20154", "45.481400", "9.172800", name="Atelier", access="sb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Seta al telaio", "Silk on the loom",
            "l'orditura, la tessitura a mano e i motivi tradizionali cinesi reinterpretati",
            "warping, hand weaving and traditional Chinese patterns reinterpreted",
            languages=("it", "zh", "en"), duration=60,
        ),
        editions=ONLY_2019,
        themes=("moda",),
    ),
    Host(
        handle="corniciambrogio",
        name="Cornici e Doratura Sant'Ambrogio",
        category=Category.ATELIER,
        ateco="16.28.11",
        description_it="Corniciai e doratori che intagliano cornici in legno e le dorano a guazzo con foglia d'oro. Restaurano cornici antiche per musei e gallerie.",
        description_en="Frame makers and gilders who carve wooden frames and water-gild them with gold leaf. They restore antique frames for museums and galleries.",
        places=(
            Place("Via San Vittore 21", "20123", "45.461500", "9.172000", name="Bottega", notes="Un gradino all'ingresso; spazi stretti tra i banchi."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "La foglia d'oro", "Gold leaf",
            "l'intaglio, la preparazione a gesso e colla e la doratura a guazzo",
            "carving, gesso preparation and water gilding",
            languages=("it", "fr"), duration=45,
        ),
        themes=("legno", "design"),
    ),
    Host(
        handle="vetratecittastudi",
        name="Vetrate Artistiche Città Studi",
        category=Category.ATELIER,
        ateco="23.12.00",
        description_it="Laboratorio di vetrate legate a piombo e vetro fusione per chiese, case e negozi. Restaura le vetrate liberty dei palazzi milanesi.",
        description_en="A studio making leaded and fused-glass windows for churches, homes and shops. It restores the Art Nouveau windows of Milan's buildings.",
        places=(
            Place("Via Giovanni Briosi 8", "20133", "45.470600", "9.228500", name="Laboratorio", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Vetrate a piombo, dal cartone alla luce", "Leaded glass, from cartoon to light",
            "il disegno al vero, il taglio dei vetri e la saldatura dei profili di piombo",
            "the full-size drawing, cutting glass and soldering the lead cames",
            languages=("it", "en"), min_age=8, duration=60,
        ),
        themes=("design", "ceramica"),
    ),
    Host(
        handle="rakunolo",
        name="Raku NoLo – Ceramiche",
        category=Category.ATELIER,
        ateco="23.41.00",
        description_it="Studio di ceramica raku e gres in un ex laboratorio di bottoni di NoLo. Organizza cotture all'aperto e corsi per adulti e bambini.",
        description_en="A raku and stoneware studio in a former button workshop in NoLo. It runs outdoor firings and classes for adults and children.",
        places=(
            Place("Via Varanini 12", "20127", "45.494200", "9.222500", name="Studio", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Cottura raku in cortile", "Raku firing in the courtyard",
            "lo smalto sui pezzi, l'estrazione dal forno a mille gradi e l'affumicatura",
            "glazing the pieces, taking them from the kiln at a thousand degrees and smoking them",
            languages=("it", "en"), min_age=12, duration=120,
        ),
        editions=ONLY_2019,
        themes=("ceramica", "periferie"),
    ),
    Host(
        handle="tappezzeriariva",
        name="Tappezzeria Fratelli Riva",
        category=Category.ATELIER,
        ateco="95.24.01",
        description_it="Tappezzieri che rifanno divani e poltrone con molle legate a mano e crine naturale. Tappezzano anche sedute per teatri e cinema.",
        description_en="Upholsterers rebuilding sofas and armchairs with hand-tied springs and natural horsehair. They also upholster theatre and cinema seats.",
        places=(
            Place("Via Tito Livio 20", "20137", "45.451200", "9.218000", name="Laboratorio", access="sb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dentro una poltrona", "Inside an armchair",
            "la legatura delle molle, l'imbottitura in crine e la copertura in tessuto",
            "tying the springs, horsehair stuffing and covering",
            duration=45,
        ),
        themes=("legno", "design"),
    ),
    Host(
        handle="restaurochiesarossa",
        name="Atelier di Restauro Mobili Chiesa Rossa",
        category=Category.ATELIER,
        ateco="95.24.09",
        description_it="Restauratori di mobili antichi e moderni, con un laboratorio di lucidatura a tampone. Insegnano il mestiere in corsi serali aperti al quartiere.",
        description_en="Restorers of antique and modern furniture with a French-polishing workshop. They teach the craft in evening classes open to the neighbourhood.",
        places=(
            Place("Via della Chiesa Rossa 55", "20142", "45.432000", "9.173500", name="Laboratorio", access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Un comò dell'Ottocento torna a vivere", "A 19th-century chest of drawers lives again",
            "la pulitura, il consolidamento del legno e la lucidatura a gommalacca",
            "cleaning, consolidating the wood and shellac polishing",
            duration=60,
        ),
        themes=("legno", "periferie"),
    ),
    Host(
        handle="maglificiomonterosa",
        name="Maglificio Artigiano Monte Rosa",
        category=Category.ATELIER,
        ateco="14.10.20",
        description_it="Maglieria artigiana con macchine rettilinee e telai a mano per maglioni in cashmere e lana merino. Produce piccole collezioni per giovani stilisti.",
        description_en="A knitwear workshop with flatbed and hand knitting machines for cashmere and merino sweaters. It produces small collections for young designers.",
        places=(
            Place("Via Raffaello Sanzio 20", "20149", "45.467600", "9.151500", name="Laboratorio", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Un maglione, punto dopo punto", "A sweater, stitch by stitch",
            "le macchine rettilinee, il rimaglio a mano e il lavaggio finale dei capi",
            "the flatbed machines, hand linking and final washing of the garments",
            languages=("it", "en"), duration=60,
        ),
        themes=("moda",),
    ),
    # --- Fablabs and makerspaces ----------------------------------------------------------
    Host(
        handle="wemake",
        name="WeMake",
        category=Category.FABLAB,
        ateco="74.11.10",
        description_it="Makerspace e fablab nato nel 2014 a Gorla, tra i fondatori della rete NEMA. Lavora su moda e tecnologie indossabili, cura aperta e progetti con scuole e imprese.",
        description_en="A makerspace and fablab opened in 2014 in Gorla, a founder of the NEMA network. It works on fashion and wearable tech, open care and projects with schools and firms.",
        places=(
            Place("Via Stefanardo da Vimercate 27/5", "20128", "45.500800", "9.227300", name="Makerspace", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Il braccio robotico che intreccia la pelle", "The robot arm that weaves leather",
            "il progetto di moda con il braccio robotico e una prova di modellazione parametrica",
            "the fashion project with the robot arm and a go at parametric modelling",
            languages=("it", "en"), min_age=12, duration=90,
        ),
        themes=("digitale", "moda"),
    ),
    Host(
        handle="opendot",
        name="OpenDot",
        category=Category.FABLAB,
        ateco="74.11.10",
        description_it="Fablab e studio di progettazione nato da dotdotdot nel 2014, tra i fondatori della rete NEMA. Ha falegnameria, elettronica, tessile, prototipazione rapida e una cucina.",
        description_en="A fablab and design studio started by dotdotdot in 2014, a founder of the NEMA network. It has woodworking, electronics, textile and rapid prototyping areas, and a kitchen.",
        places=(
            Place("Via Tertulliano 70", "20137", "45.447500", "9.213500", name="Fablab", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dentro il fablab: progetti per la cura", "Inside the fablab: design for care",
            "gli ausili progettati con le persone che li usano e le macchine che li producono",
            "aids designed with the people who use them and the machines that make them",
            languages=("it", "en", "lis"), duration=60,
        ),
        themes=("digitale",),
    ),
    Host(
        handle="polifactory",
        name="Polifactory – Politecnico di Milano",
        category=Category.FABLAB,
        ateco="72.10.29",
        description_it="Il makerspace del Politecnico di Milano, nato nel 2014 dai dipartimenti di Design, Meccanica ed Elettronica. Studia il rapporto tra progetto e nuove forme di produzione urbana.",
        description_en="The makerspace of Politecnico di Milano, started in 2014 by the Design, Mechanics and Electronics departments. It studies design and new forms of urban production.",
        places=(
            Place("Via Giovanni Durando 10", "20158", "45.502900", "9.157000", name="Campus Bovisa", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Prototipi della fabbrica del futuro", "Prototypes of the factory of the future",
            "i progetti dei giovani in pre-incubazione e le macchine del makerspace",
            "projects by the young pre-incubated makers and the makerspace machines",
            audience="professionals", languages=("it", "en"), min_age=14,
        ),
        themes=("digitale", "scuole"),
    ),
    Host(
        handle="officinecreativegiambellino",
        name="Officine Creative Giambellino",
        category=Category.FABLAB,
        ateco="85.59.99",
        description_it="Makerspace di quartiere aperto in un ex negozio di Via Giambellino. Offre stampa 3D, taglio laser ed elettronica a ragazzi, artigiani e associazioni.",
        description_en="A neighbourhood makerspace in a former shop on Via Giambellino. It offers 3D printing, laser cutting and electronics to teenagers, artisans and associations.",
        places=(
            Place("Via Giambellino 129", "20146", "45.446200", "9.134000", name="Makerspace", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Stampa 3D: il tuo primo oggetto", "3D printing: your first object",
            "dal disegno al computer all'oggetto stampato, da portare a casa",
            "from a drawing on the computer to a printed object to take home",
            audience="families", languages=("it", "ar", "es"), min_age=9, duration=90,
        ),
        editions=ONLY_2019,
        themes=("digitale", "periferie", "famiglie"),
    ),
    Host(
        handle="fablabniguarda",
        name="Fablab Niguarda",
        category=Category.FABLAB,
        ateco="85.59.99",
        description_it="Laboratorio di fabbricazione digitale gestito da un'associazione di ex tecnici e giovani maker. Ripara, progetta e insegna nelle scuole della zona.",
        description_en="A digital fabrication lab run by an association of retired technicians and young makers. It repairs, designs and teaches in the area's schools.",
        places=(
            Place("Via Luigi Ornato 7", "20162", "45.515000", "9.191000", name="Laboratorio", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Saldare un circuito con Arduino", "Soldering an Arduino circuit",
            "saldatura dei componenti e programmazione di una lucina che reagisce al suono",
            "soldering components and programming a little light that reacts to sound",
            languages=("it", "en"), min_age=11, duration=120,
        ),
        editions=ONLY_2019,
        themes=("digitale", "periferie"),
    ),
    Host(
        handle="makersrho",
        name="Makers Rho",
        category=Category.FABLAB,
        ateco="94.99.20",
        description_it="Associazione di maker dell'area nord-ovest che gestisce un fablab in un ex capannone. Organizza corsi di stampa 3D, elettronica e falegnameria digitale.",
        description_en="A makers' association in the north-west of the metropolitan area running a fablab in a former shed. It teaches 3D printing, electronics and digital woodworking.",
        places=(
            Place("Corso Europa 291", "20017", "45.530000", "9.033000", comune=RHO, name="Fablab", access="stb"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Fablab aperto: vieni a vedere le macchine", "Open fablab: come and see the machines",
            "stampanti 3D, fresa a controllo numerico e taglio laser in funzione, con i soci a disposizione",
            "3D printers, CNC router and laser cutter at work, with members to talk to",
            languages=("it", "en"), duration=420,
        ),
        themes=("digitale",),
    ),
    Host(
        handle="roboticajunior",
        name="Robotica Junior Lab",
        category=Category.FABLAB,
        ateco="85.59.99",
        description_it="Laboratorio di robotica educativa per bambini e ragazzi dai 6 ai 14 anni. Costruisce robot con materiali di recupero e schede programmabili.",
        description_en="An educational robotics lab for children aged 6 to 14. It builds robots from recycled materials and programmable boards.",
        places=(
            Place("Via Padova 104", "20127", "45.496500", "9.230000", name="Laboratorio", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Costruisci un robot con materiali di recupero", "Build a robot from recycled materials",
            "un piccolo robot con motorini, cartone e una scheda programmabile a blocchi",
            "a small robot with motors, cardboard and a block-programmed board",
            audience="families", languages=("it", "en", "ar"), min_age=6, duration=90,
        ),
        editions=ONLY_2019,
        themes=("digitale", "famiglie", "periferie"),
    ),
    # --- Academies and training -----------------------------------------------------------
    Host(
        handle="accademialegno",
        name="Accademia del Legno e dell'Arredo",
        category=Category.ACADEMY,
        ateco="85.59.20",
        description_it="Scuola di falegnameria e design dell'arredo con corsi biennali e serali. I laboratori sono in un ex stabilimento di Rubattino.",
        description_en="A school of woodworking and furniture design with two-year and evening courses. Its workshops are in a former factory in Rubattino.",
        places=(
            Place("Via Raffaele Rubattino 81", "20134", "45.479000", "9.256000", name="Laboratori", access="stbl"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Porte aperte ai laboratori di falegnameria", "Open doors at the woodworking labs",
            "gli studenti al lavoro sui banchi e sulle macchine, con i loro progetti di fine anno",
            "students at work at the benches and machines, with their end-of-year projects",
            audience="schools", languages=("it", "en"), min_age=11, duration=360,
        ),
        themes=("legno", "scuole"),
    ),
    Host(
        handle="altasartoria",
        name="Scuola di Alta Sartoria Milano",
        category=Category.ACADEMY,
        ateco="85.59.20",
        description_it="Scuola di modellistica e sartoria con corsi professionali per giovani e adulti. Molti diplomati lavorano negli uffici stile delle maison milanesi.",
        description_en="A school of pattern making and tailoring with vocational courses for young people and adults. Many graduates work in the design studios of Milan's fashion houses.",
        places=(
            Place("Corso di Porta Romana 61", "20122", "45.457500", "9.194500", name="Scuola", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dal figurino al capo finito", "From fashion sketch to finished garment",
            "le aule di modellistica e confezione, con gli allievi al lavoro sui capi di fine corso",
            "the pattern-making and sewing rooms, with students finishing their final garments",
            audience="schools", languages=("it", "en"), min_age=11,
        ),
        themes=("moda", "scuole"),
    ),
    Host(
        handle="istitutooreficeria",
        name="Istituto di Oreficeria e Gemmologia",
        category=Category.ACADEMY,
        ateco="85.59.20",
        description_it="Istituto di formazione per orafi, incastonatori e gemmologi. Ha un laboratorio di analisi delle pietre aperto anche ai privati.",
        description_en="A training institute for goldsmiths, stone setters and gemmologists. Its gem-testing lab is open to the public too.",
        places=(
            Place("Via Savona 52", "20144", "45.453700", "9.163000", name="Istituto", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Le pietre al microscopio", "Gems under the microscope",
            "il laboratorio gemmologico e le aule dove si impara a incastonare",
            "the gem lab and the classrooms where students learn stone setting",
            languages=("it", "en"), min_age=12, duration=60,
        ),
        editions=ONLY_2019,
        themes=("design", "scuole"),
    ),
    Host(
        handle="accademiapasticceria",
        name="Accademia di Pasticceria Milanese",
        category=Category.ACADEMY,
        ateco="85.59.20",
        description_it="Scuola professionale di pasticceria e panificazione, con laboratori per cinquanta allievi. Custodisce i lieviti madre di alcune storiche pasticcerie milanesi.",
        description_en="A vocational school for pastry and bread with labs for fifty students. It keeps the sourdough starters of several historic Milanese pastry shops.",
        places=(
            Place("Via Mecenate 84", "20138", "45.450000", "9.246000", name="Laboratori", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Il lievito madre del panettone", "The panettone sourdough",
            "i rinfreschi del lievito madre, l'impasto e la cottura del panettone",
            "feeding the starter, kneading and baking the panettone",
            languages=("it", "en", "fr"), duration=60,
        ),
        themes=("cibo", "scuole"),
    ),
    Host(
        handle="cfpmeccatronica",
        name="Centro di Formazione Professionale Meccatronica Sesto",
        category=Category.ACADEMY,
        ateco="85.59.20",
        description_it="Centro di formazione professionale per operatori meccanici, elettrici e meccatronici. Nato negli anni Cinquanta come scuola aziendale delle acciaierie.",
        description_en="A vocational training centre for mechanical, electrical and mechatronic technicians. It began in the Fifties as the steelworks' company school.",
        places=(
            Place("Via Fratelli di Dio 12", "20099", "45.529000", "9.236000", comune=SESTO, name="Centro", access="stb"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Open day della meccatronica", "Mechatronics open day",
            "le officine con le macchine utensili, i banchi di automazione e i progetti degli allievi",
            "workshops with machine tools, automation benches and students' projects",
            audience="schools", min_age=11, duration=300,
        ),
        themes=("metallo", "scuole"),
    ),
    # --- Research centres -----------------------------------------------------------------
    Host(
        handle="materialibicocca",
        name="Laboratorio Materiali Avanzati Bicocca",
        category=Category.RESEARCH,
        ateco="72.10.29",
        description_it="Centro di ricerca su materiali compositi, vetri speciali e rivestimenti per l'industria. Collabora con le piccole imprese attraverso progetti di ricerca applicata.",
        description_en="A research centre on composites, special glasses and coatings for industry. It works with small firms through applied research projects.",
        places=(
            Place("Via Roberto Cozzi 55", "20125", "45.513000", "9.212500", name="Laboratori", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Materiali nuovi per oggetti di sempre", "New materials for everyday things",
            "il microscopio elettronico, le prove di resistenza e i campioni da toccare",
            "the electron microscope, strength tests and samples to touch",
            audience="schools", languages=("it", "en"), min_age=14,
        ),
        themes=("digitale", "scuole"),
    ),
    Host(
        handle="ricerchetessililegnano",
        name="Centro Ricerche Tessili Legnano",
        category=Category.RESEARCH,
        ateco="72.10.29",
        description_it="Centro di ricerca sulle fibre tessili nato nell'ex cotonificio, al servizio del distretto dell'Alto Milanese. Studia fibre riciclate e finissaggi senza sostanze nocive.",
        description_en="A textile fibre research centre in a former cotton mill, serving the Alto Milanese district. It studies recycled fibres and finishes without harmful substances.",
        places=(
            Place("Corso Sempione 150", "20025", "45.590000", "8.925000", comune=LEGNANO, name="Laboratori", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "La seconda vita delle fibre", "The second life of fibres",
            "la sfilacciatura degli scarti tessili e le prove di filatura delle fibre riciclate",
            "shredding textile waste and spinning trials with recycled fibres",
            audience="professionals", languages=("it", "en"), min_age=14,
        ),
        themes=("moda",),
    ),
    Host(
        handle="roboticacollaborativa",
        name="Istituto di Robotica Collaborativa",
        category=Category.RESEARCH,
        ateco="72.10.29",
        description_it="Laboratorio di ricerca su robot che lavorano accanto alle persone, nei capannoni della Bovisa. Sviluppa con le imprese esoscheletri e sistemi di visione.",
        description_en="A research lab on robots working alongside people, in the Bovisa sheds. It develops exoskeletons and vision systems with firms.",
        places=(
            Place("Via Raffaele Lambruschini 4", "20156", "45.503500", "9.154000", name="Laboratorio", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Esoscheletri e robot che vedono", "Exoskeletons and robots that see",
            "le prove con gli esoscheletri per il sollevamento e i robot guidati dalla visione",
            "trying lifting exoskeletons and vision-guided robots",
            languages=("it", "en"), min_age=12,
        ),
        themes=("digitale", "metallo", "scuole"),
    ),
    Host(
        handle="greenmaterials",
        name="Green Materials Lab Santa Giulia",
        category=Category.RESEARCH,
        ateco="72.10.10",
        description_it="Startup di ricerca che ricava bioplastiche dagli scarti dell'industria alimentare. Ha un impianto pilota nella zona di Rogoredo.",
        description_en="A research start-up turning food-industry waste into bioplastics. It runs a pilot plant in the Rogoredo area.",
        places=(
            Place("Via Monte Cengio 14", "20138", "45.432000", "9.244000", name="Impianto pilota", access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Plastica dalle bucce d'arancia", "Plastic from orange peel",
            "l'impianto pilota, i fermentatori e gli oggetti stampati con la bioplastica",
            "the pilot plant, the fermenters and objects moulded from the bioplastic",
            languages=("it", "en"), min_age=10, duration=60,
        ),
        editions=ONLY_2019,
        themes=("periferie", "scuole"),
    ),
    Host(
        handle="ricercaalimentaresegrate",
        name="Centro Ricerca Alimentare Segrate",
        category=Category.RESEARCH,
        ateco="72.10.29",
        description_it="Laboratorio di analisi e sviluppo di prodotti alimentari per le imprese del territorio. Studia conservazione naturale e riduzione degli sprechi.",
        description_en="A lab testing and developing food products for local firms. It studies natural preservation and waste reduction.",
        places=(
            Place("Via Cassanese 224", "20054", "45.490000", "9.291000", comune=SEGRATE, name="Laboratori", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Cosa c'è nel piatto: il laboratorio di analisi", "What's on the plate: the testing lab",
            "le analisi sensoriali, la camera climatica e le prove di durata dei cibi",
            "sensory analysis, the climate room and shelf-life tests",
            audience="professionals", languages=("it", "en"), min_age=14,
        ),
        editions=ONLY_2019,
        themes=("cibo",),
    ),
    # --- Social projects ------------------------------------------------------------------
    Host(
        handle="iltelaio",
        name="Cooperativa Sociale Il Telaio",
        category=Category.SOCIAL,
        ateco="88.99.09",
        description_it="Cooperativa che forma e impiega in sartoria donne rifugiate e richiedenti asilo. Ripara, trasforma e produce capi con tessuti di recupero.",
        description_en="A cooperative training and employing refugee and asylum-seeking women as tailors. It repairs, upcycles and makes garments from salvaged fabric.",
        places=(
            Place("Via Padova 154", "20132", "45.500000", "9.235000", name="Sartoria", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Rammendo creativo", "Creative mending",
            "il rammendo visibile e le toppe decorative per dare nuova vita ai vestiti",
            "visible mending and decorative patches to give clothes a new life",
            audience="families", languages=("it", "en", "ar", "fr"), min_age=8, duration=90,
        ),
        themes=("moda", "periferie", "famiglie"),
    ),
    Host(
        handle="falegnameriasocialequarto",
        name="Falegnameria Sociale Quarto",
        category=Category.SOCIAL,
        ateco="31.00.39",
        description_it="Falegnameria sociale dove ragazzi usciti dalla scuola imparano il mestiere costruendo arredi per il quartiere. Ha arredato biblioteche, cortili e orti condivisi.",
        description_en="A social joinery where school leavers learn the trade by building furniture for the neighbourhood. It has furnished libraries, courtyards and shared gardens.",
        places=(
            Place("Via Michele Lessona 20", "20157", "45.513000", "9.140000", name="Falegnameria", access="stb"),
            Place("Via Felice Orsini 21", "20157", "45.512600", "9.139500", name="Spazio espositivo a Villa Scheibler", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Costruisci una casetta per uccelli", "Build a birdhouse",
            "taglio, foratura e montaggio di una casetta in legno da appendere in cortile",
            "cutting, drilling and assembling a wooden birdhouse for the courtyard",
            audience="families", min_age=6, duration=90,
        ),
        themes=("legno", "periferie", "famiglie"),
    ),
    Host(
        handle="repaircafelorenteggio",
        name="Repair Café Lorenteggio",
        category=Category.SOCIAL,
        ateco="94.99.20",
        description_it="Associazione di volontari che ogni settimana aggiusta gratis elettrodomestici, lampade e giocattoli. Vuole ridurre i rifiuti e far incontrare generazioni diverse.",
        description_en="A volunteer association fixing appliances, lamps and toys for free every week. It wants to cut waste and bring generations together.",
        places=(
            Place("Via Odazio 9", "20146", "45.451000", "9.140000", name="Sala di quartiere", access="stbl"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Porta un oggetto rotto: lo aggiustiamo insieme", "Bring something broken: let's fix it together",
            "elettrodomestici, lampade e giocattoli riparati insieme ai volontari",
            "appliances, lamps and toys repaired together with the volunteers",
            audience="families", languages=("it", "es"), duration=300,
        ),
        editions=ONLY_2019,
        themes=("periferie", "famiglie"),
    ),
    Host(
        handle="cucinasolidale",
        name="Cucina Solidale San Siro",
        category=Category.SOCIAL,
        ateco="56.22.01",
        description_it="Cucina di quartiere che forma cuochi tra i giovani e le donne del quartiere San Siro. Prepara pasti per le mense e catering con ricette da tutto il mondo.",
        description_en="A community kitchen training young people and women from the San Siro estate as cooks. It cooks for canteens and caters with recipes from around the world.",
        places=(
            Place("Via Paravia 59", "20148", "45.470500", "9.135500", name="Cucina", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Il pane di casa, da cinque paesi", "Home bread from five countries",
            "pane arabo, chapati, focaccia, injera e michetta impastati insieme",
            "Arabic flatbread, chapati, focaccia, injera and michetta kneaded together",
            audience="families", languages=("it", "ar", "fr"), min_age=6, duration=90,
        ),
        editions=ONLY_2019,
        themes=("cibo", "periferie", "famiglie"),
    ),
    Host(
        handle="secondatrama",
        name="Laboratorio Sartoriale Seconda Trama",
        category=Category.SOCIAL,
        ateco="14.21.20",
        description_it="Laboratorio sartoriale che dà lavoro a persone in uscita da percorsi di detenzione. Produce divise, borse e accessori per aziende e teatri.",
        description_en="A tailoring workshop employing people after prison sentences. It makes uniforms, bags and accessories for firms and theatres.",
        places=(
            Place("Via Antonio Ceriani 24", "20153", "45.462400", "9.089300", name="Laboratorio", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Seconda trama: storie di lavoro e di cucito", "Second weave: stories of work and sewing",
            "la produzione delle divise e le storie di chi ha trovato qui un nuovo lavoro",
            "making uniforms and the stories of people who found new work here",
            languages=("it", "en"), min_age=14, duration=60,
        ),
        themes=("moda", "periferie"),
    ),
    Host(
        handle="conservechiaravalle",
        name="Conserve di Quartiere Chiaravalle",
        category=Category.SOCIAL,
        ateco="10.39.00",
        description_it="Laboratorio di conserve che trasforma la frutta e la verdura invenduta dei mercati in marmellate e sughi. Lavora con le cascine del Parco Agricolo Sud.",
        description_en="A preserves lab turning unsold fruit and vegetables from markets into jams and sauces. It works with the farms of the Parco Agricolo Sud.",
        places=(
            Place("Via Sant'Arialdo 102", "20139", "45.418000", "9.234000", name="Laboratorio in cascina", access="st", notes="Strada sterrata negli ultimi cento metri."),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Marmellata di mele dei mercati", "Jam from market apples",
            "pulizia, cottura e invasettamento della marmellata, con un vasetto a testa",
            "peeling, cooking and jarring the jam, with a jar for everyone",
            audience="families", min_age=5, duration=90,
        ),
        editions=ONLY_2019,
        themes=("cibo", "periferie", "famiglie"),
    ),
    # --- Showrooms and museums ------------------------------------------------------------
    Host(
        handle="basemilano",
        name="BASE Milano",
        category=Category.SHOWROOM,
        ateco="90.31.00",
        description_it="Centro culturale negli spazi dell'ex Ansaldo in Zona Tortona, tra i fondatori della rete NEMA. Nel 2019 ospita l'hub di Manifatture Aperte, con talk, laboratori ed eventi serali.",
        description_en="A cultural centre in the former Ansaldo works in Zona Tortona, a founder of the NEMA network. In 2019 it hosts the Manifatture Aperte hub with talks, workshops and evening events.",
        places=(
            Place("Via Bergognone 34", "20144", "45.453100", "9.161600", name="BASE", access="stbl", notes="Tutti gli spazi al piano terra; parcheggio riservato in Via Bergognone."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "L'ex Ansaldo: dalla fabbrica al centro culturale", "The former Ansaldo: from factory to cultural centre",
            "la storia dello stabilimento e la sua trasformazione in uno spazio per la cultura e l'impresa",
            "the history of the works and their transformation into a space for culture and enterprise",
            languages=("it", "en"), duration=45,
        ),
        editions=ONLY_2019,
        themes=("design",),
    ),
    Host(
        handle="museotipografia",
        name="Museo della Tipografia Milanese",
        category=Category.SHOWROOM,
        ateco="91.21.00",
        description_it="Piccolo museo-officina con torchi, caratteri mobili in piombo e legno e linotype funzionanti. Stampa ancora manifesti e biglietti per scuole e artisti.",
        description_en="A small museum and print shop with working presses, lead and wood type and linotypes. It still prints posters and cards for schools and artists.",
        places=(
            Place("Via Vallazze 12", "20131", "45.479500", "9.228000", name="Museo", access="sb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Componi e stampa il tuo nome", "Set and print your name",
            "la composizione a mano con i caratteri mobili e la stampa al torchio",
            "hand setting with movable type and printing on the press",
            audience="families", languages=("it", "en"), min_age=6, duration=60,
        ),
        themes=("design", "famiglie"),
    ),
    Host(
        handle="galleriaventura",
        name="Galleria del Design Ventura",
        category=Category.SHOWROOM,
        ateco="74.11.10",
        description_it="Spazio espositivo nei magazzini di Via Ventura che presenta il lavoro di giovani designer e artigiani. Durante l'anno ospita mostre sulla produzione in serie limitata.",
        description_en="An exhibition space in the Via Ventura warehouses showing the work of young designers and artisans. It hosts shows on limited-run production during the year.",
        places=(
            Place("Via Ventura 6", "20134", "45.484200", "9.240000", name="Galleria", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Fatto a Milano: la mostra dei designer-produttori", "Made in Milan: designers who produce",
            "oggetti progettati e prodotti in città, raccontati da chi li ha fatti",
            "objects designed and made in the city, told by the people who made them",
            languages=("it", "en"), duration=45,
        ),
        themes=("design", "legno"),
    ),
    Host(
        handle="archiviosestese",
        name="Archivio della Grande Industria Sestese",
        category=Category.SHOWROOM,
        ateco="91.12.00",
        description_it="Archivio e spazio espositivo sulla storia delle fabbriche di Sesto San Giovanni: Falck, Breda, Marelli, Campari. Conserva disegni tecnici, fotografie e testimonianze di operai.",
        description_en="An archive and exhibition space on the history of Sesto San Giovanni's factories: Falck, Breda, Marelli, Campari. It holds technical drawings, photographs and workers' testimonies.",
        places=(
            Place("Via Giovanni Granelli 1", "20099", "45.538500", "9.232000", comune=SESTO, name="Archivio", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Sesto, la città delle fabbriche", "Sesto, city of factories",
            "fotografie, disegni e voci di chi lavorava nelle grandi fabbriche",
            "photographs, drawings and voices of the people who worked in the big factories",
            languages=("it", "en"), duration=60,
        ),
        themes=("metallo",),
    ),
    Host(
        handle="materiatortona",
        name="Galleria Materia Tortona",
        category=Category.SHOWROOM,
        ateco="47.78.22",
        description_it="Galleria-negozio di oggetti d'artigianato contemporaneo, in un ex laboratorio di Via Tortona. Rappresenta quaranta laboratori lombardi.",
        description_en="A gallery and shop of contemporary craft objects in a former workshop on Via Tortona. It represents forty Lombard workshops.",
        places=(
            Place("Via Tortona 27", "20144", "45.452500", "9.165000", name="Galleria", access="st"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Artigiani in vetrina", "Makers in the window",
            "ogni ora un artigiano diverso lavora in vetrina e racconta il suo mestiere",
            "every hour a different maker works in the window and talks about the craft",
            languages=("it", "en"), duration=420,
        ),
        editions=ONLY_2019,
        themes=("design", "ceramica"),
    ),
    # --- Innovation hubs ------------------------------------------------------------------
    Host(
        handle="cariplofactory",
        name="Cariplo Factory",
        category=Category.INNOVATION_HUB,
        ateco="70.20.09",
        description_it="Hub di innovazione della Fondazione Cariplo che accompagna startup e imprese in percorsi di open innovation. Coordina la rete NEMA con BASE Milano, WeMake e OpenDot.",
        description_en="Fondazione Cariplo's innovation hub, supporting start-ups and firms through open innovation. It coordinates the NEMA network with BASE Milano, WeMake and OpenDot.",
        places=(
            Place("Via Bergognone 34", "20144", "45.453300", "9.161200", name="Cariplo Factory", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Le startup che fanno cose", "Start-ups that make things",
            "l'incontro con le startup manifatturiere accompagnate dall'hub e i loro prototipi",
            "meeting the manufacturing start-ups the hub supports and seeing their prototypes",
            audience="professionals", languages=("it", "en"), min_age=16, duration=60,
        ),
        editions=ONLY_2019,
        themes=("digitale",),
    ),
    Host(
        handle="ripamontilab",
        name="Ripamonti Innovation Lab",
        category=Category.INNOVATION_HUB,
        ateco="82.99.99",
        description_it="Hub dell'innovazione in un edificio pubblico recuperato, con laboratori condivisi e uffici per startup. Ospita il programma di accelerazione per imprese manifatturiere nelle periferie.",
        description_en="An innovation hub in a restored public building, with shared labs and offices for start-ups. It runs the acceleration programme for manufacturing firms in the outskirts.",
        places=(
            Place("Via Giuseppe Ripamonti 88", "20141", "45.444500", "9.200500", name="Hub", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dall'idea all'impresa: visita all'acceleratore", "From idea to firm: a visit to the accelerator",
            "i laboratori condivisi e le imprese accelerate, dalla stampa 3D alla sartoria digitale",
            "the shared labs and the accelerated firms, from 3D printing to digital tailoring",
            audience="professionals", languages=("it", "en"), min_age=16, duration=60,
        ),
        editions=ONLY_2019,
        themes=("digitale", "periferie"),
    ),
    Host(
        handle="acceleratorebovisa",
        name="Acceleratore Hardware Bovisa",
        category=Category.INNOVATION_HUB,
        ateco="70.20.09",
        description_it="Programma di accelerazione per startup hardware, con un laboratorio di prototipazione elettronica. Ha sede accanto al campus universitario della Bovisa.",
        description_en="An acceleration programme for hardware start-ups with an electronics prototyping lab. It sits beside the Bovisa university campus.",
        places=(
            Place("Via Giuseppe Candiani 102", "20158", "45.505500", "9.160000", name="Acceleratore", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Hardware è difficile: dentro un acceleratore", "Hardware is hard: inside an accelerator",
            "il laboratorio di prototipazione elettronica e le storie di cinque startup",
            "the electronics prototyping lab and the stories of five start-ups",
            audience="professionals", languages=("en", "it"), min_age=16, duration=60,
        ),
        editions=ONLY_2019,
        themes=("digitale",),
    ),
    Host(
        handle="artigiani40",
        name="Hub Artigiani 4.0 San Donato",
        category=Category.INNOVATION_HUB,
        ateco="82.99.99",
        description_it="Centro servizi per artigiani che vogliono digitalizzare la produzione: scanner 3D, taglio laser, consulenza. Nato dalla collaborazione tra associazioni di categoria e comuni del sud-est milanese.",
        description_en="A service centre for artisans digitising their production: 3D scanners, laser cutting, advice. Started by trade associations and the municipalities of the south-east.",
        places=(
            Place("Via Emilia 10", "20097", "45.420000", "9.258000", comune=SAN_DONATO, name="Hub", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "L'artigiano digitale", "The digital artisan",
            "dimostrazioni di scansione 3D e di taglio laser su pezzi portati dagli artigiani",
            "demonstrations of 3D scanning and laser cutting on pieces brought by artisans",
            audience="professionals", duration=60,
        ),
        themes=("digitale",),
    ),
    # --- Coworking ------------------------------------------------------------------------
    Host(
        handle="officineturro",
        name="Coworking Officine Turro",
        category=Category.COWORKING,
        ateco="68.20.02",
        description_it="Coworking in un'ex tipografia di Turro, con scrivanie, una sala riunioni e un piccolo laboratorio. Ospita designer, illustratori e artigiani digitali.",
        description_en="A coworking space in a former printing works in Turro, with desks, a meeting room and a small workshop. It hosts designers, illustrators and digital artisans.",
        places=(
            Place("Via Rovereto 8", "20127", "45.496200", "9.225500", name="Coworking", access="stb"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Chi lavora qui? Porte aperte al coworking", "Who works here? Open coworking",
            "i coworker mostrano i loro progetti, dai caratteri tipografici ai gioielli stampati",
            "coworkers show their projects, from typefaces to printed jewellery",
            languages=("it", "en"), duration=300,
        ),
        editions=ONLY_2019,
        themes=("periferie",),
    ),
    Host(
        handle="cowocasoretto",
        name="Cowo Casoretto Makers",
        category=Category.COWORKING,
        ateco="68.20.02",
        description_it="Coworking con laboratorio condiviso per piccoli produttori: banchi, attrezzi e un forno per ceramica. Organizza il mercato mensile dei produttori del quartiere.",
        description_en="A coworking space with a shared workshop for small producers: benches, tools and a pottery kiln. It runs the neighbourhood's monthly makers' market.",
        places=(
            Place("Via Teodosio 6", "20131", "45.487000", "9.229000", name="Coworking", access="s"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Il laboratorio condiviso", "The shared workshop",
            "i produttori che condividono banchi e attrezzi al lavoro sui loro pezzi",
            "the makers who share benches and tools at work on their pieces",
            duration=240,
        ),
        editions=ONLY_2019,
        themes=("ceramica",),
    ),
    Host(
        handle="spaziodergano",
        name="Spazio Condiviso Dergano",
        category=Category.COWORKING,
        ateco="68.20.02",
        description_it="Coworking e spazio eventi affacciato su Piazza Dergano, con una stamperia serigrafica condivisa. Ospita studi di grafica e architettura.",
        description_en="A coworking and events space on Piazza Dergano with a shared screen-printing studio. It hosts graphic design and architecture studios.",
        places=(
            Place("Piazza Dergano 9", "20158", "45.503100", "9.176200", name="Coworking", access="stb"),
        ),
        offer=Offer(
            Kind.WORKSHOP, "Serigrafia: stampa la tua shopper", "Screen printing: print your own tote",
            "la stampa serigrafica a mano di una shopper in cotone con i disegni dei grafici dello spazio",
            "hand screen-printing a cotton tote with designs by the space's designers",
            languages=("it", "en"), min_age=8, duration=60,
        ),
        themes=("design", "periferie"),
    ),
    Host(
        handle="cantierecinisello",
        name="Cantiere Coworking Cinisello",
        category=Category.COWORKING,
        ateco="68.20.02",
        description_it="Coworking e laboratorio in un ex deposito di tram, con postazioni per professionisti e un fablab di base. Collabora con le scuole superiori della città.",
        description_en="A coworking space and workshop in a former tram depot, with desks for professionals and a basic fablab. It works with the town's high schools.",
        places=(
            Place("Via Libertà 85", "20092", "45.556000", "9.215000", comune=CINISELLO, name="Coworking", access="stb"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Porte aperte al Cantiere", "Open doors at the Cantiere",
            "i professionisti del coworking e le macchine del fablab, con dimostrazioni ogni ora",
            "the coworking professionals and the fablab machines, with demonstrations every hour",
            languages=("it", "en"), duration=300,
        ),
        themes=("digitale",),
    ),
    # --- Historic shops (botteghe storiche) -----------------------------------------------
    Host(
        handle="orologeriaferrario",
        name="Orologeria Ferrario dal 1921",
        category=Category.HISTORIC_SHOP,
        ateco="95.25.00",
        description_it="Bottega storica di orologiai nel centro di Milano, alla quarta generazione. Ripara orologi da polso, a pendolo e da torre con attrezzi del primo Novecento.",
        description_en="A historic watchmaker's shop in central Milan, now in its fourth generation. It repairs wristwatches, pendulum and tower clocks with early 20th-century tools.",
        places=(
            Place("Via Spadari 5", "20123", "45.463700", "9.186900", name="Bottega", notes="Bottega piccola con un gradino: visite a gruppi di sei persone."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dentro un orologio meccanico", "Inside a mechanical watch",
            "lo smontaggio di un movimento, la pulizia delle ruote e la regolazione del bilanciere",
            "taking a movement apart, cleaning the wheels and regulating the balance",
            languages=("it", "en", "de"), min_age=10, duration=45,
        ),
        themes=("metallo",),
    ),
    Host(
        handle="coltelleriabenvenuti",
        name="Coltelleria Benvenuti dal 1929",
        category=Category.HISTORIC_SHOP,
        ateco="95.29.91",
        description_it="Coltelleria e arrotino storico di Corso Magenta. Affila coltelli, forbici e lame da barbiere e vende coltelli artigianali italiani.",
        description_en="A historic cutler and knife grinder on Corso Magenta. It sharpens knives, scissors and razors and sells Italian handmade knives.",
        places=(
            Place("Corso Magenta 29", "20123", "45.465500", "9.176000", name="Bottega", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "La mola dell'arrotino", "The knife grinder's wheel",
            "l'affilatura a mola ad acqua e la storia della bottega dal 1929",
            "sharpening on the water wheel and the shop's story since 1929",
            languages=("it", "en"), min_age=8, duration=45,
        ),
        themes=("metallo",),
    ),
    Host(
        handle="cappelleriamazzoleni",
        name="Antica Cappelleria Mazzoleni",
        category=Category.HISTORIC_SHOP,
        ateco="47.71.50",
        description_it="Cappelleria storica di Via Torino con un piccolo laboratorio di modisteria nel retro. Adatta i cappelli alla misura della testa con la conformatrice ottocentesca.",
        description_en="A historic hat shop on Via Torino with a small millinery workshop at the back. It fits hats to each head with a 19th-century conformateur.",
        places=(
            Place("Via Torino 40", "20123", "45.461500", "9.183500", name="Negozio e laboratorio", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "La misura della testa", "The measure of a head",
            "la conformatrice, le forme in legno e le cappelliere d'archivio",
            "the conformateur, the wooden blocks and the archive hat boxes",
            languages=("it", "en"), duration=45,
        ),
        themes=("moda",),
    ),
    Host(
        handle="torrefazionearnaldi",
        name="Drogheria e Torrefazione Fratelli Arnaldi",
        category=Category.HISTORIC_SHOP,
        ateco="10.83.02",
        description_it="Drogheria storica che tosta il caffè ogni mattina in una tostatrice a legna degli anni Trenta. Vende spezie, tè e dolci della tradizione milanese.",
        description_en="A historic grocer roasting coffee every morning in a wood-fired 1930s roaster. It sells spices, tea and traditional Milanese sweets.",
        places=(
            Place("Via Cesare Correnti 10", "20123", "45.459000", "9.180500", name="Bottega", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "La tostatura del caffè", "Roasting coffee",
            "la tostatrice a legna, le miscele e l'assaggio dei diversi gradi di tostatura",
            "the wood-fired roaster, the blends and tasting different roasts",
            languages=("it", "en", "es"), duration=45,
        ),
        themes=("cibo",),
    ),
    Host(
        handle="legatoriapagani",
        name="Cartoleria Legatoria Pagani 1905",
        category=Category.HISTORIC_SHOP,
        ateco="47.62.20",
        description_it="Cartoleria storica di Brera con legatoria interna: agende, album e carte decorate a mano. Conserva i punzoni originali per la stampa a caldo.",
        description_en="A historic Brera stationer with its own bindery: diaries, albums and hand-decorated papers. It keeps the original dies for hot-foil stamping.",
        places=(
            Place("Via Borgonuovo 9", "20121", "45.473000", "9.190500", name="Bottega", notes="Due gradini all'ingresso; laboratorio al piano interrato, senza ascensore."),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Carte decorate e stampa a caldo", "Decorated papers and hot-foil stamping",
            "la decorazione delle carte a colla e la stampa a caldo delle iniziali",
            "paste-paper decoration and hot-foil stamping of initials",
            duration=45,
        ),
        themes=("design",),
    ),
    Host(
        handle="ombrellificiopozzi",
        name="Ombrellificio Pozzi dal 1932",
        category=Category.HISTORIC_SHOP,
        ateco="32.99.20",
        description_it="Ultimo ombrellaio artigiano di Via Padova: costruisce e ripara ombrelli con manici in legno curvato. Le stecche sono ancora montate a mano.",
        description_en="The last umbrella maker on Via Padova, building and repairing umbrellas with bent-wood handles. The ribs are still fitted by hand.",
        places=(
            Place("Via Padova 20", "20127", "45.487500", "9.219000", name="Bottega", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Un ombrello fatto a mano", "A handmade umbrella",
            "la curvatura a vapore dei manici, il montaggio delle stecche e la cucitura della cupola",
            "steam-bending the handles, fitting the ribs and sewing the canopy",
            languages=("it", "ar"), duration=45,
        ),
        themes=("moda", "periferie"),
    ),
    # --- Schools --------------------------------------------------------------------------
    Host(
        handle="iispontelambro",
        name="IIS Meccanica e Moda Ponte Lambro",
        category=Category.SCHOOL,
        ateco="85.31.20",
        description_it="Istituto superiore statale con indirizzi di meccanica, meccatronica e sistema moda. I laboratori sono aperti al quartiere il pomeriggio.",
        description_en="A state secondary school teaching mechanics, mechatronics and fashion. Its workshops are open to the neighbourhood in the afternoon.",
        places=(
            Place("Via Elio Vittorini 20", "20138", "45.444800", "9.261500", name="Scuola", access="stbl"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Gli studenti mostrano i loro progetti", "Students show their projects",
            "la moto elettrica costruita in officina e la collezione di abiti della quinta",
            "the electric motorbike built in the workshop and the final-year fashion collection",
            audience="schools", min_age=11, duration=240,
        ),
        themes=("metallo", "moda", "scuole", "periferie"),
        has_vat=False,
    ),
    Host(
        handle="civicaartiemestieri",
        name="Civica Scuola di Arti e Mestieri",
        category=Category.SCHOOL,
        ateco="85.59.20",
        description_it="Scuola civica del Comune di Milano con corsi di ebanisteria, ceramica, oreficeria e restauro. Forma ogni anno trecento allievi, molti dei quali adulti che cambiano mestiere.",
        description_en="A municipal school of the City of Milan teaching cabinet making, ceramics, goldsmithing and restoration. It trains three hundred students a year, many of them adults changing trade.",
        places=(
            Place("Via Palmanova 59", "20132", "45.497000", "9.245000", name="Scuola", access="stbl"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "I laboratori della scuola civica", "The civic school's workshops",
            "ebanisteria, ceramica e oreficeria, con docenti e allievi al lavoro",
            "cabinet making, ceramics and goldsmithing, with teachers and students at work",
            audience="schools", languages=("it", "en", "lis"), min_age=11, duration=90,
        ),
        themes=("legno", "ceramica", "scuole"),
        has_vat=False,
    ),
    Host(
        handle="liceoartisticorozzano",
        name="Liceo Artistico del Design Rozzano",
        category=Category.SCHOOL,
        ateco="85.31.20",
        description_it="Liceo artistico statale con indirizzi design, arti figurative e grafica. Ha un laboratorio di modellistica e una piccola fonderia didattica.",
        description_en="A state art high school teaching design, fine arts and graphics. It has a model-making workshop and a small teaching foundry.",
        places=(
            Place("Viale Lombardia 20", "20089", "45.382000", "9.154000", comune=ROZZANO, name="Liceo", access="stb"),
        ),
        offer=Offer(
            Kind.OPEN_DOORS, "Il liceo che progetta", "The school that designs",
            "modelli, prototipi e fusioni realizzati dagli studenti nei laboratori",
            "models, prototypes and castings made by the students in the workshops",
            audience="schools", min_age=11, duration=240,
        ),
        themes=("design", "scuole"),
        has_vat=False,
    ),
]


# Organisations that applied for 2019 but are not hosts: (organisation, state, note).
APPLICANTS_2019: list[tuple[Host, str, str]] = [
    (
        Host(
            handle="serigrafialoreto",
            name="Serigrafia Creativa Loreto",
            category=Category.ATELIER,
            ateco="18.12.00",
            description_it="Serigrafia artigianale per t-shirt, manifesti e tessuti, attiva dal 2009.",
            description_en="A craft screen printer for t-shirts, posters and fabrics, working since 2009.",
            places=(
                Place("Via Nicola Antonio Porpora 63", "20131", "45.486100", "9.224000"),
            ),
            offer=Offer(
                Kind.WORKSHOP, "Stampa la tua maglietta", "Print your own t-shirt",
                "la stampa serigrafica di una maglietta",
                "screen printing a t-shirt",
            ),
            editions=(),
        ),
        "submitted",
        "",
    ),
    (
        Host(
            handle="gelateriaportaromana",
            name="Gelateria Artigiana Porta Romana",
            category=Category.ATELIER,
            ateco="10.52.00",
            description_it="Laboratorio di gelato artigianale con latte delle cascine del sud Milano.",
            description_en="An ice-cream lab using milk from the farms south of Milan.",
            places=(
                Place("Via Lazzaro Papi 16", "20135", "45.450800", "9.207700"),
            ),
            offer=Offer(
                Kind.GUIDED_VISIT, "Il gelato dal latte alla coppetta", "Ice cream from milk to cup",
                "la pastorizzazione e la mantecatura",
                "pasteurising and churning",
            ),
            editions=(),
        ),
        "submitted",
        "",
    ),
    (
        Host(
            handle="candeleaffori",
            name="Laboratorio Candele e Saponi Affori",
            category=Category.ATELIER,
            ateco="20.41.10",
            description_it="Piccola produzione di candele in cera di soia e saponi a freddo.",
            description_en="Small production of soy-wax candles and cold-process soaps.",
            places=(
                Place("Via Alessandro Zanoli 12", "20161", "45.515900", "9.171300"),
            ),
            offer=Offer(
                Kind.WORKSHOP, "La tua candela profumata", "Your own scented candle",
                "la colatura della cera",
                "pouring the wax",
            ),
            editions=(),
        ),
        "rejected",
        (
            "Il laboratorio è in un appartamento al terzo piano senza uscite di sicurezza "
            "adeguate all'accoglienza di gruppi. Vi invitiamo a ricandidarvi con una sede "
            "diversa."
        ),
    ),
    (
        Host(
            handle="pixelbrera",
            name="Studio di Grafica Pixel Brera",
            category=Category.COWORKING,
            ateco="74.12.09",
            description_it="Studio di grafica e comunicazione per marchi della moda.",
            description_en="A graphic design and communication studio for fashion brands.",
            places=(
                Place("Via Fiori Oscuri 3", "20121", "45.471000", "9.188000"),
            ),
            offer=Offer(
                Kind.TALK, "Il marchio e la manifattura", "Brand and manufacturing",
                "come si racconta un prodotto",
                "how to tell a product's story",
            ),
            editions=(),
        ),
        "rejected",
        (
            "La proposta non prevede attività di produzione visibili ai visitatori, che sono "
            "il cuore di Manifatture Aperte."
        ),
    ),
    (
        Host(
            handle="distilleriacertosa",
            name="Distilleria Urbana Certosa",
            category=Category.FACTORY,
            ateco="11.01.00",
            description_it="Microdistilleria di gin e amari con erbe del Parco Nord.",
            description_en="A micro-distillery of gin and bitters with herbs from Parco Nord.",
            places=(
                Place("Viale Certosa 140", "20156", "45.494500", "9.144000"),
            ),
            offer=Offer(
                Kind.GUIDED_VISIT, "L'alambicco in città", "A still in the city",
                "la distillazione del gin",
                "distilling gin",
            ),
            editions=(),
        ),
        "withdrawn",
        (
            "Ritiriamo la candidatura: i lavori al reparto di distillazione non finiranno "
            "prima di dicembre."
        ),
    ),
    (
        Host(
            handle="terrecottetrenno",
            name="Vivaio e Terrecotte Trenno",
            category=Category.ATELIER,
            ateco="23.41.00",
            description_it="Vivaio con un laboratorio di vasi in terracotta modellati a mano.",
            description_en="A plant nursery with a workshop making hand-thrown terracotta pots.",
            places=(
                Place("Via Lampugnano 210", "20151", "45.493000", "9.109000"),
            ),
            offer=Offer(
                Kind.WORKSHOP, "Un vaso di terracotta per la tua pianta", "A terracotta pot for your plant",
                "la modellazione del vaso",
                "shaping the pot",
            ),
            editions=(),
        ),
        "changes_requested",
        (
            "Indicate per favore quanti visitatori potete accogliere per turno e come si "
            "raggiunge il laboratorio."
        ),
    ),
    (
        Host(
            handle="tipografiacaratteri",
            name="Tipografia a Caratteri Mobili Città Studi",
            category=Category.HISTORIC_SHOP,
            ateco="18.12.00",
            description_it="Tipografia a caratteri mobili che stampa biglietti e partecipazioni.",
            description_en="A letterpress shop printing cards and invitations.",
            places=(
                Place("Via Canaletto 3", "20133", "45.469900", "9.227400"),
            ),
            offer=Offer(
                Kind.GUIDED_VISIT, "Il torchio tipografico", "The letterpress",
                "la stampa a caratteri mobili",
                "printing with movable type",
            ),
            editions=(),
        ),
        "draft",
        "",
    ),
]


# Organisations that took part in 2018 only.
HOSTS_2018_ONLY: list[Host] = [
    Host(
        handle="biscottificiozucchi",
        name="Biscottificio Fratelli Zucchi",
        category=Category.FACTORY,
        ateco="10.72.00",
        description_it="Biscottificio familiare che produce biscotti al burro e amaretti dal 1950.",
        description_en="A family biscuit factory making butter biscuits and amaretti since 1950.",
        places=(
            Place("Via Torino 40", "20063", "45.526500", "9.333500", comune=CERNUSCO, access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Il forno a tunnel dei biscotti", "The biscuit tunnel oven",
            "impasto, formatura e cottura nel forno a tunnel lungo quaranta metri",
            "mixing, shaping and baking in the forty-metre tunnel oven",
            audience="families",
        ),
        editions=ONLY_2018,
        themes=("cibo",),
    ),
    Host(
        handle="carpenteriabollate",
        name="Carpenteria Metallica Bollate",
        category=Category.FACTORY,
        ateco="25.11.00",
        description_it="Carpenteria che costruisce strutture in acciaio per capannoni, scale e passerelle.",
        description_en="A steel fabricator building structures for sheds, stairs and walkways.",
        places=(
            Place("Via Madonna in Campagna 20", "20021", "45.548000", "9.120000", comune=BOLLATE, access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Saldare una scala d'acciaio", "Welding a steel staircase",
            "il taglio al plasma, la piegatura e la saldatura delle strutture",
            "plasma cutting, bending and welding the structures",
            min_age=14,
        ),
        editions=ONLY_2018,
        themes=("metallo",),
    ),
    Host(
        handle="tessituramagentina",
        name="Tessitura Serica Magentina",
        category=Category.FACTORY,
        ateco="13.20.00",
        description_it="Tessitura di seta per cravatte e foulard con telai jacquard elettronici.",
        description_en="A silk weaving mill for ties and scarves with electronic jacquard looms.",
        places=(
            Place("Via Milano 140", "20013", "45.468000", "8.890000", comune=MAGENTA, access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "I telai jacquard", "The jacquard looms",
            "dal disegno del motivo al tessuto jacquard",
            "from the pattern design to the jacquard cloth",
        ),
        editions=ONLY_2018,
        themes=("moda",),
    ),
    Host(
        handle="stamperiadarte",
        name="Stamperia d'Arte Navigli",
        category=Category.ATELIER,
        ateco="18.12.00",
        description_it="Stamperia d'arte per incisioni e litografie su torchi calcografici storici.",
        description_en="A fine-art print studio for etchings and lithographs on historic presses.",
        places=(
            Place("Ripa di Porta Ticinese 27", "20143", "45.451600", "9.175200", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "L'incisione all'acquaforte", "Etching",
            "la morsura della lastra e la stampa al torchio calcografico",
            "biting the plate and printing on the etching press",
        ),
        editions=ONLY_2018,
        themes=("design",),
    ),
    Host(
        handle="aeronauticaforlanini",
        name="Officina Aeronautica Forlanini",
        category=Category.WORKSHOP,
        ateco="33.16.00",
        description_it="Officina di manutenzione di strumenti e componenti per piccoli aerei.",
        description_en="A workshop maintaining instruments and parts for light aircraft.",
        places=(
            Place("Viale Enrico Forlanini 30", "20134", "45.462700", "9.247000", access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Strumenti di volo", "Flight instruments",
            "la revisione degli strumenti di bordo e dei componenti dei motori",
            "overhauling cockpit instruments and engine parts",
            min_age=12,
        ),
        editions=ONLY_2018,
        themes=("metallo",),
    ),
    Host(
        handle="pianofortimonti",
        name="Pianoforti Monti",
        category=Category.WORKSHOP,
        ateco="32.20.00",
        description_it="Laboratorio di restauro e accordatura di pianoforti a coda e verticali.",
        description_en="A workshop restoring and tuning grand and upright pianos.",
        places=(
            Place("Via Vittorio Emanuele II 55", "20094", "45.432500", "9.110500", comune=CORSICO, access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dentro un pianoforte", "Inside a piano",
            "la meccanica, le corde e l'accordatura di un pianoforte a coda",
            "the action, the strings and tuning a grand piano",
        ),
        editions=ONLY_2018,
        themes=("legno",),
    ),
    Host(
        handle="fotoincisionimoncucco",
        name="Fotoincisioni Moncucco",
        category=Category.WORKSHOP,
        ateco="18.13.00",
        description_it="Fotoincisione di cliché e timbri in metallo e polimero per l'industria grafica.",
        description_en="Photo-engraving of metal and polymer plates and dies for the printing industry.",
        places=(
            Place("Via Moncucco 25", "20142", "45.443000", "9.162000", access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Incidere con la luce", "Engraving with light",
            "l'esposizione delle lastre e l'incisione chimica dei cliché",
            "exposing the plates and etching the dies",
            min_age=12,
        ),
        editions=ONLY_2018,
        themes=("design",),
    ),
    Host(
        handle="saponificiovimodrone",
        name="Saponificio Naturale Vimodrone",
        category=Category.FACTORY,
        ateco="20.41.10",
        description_it="Saponificio che produce saponi all'olio d'oliva con il metodo a caldo.",
        description_en="A soap works making olive-oil soap by the hot process.",
        places=(
            Place("Via Piave 30", "20055", "45.514000", "9.284000", comune=VIMODRONE, access="st"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Il sapone cotto nel paiolo", "Soap cooked in the kettle",
            "la saponificazione a caldo e il taglio dei panetti",
            "hot-process saponification and cutting the bars",
            audience="families",
        ),
        editions=ONLY_2018,
        themes=("famiglie",),
    ),
    Host(
        handle="vetreriagorgonzola",
        name="Vetreria Artistica Gorgonzola",
        category=Category.FACTORY,
        ateco="23.13.00",
        description_it="Vetreria che produce bottiglie e vasi in vetro soffiato in stampo.",
        description_en="A glassworks making mould-blown bottles and vases.",
        places=(
            Place("Via Italia 50", "20064", "45.531000", "9.405000", comune=GORGONZOLA, access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Il vetro soffiato in stampo", "Mould-blown glass",
            "il forno fusorio e la soffiatura in stampo delle bottiglie",
            "the melting furnace and mould-blowing bottles",
            min_age=10,
        ),
        editions=ONLY_2018,
        themes=("design",),
    ),
    Host(
        handle="restaurodipintibrera",
        name="Laboratorio di Restauro Dipinti Brera",
        category=Category.RESEARCH,
        ateco="91.30.01",
        description_it="Laboratorio di restauro di dipinti su tela e tavola, con indagini diagnostiche.",
        description_en="A studio restoring paintings on canvas and panel, with diagnostic imaging.",
        places=(
            Place("Via Fiori Chiari 12", "20121", "45.471700", "9.186000"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Sotto la superficie di un dipinto", "Beneath the surface of a painting",
            "le riflettografie, la pulitura e il ritocco di una tela del Seicento",
            "infrared imaging, cleaning and retouching a 17th-century canvas",
        ),
        editions=ONLY_2018,
        themes=("design",),
    ),
    Host(
        handle="otticaportanuova",
        name="Officina Ottica Porta Nuova",
        category=Category.ATELIER,
        ateco="32.50.30",
        description_it="Laboratorio ottico che molatura lenti e costruisce occhiali su misura.",
        description_en="An optical workshop grinding lenses and making glasses to measure.",
        places=(
            Place("Via Pasubio 10", "20154", "45.483500", "9.184500", access="s"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "La molatura delle lenti", "Grinding lenses",
            "la molatura e il montaggio delle lenti sulle montature",
            "grinding lenses and fitting them into frames",
        ),
        editions=ONLY_2018,
        themes=("design",),
    ),
    Host(
        handle="scenografiebovisasca",
        name="Laboratorio di Scenografie Bovisasca",
        category=Category.ATELIER,
        ateco="90.39.09",
        description_it="Laboratorio che costruisce e dipinge scenografie per teatri e set televisivi.",
        description_en="A workshop building and painting sets for theatres and television.",
        places=(
            Place("Via Bovisasca 180", "20157", "45.519000", "9.160000", access="stb"),
        ),
        offer=Offer(
            Kind.GUIDED_VISIT, "Dietro le quinte: si costruisce una scena", "Backstage: building a set",
            "la costruzione delle strutture e la pittura dei fondali",
            "building the structures and painting the backdrops",
            audience="families",
        ),
        editions=ONLY_2018,
        themes=("legno",),
    ),
]


# An organisation with no application yet, for the demo account that tries applying.
NEW_HOST = Host(
    handle="mosaicomartesana",
    name="Bottega del Mosaico Martesana",
    category=Category.ATELIER,
    ateco="23.70.20",
    description_it="Bottega di mosaico in pietra e smalti aperta nel 2019 lungo il Naviglio Martesana. Realizza pavimenti, pannelli e restauri.",
    description_en="A stone and smalti mosaic workshop opened in 2019 on the Naviglio Martesana. It makes floors and panels and restores old mosaics.",
    places=(
        Place("Via Melchiorre Gioia 184", "20125", "45.495000", "9.200000", name="Bottega", access="s"),
    ),
    offer=Offer(
        Kind.WORKSHOP, "Il tuo primo mosaico", "Your first mosaic",
        "il taglio delle tessere con la martellina e la posa su rete",
        "cutting tesserae with the hammer and setting them on mesh",
    ),
    editions=(),
)
# fmt: on
