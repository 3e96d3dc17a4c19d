"""Reads of surveys: a visitor's open surveys, each host's report card for an
edition and the City's impact report across editions (per Municipio, periphery
against centre). Figures about people pass through `rules.shown` (small counts
suppressed); the programme's own facts (activities, seats offered) do not.

Definitions follow the staff dashboard's (manifatture/insights/queries/__init__.py):
fill rate = seats of confirmed bookings / capacity of the published slots not
cancelled; no-show rate = no-shows / bookings whose attendance was recorded;
periphery = a site whose NIL is flagged as periphery (docs/periphery.md).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from manifatture.accounts.models import User
from manifatture.activities.areas import CENTRE, OUTSIDE, PERIPHERY, area_label, area_of
from manifatture.activities.models import Activity, TimeSlot
from manifatture.bookings.models import Booking
from manifatture.directory.models import MILANO_ISTAT_CODE, Organisation
from manifatture.editions.models import Edition
from manifatture.tickets.models import WalkIn

from . import rules
from .models import SurveyInvitation, SurveyResponse
from .rules import shown, shown_mean, shown_rate

PUBLISHED = Activity.Status.PUBLISHED
CONFIRMED = Booking.Status.CONFIRMED


def pending_for(user: User, *, now: datetime.datetime | None = None) -> QuerySet[Booking]:
    """The visitor's visits with a survey open and not yet answered."""
    now = now or timezone.now()
    return (
        Booking.objects.filter(rules.surveyable(now), visitor=user)
        .exclude(survey_invitation__answered=True)
        .select_related("slot__activity__organisation", "slot__activity__edition")
        .order_by("-slot__starts_at")
    )


def answered_count(user: User) -> int:
    return SurveyInvitation.objects.filter(booking__visitor=user, answered=True).count()


def export_personal_data(user: User) -> dict:
    """Which of the person's visits had a survey e-mailed and whether it was
    answered; the answers themselves are kept apart and name nobody."""
    invitations = [
        {
            "booking": invitation.booking_id,
            "emailed_at": invitation.emailed_at.isoformat() if invitation.emailed_at else None,
            "answered": invitation.answered,
        }
        for invitation in SurveyInvitation.objects.filter(booking__visitor=user).order_by("pk")
    ]
    return {"survey_invitations": invitations}


# Satisfaction --------------------------------------------------------------------------


@dataclass
class Satisfaction:
    responses: int = 0
    overall_total: int = 0
    recommend: int = 0
    first_time: int = 0

    def add(self, other: "Satisfaction") -> "Satisfaction":
        self.responses += other.responses
        self.overall_total += other.overall_total
        self.recommend += other.recommend
        self.first_time += other.first_time
        return self

    @property
    def shown_responses(self):
        return shown(self.responses)

    @property
    def mean(self):
        return shown_mean(self.overall_total, self.responses)

    @property
    def recommend_rate(self):
        return shown_rate(self.recommend, self.responses)

    @property
    def first_time_rate(self):
        return shown_rate(self.first_time, self.responses)


def _satisfaction_rows(responses: QuerySet[SurveyResponse], *group) -> dict:
    return {
        tuple(row[name] for name in group): Satisfaction(
            responses=row["n"],
            overall_total=row["total"] or 0,
            recommend=row["yes"],
            first_time=row["first"],
        )
        for row in responses.values(*group)
        .annotate(
            n=Count("pk"),
            total=Sum("overall"),
            yes=Count("pk", filter=Q(would_recommend=True)),
            first=Count("pk", filter=Q(first_time=SurveyResponse.FirstTime.YES)),
        )
        .order_by()
    }


# Attendance ----------------------------------------------------------------------------


@dataclass
class Attendance:
    activities: int = 0
    slots: int = 0
    capacity: int = 0
    bookings: int = 0
    seats: int = 0
    admitted: int = 0  # bookings checked in
    admitted_people: int = 0
    no_shows: int = 0
    walk_ins: int = 0

    def add(self, other: "Attendance") -> "Attendance":
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def fill_rate(self) -> Decimal | None:
        if not self.capacity:
            return None
        return (Decimal(self.seats) * 100 / Decimal(self.capacity)).quantize(Decimal("0.1"))

    @property
    def no_show_rate(self) -> Decimal | None:
        recorded = self.admitted + self.no_shows
        if not recorded:
            return None
        return (Decimal(self.no_shows) * 100 / Decimal(recorded)).quantize(Decimal("0.1"))


