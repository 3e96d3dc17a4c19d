import datetime

from django import forms
from django.db import models
from django.forms.models import model_to_dict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from manifatture.directory.models import MILANO_ISTAT_CODE, Organisation
from manifatture.editions.models import Edition
from manifatture.forms import StyledForm, StyledModelForm, field_of, label_choices
from manifatture.participations.models import ActivityKind

from .exceptions import BookingModeLocked, TalkNotAtHub
from .models import HUB_KINDS, Activity, HubRoom, HubVenue, Language, Route

# Public programme filters ------------------------------------------------------

TIME_OF_DAY = [
    ("morning", _("Mattina (prima delle 13)")),
    ("afternoon", _("Pomeriggio (dalle 13 alle 18)")),
    ("evening", _("Sera (dalle 18)")),
]

# Access features a visit may offer, and the access needs a visitor may save
# (bookings.models.AccessNeeds has one field per feature, of the same name).
# The first four are the place's (Site or HubVenue), the others the activity's
# own (ACTIVITY_ACCESS_FEATURES).
ACCESS_FEATURES = [
    ("step_free", _("Accesso senza gradini")),
    ("accessible_toilet", _("Bagno accessibile")),
    ("seating", _("Posti a sedere")),
    ("hearing_loop", _("Anello a induzione magnetica")),
    ("companion_free", _("Accompagnatore gratuito")),
    ("quiet_visit", _("Visita tranquilla")),
]
ACTIVITY_ACCESS_FEATURES = frozenset({"companion_free", "quiet_visit"})


def access_needs_script() -> dict:
    """What static/js/access-needs.js shows, in the page's language."""
    return {
        "labels": dict(ACCESS_FEATURES),
        "strings": {
            "saved": _("Salvate su questo dispositivo. Il programma segnerà le visite adatte."),
            "cleared": _("Cancellate da questo dispositivo."),
            "unavailable": _(
                "Questo browser non permette di salvarle: usate «Cerca le visite adatte»."
            ),
            "fit": _("Adatta alle vostre esigenze di accesso"),
            "missing": _("Non indica: {features}"),
        },
    }


def _with_blank(choices, label):
    return [("", label), *choices]


