from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from manifatture.activities.models import Activity, TimeSlot
from manifatture.forms import StyledForm, field_of, label_choices

from .exceptions import BallotError
from .models import MAX_CHOICES
from .services import Choice

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _datetime_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class BallotWindowForm(StyledForm):
    opens_at = _datetime_field(_("Apertura delle iscrizioni al sorteggio"))
    closes_at = _datetime_field(
        _("Chiusura delle iscrizioni al sorteggio"),
        _("Dopo la chiusura lo staff può fare il sorteggio; deve essere prima dell'evento."),
    )


class BallotActivityForm(StyledForm):
    activity = forms.ModelChoiceField(
        label=_("Attività da mettere a sorteggio"),
        queryset=Activity.objects.none(),
        empty_label=_("Scegliete un'attività"),
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "activity", forms.ModelChoiceField).queryset = activities
        label_choices(
            field_of(self, "activity", forms.ModelChoiceField),
            lambda activity: f"{activity.title} – {activity.organisation.name}",
        )


class DrawForm(StyledForm):
    seed = forms.IntegerField(
        label=_("Seme del sorteggio (facoltativo)"),
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=_(
            "Lasciate vuoto perché la piattaforma ne scelga uno a caso. Con lo stesso seme e "
            "le stesse scelte il sorteggio dà sempre lo stesso risultato."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Ho controllato le richieste: il sorteggio non si può ripetere."),
    )


def slot_label(slot: TimeSlot) -> str:
    start = timezone.localtime(slot.starts_at)
    end = timezone.localtime(slot.ends_at)
    return _("%(title)s – %(day)s, %(start)s–%(end)s") % {
        "title": slot.activity.title,
        "day": date_format(start, "l j F"),
        "start": date_format(start, "H:i"),
        "end": date_format(end, "H:i"),
    }


class ChoicesForm(StyledForm):
    """A visitor's ranked choices: up to MAX_CHOICES rows of a slot and a
    party size. Empty rows are skipped; the others keep their order."""

    def __init__(self, *args, slots: list[TimeSlot], **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.pk: slot for slot in slots}
        options = [("", _("Nessuna scelta"))] + [(slot.pk, slot_label(slot)) for slot in slots]
        biggest = max(
            (max(slot.activity.max_party_size, slot.activity.max_group_size) for slot in slots),
            default=1,
        )
        self.takes_groups = any(slot.activity.max_group_size for slot in slots)
        if self.takes_groups:
            self.fields["as_group"] = forms.BooleanField(
                label=_("Partecipo per una classe o un gruppo che accompagno"),
                required=False,
                help_text=_(
                    "Le persone di ogni preferenza sono allora tutta la classe, accompagnatori "
                    "compresi; il sorteggio le tiene insieme."
                ),
            )
            self.fields["group_name"] = forms.CharField(
                label=_("Scuola o organizzazione"),
                max_length=200,
                required=False,
                help_text=_("Ad esempio: Istituto Tecnico Feltrinelli, classe 4B."),
            )
        for row in range(1, MAX_CHOICES + 1):
            self.fields[f"slot_{row}"] = forms.TypedChoiceField(
                # Each row is a fieldset whose legend says "Preferenza n".
                label=_("Turno"),
                choices=options,
                coerce=int,
                required=False,
                empty_value=None,
            )
            # No field-level bounds: a preference left empty is ignored whatever
            # its number says, and a chosen one is checked in clean() against its
            # own activity, in our words.
            self.fields[f"party_size_{row}"] = forms.IntegerField(
                label=_("Persone"),
                required=False,
                initial=1,
                help_text=_("Voi compresi: il gruppo entra tutto insieme o per niente."),
                error_messages={
                    "invalid": _("Indicate il numero di persone in cifre, ad esempio 2.")
                },
                widget=forms.NumberInput(attrs={"min": 1, "max": biggest}),
            )
        self.rows: list[int] = []  # the form row of each choice, by rank

    def is_for_group(self) -> bool:
        return self.takes_groups and bool(self.cleaned_data.get("as_group"))

    def group_name(self) -> str:
        return self.cleaned_data.get("group_name", "").strip() if self.is_for_group() else ""

    def rows_for_display(self) -> list[dict]:
        return [
            {"slot": self[f"slot_{row}"], "party_size": self[f"party_size_{row}"]}
            for row in range(1, MAX_CHOICES + 1)
        ]

    @classmethod
    def initial_from(cls, entries) -> dict:
        initial = {}
        for entry in entries[:1]:
            if entry.is_group:  # the choices of a class
                initial["as_group"] = True
                initial["group_name"] = entry.group_name
        for row, entry in enumerate(entries, start=1):
            initial[f"slot_{row}"] = entry.slot_id
            initial[f"party_size_{row}"] = entry.party_size
        return initial

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        as_group = self.takes_groups and cleaned.get("as_group")
        if as_group and not cleaned.get("group_name", "").strip():
            self.add_error("group_name", _("Indicate la scuola o l'organizzazione del gruppo."))
        seen = set()
        self.rows = []
        for row in range(1, MAX_CHOICES + 1):
            slot_id = cleaned.get(f"slot_{row}")
            if slot_id is None:
                self.errors.pop(f"party_size_{row}", None)  # an empty preference
                continue
            party_size = cleaned.get(f"party_size_{row}")
            slot = self.slots[slot_id]
            if slot_id in seen:
                self.add_error(f"slot_{row}", _("Avete già scelto questo turno."))
            seen.add(slot_id)
            if f"party_size_{row}" in self.errors:
                continue
            if party_size is None:
                self.add_error(f"party_size_{row}", _("Indicate per quante persone."))
            elif as_group:
                if slot.activity.max_group_size < 1:
                    self.add_error(f"slot_{row}", _("Questa attività non accoglie gruppi."))
                elif not 1 <= party_size <= slot.activity.max_group_size:
                    self.add_error(
                        f"party_size_{row}",
                        _("Per questa attività un gruppo può essere di 1–%(max)s persone.")
                        % {"max": slot.activity.max_group_size},
                    )
            elif not 1 <= party_size <= slot.activity.max_party_size:
                self.add_error(
                    f"party_size_{row}",
                    _("Per questa attività potete indicare 1–%(max)s persone.")
                    % {"max": slot.activity.max_party_size},
                )
            self.rows.append(row)
        return cleaned

    def choices(self) -> list[Choice]:
        return [
            Choice(
                slot=self.slots[self.cleaned_data[f"slot_{row}"]],
                party_size=self.cleaned_data[f"party_size_{row}"],
            )
            for row in self.rows
        ]

    def show_error(self, error: BallotError) -> None:
        """A domain error on the row (and field) of the choice it is about."""
        field = None
        if error.rank is not None and error.rank <= len(self.rows):
            row = self.rows[error.rank - 1]
            field = f"party_size_{row}" if error.field == "party_size" else f"slot_{row}"
        self.add_error(field, str(error.message))
