"""The shared form includes (templates/includes/): an error summary at the top
that links to every field in error (GOV.UK pattern), errors on their field tied
by the id Django's widget names, and nothing in error before submitting."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from manifatture.forms import StyledForm

pytestmark = pytest.mark.django_db


class ExampleForm(StyledForm):
    name = forms.CharField(label="Nome")
    people = forms.IntegerField(label="Persone", min_value=1)
    kind = forms.ChoiceField(
        label="Tipo", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )

    def clean(self):
        super().clean()
        raise forms.ValidationError("Qualcosa non va nel complesso.")


def render(form) -> str:
    summary = render_to_string("includes/form_errors.html", {"form": form})
    fields = "".join(
        render_to_string("includes/form_field.html", {"field": form[name]}) for name in form.fields
    )
    return summary + fields


def test_an_unsubmitted_form_shows_no_error():
    html = render(ExampleForm())
    assert "error-summary" not in html
    assert "invalid-feedback" not in html
    assert "aria-invalid" not in html


def test_every_error_is_in_the_summary_linking_to_its_field():
    form = ExampleForm(data={"people": "0"})
    assert not form.is_valid()
    html = render(form)

    summary = html[: html.index("</div>")]
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert "Qualcosa non va nel complesso." in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert [target for target, _text in links] == ["id_name", "id_people", "id_kind_0"]
    for target, _text in links:
        assert f'id="{target}"' in html  # each link reaches a field


def test_each_field_error_has_the_id_its_input_points_to():
    form = ExampleForm(data={"people": "0"})
    form.is_valid()
    html = render(form)
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in described.split():
            assert f'id="{target}"' in html, target


def test_a_new_application_does_not_start_with_zero_visitors(client):
    from manifatture.directory.tests.factories import MembershipFactory
    from manifatture.editions.tests.factories import EditionFactory

    EditionFactory()  # its host call is open now
    membership = MembershipFactory()
    client.force_login(membership.user)
    url = reverse("participations:apply", args=[membership.organisation.slug])
    page = client.post(url, follow=True).text
    field = re.search(r'<input[^>]*name="expected_visitors"[^>]*>', page).group(0)
    assert "value=" not in field
