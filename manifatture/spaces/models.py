import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import Place, localized


class Space(Place):
    """An unused public space of the census, which a call may offer to new firms."""

    class Condition(models.TextChoices):
        GOOD = "good", _("Buono, utilizzabile subito")
        FAIR = "fair", _("Discreto, servono piccoli lavori")
        POOR = "poor", _("Da ristrutturare")
        UNUSABLE = "unusable", _("Inagibile")

    class Status(models.TextChoices):
        SURVEYED = "surveyed", _("Censito")
        AVAILABLE = "available", _("Disponibile")
        UNDER_CALL = "under_call", _("A bando")
        ASSIGNED = "assigned", _("Assegnato")

    name = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description_it = models.TextField(_("descrizione (italiano)"), blank=True)
    description_en = models.TextField(_("descrizione (inglese)"), blank=True)
    surface_m2 = models.PositiveIntegerField(_("superficie (m²)"))
    floors = models.PositiveSmallIntegerField(_("piani"), default=1)
    condition = models.CharField(_("stato di conservazione"), max_length=20, choices=Condition)
    current_use = models.CharField(
        _("uso attuale"), max_length=200, blank=True, help_text=_("Ad esempio: magazzino, vuoto.")
    )
    constraints_notes = models.TextField(
        _("vincoli e note"),
        blank=True,
        help_text=_("Vincoli urbanistici o storici, destinazioni d'uso ammesse, lavori necessari."),
    )
    status = models.CharField(
        _("stato"), max_length=20, choices=Status, default=Status.SURVEYED, db_index=True
    )
    is_published = models.BooleanField(
        _("pubblicato"), default=False, help_text=_("Visibile a tutti sulla mappa degli spazi.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Place.Meta):
        verbose_name = _("spazio")
        verbose_name_plural = _("spazi")
        ordering = ["name"]
        constraints = [
            *Place.Meta.constraints,
            models.CheckConstraint(condition=Q(surface_m2__gt=0), name="space_surface_positive"),
            models.CheckConstraint(condition=Q(floors__gte=1), name="space_floors_at_least_one"),
            models.CheckConstraint(
                condition=Q(status__in=["surveyed", "available", "under_call", "assigned"]),
                name="space_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("spaces:detail", kwargs={"slug": self.slug})

    @property
    def description(self) -> str:
        return localized(self, "description")


def photo_path(instance: "SpacePhoto", filename: str) -> str:
    """A random name: what the uploader called the file never reaches the disk."""
    return f"spaces/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class SpacePhoto(models.Model):
    """A photo of a space, re-encoded by the platform (no metadata, known format)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("foto"), upload_to=photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text_it = models.CharField(
        _("descrizione della foto (italiano)"),
        max_length=250,
        help_text=_("Cosa mostra la foto, per chi non la vede."),
    )
    alt_text_en = models.CharField(
        _("descrizione della foto (inglese)"), max_length=250, blank=True
    )
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto dello spazio")
        verbose_name_plural = _("foto degli spazi")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text_it

    @property
    def alt_text(self) -> str:
        return localized(self, "alt_text")


class SpaceStatusChange(models.Model):
    """One change of a space's status: who, when, from, to and why."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("da"),
        max_length=20,
        choices=Space.Status,
        blank=True,
        help_text=_("Vuoto alla creazione."),
    )
    to_status = models.CharField(_("a"), max_length=20, choices=Space.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("da chi"),
    )
    changed_at = models.DateTimeField(_("quando"), auto_now_add=True)
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        verbose_name = _("cambio di stato dello spazio")
        verbose_name_plural = _("cambi di stato degli spazi")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")), name="space_change_changes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space}: {self.from_status or '–'} → {self.to_status}"
