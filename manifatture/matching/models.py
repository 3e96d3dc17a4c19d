"""Matching: a firm describes a need; labs and firms that fit are ranked with the
reasons; the firm contacts them through the platform, and the contact's address
stays private until they answer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import Capability, Material, Nil, Organisation, Site


class Need(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Aperta")
        CLOSED = "closed", _("Chiusa")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="needs", verbose_name=_("impresa")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("cosa vi serve"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    capabilities = models.ManyToManyField(
        Capability, blank=True, related_name="needs", verbose_name=_("lavorazioni")
    )
    materials = models.ManyToManyField(
        Material, blank=True, related_name="needs", verbose_name=_("materiali")
    )
    quantity = models.CharField(_("quantità"), max_length=120, blank=True)
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vicino alla sede"),
    )
    nil = models.ForeignKey(
        Nil,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vicino al quartiere"),
    )
    max_distance_km = models.PositiveSmallIntegerField(_("distanza massima (km)"), default=15)
    needed_by = models.DateField(_("entro il"), null=True, blank=True)
    status = models.CharField(_("stato"), max_length=8, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(_("pubblicata il"), auto_now_add=True)

    class Meta:
        verbose_name = _("richiesta")
        verbose_name_plural = _("richieste")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_distance_km__gte=1, max_distance_km__lte=100),
                name="need_distance_1_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:need", kwargs={"pk": self.pk})


class Contact(models.Model):
    """A message from the firm with the need to one of the ranked organisations."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="contacts")
    recipient = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="matching_contacts"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("messaggio"))
    created_at = models.DateTimeField(_("inviato il"), auto_now_add=True)
    reply = models.TextField(_("risposta"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(_("risposto il"), null=True, blank=True)

    class Meta:
        verbose_name = _("contatto")
        verbose_name_plural = _("contatti")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "recipient"], name="contact_once_per_need"),
            models.CheckConstraint(
                condition=Q(replied_at__isnull=True, reply="")
                | Q(replied_at__isnull=False) & ~Q(reply=""),
                name="contact_reply_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need} → {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("matching:contact", kwargs={"pk": self.pk})

    @property
    def is_answered(self) -> bool:
        return self.replied_at is not None


class SenderBlock(models.Model):
    """An organisation refuses further contacts from a firm (and from the person
    who wrote), after a message it reported."""

    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="matching_blocks",
        verbose_name=_("chi blocca"),
    )
    sender_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("impresa bloccata")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona bloccata"),
    )
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("bloccato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("mittente bloccato")
        verbose_name_plural = _("mittenti bloccati")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "sender_organisation"], name="block_once_per_sender"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ⊘ {self.sender_organisation}"


class ContactReport(models.Model):
    """A message its recipient reported as abuse, for city staff to look at."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="report")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("motivo"), blank=True)
    created_at = models.DateTimeField(_("segnalato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("segnalazione")
        verbose_name_plural = _("segnalazioni")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.contact)