Group = dict[str, Callable[[str], Any]]  # name → expression on Activity at a prefix


def _attendance(activities: QuerySet[Activity], group: Group) -> dict[tuple, Attendance]:
    """Activities, slots, seats, bookings, admissions, no-shows and walk-ins of
    `activities` (published ones), grouped by `group`: four grouped reads."""
    found: dict[tuple, Attendance] = defaultdict(Attendance)
    published = activities.filter(status=PUBLISHED)
    names = list(group)

    def by(prefix: str) -> dict:
        return {f"g_{name}": expression(prefix) for name, expression in group.items()}

    def key(row: Mapping[str, object]) -> tuple:
        return tuple(row[f"g_{name}"] for name in names)

    for row in published.values(**by("")).annotate(n=Count("pk")).order_by():
        found[key(row)].activities = row["n"]
    slots = TimeSlot.objects.filter(activity__in=published.values("pk"), cancelled_at__isnull=True)
    for slot_row in (
        slots.values(**by("activity__"))
        .annotate(n=Count("pk"), seats_offered=Sum("capacity"))
        .order_by()
    ):
        item = found[key(slot_row)]
        item.slots, item.capacity = slot_row["n"], slot_row["seats_offered"] or 0
    confirmed = Q(status=CONFIRMED)
    admitted = confirmed & Q(checked_in_at__isnull=False)
    for booking_row in (
        Booking.objects.filter(slot__in=slots.values("pk"))
        .values(**by("slot__activity__"))
        .annotate(
            n=Count("pk", filter=confirmed),
            people=Coalesce(Sum("party_size", filter=confirmed), 0),
            n_in=Count("pk", filter=admitted),
            people_in=Coalesce(Sum("party_size", filter=admitted), 0),
            n_out=Count("pk", filter=confirmed & Q(no_show=True)),
        )
        .order_by()
    ):
        item = found[key(booking_row)]
        item.bookings, item.seats = booking_row["n"], booking_row["people"]
        item.admitted, item.admitted_people = booking_row["n_in"], booking_row["people_in"]
        item.no_shows = booking_row["n_out"]
    for walk_in_row in (
        WalkIn.objects.filter(slot__in=slots.values("pk"))
        .values(**by("slot__activity__"))
        .annotate(people=Sum("count"))
        .order_by()
    ):
        found[key(walk_in_row)].walk_ins = walk_in_row["people"] or 0
    return dict(found)


def _field(name: str) -> Callable[[str], Any]:
    return lambda prefix: F(f"{prefix}{name}")


# Where visitors come from --------------------------------------------------------------


@dataclass
class Origin:
    label: str
    visitors: int

    @property
    def shown(self):
        return shown(self.visitors)


def _origins(admitted: QuerySet[Booking]) -> tuple[list[Origin], list[Origin]]:
    """Admitted visitors (accounts) by comune and, for Milan, by Municipio, from
    the profiles they filled in for statistics (a profile holds a place only with
    the visitor's consent: the database refuses it otherwise)."""
    profile = "visitor__visitor_profile"
    rows = (
        admitted.filter(**{f"{profile}__statistics_consent_at__isnull": False})
        .values(
            code=F(f"{profile}__comune_id"),
            comune=F(f"{profile}__comune__name"),
            elsewhere=F(f"{profile}__lives_elsewhere"),
            municipio=F(f"{profile}__municipio_id"),
        )
        .annotate(visitors=Count("visitor", distinct=True))
        .order_by()
    )
    comuni: dict[str, int] = defaultdict(int)
    municipi: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["comune"]:
            label = row["comune"]
        elif row["elsewhere"]:
            label = _("Fuori dalla Città metropolitana di Milano")
        else:
            continue  # said nothing about where they live
        comuni[label] += row["visitors"]
        if row["code"] == MILANO_ISTAT_CODE:
            name = (
                _("Municipio %(n)s") % {"n": row["municipio"]}
                if row["municipio"]
                else _("Municipio non indicato")
            )
            municipi[name] += row["visitors"]

    def ordered(counts: dict[str, int]) -> list[Origin]:
        return [
            Origin(label, n) for label, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
        ]

    return ordered(comuni), ordered(municipi)


