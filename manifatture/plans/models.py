import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from manifatture.activities.models import Activity, TimeSlot


def new_share_token() -> str:
    # 192 random bits, URL-safe: the token is the only key to the shared page.
    return secrets.token_urlsafe(24)


class PlanItem(models.Model):
    """An activity a visitor means to go to on one event day ("my day").

    With a slot, the item has its times (the slot's); without one (an activity
    with no slot that day, e.g. open doors all day), it is on the day's list
    and map but outside the timetable. Booked visits need no item: they are in
    the plan because they are booked.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_items"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="plan_items")
    slot = models.ForeignKey(
        TimeSlot, on_delete=models.CASCADE, null=True, blank=True, related_name="plan_items"
    )
    # The slot's local date when there is a slot (set by plans.services).
    day = models.DateField(_("giorno"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voce della mia giornata")
        verbose_name_plural = _("voci della mia giornata")
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "slot"],
                condition=Q(slot__isnull=False),
                name="plan_item_one_per_user_slot",
            ),
            models.UniqueConstraint(
                fields=["user", "activity", "day"],
                condition=Q(slot__isnull=True),
                name="plan_item_one_per_user_activity_day",
            ),
        ]
        indexes = [models.Index(fields=["user", "day"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.activity} ({self.day:%d/%m})"


class PlanShare(models.Model):
    """The secret link to a visitor's plan, read-only for whoever has it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="plan_share",
    )
    token = models.CharField(max_length=64, unique=True, default=new_share_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("condivisione della mia giornata")
        verbose_name_plural = _("condivisioni della mia giornata")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("plans:shared", kwargs={"token": self.token})
