import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import conf, geo, validators


class Comune(models.Model):
    """An Italian comune, from the ISTAT list (loaded with `manage.py load_comuni`)."""

    istat_code = models.CharField(_("codice ISTAT"), max_length=6, primary_key=True)
    name = models.CharField(_("denominazione"), max_length=120, db_index=True)
    province = models.CharField(_("sigla provincia"), max_length=2)
    region = models.CharField(_("regione"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(istat_code__regex=r"^[0-9]{6}$"), name="comune_istat_code_6_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.province})"

    @property
    def is_milano(self) -> bool:
        return self.istat_code == MILANO_ISTAT_CODE


MILANO_ISTAT_CODE = "015146"


class BoundaryQuerySet[B: models.Model](models.QuerySet[B]):
    def containing(self, latitude: float | Decimal, longitude: float | Decimal) -> B | None:
        """The first boundary (a Municipio, a NIL) containing the point, if any;
        the bounding-box columns keep the other boundaries out of the query."""
        lat, lon = float(latitude), float(longitude)
        near = self.filter(
            Q(min_latitude__isnull=True)
            | Q(
                min_latitude__lte=lat,
                max_latitude__gte=lat,
                min_longitude__lte=lon,
                max_longitude__gte=lon,
            )
        ).order_by("pk")
        # Each boundary model has `geometry`; the queryset is shared by two of them.
        return next(
            (row for row in near if geo.contains(row.geometry, lon, lat)),  # type: ignore[attr-defined]
            None,
        )


class Municipio(models.Model):
    """One of Milan's nine Municipi, with its boundary (GeoJSON geometry, WGS84)."""

    number = models.PositiveSmallIntegerField(_("numero"), primary_key=True)
    geometry = models.JSONField(_("confine"))
    # The bounding box, so that placing one point reads only the nearby boundaries.
    min_latitude = models.FloatField(null=True, editable=False)
    max_latitude = models.FloatField(null=True, editable=False)
    min_longitude = models.FloatField(null=True, editable=False)
    max_longitude = models.FloatField(null=True, editable=False)

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipio")
        verbose_name_plural = _("municipi")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=9), name="municipio_number_1_9"
            ),
        ]

    def __str__(self) -> str:
        return _("Municipio %(n)s") % {"n": self.number}


