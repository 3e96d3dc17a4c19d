from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from manifatture.activities.forms import ACCESS_FEATURES
from manifatture.activities.models import Activity
from manifatture.directory.models import MILANO_ISTAT_CODE, Comune, Municipio
from manifatture.forms import StyledForm, field_of

from .models import VisitorProfile

OTHER_COMUNE = "altro"
METRO_PROVINCE = "MI"


def _party_field(label, maximum: int, help_text) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        initial=1,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


def _share_contact_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_(
            "Gli host delle visite che prenoto possono vedere il mio indirizzo e-mail, "
            "per avvisarmi di cambi di programma"
        ),
        help_text=_("Facoltativo. Potete ritirare il consenso quando volete dalla vostra area."),
        required=False,
    )


class SiteRulesFields:
    """The fields an activity's site rules add to a booking form: the explicit
    acknowledgement (when it has rules) and one name per person (named tickets).
    bookings.services checks both again (`book_slot`, `accept_offer`)."""

    # Waiting lists ask nothing of this: the rules and names come with the offer.
    asks_site_rules = True
    # The form's, this mixin comes before a Form class.
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_site_rule_fields(self, activity: Activity) -> None:
        if not self.asks_site_rules:
            return
        if activity.named_tickets:
            self.fields["attendee_names"] = forms.CharField(
                label=_("Nome e cognome di ogni persona"),
                help_text=_(
                    "I biglietti sono nominativi: una persona per riga, voi compresi. "
                    "I nomi sono stampati sul biglietto e sulla lista dell'host all'ingresso."
                ),
                widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
                max_length=4000,
                error_messages={"required": _("Scrivete il nome di ogni persona, uno per riga.")},
            )
        if activity.site_rules:
            self.fields["acknowledge_rules"] = forms.BooleanField(
                label=_(
                    "Ho letto le regole della visita qui sopra e le accetto, anche per chi viene "
                    "con me"
                ),
                error_messages={
                    "required": _(
                        "Per prenotare confermate di aver letto le regole della visita e di "
                        "accettarle."
                    )
                },
            )

    def clean_attendee_names(self) -> list[str]:
        text = self.cleaned_data.get("attendee_names") or ""
        return [line for line in (" ".join(row.split()) for row in text.splitlines()) if line]

    def site_rule_arguments(self) -> dict:
        """What book_slot / accept_offer take from these fields."""
        return {
            "rules_acknowledged": bool(self.cleaned_data.get("acknowledge_rules")),
            "attendee_names": self.cleaned_data.get("attendee_names") or [],
        }


class BookingForm(SiteRulesFields, StyledForm):
    """Seats for the visitor's own party."""

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_size"] = _party_field(
            _("Persone"),
            activity.max_party_size,
            _("Voi compresi, da 1 a %(max)s.") % {"max": activity.max_party_size},
        )
        self.add_site_rule_fields(activity)
        self.fields["share_contact"] = _share_contact_field()


class AttendeeNamesForm(SiteRulesFields, StyledForm):
    """The names on a named-ticket booking, given or corrected after booking."""

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_site_rule_fields(activity)


class AcceptOfferForm(SiteRulesFields, StyledForm):
    """Accepting seats offered from the waiting list: the site rules, if any."""

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_site_rule_fields(activity)


class GroupBookingForm(SiteRulesFields, StyledForm):
    """Seats for a group or a school class, booked by its leader."""

    group_name = forms.CharField(
        label=_("Scuola o organizzazione"),
        max_length=200,
        help_text=_("Ad esempio: Istituto Tecnico Feltrinelli, classe 4B."),
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_size"] = _party_field(
            _("Persone nel gruppo"),
            activity.max_group_size,
            _("Accompagnatori compresi, fino a %(max)s.") % {"max": activity.max_group_size},
        )
        self.add_site_rule_fields(activity)
        self.fields["share_contact"] = _share_contact_field()


class WaitingListForm(StyledForm):
    """How many people wait for seats on a full slot (rules and names are
    asked when seats are offered)."""

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_size"] = _party_field(
            _("Persone"),
            activity.max_party_size,
            _("Voi compresi, da 1 a %(max)s.") % {"max": activity.max_party_size},
        )


class GroupWaitingListForm(GroupBookingForm):
    """A group or class waiting, as a whole, for seats on a full slot."""

    prefix = "group_waiting"
    asks_site_rules = False


