"""The qualified list (albo) of fablabs, makerspaces and coworking spaces.

An organisation applies against the published criteria with documents; city staff
verify and approve (with a validity) or reject (with a reason). An approved entry is
listed while today falls within its validity: expiry is a date, not a flag, so an
expired entry drops off the list by itself. Entries are never deleted; every step is
recorded as an event (the history).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import Organisation, localized


class Criterion(models.Model):
    """A published requirement for the list; applicants declare they meet each one."""

    title_it = models.CharField(_("titolo (italiano)"), max_length=200)
    title_en = models.CharField(_("titolo (inglese)"), max_length=200, blank=True)
    description_it = models.TextField(_("spiegazione (italiano)"), blank=True)
    description_en = models.TextField(_("spiegazione (inglese)"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordine"), default=0)
    is_active = models.BooleanField(_("in vigore"), default=True)

    class Meta:
        verbose_name = _("criterio")
        verbose_name_plural = _("criteri")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Entry(models.Model):
    """An application to the list and, once approved, the listing itself."""

    class Kind(models.TextChoices):
        FABLAB = "fablab", _("Fablab")
        MAKERSPACE = "makerspace", _("Makerspace")
        COWORKING = "coworking", _("Coworking")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("In verifica")
        APPROVED = "approved", _("Approvata")
        REJECTED = "rejected", _("Respinta")
        WITHDRAWN = "withdrawn", _("Ritirata")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="albo_entries"
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind)
    state = models.CharField(_("stato"), max_length=10, choices=State, default=State.SUBMITTED)
    renews = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("rinnova"),
    )
    criteria = models.ManyToManyField(
        Criterion, related_name="entries", verbose_name=_("criteri dichiarati")
    )
    statement = models.TextField(_("presentazione"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("presentata il"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decisa il"), null=True, blank=True)
    rejection_reason = models.TextField(_("motivo del rifiuto"), blank=True)
    valid_from = models.DateField(_("valida dal"), null=True, blank=True)
    expires_on = models.DateField(_("valida fino al"), null=True, blank=True)

    class Meta:
        verbose_name = _("iscrizione all'albo")
        verbose_name_plural = _("iscrizioni all'albo")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["state", "expires_on"], name="entry_state_expiry")]
        constraints = [
            # At most one application waiting for verification per organisation.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(state="submitted"),
                name="entry_one_pending_per_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(state="approved")
                | Q(valid_from__isnull=False, expires_on__isnull=False),
                name="entry_approved_has_validity",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("valid_from")),
                name="entry_expires_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(rejection_reason=""),
                name="entry_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_kind_display()} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("qualifications:entry", kwargs={"pk": self.pk})

    @property
    def expiry(self) -> datetime.date:
        """`expires_on` of an entry that has one: every approved entry (constraint above)."""
        if self.expires_on is None:
            raise ValueError(f"{self} has no expiry date")
        return self.expires_on


class Document(models.Model):
    """A supporting document. Kept in the database, never under a public URL: only
    the applicant's members and city staff can download it."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="documents")
    name = models.CharField(_("nome del file"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("documento")
        verbose_name_plural = _("documenti")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("qualifications:document", kwargs={"pk": self.pk})


class Event(models.Model):
    """One step in an entry's history."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Domanda presentata")
        APPROVED = "approved", _("Iscrizione approvata")
        REJECTED = "rejected", _("Domanda respinta")
        WITHDRAWN = "withdrawn", _("Domanda ritirata")
        REMINDED = "reminded", _("Promemoria di scadenza inviato")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("azione"), max_length=10, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("nota"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventi")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.get_action_display()}"


class Reminder(models.Model):
    """An expiry reminder sent for an entry, so that each is sent once."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "days_before"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} – {self.days_before}"