class Nil(models.Model):
    """One of Milan's 88 NIL (Nuclei di Identità Locale), the neighbourhoods of the
    PGT Milano 2030, with its boundary (loaded with `manage.py load_nil`).

    `is_periphery` follows the rule in docs/periphery.md and is recomputed at every load.
    """

    id = models.PositiveSmallIntegerField(_("numero del NIL"), primary_key=True)
    name = models.CharField(_("nome"), max_length=120)
    geometry = models.JSONField(_("confine"))
    min_latitude = models.FloatField(editable=False)
    max_latitude = models.FloatField(editable=False)
    min_longitude = models.FloatField(editable=False)
    max_longitude = models.FloatField(editable=False)
    centroid_latitude = models.FloatField(editable=False)
    centroid_longitude = models.FloatField(editable=False)
    is_periphery = models.BooleanField(_("periferia"), default=False)

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("NIL (quartiere)")
        verbose_name_plural = _("NIL (quartieri)")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(id__gte=1, id__lte=88), name="nil_id_1_88"),
            models.CheckConstraint(
                condition=Q(min_latitude__lte=models.F("max_latitude"))
                & Q(min_longitude__lte=models.F("max_longitude")),
                name="nil_bbox_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The official upper-case name, written as people read it."""
        return nil_label(self.name)


class MappedPlace(models.Model):
    """A place on the map: its coordinates (two decimals, within range) and the
    Municipio of Milan they fall in, computed from them by `locate`. The hub's
    venue is one; `Place` adds the address, the comune and the NIL."""

    latitude = models.DecimalField(_("latitudine"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitudine"), max_digits=9, decimal_places=6)
    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("municipio"),
        help_text=_("Calcolato dalle coordinate per i luoghi nel Comune di Milano."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90), name="%(class)s_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180),
                name="%(class)s_longitude_range",
            ),
        ]

    def locate(self) -> None:
        """Set the Municipio from the coordinates (none outside Milan)."""
        self.municipio = Municipio.objects.containing(self.latitude, self.longitude)


class Place(MappedPlace):
    """A place with an address: sites of organisations, spaces of the census.
    Only a place in the Comune di Milano has a Municipio and a NIL, both
    computed from its coordinates by `locate`."""

    address = models.CharField(_("indirizzo"), max_length=250)
    postcode = models.CharField(_("CAP"), max_length=5, blank=True)
    comune = models.ForeignKey(
        Comune, on_delete=models.PROTECT, related_name="%(class)ss", verbose_name=_("comune")
    )
    nil = models.ForeignKey(
        Nil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("NIL (quartiere)"),
        help_text=_("Calcolato dalle coordinate per i luoghi nel Comune di Milano."),
    )

    class Meta(MappedPlace.Meta):
        abstract = True

    @property
    def is_in_milano(self) -> bool:
        return self.comune_id == MILANO_ISTAT_CODE

    def locate(self) -> None:
        """Set the Municipio and the NIL from the coordinates, in Milan only."""
        if self.is_in_milano:
            super().locate()
            self.nil = Nil.objects.containing(self.latitude, self.longitude)
        else:
            self.municipio = self.nil = None


_NIL_WORDS = {"Q.Re": "Q.re", "Pta": "P.ta", "Qt": "QT", "Xxii": "XXII", "Citta'": "Città"}
_NIL_WORDS |= {"Monlue'": "Monluè", "P.Ta": "P.ta", "Nolo": "NoLo"}
_NIL_SMALL_WORDS = {"Il", "In", "Di", "Del", "Della", "Delle", "Dei", "Degli", "Sul", "E"}


def nil_label(name: str) -> str:
    """ "PARCO BOSCO IN CITTA'" → "Parco Bosco in Città"."""
    words = name.title().split(" ")
    return " ".join(
        word.lower() if position and word in _NIL_SMALL_WORDS else _NIL_WORDS.get(word, word)
        for position, word in enumerate(words)
    )


class Capability(models.Model):
    """What an actor can make or do, from a fixed vocabulary (seeded by a migration):
    structured enough to search and match on."""

    code = models.SlugField(_("codice"), max_length=40, unique=True)
    name_it = models.CharField(_("nome (italiano)"), max_length=80)
    name_en = models.CharField(_("nome (inglese)"), max_length=80)
    # "ha una tagliatrice laser": how a matching reason names a machine of this kind.
    machine_it = models.CharField(_("macchina (italiano)"), max_length=80)
    machine_en = models.CharField(_("macchina (inglese)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("capacità")
        verbose_name_plural = _("capacità")
        ordering = ["position", "name_it"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def machine(self) -> str:
        return localized(self, "machine")


class Material(models.Model):
    """A material an actor works, from a fixed vocabulary (seeded by a migration)."""

    code = models.SlugField(_("codice"), max_length=40, unique=True)
    name_it = models.CharField(_("nome (italiano)"), max_length=80)
    name_en = models.CharField(_("nome (inglese)"), max_length=80)
    # "lavora il legno": the matching reason, with the right article.
    phrase_it = models.CharField(_("frase (italiano)"), max_length=80)
    phrase_en = models.CharField(_("frase (inglese)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("materiale")
        verbose_name_plural = _("materiali")
        ordering = ["position", "name_it"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def phrase(self) -> str:
        return localized(self, "phrase")


class Tag(models.Model):
    """A free keyword that organisations choose ("design", "upcycling" …)."""

    name = models.CharField(_("nome"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("etichetta")
        verbose_name_plural = _("etichette")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_name_ci_unique")]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def public(self) -> "OrganisationQuerySet":
        """Organisations anyone may see: approved by staff (a self-created profile
        waits for moderation). Every public path starts here: the page, search,
        map, API and open data, matching, the albo."""
        return self.filter(moderation=Organisation.Moderation.APPROVED)

    def listed(self) -> "OrganisationQuerySet":
        """Public and not archived: what search and the map show."""
        return self.public().filter(archived_at__isnull=True)

    def awaiting_moderation(self) -> "OrganisationQuerySet":
        """New profiles, and approved ones with a proposed change of name or
        description, for the staff queue."""
        return self.filter(
            Q(moderation=Organisation.Moderation.PENDING) | ~Q(pending_changes={})
        ).exclude(moderation=Organisation.Moderation.REJECTED)

    def without_owners(self) -> "OrganisationQuerySet":
        """Organisations whose last owner left or deleted their account: flagged
        to staff, who find them a new owner or archive them."""
        return self.filter(owners_left_at__isnull=False)


class Organisation(models.Model):
    """A firm, artisan, lab, school or other actor of the manufacturing ecosystem."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("In attesa di verifica")
        APPROVED = "approved", _("Pubblicata")
        REJECTED = "rejected", _("Non pubblicata")

    # Fields whose change on an unverified profile waits for staff (services).
    MODERATED_FIELDS = ("name", "description_it", "description_en")

    class Category(models.TextChoices):
        FACTORY = "factory", _("Fabbrica")
        SHOWROOM = "showroom", _("Spazio espositivo e museo")
        WORKSHOP = "workshop", _("Officina")
        RESEARCH = "research", _("Centro di ricerca")
        SOCIAL = "social", _("Progetto sociale")
        ACADEMY = "academy", _("Accademia e formazione")
        ATELIER = "atelier", _("Laboratorio e atelier")
        FABLAB = "fablab", _("Fablab e makerspace")
        INNOVATION_HUB = "innovation_hub", _("Innovation hub")
        COWORKING = "coworking", _("Coworking")
        HISTORIC_SHOP = "historic_shop", _("Bottega storica")
        SCHOOL = "school", _("Scuola")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Inserita sulla piattaforma")
        CHAMBER = "chamber", _("Estratto della Camera di commercio")
        FABLAB = "fablab", _("Elenco FabLab del Comune di Milano")
        BOTTEGHE = "botteghe", _("Botteghe storiche del Comune di Milano")
        SYNTHETIC = "synthetic", _("Dati sintetici (prove di carico)")

    class ArchiveReason(models.TextChoices):
        STALE = "stale", _("Dati non confermati")
        CLOSED = "closed", _("Attività cessata")

    name = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    category = models.CharField(_("categoria"), max_length=20, choices=Category)
    description_it = models.TextField(_("descrizione (italiano)"), blank=True)
    description_en = models.TextField(_("descrizione (inglese)"), blank=True)
    website = models.URLField(_("sito web"), blank=True)
    vat_number = models.CharField(
        _("partita IVA"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[validators.validate_partita_iva],
    )
    ateco_code = models.CharField(
        _("codice ATECO"),
        max_length=8,
        blank=True,
        validators=[validators.validate_ateco],
        help_text=_("Classificazione ISTAT ATECO 2025, ad esempio 25.62.00."),
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    capabilities = models.ManyToManyField(
        Capability, blank=True, related_name="organisations", verbose_name=_("capacità")
    )
    materials = models.ManyToManyField(
        Material, blank=True, related_name="organisations", verbose_name=_("materiali")
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="organisations", verbose_name=_("etichette")
    )
    services_it = models.TextField(_("servizi offerti (italiano)"), blank=True)
    services_en = models.TextField(_("servizi offerti (inglese)"), blank=True)
    opening_hours = models.TextField(_("orari di apertura"), blank=True)
    contact_email = models.EmailField(
        _("e-mail per i contatti"),
        blank=True,
        help_text=_(
            "Non è pubblicata: riceve le richieste di contatto e le richieste di conferma dei dati."
        ),
    )
    founded_year = models.PositiveSmallIntegerField(_("anno di fondazione"), null=True, blank=True)
    # Words from related rows (tags, capabilities, materials, machines, ATECO title)
    # that full-text search reads with the organisation's own text; kept by services.
    keywords = models.TextField(_("parole chiave per la ricerca"), blank=True, editable=False)
    source = models.CharField(_("origine"), max_length=20, choices=Source, default=Source.MANUAL)
    source_ref = models.CharField(_("riferimento nell'origine"), max_length=40, blank=True)
    # Freshness: owners confirm the profile every year; stale profiles are flagged,
    # then archived (hidden from search and the map). See services.check_freshness.
    last_confirmed_at = models.DateTimeField(
        _("dati confermati il"), default=timezone.now, db_index=True
    )
    confirmation_requested_at = models.DateTimeField(
        _("conferma chiesta il"), null=True, blank=True
    )
    archived_at = models.DateTimeField(_("archiviata il"), null=True, blank=True, db_index=True)
    archive_reason = models.CharField(
        _("motivo dell'archiviazione"), max_length=10, choices=ArchiveReason, blank=True
    )
    # Moderation: a self-created profile is public only once staff approve it;
    # imported and staff-made ones are approved from the start (the default).
    moderation = models.CharField(
        _("verifica dello staff"),
        max_length=10,
        choices=Moderation,
        default=Moderation.APPROVED,
        db_index=True,
    )
    # Staff's reason for the last refusal (of the profile, or of a proposed change).
    moderation_note = models.TextField(_("motivo del rifiuto"), blank=True)
    # A change of name or description of an unverified, approved profile, as
    # {field: value}: the public page keeps the approved text until staff accept it.
    pending_changes = models.JSONField(
        _("modifiche in attesa di verifica"), default=dict, blank=True, editable=False
    )
    # When the last owner left (or deleted their account); cleared when an owner
    # joins. Nobody is ever kept in an organisation to avoid this.
    owners_left_at = models.DateTimeField(
        _("senza titolare dal"), null=True, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    # Not fields: set by the queries that fetch an organisation for a page
    # (directory.queries: get_organisation_for_member, get_public_organisation).
    can_manage_members: bool = False
    is_preview: bool = False

    class Meta:
        verbose_name = _("organizzazione")
        verbose_name_plural = _("organizzazioni")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"], name="organisation_name_id"),
            models.Index(fields=["category"], name="organisation_category"),
            # ATECO division ("25" of 25.62.00): the section and division filters.
            models.Index(Substr("ateco_code", 1, 2), name="organisation_ateco_division"),
            # The map's join from listed organisations to their sites, and their kind
            # of marker, without reading the (wide) table: the condition is that of
            # `OrganisationQuerySet.listed`, which the planner matches to use it. With
            # the ATECO code and the name, search's joins from sites check the ATECO
            # filters and order a page by name from the index too.
            models.Index(
                fields=["id"],
                include=["category", "ateco_code", "name"],
                condition=Q(moderation="approved", archived_at__isnull=True),
                name="organisation_listed_by_id",
            ),
            # Search (search.search_results): the listed organisations in order of
            # name, with what the category and ATECO filters read, so that a page's
            # ids come from the index alone, without the (wide) table; and by
            # category, in order of name.
            models.Index(
                fields=["name", "id"],
                include=["category", "ateco_code"],
                condition=Q(moderation="approved", archived_at__isnull=True),
                name="organisation_listed_name",
            ),
            models.Index(
                fields=["category", "name", "id"],
                condition=Q(moderation="approved", archived_at__isnull=True),
                name="organisation_listed_cat_name",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(vat_number__isnull=True) | Q(vat_number__regex=r"^[0-9]{11}$"),
                name="organisation_vat_11_digits",
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True, archive_reason="")
                | Q(archived_at__isnull=False) & ~Q(archive_reason=""),
                name="organisation_archived_with_reason",
            ),
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~Q(source_ref=""),
                name="organisation_source_ref_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", kwargs={"slug": self.slug})

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def services(self) -> str:
        return localized(self, "services")

    @property
    def is_public(self) -> bool:
        return self.moderation == self.Moderation.APPROVED

    @property
    def is_stale(self) -> bool:
        """Not confirmed for DIRECTORY_STALE_AFTER_DAYS: shown with a warning."""
        return self.last_confirmed_at < timezone.now() - conf.stale_after()

    @property
    def ateco_division(self) -> str:
        return self.ateco_code[:2]


class Machine(models.Model):
    """A machine an organisation has, of one capability ("Trotec Speedy 400", laser cutting)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="machines"
    )
    capability = models.ForeignKey(
        Capability, on_delete=models.PROTECT, related_name="machines", verbose_name=_("tipo")
    )
    model = models.CharField(_("modello"), max_length=120)
    notes = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("macchina")
        verbose_name_plural = _("macchine")
        ordering = ["capability__position", "model"]

    def __str__(self) -> str:
        return f"{self.model} ({self.capability})"


class Link(models.Model):
    """A link on the profile: shop, portfolio, social network."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("testo del link"), max_length=80)
    url = models.URLField(_("indirizzo"))
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("link")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Photo(models.Model):
    """A photo on the profile; the image is checked and re-encoded on upload."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to="photos/")
    alt_text = models.CharField(
        _("descrizione della foto"),
        max_length=200,
        help_text=_("Cosa mostra la foto, per chi non la vede."),
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class Membership(models.Model):
    """A person in an organisation. A row exists only once the person agreed: the
    creator of the organisation, or someone who accepted an `Invitation`
    (`created_at` is when they joined, which conflicts of interest read)."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Titolare")
        STAFF = "staff", _("Collaboratore")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("ruolo"), max_length=10, choices=Role, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membro")
        verbose_name_plural = _("membri")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Invitation(models.Model):
    """An owner asks someone, by e-mail address, to join the organisation. The
    person accepts or declines from their area once logged in with that address
    (verified); until then nobody learns whether the address has an account."""

    class State(models.TextChoices):
        PENDING = "pending", _("In attesa di risposta")
        ACCEPTED = "accepted", _("Accettato")
        DECLINED = "declined", _("Rifiutato")
        REVOKED = "revoked", _("Annullato")
        EXPIRED = "expired", _("Scaduto")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    # Stored case-folded: one address, one pending invitation per organisation.
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("ruolo"), max_length=10, choices=Membership.Role, default=Membership.Role.STAFF
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(_("stato"), max_length=10, choices=State, default=State.PENDING)
    created_at = models.DateTimeField(_("inviato il"), default=timezone.now)
    expires_at = models.DateTimeField(_("scade il"))
    answered_at = models.DateTimeField(_("risposta il"), null=True, blank=True)

    class Meta:
        verbose_name = _("invito")
        verbose_name_plural = _("inviti")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(state="pending"),
                name="invitation_one_pending_per_address",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="invitation_email_casefolded"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        """Pending and not yet expired: it can be accepted or declined."""
        return self.state == self.State.PENDING and self.expires_at > timezone.now()


class SiteQuerySet(models.QuerySet):
    def with_places(self) -> "SiteQuerySet":
        """With comune, Municipio and NIL, but not their boundaries (large JSON)."""
        return self.select_related("comune", "municipio", "nil").defer(
            "municipio__geometry", "nil__geometry"
        )


class Site(Place):
    """A place where an organisation works and receives visitors."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("nome della sede"), max_length=200)
    step_free = models.BooleanField(_("accesso senza gradini"), default=False)
    accessible_toilet = models.BooleanField(_("bagno accessibile"), default=False)
    seating = models.BooleanField(_("posti a sedere disponibili"), default=False)
    hearing_loop = models.BooleanField(_("anello a induzione magnetica"), default=False)
    accessibility_notes = models.TextField(_("note sull'accessibilità"), blank=True)

    objects = SiteQuerySet.as_manager()

    class Meta(Place.Meta):
        verbose_name = _("sede")
        verbose_name_plural = _("sedi")
        ordering = ["organisation__name", "name"]
        indexes = [
            # The map asks for the sites inside its bounding box (search.map_view_json);
            # with the organisation and id in the index, it never reads the table.
            models.Index(
                fields=["latitude", "longitude"],
                include=["organisation", "id"],
                name="site_latitude_longitude",
            ),
            # Search's place filters (search.site_condition): the organisations with
            # a site in a NIL (or the periphery's), a Municipio or a comune, from the
            # index alone.
            models.Index(
                fields=["nil", "municipio"], include=["organisation"], name="site_nil_organisation"
            ),
            models.Index(
                fields=["municipio", "nil"],
                include=["organisation"],
                name="site_municipio_organisation",
            ),
            models.Index(
                fields=["comune"], include=["organisation"], name="site_comune_organisation"
            ),
            # And the other way, an organisation's sites with their places: search
            # walking the organisations in order of name checks their places here.
            models.Index(
                fields=["organisation"],
                include=["nil", "municipio", "comune"],
                name="site_organisation_places",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"


class MapVersion(models.Model):
    """One row that changes whenever what the map may show changes: database
    triggers (migration 0008) add one to `version` at every statement that writes
    organisations, their sites or capabilities, or the NIL, in the writer's own
    transaction. The map keeps its clusters in the cache under this version
    (search.map_view_json), so a change is on the map at the next request.
    `epoch` tells apart two databases (or a table emptied and filled again) whose
    counters have the same number."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)
    epoch = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("versione della mappa")
        verbose_name_plural = _("versione della mappa")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="mapversion_one_row")]

    def __str__(self) -> str:
        return f"{self.epoch}:{self.version}"


def localized(obj: object, field: str) -> str:
    """The field in the active language, falling back to Italian."""
    language = (get_language() or "it")[:2]
    value = getattr(obj, f"{field}_{language}", "") if language == "en" else ""
    return value or getattr(obj, f"{field}_it")


class ImportJob(models.Model):
    """A bulk import started from the staff page: the uploaded file, its progress
    while the task runs, and the per-row report."""

    class Format(models.TextChoices):
        CHAMBER = "chamber", _("CSV stile Camera di commercio")
        FABLAB = "fablab", _("CSV FabLab del Comune di Milano (ds744)")
        BOTTEGHE = "botteghe", _("JSON Botteghe storiche del Comune di Milano (ds290)")

    class Status(models.TextChoices):
        PENDING = "pending", _("In coda")
        VALIDATING = "validating", _("Controllo delle righe")
        SAVING = "saving", _("Salvataggio")
        DONE = "done", _("Completata")
        REJECTED = "rejected", _("Non importata: ci sono errori")
        FAILED = "failed", _("Non riuscita")

    format = models.CharField(_("formato"), max_length=10, choices=Format)
    filename = models.CharField(_("file"), max_length=200)
    content = models.TextField(editable=False)
    skip_invalid = models.BooleanField(_("salta le righe con errori"), default=False)
    status = models.CharField(_("stato"), max_length=10, choices=Status, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=list, editable=False)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("importazione")
        verbose_name_plural = _("importazioni")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed__lte=models.F("total")), name="importjob_processed_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} – {self.filename}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REJECTED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 0
