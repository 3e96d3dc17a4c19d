from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import validators


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


class Municipio(models.Model):
    """One of Milan's nine Municipi, with its boundary (GeoJSON geometry, WGS84)."""

    number = models.PositiveSmallIntegerField(_("numero"), primary_key=True)
    geometry = models.JSONField(_("confine"))

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


class Organisation(models.Model):
    """A firm, artisan, lab, school or other actor of the manufacturing ecosystem."""

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
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    class Meta:
        verbose_name = _("organizzazione")
        verbose_name_plural = _("organizzazioni")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vat_number__isnull=True) | Q(vat_number__regex=r"^[0-9]{11}$"),
                name="organisation_vat_11_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", kwargs={"slug": self.slug})

    @property
    def description(self) -> str:
        return localized(self, "description")


class Membership(models.Model):
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


class Site(models.Model):
    """A place where an organisation works and receives visitors."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("nome della sede"), max_length=200)
    address = models.CharField(_("indirizzo"), max_length=250)
    postcode = models.CharField(_("CAP"), max_length=5, blank=True)
    comune = models.ForeignKey(
        Comune, on_delete=models.PROTECT, related_name="sites", verbose_name=_("comune")
    )
    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sites",
        verbose_name=_("municipio"),
        help_text=_("Calcolato dalle coordinate per le sedi nel Comune di Milano."),
    )
    latitude = models.DecimalField(_("latitudine"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitudine"), max_digits=9, decimal_places=6)
    step_free = models.BooleanField(_("accesso senza gradini"), default=False)
    accessible_toilet = models.BooleanField(_("bagno accessibile"), default=False)
    seating = models.BooleanField(_("posti a sedere disponibili"), default=False)
    hearing_loop = models.BooleanField(_("anello a induzione magnetica"), default=False)
    accessibility_notes = models.TextField(_("note sull'accessibilità"), blank=True)

    class Meta:
        verbose_name = _("sede")
        verbose_name_plural = _("sedi")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90), name="site_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180), name="site_longitude_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"


def localized(obj: models.Model, field: str) -> str:
    """The field in the active language, falling back to Italian."""
    language = (get_language() or "it")[:2]
    value = getattr(obj, f"{field}_{language}", "") if language == "en" else ""
    return value or getattr(obj, f"{field}_it")
