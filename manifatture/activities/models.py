import datetime
import operator
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Greatest, Least
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from manifatture.directory.models import MappedPlace, Organisation, Site, localized
from manifatture.editions.models import Edition
from manifatture.participations.models import ActivityKind, ProposedActivity
from manifatture.statements import update_sql

# Kinds that always take place at the edition's hub, in one of its rooms.
HUB_KINDS = {ActivityKind.TALK}


class Language(models.Model):
    code = models.CharField(_("codice"), max_length=8, primary_key=True)
    name_it = models.CharField(_("nome (italiano)"), max_length=60)
    name_en = models.CharField(_("nome (inglese)"), max_length=60)

    class Meta:
        verbose_name = _("lingua")
        verbose_name_plural = _("lingue")
        ordering = ["name_it"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class HubRoom(models.Model):
    """A room at the edition's central hub, where talks and some workshops take place."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="hub_rooms")
    name = models.CharField(_("nome"), max_length=120)
    seats = models.PositiveIntegerField(_("posti"))

    class Meta:
        verbose_name = _("sala dell'hub")
        verbose_name_plural = _("sale dell'hub")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="hub_room_unique_name"),
            models.CheckConstraint(condition=Q(seats__gt=0), name="hub_room_seats_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class HubVenue(MappedPlace):
    """Where an edition's hub is on the map and how accessible it is.

    The hub's name and address are on the edition; this adds what the programme
    needs to place hub activities like any other: coordinates, the Municipio
    (computed from them) and the same accessibility facts as a host's site.
    """

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, primary_key=True, related_name="hub_venue"
    )
    step_free = models.BooleanField(_("accesso senza gradini"), default=False)
    accessible_toilet = models.BooleanField(_("bagno accessibile"), default=False)
    seating = models.BooleanField(_("posti a sedere disponibili"), default=False)
    hearing_loop = models.BooleanField(_("anello a induzione magnetica"), default=False)
    accessibility_notes = models.TextField(_("note sull'accessibilità"), blank=True)

    class Meta(MappedPlace.Meta):
        verbose_name = _("luogo dell'hub")
        verbose_name_plural = _("luoghi dell'hub")

    def __str__(self) -> str:
        return self.edition.hub_name or str(_("Hub centrale"))


class ActivityQuerySet(models.QuerySet):
    def published(self) -> "ActivityQuerySet":
        """Activities in the programme. Apps left of this one in the import graph reach
        it through their reverse relations (`organisation.activities.published()`)."""
        return self.filter(status=Activity.Status.PUBLISHED)


class Activity(models.Model):
    """Something a host offers visitors during an edition: a visit, a workshop, a talk."""

    class Audience(models.TextChoices):
        ALL = "all", _("Tutti")
        FAMILIES = "families", _("Famiglie")
        SCHOOLS = "schools", _("Scuole")
        PROFESSIONALS = "professionals", _("Professionisti")

    class Status(models.TextChoices):
        # Made from an accepted application's proposals (services.
        # create_drafts_from_application): the host completes and publishes it;
        # no public page, programme, booking or open data shows a draft.
        DRAFT = "draft", _("Bozza")
        PUBLISHED = "published", _("Pubblicata")
        CANCELLED = "cancelled", _("Annullata")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="activities")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=ActivityKind)
    status = models.CharField(_("stato"), max_length=12, choices=Status, default=Status.PUBLISHED)
    title_it = models.CharField(_("titolo (italiano)"), max_length=200)
    title_en = models.CharField(_("titolo (inglese)"), max_length=200, blank=True)
    description_it = models.TextField(_("descrizione (italiano)"))
    description_en = models.TextField(_("descrizione (inglese)"), blank=True)
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("sede"),
        help_text=_("Lasciate vuoto per le attività all'hub centrale."),
    )
    languages = models.ManyToManyField(Language, verbose_name=_("lingue"), related_name="+")
    audience = models.CharField(
        _("pubblico"), max_length=16, choices=Audience, default=Audience.ALL
    )
    min_age = models.PositiveSmallIntegerField(_("età minima"), default=0)
    duration_minutes = models.PositiveSmallIntegerField(_("durata (minuti)"))
    safety_notes_it = models.TextField(_("note di sicurezza (italiano)"), blank=True)
    safety_notes_en = models.TextField(_("note di sicurezza (inglese)"), blank=True)

    # Site rules: what a visitor must know and accept before booking (`site_rules`).
    class ProtectiveEquipment(models.TextChoices):
        NONE = "", _("Nessuna")
        PROVIDED = "provided", _("Fornita dall'host")
        REQUIRED = "required", _("Da portare con sé")

    closed_shoes = models.BooleanField(_("scarpe chiuse obbligatorie"), default=False)
    protective_equipment = models.CharField(
        _("dispositivi di protezione"),
        max_length=10,
        choices=ProtectiveEquipment,
        default=ProtectiveEquipment.NONE,
        blank=True,
    )
    no_photography = models.BooleanField(_("vietato fotografare e filmare"), default=False)
    id_required = models.BooleanField(_("documento d'identità all'ingresso"), default=False)
    named_tickets = models.BooleanField(
        _("biglietti nominativi"),
        default=False,
        help_text=_("Chi prenota indica il nome di ogni persona; i nomi sono sul biglietto."),
    )
    # What `site_rules` reads: a query that loads only these can list them.
    SITE_RULE_FIELDS = (
        "min_age",
        "closed_shoes",
        "protective_equipment",
        "no_photography",
        "id_required",
        "named_tickets",
    )
    # Access beyond the site's own facilities (Site/HubVenue): how the visit is run.
    companion_free = models.BooleanField(
        _("accompagnatore gratuito"),
        default=False,
        help_text=_("Chi accompagna una persona con disabilità entra senza occupare un posto."),
    )
    quiet_visit = models.BooleanField(
        _("visita tranquilla"),
        default=False,
        help_text=_("Poche persone, niente rumori forti né luci lampeggianti, pause possibili."),
    )

    class BookingMode(models.TextChoices):
        BOOKING = "booking", _("Su prenotazione")
        BALLOT = "ballot", _("Su sorteggio")
        DROP_IN = "drop_in", _("Ingresso libero")

    booking_mode = models.CharField(
        _("modalità di accesso"), max_length=10, choices=BookingMode, default=BookingMode.BOOKING
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("persone per prenotazione (massimo)"), default=4
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("persone per gruppo o classe (massimo)"),
        default=0,
        help_text=_("0 se l'attività non accoglie gruppi."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The proposal of the application this activity was drafted from: one draft
    # per proposal, and what the host planned (slots, capacity) stays at hand.
    proposed = models.OneToOneField(
        ProposedActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="programme_activity",
        verbose_name=_("attività proposta nella candidatura"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("singular", "attività")
        verbose_name_plural = _("attività")
        ordering = ["title_it"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=10, duration_minutes__lte=720),
                name="activity_duration_range",
            ),
            models.CheckConstraint(condition=Q(min_age__lte=99), name="activity_min_age_range"),
            # A talk is at the hub, never at a host's own site.
            models.CheckConstraint(
                condition=~Q(kind="talk") | Q(site__isnull=True), name="activity_talk_at_hub"
            ),
        ]
        indexes = [models.Index(fields=["edition", "status", "kind"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def safety_notes(self) -> str:
        return localized(self, "safety_notes")

    @property
    def site_rules(self) -> list["SiteRule"]:
        """The rules a visitor accepts when booking, in the order pages show them:
        empty when the activity has none (`site_rules_of`)."""
        return site_rules_of(self)

    @property
    def at_hub(self) -> bool:
        return self.site_id is None

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


# Site rules -----------------------------------------------------------------------
# The one list of an activity's rules: the activity page, the booking form (which
# asks to acknowledge them when there is at least one), the ticket, the door list
# and the API all read it.


@dataclass(frozen=True)
class SiteRule:
    code: str
    icon: str  # a Bootstrap Italia sprite, shown next to the text (never alone)
    text: StrOrPromise


def site_rules_of(activity: "Activity") -> list[SiteRule]:
    rules = []
    if activity.min_age:
        rules.append(
            SiteRule(
                "min_age",
                "it-user",
                _("Età minima: %(age)s anni.") % {"age": activity.min_age},
            )
        )
    if activity.closed_shoes:
        rules.append(SiteRule("closed_shoes", "it-warning", _("Scarpe chiuse obbligatorie.")))
    if activity.protective_equipment == Activity.ProtectiveEquipment.PROVIDED:
        rules.append(
            SiteRule(
                "protective_equipment_provided",
                "it-tool",
                _("Dispositivi di protezione forniti dall'host, da indossare durante la visita."),
            )
        )
    elif activity.protective_equipment == Activity.ProtectiveEquipment.REQUIRED:
        rules.append(
            SiteRule(
                "protective_equipment_required",
                "it-tool",
                _("Portate i vostri dispositivi di protezione (vedete le note di sicurezza)."),
            )
        )
    if activity.no_photography:
        rules.append(SiteRule("no_photography", "it-ban", _("Vietato fotografare e filmare.")))
    if activity.id_required:
        rules.append(
            SiteRule("id_required", "it-card", _("Documento d'identità da mostrare all'ingresso."))
        )
    if activity.named_tickets:
        rules.append(
            SiteRule(
                "named_tickets",
                "it-file-signed",
                _("Biglietti nominativi: indicate il nome di ogni persona."),
            )
        )
    return rules


# Places left ----------------------------------------------------------------------
# The one seat arithmetic. What is on sale is the tour size (capacity) plus
# the host's booking allowance (bookings expected not to show up), of which
# the released waves' share (`released_percent`); seats set aside for groups
# and not yet taken by them are not for individuals; a group may take any
# free seat. Written once, over plain numbers or over database columns:
# `least` is `min` for a slot in memory, `Least` for SQL, `div` floor
# division. Pages, the API and open data, the ballot, the conditional UPDATE
# that takes seats and the check on a resized slot all go through it, so what
# a page shows is what a booking can take.


def seats_on_sale(capacity, booking_allowance, released_percent, *, div=operator.floordiv):
    """Seats bookable now: capacity plus allowance, times the released share,
    rounded down. Cumulative rounding: a wave releases floor(total x its
    cumulative share) less what the earlier ones released, so the waves add up
    to exactly the total and none releases more than one seat past its share."""
    return div((capacity + booking_allowance) * released_percent, 100)


def free_seats(seats, seats_taken, group_seats, group_seats_taken, *, group: bool, least=min):
    """Seats free for a group (`group`) or for individuals out of `seats` on
    sale (`seats_on_sale`), before clamping at 0: negative when the counters
    are past what the numbers allow."""
    free = seats - seats_taken
    if group:
        return free
    return least(free, free - group_seats + group_seats_taken)


def _sql_div(dividend, divisor):
    # integer / integer is floor division in PostgreSQL for non-negative numbers
    return ExpressionWrapper(dividend / Value(divisor), output_field=models.IntegerField())


def _free_seats_sql(*, group: bool):
    on_sale = seats_on_sale(
        F("capacity"), F("booking_allowance"), F("released_percent"), div=_sql_div
    )
    return free_seats(
        on_sale,
        F("seats_taken"),
        F("group_seats"),
        F("group_seats_taken"),
        group=group,
        least=Least,
    )


def _seats_taken(seats: int, *, group: bool) -> dict[str, CombinedExpression]:
    changes = {"seats_taken": F("seats_taken") + seats}
    if group:
        changes["group_seats_taken"] = F("group_seats_taken") + seats
    return changes


class TimeSlotQuerySet(models.QuerySet):
    def with_places_left(self) -> "TimeSlotQuerySet":
        """Annotate `places_left_now` (for individuals) and `group_places_left_now`,
        the SQL twins of `TimeSlot.places_left` and `group_places_left`."""
        return self.annotate(
            places_left_now=TimeSlot.places_left_expression(),
            group_places_left_now=TimeSlot.places_left_expression(group=True),
        )

    def with_room_for(self, seats: int, *, group: bool) -> "TimeSlotQuerySet":
        """The slots that can take `seats` more (for a group, or individuals) now."""
        return self.filter(
            cancelled_at__isnull=True,
        ).filter(GreaterThanOrEqual(_free_seats_sql(group=group), Value(seats)))

    def take_seats(self, seats: int, *, group: bool) -> int:
        """Take `seats` on the slots that have room for them: one conditional
        UPDATE, which locks the rows it changes until the transaction ends.
        Returns how many slots took them. The booking service's only way to
        take seats (and the factories', so tests hold what bookings would)."""
        return self.with_room_for(seats, group=group).update(**_seats_taken(seats, group=group))

    def take_seats_sql(self, seats: int, *, group: bool) -> tuple[str, Sequence[Any]]:
        """The SQL `take_seats` runs, not run: for the booking's statement
        composed once per process (manifatture/statements.py)."""
        return update_sql(
            self.with_room_for(seats, group=group), **_seats_taken(seats, group=group)
        )

    def free_taken_seats(self, seats: int, *, group: bool) -> int:
        """Give back `seats` taken by a booking or an offer (cancelled, expired)."""
        changes = {"seats_taken": F("seats_taken") - seats}
        if group:
            changes["group_seats_taken"] = F("group_seats_taken") - seats
        return self.update(**changes)


def booking_cutoff() -> datetime.timedelta:
    """How long before a slot starts its bookings close (BOOKING_CUTOFF_MINUTES):
    `TimeSlot.bookings_close_at`."""
    return datetime.timedelta(minutes=settings.BOOKING_CUTOFF_MINUTES)


class TimeSlot(models.Model):
    """One session of an activity: when it runs and how many people it takes.

    A hub activity's slot holds a room; the database refuses two slots that
    overlap in the same room (exclusion constraint: migration 0002).
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("inizio"))
    ends_at = models.DateTimeField(_("fine"))
    capacity = models.PositiveIntegerField(_("posti"))
    group_seats = models.PositiveIntegerField(_("posti riservati ai gruppi"), default=0)
    # The most people the site (or hub room) safely holds at once, set by the
    # host (the room's seats at the hub): the ceiling of any booking allowance.
    safety_limit = models.PositiveIntegerField(
        _("limite di sicurezza del luogo"), null=True, blank=True
    )
    # Bookings taken past the tour size, expecting no-shows
    # (activities.services.set_booking_allowance; suggested by
    # tickets.attendance from past editions' check-ins).
    booking_allowance = models.PositiveIntegerField(_("prenotazioni oltre i posti"), default=0)
    # The share of the places released by the waves opened so far (100 with
    # no waves); set by bookings.waves only, read by the seat arithmetic.
    released_percent = models.PositiveSmallIntegerField(
        _("quota di posti rilasciata (%)"), default=100, editable=False
    )
    # Counters kept by bookings.services in the same transaction as the booking
    # rows; the check constraints below make overbooking impossible.
    seats_taken = models.PositiveIntegerField(_("posti prenotati"), default=0, editable=False)
    group_seats_taken = models.PositiveIntegerField(
        _("posti prenotati da gruppi"), default=0, editable=False
    )
    room = models.ForeignKey(
        HubRoom,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("sala dell'hub"),
    )
    # Set by bookings.services.cancel_slot: the slot stays (its bookings point
    # to it) but takes no more bookings and shows as cancelled.
    cancelled_at = models.DateTimeField(_("annullato il"), null=True, blank=True, editable=False)

    objects = TimeSlotQuerySet.as_manager()

    # What places_left reads: a query that loads only these can show it.
    SEAT_FIELDS = (
        "capacity",
        "booking_allowance",
        "released_percent",
        "seats_taken",
        "group_seats",
        "group_seats_taken",
        "cancelled_at",
    )

    class Meta:
        verbose_name = _("turno")
        verbose_name_plural = _("turni")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="slot_capacity_positive"),
            # Never more booked than the tour size plus the allowance ...
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity") + F("booking_allowance")),
                name="slot_never_overbooked",
            ),
            # ... and an allowance only up to the site's safety limit.
            models.CheckConstraint(
                condition=Q(booking_allowance=0)
                | Q(
                    safety_limit__isnull=False,
                    safety_limit__gte=F("capacity") + F("booking_allowance"),
                ),
                name="slot_allowance_within_safety_limit",
            ),
            models.CheckConstraint(
                condition=Q(safety_limit__isnull=True) | Q(safety_limit__gte=F("capacity")),
                name="slot_capacity_within_safety_limit",
            ),
            models.CheckConstraint(
                condition=Q(released_percent__lte=100), name="slot_released_percent_range"
            ),
            models.CheckConstraint(
                condition=Q(group_seats__lte=F("capacity")), name="slot_group_seats_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(group_seats_taken__lte=F("seats_taken")),
                name="slot_group_seats_taken_within_taken",
            ),
            # Seats set aside for groups stay free for them.
            models.CheckConstraint(
                condition=Q(
                    seats_taken__lte=F("capacity")
                    + F("booking_allowance")
                    - F("group_seats")
                    + F("group_seats_taken")
                ),
                name="slot_group_seats_kept_for_groups",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.activity} – {self.starts_at:%d/%m %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def seats_left(self, *, group: bool = False) -> int:
        """Seats a group (`group`) or a visitor can still book: none on a
        cancelled slot (`free_seats`, clamped at 0)."""
        if self.is_cancelled:
            return 0
        free = free_seats(
            self.seats_on_sale,
            self.seats_taken,
            self.group_seats,
            self.group_seats_taken,
            group=group,
        )
        return max(free, 0)

    @property
    def bookable_seats(self) -> int:
        """Seats bookable once every wave is out: tour size plus allowance."""
        return self.capacity + self.booking_allowance

    @property
    def seats_on_sale(self) -> int:
        """Seats bookable now (`seats_on_sale`: the released waves' share)."""
        return seats_on_sale(self.capacity, self.booking_allowance, self.released_percent)

    @property
    def all_released(self) -> bool:
        return self.released_percent >= 100

    @property
    def bookings_close_at(self) -> datetime.datetime:
        """No booking of the slot from this moment (bookings' `cutoff_refusal`
        refuses one; the activity's page and the booking page offer no form)."""
        return self.starts_at - booking_cutoff()

    @property
    def places_left(self) -> int:
        """Seats a visitor (not a group) can still book."""
        return self.seats_left()

    @property
    def group_places_left(self) -> int:
        """Seats a group can still book: all the free ones."""
        return self.seats_left(group=True)

    @staticmethod
    def places_left_expression(*, group: bool = False):
        """`places_left` (or `group_places_left`) in SQL, for annotations and sums."""
        return Case(
            When(cancelled_at__isnull=False, then=Value(0)),
            default=Greatest(Value(0), _free_seats_sql(group=group)),
            output_field=models.IntegerField(),
        )


class ReleaseWave(models.Model):
    """A share of the places released at an announced minute: for all of an
    edition's activities (`activity` empty) or for one activity, whose own
    waves then replace the edition's. A target's waves add up to 100%.
    Released by bookings.waves.release_due_waves, which first offers the new
    seats to each slot's waiting list (one list across the waves), then leaves
    the rest open to all."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="release_waves")
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="release_waves",
        verbose_name=pgettext_lazy("singular", "attività"),
    )
    opens_at = models.DateTimeField(_("apertura"))
    share_percent = models.PositiveSmallIntegerField(_("quota dei posti (%)"))
    released_at = models.DateTimeField(_("rilasciata il"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ondata di posti")
        verbose_name_plural = _("ondate di posti")
        ordering = ["opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__gte=1, share_percent__lte=100),
                name="release_wave_share_range",
            ),
            models.UniqueConstraint(
                fields=["edition", "activity", "opens_at"],
                nulls_distinct=False,
                name="release_wave_one_per_minute",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.share_percent}% – {self.opens_at:%d/%m/%Y %H:%M}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class Route(models.Model):
    """A thematic route (percorso) through activities, curated by staff."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="routes")
    slug = models.SlugField(_("slug"), max_length=120)
    title_it = models.CharField(_("titolo (italiano)"), max_length=200)
    title_en = models.CharField(_("titolo (inglese)"), max_length=200, blank=True)
    description_it = models.TextField(_("descrizione (italiano)"), blank=True)
    description_en = models.TextField(_("descrizione (inglese)"), blank=True)
    activities = models.ManyToManyField(Activity, through="RouteStop", related_name="routes")

    class Meta:
        verbose_name = _("percorso tematico")
        verbose_name_plural = _("percorsi tematici")
        ordering = ["title_it"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="route_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:route", kwargs={"year": self.edition.year, "slug": self.slug})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class RouteStop(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stops")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="route_stops")
    position = models.PositiveSmallIntegerField(_("posizione"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["route", "activity"], name="route_stop_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.route}: {self.activity}"


class ProgrammeVersion(models.Model):
    """The programme's version: how many writes to what the programme page shows
    (slots, activities, their languages, waves of places, hosts, sites, photos, the
    hub, the edition) have been committed. Database triggers (migration 0010) add a
    `ProgrammeChange` row at every statement that changes one of those tables, in
    the writer's own transaction; the version is `compacted` plus the rows there, read
    in one statement (queries.current_programme). The page is kept in the cache under
    it, so a booking, a cancellation, an edit or a released wave is on the page at
    the next request, for the price of one small query.

    Not one counter row bumped by every write, as the directory's MapVersion: every
    booking would then wait for the one before it to commit (a single hot row held
    PostgreSQL to about 600 commits a second here, against 2,100 without it).
    Inserting rows locks nothing. Every 128 changes the trigger moves the rows it
    can see into `compacted`, in one transaction, so the count stays small and the
    version never goes back. `epoch` tells apart two databases (or tables emptied
    and filled again) whose counts are the same number."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    epoch = models.UUIDField(default=uuid.uuid4)
    compacted = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("versione del programma")
        verbose_name_plural = _("versione del programma")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="programmeversion_one_row")]

    def __str__(self) -> str:
        return f"{self.epoch}:{self.compacted}"


class ProgrammeChange(models.Model):
    """One committed statement that changed what the programme shows (see
    ProgrammeVersion); written by the database's triggers only."""

    id = models.BigAutoField(primary_key=True)

    class Meta:
        verbose_name = _("modifica del programma")
        verbose_name_plural = _("modifiche del programma")

    def __str__(self) -> str:
        return str(self.pk)
