import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manifatture.activities.models import TimeSlot
from manifatture.bookings.models import Booking
from manifatture.directory.models import Organisation


def new_feed_token() -> str:
    # 192 random bits, URL-safe: the token is the only key to the feed.
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A visitor's private iCal feed: whoever has the URL can read it, so the
    visitor can replace the token (and the old URL stops working)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    regenerated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendario personale")
        verbose_name_plural = _("calendari personali")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("tickets:feed", kwargs={"token": self.token})


class ReminderSent(models.Model):
    """A reminder e-mail has been queued for this booking: never send it twice."""

    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, primary_key=True, related_name="reminder_sent"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("promemoria inviato")
        verbose_name_plural = _("promemoria inviati")

    def __str__(self) -> str:
        return str(self.booking)


class WalkIn(models.Model):
    """People who came in without a booking (drop-in activities), counted at the door."""

    slot = models.OneToOneField(
        TimeSlot, on_delete=models.CASCADE, primary_key=True, related_name="walk_in"
    )
    count = models.PositiveIntegerField(_("ingressi senza prenotazione"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ingressi senza prenotazione")
        verbose_name_plural = _("ingressi senza prenotazione")
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=0), name="walk_in_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.slot}: {self.count}"


# The door app: devices that admit offline, and what they report --------------------


def new_device_key() -> str:
    # 256 random bits: the device's HMAC key for the door list.
    return secrets.token_hex(32)


class DoorDevice(models.Model):
    """A phone or tablet at a host's door, registered for one day: it holds
    that day's door list, keyed with its own secret, and sends what it
    admitted. It stops working when its day is over or when a member of the
    host revokes it (a lost phone)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="door_devices"
    )
    name = models.CharField(_("nome del dispositivo"), max_length=60)
    day = models.DateField(_("giorno"))
    key = models.CharField(max_length=64, default=new_device_key, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrato da"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("scade il"))
    last_synced_at = models.DateTimeField(_("ultima sincronizzazione"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revocato il"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revocato da"),
    )

    class Meta:
        verbose_name = _("dispositivo per l'accoglienza")
        verbose_name_plural = _("dispositivi per l'accoglienza")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="door_device_expires_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation}, {self.day})"


class DoorEvent(models.Model):
    """One thing a door did: an admission or a walk-in counted, with the id
    the device gave it (so sending it again changes nothing) and the device's
    clock. `device` is empty for an admission made on the online door page
    that a device's earlier admission displaced."""

    class Kind(models.TextChoices):
        ADMIT = "admit", _("ingresso")
        WALK_IN = "walk_in", _("ingresso senza prenotazione")

    class Outcome(models.TextChoices):
        ADMITTED = "admitted", _("ingresso registrato")
        DOUBLE = "double", _("doppio ingresso")
        REFUSED = "refused", _("non registrato")
        COUNTED = "counted", _("contato")

    event_id = models.UUIDField(unique=True)
    device = models.ForeignKey(
        DoorDevice, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="door_events")
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="door_events"
    )
    delta = models.SmallIntegerField(default=0)
    at = models.DateTimeField(_("ora del dispositivo"))
    received_at = models.DateTimeField(auto_now_add=True)
    # When the outcome was last decided (a later sync may turn an admission
    # into a double): what "changed since" reads.
    changed_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome)
    # Why a refusal (a CheckInRefused code: cancelled, outside_window, ...).
    reason = models.CharField(max_length=20, blank=True)
    # For a double admission: the admission that was kept.
    first = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="doubles"
    )

    class Meta:
        verbose_name = _("evento alla porta")
        verbose_name_plural = _("eventi alla porta")
        ordering = ["at", "pk"]
        constraints = [
            # A ticket is admitted once: one kept admission per booking.
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(outcome="admitted"),
                name="door_event_one_admission_per_booking",
            ),
            models.CheckConstraint(
                condition=~Q(kind="admit") | Q(booking__isnull=False),
                name="door_event_admit_has_booking",
            ),
            models.CheckConstraint(
                condition=~Q(kind="walk_in") | Q(delta__in=[1, -1]),
                name="door_event_walk_in_delta",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.event_id} ({self.get_outcome_display()})"
