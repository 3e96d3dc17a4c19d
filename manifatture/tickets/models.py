import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from manifatture.activities.models import TimeSlot
from manifatture.bookings.models import Booking


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