class ProgrammeFilterForm(StyledForm):
    """The programme's filters, read from the query string. Every field is
    optional; a value that doesn't validate is dropped (and shown as an error)
    while the others still apply."""

    q = forms.CharField(
        label=_("Cerca"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
        help_text=_("Titolo, descrizione o nome dell'organizzazione."),
    )
    day = forms.TypedChoiceField(
        label=_("Giorno"), required=False, coerce=datetime.date.fromisoformat, empty_value=None
    )
    time = forms.ChoiceField(
        label=_("Fascia oraria"),
        required=False,
        choices=_with_blank(TIME_OF_DAY, _("Tutto il giorno")),
        help_text=_("In base all'ora di inizio del turno."),
    )
    category = forms.ChoiceField(
        label=_("Categoria"),
        required=False,
        choices=_with_blank(Organisation.Category.choices, _("Tutte le categorie")),
    )
    kind = forms.ChoiceField(
        label=_("Tipo di attività"),
        required=False,
        choices=_with_blank(ActivityKind.choices, _("Tutti i tipi")),
    )
    area = forms.ChoiceField(label=_("Zona"), required=False)
    access = forms.MultipleChoiceField(
        label=_("Accessibilità"),
        required=False,
        choices=ACCESS_FEATURES,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Lingua"), required=False)
    audience = forms.ChoiceField(
        label=_("Pubblico"),
        required=False,
        choices=_with_blank(Activity.Audience.choices, _("Qualsiasi pubblico")),
        help_text=_("Le attività aperte a tutti compaiono per ogni pubblico."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "day", forms.ChoiceField).choices = _with_blank(
            [(day.isoformat(), date_format(day, "l j F")) for day in edition.event_days],
            _("Tutti i giorni"),
        )
        field_of(self, "area", forms.ChoiceField).choices = _with_blank(
            _area_choices(edition), _("Tutte le zone")
        )
        field_of(self, "language", forms.ChoiceField).choices = _with_blank(
            [(language.code, language.name) for language in Language.objects.all()],
            _("Tutte le lingue"),
        )

    @property
    def active(self) -> bool:
        """Whether any filter applies."""
        return any(self.cleaned_data.get(name) for name in self.fields)


def municipio_area(number: int) -> str:
    return f"m{number}"


def comune_area(istat_code: str) -> str:
    return f"c{istat_code}"


def _area_choices(edition: Edition) -> list:
    """The nine Municipi, then the comuni where the programme has activities.
    Hub activities make Milano present (the hub is in Milano)."""
    rows = (
        Activity.objects.filter(edition=edition, status=Activity.Status.PUBLISHED)
        .order_by()
        .values_list("site__comune__istat_code", "site__comune__name")
        .distinct()
    )
    comuni = {code or MILANO_ISTAT_CODE: name or "Milano" for code, name in rows}
    municipi = [(municipio_area(n), _("Municipio %(n)s") % {"n": n}) for n in range(1, 10)]
    return [
        (_("Municipi di Milano"), municipi),
        (
            _("Comuni"),
            [
                (comune_area(code), name)
                for code, name in sorted(comuni.items(), key=lambda c: c[1])
            ],
        ),
    ]


# Hosts' activities and slots --------------------------------------------------


BOOKING_FIELDS = ("booking_mode", "max_party_size", "max_group_size")


class ActivityForm(StyledModelForm):
    """An activity as its host describes it. The view passes the cleaned data
    to `create_activity` / `update_activity`, which own the rules."""

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title_it",
            "title_en",
            "description_it",
            "description_en",
            "site",
            "languages",
            "audience",
            "min_age",
            "duration_minutes",
            "safety_notes_it",
            "safety_notes_en",
            "booking_mode",
            "max_party_size",
            "max_group_size",
            "closed_shoes",
            "protective_equipment",
            "no_photography",
            "id_required",
            "named_tickets",
            "companion_free",
            "quiet_visit",
        ]
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "protective_equipment": forms.RadioSelect,
            "description_it": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "safety_notes_it": forms.Textarea(attrs={"rows": 3}),
            "safety_notes_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "safety_notes_it": _(
                "Ciò che le regole qui sopra non dicono: ad esempio quali dispositivi portare."
            ),
            "min_age": _("0 se non c'è un'età minima. Chi prenota dichiara di rispettarla."),
            "duration_minutes": _("Tra 10 e 720 minuti."),
            "max_party_size": _("Quante persone al massimo in una prenotazione, da 1 a 20."),
        }

    def __init__(self, *args, organisation: Organisation, activity: Activity | None = None, **kw):
        # The form edits a copy: the activity changes only through the service.
        if activity is not None:
            kw.setdefault("initial", model_to_dict(activity, fields=self._meta.fields))
        super().__init__(*args, **kw)
        self.instance.organisation = organisation
        site = field_of(self, "site", forms.ModelChoiceField)
        site.queryset = organisation.sites.select_related("comune")
        site.empty_label = _("All'hub centrale")
        self.fields["min_age"].widget.attrs["max"] = 99
        self.fields["duration_minutes"].widget.attrs.update({"min": 10, "max": 720})
        self.fields["max_party_size"].widget.attrs.update({"min": 1, "max": 20})
        self.fields["max_group_size"].widget.attrs.update({"min": 0, "max": 200})
        # Left out, the booking settings keep their value (or the default).
        for name in BOOKING_FIELDS:
            self.fields[name].required = False
        mode = field_of(self, "booking_mode", forms.ChoiceField)
        if activity is not None and activity.booking_mode == Activity.BookingMode.BALLOT:
            # The ballot decides (activities.services refuses a change anyway).
            mode.disabled = True
            mode.help_text = BookingModeLocked.default_message
        else:
            # Only the ballot service puts an activity in ballot mode.
            mode.choices = [
                choice
                for choice in Activity.BookingMode.choices
                if choice[0] != Activity.BookingMode.BALLOT
            ]
            mode.help_text = _(
                "Su prenotazione: i visitatori prenotano i posti. Ingresso libero: si entra "
                "senza prenotare. Le attività più richieste possono essere messe dallo staff "
                "nel sorteggio dell'edizione."
            )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("kind") in HUB_KINDS and cleaned.get("site") is not None:
            self.add_error("site", TalkNotAtHub.default_message)
        for name in BOOKING_FIELDS:
            if name in cleaned and cleaned[name] in (None, ""):
                model_field = Activity._meta.get_field(name)
                assert isinstance(model_field, models.Field), name
                default = model_field.get_default()
                cleaned[name] = self.initial.get(name, default)
        return cleaned


DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class SlotForm(StyledForm):
    starts_at = forms.DateTimeField(
        label=_("Inizio"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    ends_at = forms.DateTimeField(
        label=_("Fine"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    capacity = forms.IntegerField(label=_("Posti"), min_value=1, max_value=10_000)
    group_seats = forms.IntegerField(
        label=_("Posti riservati ai gruppi"),
        min_value=0,
        max_value=10_000,
        initial=0,
        required=False,
        help_text=_("Posti che solo gruppi e scuole possono prenotare; 0 se nessuno."),
    )
    safety_limit = forms.IntegerField(
        label=_("Limite di sicurezza del luogo"),
        min_value=1,
        max_value=10_000,
        required=False,
        help_text=_(
            "Quante persone il luogo accoglie insieme in sicurezza; all'hub, i posti della sala."
        ),
    )
    booking_allowance = forms.IntegerField(
        label=_("Prenotazioni oltre i posti"),
        min_value=0,
        max_value=10_000,
        initial=0,
        required=False,
        help_text=_(
            "Prenotazioni accettate in più, perché una parte dei prenotati non viene: mai oltre "
            "il limite di sicurezza. La pagina Accoglienza ne suggerisce quante dalle edizioni "
            "passate."
        ),
    )
    room = forms.ModelChoiceField(
        label=_("Sala dell'hub"), queryset=HubRoom.objects.none(), empty_label=None
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        if activity.at_hub:
            field_of(self, "room", forms.ModelChoiceField).queryset = HubRoom.objects.filter(
                edition_id=activity.edition_id
            )
            label_choices(
                field_of(self, "room", forms.ModelChoiceField),
                lambda room: (
                    _("%(name)s (%(seats)s posti)") % {"name": room.name, "seats": room.seats}
                ),
            )
        else:
            del self.fields["room"]

    def clean_group_seats(self) -> int:
        return self.cleaned_data.get("group_seats") or 0

    def clean_booking_allowance(self) -> int:
        return self.cleaned_data.get("booking_allowance") or 0


# Staff: hub, rooms and routes ---------------------------------------------------


class HubRoomForm(StyledForm):
    name = forms.CharField(label=_("Nome della sala"), max_length=120)
    seats = forms.IntegerField(label=_("Posti"), min_value=1, max_value=10_000)


class HubVenueForm(StyledModelForm):
    class Meta:
        model = HubVenue
        fields = [
            "latitude",
            "longitude",
            "step_free",
            "accessible_toilet",
            "seating",
            "hearing_loop",
            "accessibility_notes",
        ]
        widgets = {"accessibility_notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "latitude": _("In gradi decimali (WGS84), ad esempio 45.452500."),
            "longitude": _("In gradi decimali (WGS84), ad esempio 9.162200."),
        }


class RouteForm(StyledModelForm):
    class Meta:
        model = Route
        fields = ["slug", "title_it", "title_en", "description_it", "description_en"]
        widgets = {
            "description_it": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"slug": _("L'ultima parte dell'indirizzo della pagina, ad esempio «legno».")}


class RouteStopForm(StyledForm):
    activity = forms.ModelChoiceField(label=_("Attività"), queryset=Activity.objects.none())

    def __init__(self, *args, route: Route, **kwargs):
        super().__init__(*args, **kwargs)
        field = field_of(self, "activity", forms.ModelChoiceField)
        field.queryset = (
            Activity.objects.filter(edition_id=route.edition_id, status=Activity.Status.PUBLISHED)
            .exclude(route_stops__route=route)
            .select_related("organisation")
            .order_by("organisation__name", "title_it")
        )
        label_choices(field, lambda a: f"{a.organisation.name} – {a.title}")
