import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from manifatture.activities.models import Activity, TimeSlot
from manifatture.forms import StyledForm, field_of

from .queries import addable_slots


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot: TimeSlot) -> str:
        start = timezone.localtime(slot.starts_at)
        end = timezone.localtime(slot.ends_at)
        return f"{date_format(start, 'l j F')}, {start:%H:%M}–{end:%H:%M}"


def _day_label(day: datetime.date) -> str:
    return date_format(day, "l j F")


class AddToPlanForm(StyledForm):
    """Which slot (or, for an activity without slots, which day) to plan."""

    slot = SlotChoiceField(
        label=_("Orario"),
        queryset=TimeSlot.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    day = forms.TypedChoiceField(
        label=_("Giorno"),
        required=False,
        coerce=datetime.date.fromisoformat,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = addable_slots(activity)
        field_of(self, "slot", forms.ModelChoiceField).queryset = self.slots
        field_of(self, "day", forms.ChoiceField).choices = [
            (day.isoformat(), _day_label(day)) for day in activity.edition.event_days
        ]


class DayForm(forms.Form):
    """The day shown on the "my day" page, from the query string."""

    giorno = forms.TypedChoiceField(
        required=False, coerce=datetime.date.fromisoformat, empty_value=None
    )

    def __init__(self, *args, days: list[datetime.date], **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "giorno", forms.ChoiceField).choices = [
            (day.isoformat(), day.isoformat()) for day in days
        ]