# The host's report card ----------------------------------------------------------------


@dataclass
class ActivityLine:
    title: str
    attendance: Attendance
    satisfaction: Satisfaction


@dataclass
class ReportCard:
    organisation: Organisation
    edition: Edition
    total: Attendance
    satisfaction: Satisfaction
    distribution: list[tuple[int, object]]  # (score 1–5, responses shown)
    activities: list[ActivityLine]
    comuni: list[Origin]
    municipi: list[Origin]
    comments: list[str] = field(default_factory=list)
    comments_hidden: bool = False

    @property
    def is_over(self) -> bool:
        return self.edition.event_end < timezone.localdate()

    @property
    def small_count(self) -> int:
        return rules.SMALL_COUNT


def editions_with_report_cards(organisation: Organisation) -> list[Edition]:
    """The editions in which the organisation had published activities."""
    return list(
        Edition.objects.filter(activities__organisation=organisation, activities__status=PUBLISHED)
        .distinct()
        .order_by("-year")
    )


def report_card(organisation: Organisation, edition: Edition) -> ReportCard:
    """The edition's figures of one host: bookings, fill rate, admitted,
    no-shows, walk-ins, satisfaction, where the admitted visitors came from and
    their comments, with small counts suppressed. A fixed number of queries."""
    activities = Activity.objects.filter(organisation=organisation, edition=edition)
    per_activity = _attendance(activities, {"pk": _field("id"), "title": _field("title_it")})
    responses = SurveyResponse.objects.filter(activity__in=activities)
    satisfaction_by = _satisfaction_rows(responses, "activity_id")
    lines = [
        ActivityLine(title, attendance, satisfaction_by.get((pk,), Satisfaction()))
        for (pk, title), attendance in sorted(per_activity.items(), key=lambda i: i[0][1])
    ]
    total = Attendance()
    satisfaction = Satisfaction()
    for line in lines:
        total.add(line.attendance)
        satisfaction.add(line.satisfaction)
    scores = dict(responses.values_list("overall").annotate(n=Count("pk")).order_by())
    admitted = Booking.objects.filter(
        slot__activity__in=activities.filter(status=PUBLISHED),
        slot__cancelled_at__isnull=True,
        status=CONFIRMED,
        checked_in_at__isnull=False,
    )
    comuni, municipi = _origins(admitted)
    # Comments only once there are enough answers that none can be told apart;
    # sorted by their text, so their order says nothing about who wrote them.
    comments_hidden = 0 < satisfaction.responses < rules.SMALL_COUNT
    comments = (
        []
        if comments_hidden
        else sorted(responses.exclude(comment="").values_list("comment", flat=True))
    )
    return ReportCard(
        organisation=organisation,
        edition=edition,
        total=total,
        satisfaction=satisfaction,
        distribution=[
            (
                score,
                shown(scores.get(score, 0))
                if satisfaction.responses >= rules.SMALL_COUNT
                else None,
            )
            for score in range(5, 0, -1)
        ],
        activities=lines,
        comuni=comuni,
        municipi=municipi,
        comments=comments,
        comments_hidden=comments_hidden,
    )


# The City's impact report --------------------------------------------------------------


@dataclass
class ImpactRow:
    year: int
    dimension: str  # "municipio" or "area"
    key: str  # "1".."9", "outside" (outside Milan or the hub) / "periphery", "centre"
    label: str
    attendance: Attendance
    satisfaction: Satisfaction
    residents: int | None = None  # admitted visitors living in this Municipio

    def values(self) -> dict:
        """The row's published figures, people counts suppressed."""
        a, s = self.attendance, self.satisfaction
        return {
            "edition": self.year,
            "dimension": self.dimension,
            "area": self.key,
            "label": self.label,
            "activities": a.activities,
            "capacity": a.capacity,
            "booked_seats": shown(a.seats),
            "fill_rate": a.fill_rate
            if a.seats >= rules.SMALL_COUNT or not a.seats
            else rules.SUPPRESSED,
            "admitted_people": shown(a.admitted_people),
            "no_show_rate": shown_rate(a.no_shows, a.admitted + a.no_shows),
            "walk_ins": shown(a.walk_ins),
            "residents_admitted": shown(self.residents),
            "survey_responses": shown(s.responses),
            "satisfaction_mean": s.mean,
            "recommend_rate": s.recommend_rate,
            "first_time_rate": s.first_time_rate,
        }


