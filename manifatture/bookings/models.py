import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manifatture.activities.models import TimeSlot
from manifatture.directory.models import MILANO_ISTAT_CODE, Comune, Municipio

from . import conf

ATTENDEE_NAME_MAX_LENGTH = 100


def new_ticket_code() -> str:
    # 80 random bits, base32 without padding: short enough to type at the door,
    # far too many to guess. The QR code carries it signed (see services).
    return secrets.token_hex(10).upper()


class VisitorProfile(models.Model):
    """What a visitor tells us about themselves, optional, for statistics only."""

    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", _("meno di 18 anni")
        FROM_18_TO_34 = "18_34", _("18–34 anni")
        FROM_35_TO_54 = "35_54", _("35–54 anni")
        FROM_55_TO_74 = "55_74", _("55–74 anni")
        OVER_75 = "75_plus", _("75 anni e oltre")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="visitor_profile",
    )
    comune = models.ForeignKey(
        Comune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comune di residenza"),
    )
    # Only for residents of Milan, the one comune divided into Municipi.
    municipio = models.ForeignKey(
        Municipio,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Municipio di residenza"),
    )
    lives_elsewhere = models.BooleanField(
        _("residente fuori dalla Città metropolitana di Milano"), default=False
    )
    age_band = models.CharField(_("fascia d'età"), max_length=10, choices=AgeBand, blank=True)
    statistics_consent_at = models.DateTimeField(
        _("consenso all'uso statistico il"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profilo del visitatore")
        verbose_name_plural = _("profili dei visitatori")
        constraints = [
            models.CheckConstraint(
                condition=Q(comune__isnull=True) | Q(lives_elsewhere=False),
                name="visitor_profile_one_residence",
            ),
            # "comune is not null" too: a check on NULL = '015146' would pass.
            models.CheckConstraint(
                condition=Q(municipio__isnull=True)
                | Q(comune__isnull=False, comune_id=MILANO_ISTAT_CODE),
                name="visitor_profile_municipio_only_in_milano",
            ),
            # Nothing is kept for statistics without the visitor's consent.
            models.CheckConstraint(
                condition=Q(statistics_consent_at__isnull=False)
                | Q(
                    comune__isnull=True, municipio__isnull=True, lives_elsewhere=False, age_band=""
                ),
                name="visitor_profile_data_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Booking(models.Model):
    """Seats on one time slot for a visitor's party (or a group they lead).

    Seats are taken from the slot's counters by a conditional update in the
    same transaction that inserts this row (bookings.services.book_slot); the
    slot's check constraints make overbooking impossible for any writer.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confermata")
        CANCELLED = "cancelled", _("Annullata")

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individuale")
        GROUP = "group", _("Gruppo o scuola")

    class Release(models.TextChoices):
        """Why the platform or the door gave a booking's seats to others."""

        UNCONFIRMED = "unconfirmed", _("Non confermata in tempo")
        ABSENT = "absent", _("Nessuno arrivato entro la tolleranza")

    slot = models.ForeignKey(TimeSlot, on_delete=models.PROTECT, related_name="bookings")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings"
    )
    status = models.CharField(_("stato"), max_length=10, choices=Status, default=Status.CONFIRMED)
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind, default=Kind.INDIVIDUAL)
    party_size = models.PositiveSmallIntegerField(_("persone"))
    group_name = models.CharField(
        _("scuola o organizzazione del gruppo"), max_length=200, blank=True
    )
    ticket_code = models.CharField(
        _("codice del biglietto"), max_length=20, unique=True, default=new_ticket_code
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("annullata il"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("ingresso registrato il"), null=True, blank=True)
    no_show = models.BooleanField(_("non presentato"), default=False)
    # When the visitor accepted the activity's site rules (Activity.site_rules),
    # ticking the box on the booking form; empty for an activity without rules.
    rules_acknowledged_at = models.DateTimeField(
        _("regole della visita accettate il"), null=True, blank=True
    )
    # Named tickets (Activity.named_tickets): one name per person of the party.
    # A JSON list of strings (services.name_attendees checks each name).
    attendee_names = models.JSONField(_("nomi delle persone"), default=list, blank=True)
    # Set when the visitor is asked to confirm (bookings.reconfirmation): the
    # booking is released if still unconfirmed at this moment.
    reconfirm_by = models.DateTimeField(_("da confermare entro"), null=True, blank=True)
    reconfirmed_at = models.DateTimeField(_("confermata dal visitatore il"), null=True, blank=True)
    released = models.CharField(
        _("posti liberati perché"), max_length=12, choices=Release, blank=True
    )

    class Meta:
        verbose_name = _("prenotazione")
        verbose_name_plural = _("prenotazioni")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(party_size__gte=1), name="booking_party_positive"),
            # One live booking per visitor and slot (a double submit books once).
            models.UniqueConstraint(
                fields=["visitor", "slot"],
                condition=Q(status="confirmed"),
                name="booking_one_live_per_visitor_slot",
            ),
            models.CheckConstraint(
                condition=Q(status="confirmed") | Q(cancelled_at__isnull=False),
                name="booking_cancelled_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="group") | ~Q(group_name=""),
                name="booking_group_has_name",
            ),
            # Named tickets name everyone in the party, or nobody yet.
            models.CheckConstraint(
                condition=Q(attendee_names=[])
                | Q(
                    Exact(
                        Func(
                            "attendee_names",
                            function="jsonb_array_length",
                            output_field=models.IntegerField(),
                        ),
                        F("party_size"),
                    )
                ),
                name="booking_names_match_party",
            ),
            models.CheckConstraint(
                condition=Q(released="") | Q(status="cancelled"),
                name="booking_released_is_cancelled",
            ),
        ]
        indexes = [
            models.Index(fields=["visitor", "status"]),
            # The release job's read: live bookings asked to confirm and not yet confirmed.
            models.Index(
                fields=["reconfirm_by"],
                condition=Q(status="confirmed", reconfirmed_at__isnull=True),
                name="booking_awaiting_reconfirm",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visitor} – {self.slot} ({self.party_size})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def awaits_reconfirmation(self) -> bool:
        """Asked to confirm, not yet confirmed, still live."""
        return self.is_confirmed and self.reconfirm_by is not None and self.reconfirmed_at is None

    @property
    def cancel_deadline(self) -> datetime.datetime:
        """Until when the visitor may cancel: the one cancellation deadline,
        used by the cancellation service, the cancel page, the reminder e-mail
        and its one-click link (the host and city staff may cancel at any time)."""
        return self.slot.starts_at - conf.cancellation_cutoff()

    def visitor_may_cancel(self, now: datetime.datetime | None = None) -> bool:
        """Whether the visitor may still cancel this booking themselves."""
        return self.is_confirmed and (now or timezone.now()) < self.cancel_deadline


class WaitingListEntry(models.Model):
    """A party waiting for seats on a full slot: a visitor's household or, with
    kind GROUP, a group or school class they lead. Offered seats in order of
    joining, always for the whole party (bookings.services.waiting_list._offer_freed_seats)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("In attesa")
        OFFERED = "offered", _("Posti offerti")
        ACCEPTED = "accepted", _("Offerta accettata")
        EXPIRED = "expired", _("Offerta scaduta")
        LEFT = "left", _("Uscito dalla lista")
        CANCELLED = "cancelled", _("Turno annullato")

    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="waiting_list")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waiting_list_entries"
    )
    party_size = models.PositiveSmallIntegerField(_("persone"))
    kind = models.CharField(
        _("tipo"), max_length=10, choices=Booking.Kind, default=Booking.Kind.INDIVIDUAL
    )
    group_name = models.CharField(
        _("scuola o organizzazione del gruppo"), max_length=200, blank=True
    )
    status = models.CharField(_("stato"), max_length=10, choices=Status, default=Status.WAITING)
    joined_at = models.DateTimeField(auto_now_add=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="from_waiting_list"
    )

    class Meta:
        verbose_name = _("voce della lista d'attesa")
        verbose_name_plural = _("lista d'attesa")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(party_size__gte=1), name="waiting_party_positive"),
            models.CheckConstraint(
                condition=~Q(kind="group") | ~Q(group_name=""),
                name="waiting_group_has_name",
            ),
            models.UniqueConstraint(
                fields=["visitor", "slot"],
                condition=Q(status__in=["waiting", "offered"]),
                name="waiting_one_live_per_visitor_slot",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="waiting_offer_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visitor} – {self.slot} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        return self.status in {self.Status.WAITING, self.Status.OFFERED}

    @property
    def is_group(self) -> bool:
        return self.kind == Booking.Kind.GROUP


class AccessNeeds(models.Model):
    """A visitor's access needs, kept in their profile only with their explicit
    consent (health data, GDPR art. 9). By default they stay in the visitor's
    browser (static/js/access-needs.js) and never reach us; the row exists only
    while the consent does: withdrawing it deletes the row. Hosts see at most
    how many people booked on a slot have each need (`queries.access_needs_counts`),
    never who."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="access_needs",
    )
    # The same names as the programme's access filter (activities.forms.ACCESS_FEATURES).
    step_free = models.BooleanField(_("accesso senza gradini"), default=False)
    accessible_toilet = models.BooleanField(_("bagno accessibile"), default=False)
    seating = models.BooleanField(_("posti a sedere"), default=False)
    hearing_loop = models.BooleanField(_("anello a induzione magnetica"), default=False)
    companion_free = models.BooleanField(_("accompagnatore che entra gratis"), default=False)
    quiet_visit = models.BooleanField(_("visita tranquilla"), default=False)
    consent_at = models.DateTimeField(_("consenso dato il"))
    updated_at = models.DateTimeField(auto_now=True)

    NEEDS = (
        "step_free",
        "accessible_toilet",
        "seating",
        "hearing_loop",
        "companion_free",
        "quiet_visit",
    )

    class Meta:
        verbose_name = _("esigenze di accesso")
        verbose_name_plural = _("esigenze di accesso")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def needs(self) -> list[str]:
        return [need for need in self.NEEDS if getattr(self, need)]


class DemandNudge(models.Model):
    """The host told that a slot's waiting list passed the edition's threshold
    (`bookings.demand`): one per slot and crossing. It closes when the waiting
    list falls back below the threshold (a later crossing makes a new one), and
    is answered when the host adds a slot to the activity."""

    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="demand_nudges")
    waiting_seats = models.PositiveIntegerField(_("persone in lista d'attesa"))
    waiting_parties = models.PositiveIntegerField(_("gruppi in lista d'attesa"))
    capacity = models.PositiveIntegerField(_("posti del turno"))
    threshold_percent = models.PositiveSmallIntegerField(_("soglia (%)"))
    created_at = models.DateTimeField(_("avviso del"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mail inviata il"), null=True, blank=True)
    closed_at = models.DateTimeField(_("rientrato il"), null=True, blank=True)
    answered_at = models.DateTimeField(_("turno aggiunto il"), null=True, blank=True)
    added_slot = models.ForeignKey(
        TimeSlot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("turno aggiunto"),
    )

    class Meta:
        verbose_name = _("avviso di domanda")
        verbose_name_plural = _("avvisi di domanda")
        ordering = ["-created_at", "pk"]
        constraints = [
            # Once per slot and crossing: one open nudge at a time.
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(closed_at__isnull=True),
                name="demand_nudge_one_open_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} – {self.waiting_seats}/{self.capacity}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and self.answered_at is None
