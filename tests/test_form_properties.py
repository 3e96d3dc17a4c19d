"""Property-based tests of the site's main forms: whatever a client sends (random
text, malformed numbers and dates, NUL bytes, huge values, lists where one value
is expected, files where text is expected), a form only ever says "valid" or
lists its errors; validation never raises.

Its errors are translated: the same data gives, with English active, messages
that are not the Italian ones (an untranslated string would show up as the
same Italian text in both)."""

import datetime
import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manifatture.accounts.forms import LoginForm, SignupForm
from manifatture.activities.forms import ActivityForm, ProgrammeFilterForm, SlotForm
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.ballots.forms import ChoicesForm
from manifatture.bookings.forms import (
    BookingForm,
    GroupBookingForm,
    VisitorProfileForm,
    WaitingListForm,
)
from manifatture.calls.forms import ApplicationForm as CallApplicationForm
from manifatture.calls.forms import CallForm
from manifatture.calls.tests.factories import CallFactory, CriterionFactory
from manifatture.directory.forms import DirectoryFilterForm, OrganisationForm, SiteForm
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.forms import EditionForm
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.insights.forms import DashboardFilterForm
from manifatture.matching.forms import NeedForm
from manifatture.news.forms import ArticleForm, OpportunityForm, SubscribeForm
from manifatture.participations.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    ProposedActivityForm,
)
from manifatture.spaces.forms import SpaceFilterForm, SpaceForm

BAD_VALUES = [
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "9" * 30,
    "-9223372036854775809",
    "2026-02-30",
    "2026-13-01",
    "31/12/2026",
    "9999-12-31T25:61",
    "2019-11-29T10:00:00+25:00",
    "99999-01-01",
    "10:99",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "città ☃ 漢字 🏭",
    "javascript:alert(1)",
    "//evil.example/",
    "IT 12345678901",
    "25.62.00",
]


@pytest.fixture
def world(db):
    edition = PhasedEditionFactory(registration=True)
    membership = MembershipFactory()
    site = SiteFactory(organisation=membership.organisation)
    activity = ActivityFactory(edition=edition, organisation=membership.organisation, site=site)
    slot = TimeSlotFactory(activity=activity)
    call = CallFactory(max_employees=50)
    CriterionFactory(call=call)
    return {
        "edition": edition,
        "organisation": membership.organisation,
        "activity": activity,
        "slot": slot,
        "call": call,
    }


def _request():
    request = RequestFactory().post("/account/accedi/")
    request.session = {}
    return request


# Each form, built from the test's world with the data (and files) sent.
FORMS = {
    "signup": lambda w, d, f: SignupForm(d),
    "login": lambda w, d, f: LoginForm(_request(), d),
    "booking": lambda w, d, f: BookingForm(d, activity=w["activity"]),
    "group_booking": lambda w, d, f: GroupBookingForm(d, activity=w["activity"]),
    "waiting_list": lambda w, d, f: WaitingListForm(d, activity=w["activity"]),
    "visitor_profile": lambda w, d, f: VisitorProfileForm(d),
    "activity": lambda w, d, f: ActivityForm(d, organisation=w["organisation"]),
    "slot": lambda w, d, f: SlotForm(d, activity=w["activity"]),
    "participation": lambda w, d, f: ApplicationForm(d),
    "proposed_activity": lambda w, d, f: ProposedActivityForm(d),
    "organisation": lambda w, d, f: OrganisationForm(d, f),
    "site": lambda w, d, f: SiteForm(d),
    "programme_filter": lambda w, d, f: ProgrammeFilterForm(d, edition=w["edition"]),
    "directory_filter": lambda w, d, f: DirectoryFilterForm(d),
    "space_filter": lambda w, d, f: SpaceFilterForm(d),
    "dashboard_filter": lambda w, d, f: DashboardFilterForm(d, editions=[w["edition"]]),
    "application_filter": lambda w, d, f: ApplicationFilterForm(d),
    "call": lambda w, d, f: CallForm(d),
    "call_application": lambda w, d, f: CallApplicationForm(
        d, call=w["call"], criteria=w["call"].criteria.all()
    ),
    "ballot_choices": lambda w, d, f: ChoicesForm(d, slots=[w["slot"]]),
    "need": lambda w, d, f: NeedForm(d, organisation=w["organisation"]),
    "space": lambda w, d, f: SpaceForm(d),
    "edition": lambda w, d, f: EditionForm(d),
    "article": lambda w, d, f: ArticleForm(d, f),
    "opportunity": lambda w, d, f: OpportunityForm(d),
    "subscribe": lambda w, d, f: SubscribeForm(d),
}


def field_values(field: forms.Field):
    """What a client may send for a field: anything, and the field's own options."""
    options = [str(value) for value, _label in getattr(field, "choices", []) if value != ""]
    plain = st.one_of(
        st.sampled_from(BAD_VALUES),
        st.text(max_size=60),
        st.integers(-(10**20), 10**20).map(str),
        st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(str),
        *([st.sampled_from(options[:50])] if options else []),
    )
    return st.one_of(plain, st.lists(plain, min_size=2, max_size=3))


@st.composite
def submissions(draw, form: forms.Form):
    """Data and files for a form: each of its fields present or not, with any value."""
    data, files = MultiValueDict(), MultiValueDict()
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if not draw(st.booleans()):
            continue
        if isinstance(field, forms.FileField) and draw(st.booleans()):
            content = draw(st.binary(max_size=200))
            filename = draw(st.sampled_from(["foto.jpg", "logo.png", "piano.pdf", "a", "x.svg"]))
            files.setlist(key, [SimpleUploadedFile(filename, content)])
            continue
        value = draw(field_values(field))
        data.setlist(key, value if isinstance(value, list) else [value])
    query = QueryDict(mutable=True)
    for key, values in data.lists():
        query.setlist(key, values)
    return query, files


PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FORMS))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_random_input_gives_a_valid_form_or_translated_errors(world, name, data):
    build = FORMS[name]
    sent, files = data.draw(submissions(build(world, None, None)), label="submission")
    with translation.override("it"):
        italian = build(world, sent, files)
        valid = italian.is_valid()  # never raises
        errors_it = {field: list(errors) for field, errors in italian.errors.items()}
    assert valid == (not errors_it)
    assert all(isinstance(m, str) and m for messages in errors_it.values() for m in messages)
    if valid:
        return
    for upload in files.values():
        upload.seek(0)
    with translation.override("en"):
        english = build(world, sent, files)
        english.is_valid()
        errors_en = {field: list(errors) for field, errors in english.errors.items()}
    for field, messages_it in errors_it.items():
        messages_en = errors_en.get(field, [])
        if len(messages_en) != len(messages_it):
            continue  # a date Italian reads (31/12/2026) and English does not, say
        for it, en in zip(messages_it, messages_en, strict=True):
            # Only a message made of what was sent (numbers, the user's text) may be equal.
            if re.search(r"[a-zà-ù]{4,}", it, re.IGNORECASE) and it not in sent.values():
                assert it != en, f"{name}: «{it}» is not translated"