IMPACT_FIELDS = (
    ("edition", gettext_lazy("Edizione")),
    ("dimension", gettext_lazy("Suddivisione")),
    ("area", gettext_lazy("Codice dell'area")),
    ("label", gettext_lazy("Area")),
    ("activities", gettext_lazy("Attività")),
    ("capacity", gettext_lazy("Posti offerti")),
    ("booked_seats", gettext_lazy("Posti prenotati")),
    ("fill_rate", gettext_lazy("Riempimento (%)")),
    ("admitted_people", gettext_lazy("Persone entrate con prenotazione")),
    ("no_show_rate", gettext_lazy("No-show (%)")),
    ("walk_ins", gettext_lazy("Ingressi senza prenotazione")),
    ("residents_admitted", gettext_lazy("Visitatori residenti nel Municipio")),
    ("survey_responses", gettext_lazy("Risposte al questionario")),
    ("satisfaction_mean", gettext_lazy("Giudizio medio (1–5)")),
    ("recommend_rate", gettext_lazy("La consiglierebbero (%)")),
    ("first_time_rate", gettext_lazy("Alla prima visita (%)")),
)


def impact_report(editions: list[Edition] | None = None) -> list[ImpactRow]:
    """Per edition (by default those whose event has begun): each Municipio where
    visits took place (and outside Milan or the hub), then periphery against
    centre. A fixed number of queries."""
    if editions is None:
        # The editions whose event has begun: before, there is no impact to tell.
        editions = list(
            Edition.objects.filter(event_start__lte=timezone.localdate()).order_by("-year")
        )
    ids = [edition.pk for edition in editions]
    cells = _attendance(
        Activity.objects.filter(edition__in=ids),
        {
            "edition": _field("edition_id"),
            "municipio": _field("site__municipio_id"),
            "area": lambda prefix: area_of(f"{prefix}site"),
        },
    )
    responses = SurveyResponse.objects.filter(edition__in=ids).annotate(
        area=area_of("activity__site"), municipio=F("activity__site__municipio_id")
    )
    moods = _satisfaction_rows(responses, "edition_id", "municipio", "area")
    residents = {
        (row["ed"], row["m"]): row["n"]
        for row in Booking.objects.filter(
            slot__activity__edition__in=ids,
            slot__activity__status=PUBLISHED,
            status=CONFIRMED,
            checked_in_at__isnull=False,
            visitor__visitor_profile__municipio__isnull=False,
        )
        .values(ed=F("slot__activity__edition_id"), m=F("visitor__visitor_profile__municipio_id"))
        .annotate(n=Count("visitor", distinct=True))
        .order_by()
    }
    rows = []
    for edition in editions:
        by_municipio: dict[int | None, tuple[Attendance, Satisfaction]] = {}
        by_area: dict[str, tuple[Attendance, Satisfaction]] = {}
        for key in set(cells) | set(moods):
            edition_id, municipio, area = key
            if edition_id != edition.pk:
                continue
            attendance = cells.get(key, Attendance())
            mood = moods.get(key, Satisfaction())
            for holder, group in ((by_municipio, municipio), (by_area, area)):
                a, s = holder.setdefault(group, (Attendance(), Satisfaction()))
                a.add(attendance)
                s.add(mood)
        for number in range(1, 10):
            a, s = by_municipio.get(number, (Attendance(), Satisfaction()))
            rows.append(
                ImpactRow(
                    edition.year,
                    "municipio",
                    str(number),
                    _("Municipio %(n)s") % {"n": number},
                    a,
                    s,
                    residents.get((edition.pk, number), 0),
                )
            )
        if None in by_municipio:
            a, s = by_municipio[None]
            rows.append(
                ImpactRow(edition.year, "municipio", OUTSIDE, _("Fuori Milano o hub"), a, s)
            )
        for area in (PERIPHERY, CENTRE):
            a, s = by_area.get(area, (Attendance(), Satisfaction()))
            rows.append(ImpactRow(edition.year, "area", area, area_label(area), a, s))
    return rows
