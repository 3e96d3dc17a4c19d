import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# The least time bookers have to confirm: staff cannot set a shorter gap between
# the request and the release.
RECONFIRM_MIN_HOURS_TO_ANSWER = 12


class Edition(models.Model):
    """A yearly edition of Manifatture Aperte with its dated phases.

    Phases, in order: the host call (hosts apply), review (staff decide),
    visitor registration (visitors book) and the event days.
    """

    class Phase(models.TextChoices):
        UPCOMING = "upcoming", _("In preparazione")
        HOST_CALL = "host_call", _("Candidature aperte")
        REVIEW = "review", _("Valutazione delle candidature")
        PROGRAMME = "programme", _("Programma in preparazione")
        REGISTRATION = "registration", _("Iscrizioni dei visitatori aperte")
        EVENT = "event", _("Evento in corso")
        CLOSED = "closed", _("Edizione conclusa")

    year = models.PositiveSmallIntegerField(_("anno"), unique=True)
    title = models.CharField(_("titolo"), max_length=200)
    tagline_it = models.CharField(_("sottotitolo (italiano)"), max_length=300, blank=True)
    tagline_en = models.CharField(_("sottotitolo (inglese)"), max_length=300, blank=True)
    is_current = models.BooleanField(_("edizione corrente"), default=False)
    event_start = models.DateField(_("primo giorno dell'evento"))
    event_end = models.DateField(_("ultimo giorno dell'evento"))
    host_call_opens = models.DateTimeField(_("apertura candidature"))
    host_call_closes = models.DateTimeField(_("chiusura candidature"))
    review_closes = models.DateTimeField(_("fine della valutazione"))
    registration_opens = models.DateTimeField(_("apertura iscrizioni visitatori"))
    registration_closes = models.DateTimeField(_("chiusura iscrizioni visitatori"))
    hub_name = models.CharField(_("hub centrale"), max_length=200, blank=True)
    hub_address = models.CharField(_("indirizzo dell'hub"), max_length=250, blank=True)
    # Limits per visitor, counted in parties and in seats (bookings.services
    # applies them to bookings, waiting-list offers and the ballot's draw).
    # Empty: the platform's setting (BOOKINGS_PER_VISITOR), or no seat limit.
    party_limit = models.PositiveSmallIntegerField(
        _("prenotazioni per visitatore"),
        null=True,
        blank=True,
        help_text=_(
            "Quante prenotazioni può avere un visitatore in questa edizione: ognuna è una "
            "famiglia o un gruppo, che entra tutto insieme. Vuoto: il limite generale."
        ),
    )
    seat_limit = models.PositiveSmallIntegerField(
        _("persone per visitatore"),
        null=True,
        blank=True,
        help_text=_(
            "Quante persone in tutto un visitatore può prenotare per sé e la sua famiglia in "
            "questa edizione, sommando tutte le prenotazioni (i gruppi e le classi hanno i "
            "loro limiti). Vuoto: nessun limite oltre a quello delle prenotazioni."
        ),
    )
    demand_threshold_percent = models.PositiveSmallIntegerField(
        _("soglia della domanda (%)"),
        default=50,
        help_text=_(
            "Quando le persone in lista d'attesa di un turno arrivano a questa percentuale "
            "dei suoi posti, l'organizzazione riceve un avviso con la proposta di aggiungere "
            "un turno."
        ),
    )
    # Seats that get used: bookers confirm shortly before their visit, or their
    # seats go to the waiting list; at the door, seats of people not yet come
    # go to those waiting (bookings.services.release_booking).
    reconfirm_hours_before = models.PositiveSmallIntegerField(
        _("richiesta di conferma (ore prima del turno)"),
        default=48,
        help_text=_("0 per non chiedere conferma ai visitatori."),
    )
    release_hours_before = models.PositiveSmallIntegerField(
        _("posti liberati se non confermati (ore prima del turno)"), default=24
    )
    door_grace_minutes = models.PositiveSmallIntegerField(
        _("tolleranza alla porta (minuti dopo l'inizio del turno)"),
        default=10,
        help_text=_(
            "Passato questo tempo, chi accoglie può dare i posti di chi non è arrivato "
            "a chi aspetta alla porta."
        ),
    )

    class Meta:
        verbose_name = _("edizione")
        verbose_name_plural = _("edizioni")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="edition_one_current"
            ),
            models.CheckConstraint(
                condition=Q(event_end__gte=F("event_start")), name="edition_event_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(host_call_closes__gt=F("host_call_opens")),
                name="edition_host_call_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(review_closes__gte=F("host_call_closes")),
                name="edition_review_after_host_call",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=F("registration_opens")),
                name="edition_registration_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(party_limit__isnull=True) | Q(party_limit__gte=1),
                name="edition_party_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(seat_limit__isnull=True) | Q(seat_limit__gte=1),
                name="edition_seat_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(demand_threshold_percent__gte=1, demand_threshold_percent__lte=500),
                name="edition_demand_threshold_range",
            ),
            models.CheckConstraint(
                condition=Q(reconfirm_hours_before=0)
                | Q(reconfirm_hours_before__gt=F("release_hours_before")),
                name="edition_reconfirm_before_release",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("editions:detail", kwargs={"year": self.year})

    def clean(self) -> None:
        """The phases follow one another: host call, review, visitor registration, event."""
        super().clean()
        values = [
            self.host_call_opens,
            self.host_call_closes,
            self.review_closes,
            self.registration_opens,
            self.registration_closes,
            self.event_start,
            self.event_end,
        ]
        if any(value is None for value in values):
            return  # missing fields have their own errors
        event_start, _end = self.event_bounds()
        errors: dict[str, StrOrPromise] = {}
        if not self.host_call_opens < self.host_call_closes:
            errors["host_call_closes"] = _(
                "La chiusura delle candidature deve venire dopo la loro apertura."
            )
        if not self.host_call_closes <= self.review_closes:
            errors["review_closes"] = _(
                "La valutazione non può finire prima della chiusura delle candidature."
            )
        if not self.review_closes <= self.registration_opens:
            errors["registration_opens"] = _(
                "Le iscrizioni dei visitatori possono aprire solo dopo la fine della valutazione."
            )
        if not self.registration_opens < self.registration_closes:
            errors["registration_closes"] = _(
                "La chiusura delle iscrizioni deve venire dopo la loro apertura."
            )
        elif not self.registration_closes <= event_start:
            errors["registration_closes"] = _(
                "Le iscrizioni dei visitatori devono chiudere entro l'inizio dell'evento."
            )
        if not self.event_start <= self.event_end:
            errors["event_end"] = _("L'ultimo giorno dell'evento non può precedere il primo.")
        if self.reconfirm_hours_before and (
            self.reconfirm_hours_before - (self.release_hours_before or 0)
            < RECONFIRM_MIN_HOURS_TO_ANSWER
        ):
            errors["release_hours_before"] = _(
                "Lasciate ai visitatori almeno %(hours)s ore per confermare: i posti si "
                "liberano almeno %(hours)s ore dopo la richiesta di conferma."
            ) % {"hours": RECONFIRM_MIN_HOURS_TO_ANSWER}
        if errors:
            raise ValidationError(errors)

    @property
    def event_days(self) -> list[datetime.date]:
        days = (self.event_end - self.event_start).days + 1
        return [self.event_start + datetime.timedelta(days=n) for n in range(days)]

    def event_bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """First and last instant of the event days, in the local time zone."""
        tz = timezone.get_default_timezone()
        start = datetime.datetime.combine(self.event_start, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(
            self.event_end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return start, end

    def phase_at(self, moment: datetime.datetime) -> "Edition.Phase":
        event_start, event_end = self.event_bounds()
        if moment < self.host_call_opens:
            return self.Phase.UPCOMING
        if moment < self.host_call_closes:
            return self.Phase.HOST_CALL
        if moment < self.review_closes:
            return self.Phase.REVIEW
        if moment >= event_end:
            return self.Phase.CLOSED
        if moment >= event_start:
            return self.Phase.EVENT
        if self.registration_opens <= moment < self.registration_closes:
            return self.Phase.REGISTRATION
        return self.Phase.PROGRAMME

    @property
    def phase(self) -> "Edition.Phase":
        return self.phase_at(timezone.now())

    @property
    def host_call_is_open(self) -> bool:
        return self.host_call_opens <= timezone.now() < self.host_call_closes

    def booking_window_at(self, moment: datetime.datetime) -> "BookingWindow":
        """Whether visitors may book the edition's activities at `moment`, and
        until when: the one rule behind every booking prompt and refusal."""
        _start, event_end = self.event_bounds()
        if moment < self.registration_opens:
            state, changes_at = BookingWindow.State.NOT_YET, self.registration_opens
        elif moment < self.registration_closes:
            state, changes_at = BookingWindow.State.OPEN, self.registration_closes
        elif moment < event_end:
            state, changes_at = BookingWindow.State.CLOSED, None
        else:
            state, changes_at = BookingWindow.State.OVER, None
        return BookingWindow(edition=self, state=state, changes_at=changes_at)

    @property
    def booking_window(self) -> "BookingWindow":
        return self.booking_window_at(timezone.now())

    @property
    def asks_reconfirmation(self) -> bool:
        return self.reconfirm_hours_before > 0

    def reconfirmation_times(
        self, starts_at: datetime.datetime
    ) -> tuple[datetime.datetime, datetime.datetime] | None:
        """For a slot starting at `starts_at`: when its bookers are asked to
        confirm, and when the bookings still unconfirmed are released; None if
        the edition asks no confirmation. Bookings made after the first moment
        are not asked (booking so close to the visit is confirmation enough)."""
        if not self.asks_reconfirmation:
            return None
        return (
            starts_at - datetime.timedelta(hours=self.reconfirm_hours_before),
            starts_at - datetime.timedelta(hours=self.release_hours_before),
        )

    def door_release_at(self, starts_at: datetime.datetime) -> datetime.datetime:
        """From when the door may give the seats of bookers not yet arrived to
        people waiting there."""
        return starts_at + datetime.timedelta(minutes=self.door_grace_minutes)


def _local(moment: datetime.datetime | datetime.date) -> dict[str, str]:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
        return {"day": date_format(moment, "j F Y"), "time": time_format(moment, "H:i")}
    return {"day": date_format(moment, "j F Y")}


@dataclass(frozen=True)
class BookingWindow:
    """An edition's booking state at a moment and the date it next changes.

    `reason` is the sentence every page and the booking service's refusal use.
    """

    class State(models.TextChoices):
        NOT_YET = "not_yet", _("Prenotazioni non ancora aperte")
        OPEN = "open", _("Prenotazioni aperte")
        CLOSED = "closed", _("Prenotazioni chiuse")
        OVER = "over", _("Edizione conclusa")

    edition: Edition
    state: "BookingWindow.State"
    changes_at: datetime.datetime | None  # when it opens (not yet) or closes (open)

    @property
    def label(self) -> StrOrPromise:
        return self.State(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_ahead(self) -> bool:
        """The edition has not ended its booking period: visitors may still plan."""
        return self.state in (self.State.NOT_YET, self.State.OPEN)

    @property
    def is_over(self) -> bool:
        return self.state == self.State.OVER

    @property
    def reason(self) -> str:
        edition = self.edition
        if self.state == self.State.NOT_YET:
            return gettext("Le prenotazioni aprono il %(day)s alle %(time)s.") % _local(
                edition.registration_opens
            )
        if self.state == self.State.OPEN:
            return gettext("Le prenotazioni sono aperte fino al %(day)s alle %(time)s.") % (
                _local(edition.registration_closes)
            )
        if self.state == self.State.CLOSED:
            return gettext(
                "Le prenotazioni per questa edizione si sono chiuse il %(day)s alle %(time)s."
            ) % _local(edition.registration_closes)
        return gettext("Questa edizione si è conclusa il %(day)s: non si prenota più.") % _local(
            edition.event_end
        )
