from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from manifatture.activities.models import Activity, TimeSlot
from manifatture.bookings.models import Booking, WaitingListEntry
from manifatture.editions.models import Edition

# How many ranked choices a visitor may enter in a ballot.
MAX_CHOICES = 3


class Ballot(models.Model):
    """The edition's ballot for its most wanted activities: visitors enter
    ranked choices during the window, then staff run the draw."""

    class Status(models.TextChoices):
        OPEN = "open", _("Da sorteggiare")
        DRAWN = "drawn", _("Sorteggiato")

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="ballot")
    opens_at = models.DateTimeField(_("apertura delle iscrizioni al sorteggio"))
    closes_at = models.DateTimeField(_("chiusura delle iscrizioni al sorteggio"))
    status = models.CharField(_("stato"), max_length=10, choices=Status, default=Status.OPEN)
    seed = models.PositiveBigIntegerField(_("seme del sorteggio"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("sorteggiato il"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sorteggiato da"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sorteggio")
        verbose_name_plural = _("sorteggi")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="ballot_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(status="open", seed__isnull=True, drawn_at__isnull=True)
                | Q(status="drawn", seed__isnull=False, drawn_at__isnull=False),
                name="ballot_drawn_has_seed_and_date",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Sorteggio di %(edition)s") % {"edition": self.edition})

    def get_absolute_url(self) -> str:
        return reverse("ballots:detail", kwargs={"pk": self.pk})

    @property
    def is_drawn(self) -> bool:
        return self.status == self.Status.DRAWN


class BallotActivity(models.Model):
    """An activity whose places are given by the ballot of its edition."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="ballot_activities")
    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="ballot_activity"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("singular", "attività a sorteggio")
        verbose_name_plural = _("attività a sorteggio")
        ordering = ["activity__title_it"]

    def __str__(self) -> str:
        return str(self.activity)


class BallotEntry(models.Model):
    """One ranked choice of a visitor in a ballot: a slot and a party, their
    household or (kind GROUP) a group or school class they lead. The draw
    gives the party its seats all together or not at all (`ballots/draw.py`)."""

    class Result(models.TextChoices):
        PENDING = "pending", _("In attesa del sorteggio")
        WON = "won", _("Posto assegnato")
        WAITING = "waiting", _("In lista d'attesa")
        CLASH = "clash", _("Non assegnato: si sovrappone a un altro vostro turno")
        NOT_PLACED = "not_placed", _("Non assegnato")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="entries")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ballot_entries"
    )
    rank = models.PositiveSmallIntegerField(_("preferenza"))
    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="ballot_entries")
    party_size = models.PositiveSmallIntegerField(_("persone"))
    kind = models.CharField(
        _("tipo"), max_length=10, choices=Booking.Kind, default=Booking.Kind.INDIVIDUAL
    )
    group_name = models.CharField(
        _("scuola o organizzazione del gruppo"), max_length=200, blank=True
    )
    result = models.CharField(_("esito"), max_length=12, choices=Result, default=Result.PENDING)
    # The round of the draw that gave the place (1: a first place).
    round = models.PositiveSmallIntegerField(_("giro del sorteggio"), null=True, blank=True)
    booking = models.OneToOneField(
        Booking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballot_entry",
    )
    waiting_entry = models.OneToOneField(
        WaitingListEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ballot_entry",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scelta nel sorteggio")
        verbose_name_plural = _("scelte nel sorteggio")
        ordering = ["ballot", "visitor", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=MAX_CHOICES), name="ballot_entry_rank_range"
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1), name="ballot_entry_party_positive"
            ),
            models.CheckConstraint(
                condition=~Q(kind="group") | ~Q(group_name=""),
                name="ballot_entry_group_has_name",
            ),
            # With the rank range, at most MAX_CHOICES choices per visitor and ballot.
            models.UniqueConstraint(
                fields=["ballot", "visitor", "rank"], name="ballot_entry_one_per_rank"
            ),
            models.UniqueConstraint(
                fields=["ballot", "visitor", "slot"], name="ballot_entry_one_per_slot"
            ),
            models.CheckConstraint(
                condition=~Q(result="won") | Q(booking__isnull=False, round__isnull=False),
                name="ballot_entry_won_has_booking",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visitor} – {self.rank}. {self.slot}"

    @property
    def is_group(self) -> bool:
        return self.kind == Booking.Kind.GROUP
