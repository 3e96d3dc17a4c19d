from django import forms

from manifatture.forms import StyledModelForm

from .models import Edition

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EditionForm(StyledModelForm):
    """An edition and its phase dates; Edition.clean checks that they come in order."""

    class Meta:
        model = Edition
        fields = [
            "year",
            "title",
            "tagline_it",
            "tagline_en",
            "host_call_opens",
            "host_call_closes",
            "review_closes",
            "registration_opens",
            "registration_closes",
            "event_start",
            "event_end",
            "hub_name",
            "hub_address",
            "party_limit",
            "seat_limit",
            "demand_threshold_percent",
            "reconfirm_hours_before",
            "release_hours_before",
            "door_grace_minutes",
        ]
        widgets = {
            "host_call_opens": DATETIME_WIDGET,
            "host_call_closes": DATETIME_WIDGET,
            "review_closes": DATETIME_WIDGET,
            "registration_opens": DATETIME_WIDGET,
            "registration_closes": DATETIME_WIDGET,
            "event_start": DATE_WIDGET,
            "event_end": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the threshold keeps its default.
        self.fields["demand_threshold_percent"].required = False

    def clean_demand_threshold_percent(self) -> int:
        value = self.cleaned_data.get("demand_threshold_percent")
        if value is None:
            return Edition._meta.get_field("demand_threshold_percent").default
        return value