class HostCancelForm(StyledForm):
    reason = forms.CharField(
        label=_("Motivo (lo riceve chi ha prenotato)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VisitorProfileForm(StyledForm):
    """Comune (and, in Milan, Municipio) of residence and age band, optional, kept
    only with consent."""

    residence = forms.ChoiceField(label=_("Comune di residenza"), required=False)
    municipio = forms.ModelChoiceField(
        label=_("Municipio di residenza"),
        queryset=Municipio.objects.only("number").order_by("number"),
        required=False,
        empty_label=_("Preferisco non dirlo"),
        help_text=_("Solo per chi abita nel Comune di Milano."),
    )
    age_band = forms.ChoiceField(
        label=_("Fascia d'età"),
        required=False,
        choices=[("", _("Preferisco non dirlo")), *VisitorProfile.AgeBand.choices],
    )
    consent = forms.BooleanField(
        label=_(
            "Acconsento all'uso del comune e del Municipio di residenza e della fascia d'età, "
            "in forma anonima e aggregata, per le statistiche del Comune di Milano su "
            "Manifatture Aperte."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comuni = Comune.objects.filter(province=METRO_PROVINCE).order_by("name")
        field_of(self, "residence", forms.ChoiceField).choices = [
            ("", _("Preferisco non dirlo")),
            (
                _("Città metropolitana di Milano"),
                [(comune.istat_code, comune.name) for comune in comuni],
            ),
            (OTHER_COMUNE, _("Un altro comune, fuori dalla Città metropolitana")),
        ]

    @classmethod
    def initial_for(cls, profile: VisitorProfile | None) -> dict:
        if profile is None:
            return {}
        residence = ""
        if profile.comune_id:
            residence = profile.comune_id
        elif profile.lives_elsewhere:
            residence = OTHER_COMUNE
        return {
            "residence": residence,
            "municipio": profile.municipio_id,
            "age_band": profile.age_band,
            "consent": profile.statistics_consent_at is not None,
        }

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        residence = cleaned.get("residence")
        given = residence or cleaned.get("municipio") or cleaned.get("age_band")
        if given and not cleaned.get("consent"):
            self.add_error(
                "consent",
                _(
                    "Per conservare il comune, il Municipio o la fascia d'età ci serve il vostro "
                    "consenso; altrimenti lasciate i campi su «Preferisco non dirlo»."
                ),
            )
        if cleaned.get("municipio") and residence != MILANO_ISTAT_CODE:
            self.add_error(
                "municipio",
                _(
                    "Il Municipio si indica solo per chi abita nel Comune di Milano: scegliete "
                    "Milano come comune di residenza, oppure «Preferisco non dirlo»."
                ),
            )
        cleaned["comune"] = None
        cleaned["lives_elsewhere"] = residence == OTHER_COMUNE
        if residence and residence != OTHER_COMUNE:
            cleaned["comune"] = Comune.objects.filter(istat_code=residence).first()
        return cleaned


def _needs_field(label, help_text) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=ACCESS_FEATURES,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class AccessNeedsFilterForm(StyledForm):
    """The needs as the programme's access filter (a GET form to the programme):
    without JavaScript it finds the visits; with it static/js/access-needs.js
    also keeps them in this browser, and sends nothing."""

    access = _needs_field(
        _("Le vostre esigenze di accesso"),
        _("Le visite adatte hanno tutte le caratteristiche che spuntate."),
    )


class AccessNeedsProfileForm(StyledForm):
    """The needs kept in the profile: only with the explicit consent, asked apart."""

    needs = _needs_field(_("Esigenze da conservare nel profilo"), None)
    consent = forms.BooleanField(
        label=_(
            "Acconsento a conservare nel mio profilo queste esigenze di accesso, che possono "
            "dire qualcosa sulla mia salute, per trovare le visite adatte da ogni dispositivo "
            "e perché gli host sappiano quante persone con ciascuna esigenza vengono a un turno "
            "(mai chi)."
        ),
        required=False,
        help_text=_(
            "Facoltativo e revocabile in ogni momento: ritirando il consenso le esigenze sono "
            "cancellate."
        ),
    )


WAVE_ROWS = 4
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class ReleaseWavesForm(StyledForm):
    """City staff: the waves of the edition's places, or of one activity's.
    Up to WAVE_ROWS rows of (opening minute, share in %); empty rows are left out."""

    activity = forms.ModelChoiceField(
        label=_("Attività"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("Tutte le attività dell'edizione"),
        help_text=_("Un'attività con ondate proprie non segue più quelle dell'edizione."),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "activity", forms.ModelChoiceField).queryset = Activity.objects.filter(
            edition=edition, booking_mode=Activity.BookingMode.BOOKING
        ).exclude(status=Activity.Status.CANCELLED)
        for n in range(1, WAVE_ROWS + 1):
            self.fields[f"opens_at_{n}"] = forms.DateTimeField(
                label=_("Apertura dell'ondata %(n)s") % {"n": n},
                required=False,
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
            )
            self.fields[f"share_{n}"] = forms.IntegerField(
                label=_("Quota dell'ondata %(n)s (%%)") % {"n": n},
                required=False,
                min_value=1,
                max_value=100,
            )

    def rows(self):
        """The form's rows as (opening field, share field) pairs, for the template."""
        return [(self[f"opens_at_{n}"], self[f"share_{n}"]) for n in range(1, WAVE_ROWS + 1)]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        waves = []
        for n in range(1, WAVE_ROWS + 1):
            opens_at, share = data.get(f"opens_at_{n}"), data.get(f"share_{n}")
            if opens_at is None and share is None:
                continue
            if opens_at is None:
                self.add_error(f"opens_at_{n}", _("Indicate quando apre l'ondata."))
            elif share is None:
                self.add_error(f"share_{n}", _("Indicate la quota di posti dell'ondata."))
            else:
                waves.append((opens_at, share))
        data["waves"] = waves
        return data
