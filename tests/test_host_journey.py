"""The host journey of issue 2, through the views, as one story.

A new person signs up and verifies the address, creates an organisation with a
site in Bovisa (Municipio 9), applies to the current edition; a reviewer scores
the application, city staff accept it; the host publishes a guided visit with
two slots, which visitors then find in the programme, on the map and through
every filter, and which filters that must leave it out do leave out.

Services are called only to set the scene (the edition, its criteria, the
reviewer and staff accounts, another host already in the programme so that
the filters have something to tell apart). Everything the people do goes
through the pages.

The permission rules of the issue are tested next to the code they protect:
- a host cannot see or change another host's application:
  participations/tests/test_views.py::test_a_host_cannot_see_or_change_another_hosts_application
- ... nor another host's activity or slots:
  activities/tests/test_host_pages.py::test_host_cannot_see_or_change_another_hosts_activity
  and ::test_host_cannot_create_for_an_organisation_it_does_not_belong_to
- a reviewer cannot decide: participations/tests/test_views.py::test_reviewer_cannot_decide
- visitors and reviewers cannot reach staff pages: participations/tests/test_views.py::
  test_visitors_and_reviewers_cannot_reach_staff_pages, editions/tests/test_staff.py::
  test_staff_pages_are_forbidden_to_others, activities/tests/test_staff_pages.py.
What is tested here is only what those leave out: the whole back office, in one
sweep, for a visitor and for a host (including the Django admin), and the
journey's own host against the other host's records.
"""

import datetime
import html
import io
import re

import pyotp
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from manifatture.accounts import second_factor
from manifatture.accounts.models import User
from manifatture.accounts.tests.factories import PASSWORD as FACTORY_PASSWORD
from manifatture.accounts.tests.factories import ReviewerFactory, StaffFactory, UserFactory
from manifatture.activities.models import Activity, Language, TimeSlot
from manifatture.activities.tests.factories import ActivityFactory, TimeSlotFactory
from manifatture.directory.models import Comune, Membership, Organisation, Site
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.participations.models import (
    ActivityKind,
    Application,
    ProposedActivity,
    Review,
)
from manifatture.participations.tests.factories import (
    AcceptedApplicationFactory,
    ReviewCriterionFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Tornio-e-fresa-1962"
EMAIL = "giulia.ferrari@officinabovisa.example"
VAT = "72856401509"  # a valid check digit
LOCAL = "%Y-%m-%dT%H:%M"
TITLE = "Visita guidata all'officina di Bovisa"


def local_time(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


def load_milan() -> None:
    """The comuni of the Città metropolitana and Milan's nine Municipi."""
    call_command("load_municipi", stdout=io.StringIO())
    call_command(
        "load_comuni", str(settings.SHARED_DATA_DIR / "istat_comuni_mi.csv"), stdout=io.StringIO()
    )


def set_the_scene() -> dict:
    """The current edition with its host call open, its review criteria, a
    reviewer, a staff member, and another host already in the programme: a
    workshop near the Duomo (Municipio 1), in Italian only, for professionals,
    on the first evening, at a site with steps. Shared with the browser test."""
    load_milan()
    # Transactional (browser) tests flush the tables that migrations filled.
    for code, name_it, name_en in [
        ("it", "Italiano", "Italian"),
        ("en", "Inglese", "English"),
        ("fr", "Francese", "French"),
    ]:
        Language.objects.update_or_create(
            code=code, defaults={"name_it": name_it, "name_en": name_en}
        )
    edition = PhasedEditionFactory()
    assert edition.host_call_is_open
    criteria = [
        ReviewCriterionFactory(edition=edition, name_it="Qualità delle attività", weight=2),
        ReviewCriterionFactory(edition=edition, name_it="Legame con il quartiere", weight=1),
    ]
    other_membership = MembershipFactory(
        organisation__name="Atelier del Duomo", organisation__category=Organisation.Category.ATELIER
    )
    other = other_membership.organisation
    other_site = SiteFactory(
        organisation=other,
        name="Atelier in Galleria",
        address="Via Silvio Pellico 6",
        comune=Comune.objects.get(name="Milano"),
        latitude="45.465400",
        longitude="9.189900",
        municipio_id=1,
        step_free=False,
    )
    other_application = AcceptedApplicationFactory(edition=edition, organisation=other)
    other_activity = ActivityFactory(
        edition=edition,
        organisation=other,
        site=other_site,
        kind=ActivityKind.WORKSHOP,
        title_it="Laboratorio di legatoria",
        description_it="Cuciture e copertine a mano.",
        audience=Activity.Audience.PROFESSIONALS,
    )
    other_activity.languages.set([Language.objects.get(code="it")])
    TimeSlotFactory(
        activity=other_activity,
        starts_at=local_time(edition.event_start, 18, 30),
        ends_at=local_time(edition.event_start, 20, 0),
    )
    return {
        "edition": edition,
        "criteria": criteria,
        "reviewer": ReviewerFactory(full_name="Paola Valutatrice"),
        "staff": StaffFactory(full_name="Marco dello Staff"),
        "other": other,
        "other_member": other_membership.user,
        "other_application": other_application,
        "other_activity": other_activity,
    }


@pytest.fixture
def scene() -> dict:
    return set_the_scene()


def _login(client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"email": email, "password": password})


def _set_up_second_factor(client) -> None:
    """City staff's first login: the app's code sets up the second factor."""
    client.get(reverse("accounts:second_factor_setup"))
    secret = client.session[second_factor.PENDING_SECRET_KEY]
    response = client.post(
        reverse("accounts:second_factor_setup"), {"code": pyotp.TOTP(secret).now()}
    )
    assert "Codici di recupero" in response.content.decode()


def _logout(client) -> None:
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _titles(response) -> list[str]:
    return [activity.title for activity in response.context["page_obj"].object_list]


def test_a_new_host_signs_up_applies_is_accepted_and_appears_in_the_programme(
    client, scene, django_capture_on_commit_callbacks
):
    edition = scene["edition"]
    day_one, day_two = edition.event_days

    # 1. Sign-up ------------------------------------------------------------------
    assert client.get(reverse("accounts:signup")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:signup"),
            {
                "full_name": "Giulia  Ferrari",
                "email": "Giulia.Ferrari@OfficinaBovisa.example",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "privacy": "on",
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("accounts:check_inbox")
    person = User.objects.get(email=EMAIL)
    assert person.full_name == "Giulia Ferrari"
    assert person.role == User.Role.VISITOR
    assert person.email_verified_at is None
    assert person.privacy_accepted_at is not None
    assert len(mail.outbox) == 1
    verification = mail.outbox[0]
    assert verification.to == [EMAIL]
    assert EMAIL in client.get(response.url).text

    # 2. Not before verifying ----------------------------------------------------------
    response = _login(client, EMAIL, PASSWORD)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Il vostro indirizzo non è ancora verificato: aprite il link che vi abbiamo "
        "inviato per e-mail, oppure chiedetene uno nuovo."
    ]
    assert "_auth_user_id" not in client.session

    # 3. The link in the e-mail ----------------------------------------------------
    links = re.findall(r"https?://\S+?(/account/verifica/[^/\s]+/)", verification.body)
    assert len(links) == 1
    response = client.get(links[0])
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?email={EMAIL.replace('@', '%40')}"
    person.refresh_from_db()
    assert person.email_verified_at is not None

    # 4. Login --------------------------------------------------------------------
    response = _login(client, EMAIL, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")
    assert int(client.session["_auth_user_id"]) == person.pk
    dashboard = client.get(reverse("accounts:dashboard")).text
    assert reverse("directory:create") in dashboard

    # 5. The organisation -------------------------------------------------------------
    assert client.get(reverse("directory:create")).status_code == 200
    response = client.post(
        reverse("directory:create"),
        {
            "name": "Officina Meccanica Bovisa",
            "category": Organisation.Category.WORKSHOP,
            "description_it": "Tornitura e fresatura di precisione dal 1962.",
            "description_en": "Precision turning and milling since 1962.",
            "website": "https://www.officinabovisa.example",
            "vat_number": f"IT {VAT}",
            "ateco_code": "25 62 00",
        },
    )
    organisation = Organisation.objects.get(name="Officina Meccanica Bovisa")
    assert response.status_code == 302
    assert response.url == reverse("directory:site_create", kwargs={"slug": organisation.slug})
    assert organisation.slug == "officina-meccanica-bovisa"
    assert organisation.vat_number == VAT
    assert organisation.ateco_code == "25.62.00"
    assert list(organisation.memberships.values_list("user", "role")) == [
        (person.pk, Membership.Role.OWNER)
    ]

    # 6. A site in Bovisa ---------------------------------------------------------------
    assert client.get(response.url).status_code == 200
    response = client.post(
        response.url,
        {
            "name": "Officina di via Durando",
            "address": "Via Giovanni Durando 38",
            "postcode": "20158",
            "comune": "015146",
            "latitude": "45,5035",
            "longitude": "9.1612",
            "step_free": "on",
            "accessible_toilet": "on",
            "accessibility_notes": "Ingresso dal cortile, senza gradini.",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("directory:sites", kwargs={"slug": organisation.slug})
    site = Site.objects.get(organisation=organisation)
    assert (site.name, site.comune.name, site.municipio_id) == (
        "Officina di via Durando",
        "Milano",
        9,
    )
    assert (str(site.latitude), str(site.longitude)) == ("45.503500", "9.161200")
    assert (site.step_free, site.accessible_toilet, site.seating) == (True, True, False)

    # 7. The application --------------------------------------------------------------
    start = client.get(reverse("participations:start"))
    apply_url = reverse("participations:apply", kwargs={"slug": organisation.slug})
    assert f'action="{apply_url}"' in start.text
    response = client.post(apply_url)
    application = Application.objects.get(organisation=organisation)
    assert (application.edition, application.state) == (edition, Application.State.DRAFT)
    assert response.status_code == 302
    edit_url = reverse("participations:edit", kwargs={"pk": application.pk})
    assert response.url == edit_url
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "motivation": "Vogliamo mostrare come nasce un pezzo meccanico, dal disegno al tornio.",
            "expected_visitors": "60",
            "notes_for_staff": "",
            "activities-TOTAL_FORMS": "1",
            "activities-INITIAL_FORMS": "0",
            "activities-MIN_NUM_FORMS": "0",
            "activities-MAX_NUM_FORMS": "20",
            "activities-0-kind": ActivityKind.GUIDED_VISIT,
            "activities-0-title": TITLE,
            "activities-0-description": "Il reparto torni e la sala metrologia.",
            "activities-0-capacity": "15",
            "activities-0-slots": "2",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    assert application.submitted_at is not None
    assert list(
        ProposedActivity.objects.filter(application=application).values_list(
            "kind", "title", "capacity", "slots"
        )
    ) == [(ActivityKind.GUIDED_VISIT, TITLE, 15, 2)]
    assert "Candidatura inviata." in client.get(response.url).text
    _logout(client)

    # 8. The reviewer scores it on every criterion ----------------------------------------
    reviewer = scene["reviewer"]
    assert _login(client, reviewer.email, FACTORY_PASSWORD).status_code == 302
    queue = client.get(reverse("participations:review_queue"))
    review_url = reverse("participations:review", kwargs={"pk": application.pk})
    assert [a.organisation.name for a in queue.context["queue"]] == ["Officina Meccanica Bovisa"]
    assert review_url in queue.text
    assert client.get(review_url).status_code == 200
    quality, neighbourhood = scene["criteria"]
    response = client.post(
        review_url,
        {
            f"criterion_{quality.pk}": "5",
            f"criterion_{neighbourhood.pk}": "4",
            "comment": "Visita ben pensata, in una zona da valorizzare.",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("participations:review_queue")
    review = Review.objects.get(application=application)
    assert review.reviewer == reviewer
    assert sorted(review.scores.values_list("criterion__name_it", "value")) == [
        ("Legame con il quartiere", 4),
        ("Qualità delle attività", 5),
    ]
    _logout(client)

    # 9. Staff accept it, and the host is told ------------------------------------------
    staff = scene["staff"]
    assert _login(client, staff.email, FACTORY_PASSWORD).status_code == 302
    _set_up_second_factor(client)
    decision_url = reverse("participations:staff_application", kwargs={"pk": application.pk})
    listing = client.get(reverse("participations:staff_applications"))
    assert decision_url in listing.text
    page = client.get(decision_url)
    assert "media pesata 4,67" in page.text
    # The new profile is not public yet: staff publish it from the moderation queue.
    assert "in attesa di verifica" in page.text
    assert client.get(organisation.get_absolute_url()).status_code == 200  # staff preview
    assert "Officina Meccanica Bovisa" in client.get(reverse("directory:moderation_queue")).text
    prefix = f"m{organisation.pk}"
    response = client.post(
        reverse("directory:moderation_decide", kwargs={"pk": organisation.pk}),
        {f"{prefix}-decision": "approve", f"{prefix}-reason": ""},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.is_public
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decision_url, {"decision": "accepted", "note": "Benvenuti!"})
    assert response.status_code == 302
    assert response.url == decision_url
    application.refresh_from_db()
    assert application.state == Application.State.ACCEPTED
    assert application.decision_note == "Benvenuti!"
    assert len(mail.outbox) == 1
    decision = mail.outbox[0]
    assert decision.to == [EMAIL]
    assert decision.subject == f"{edition.title}: la vostra candidatura è stata accettata"
    assert "Benvenuti!" in decision.body
    _logout(client)

    # 10. The host completes the activity drafted from the application, with two slots ---
    assert _login(client, EMAIL, PASSWORD).status_code == 302
    # The e-mail leads to programme management, and the application page too.
    assert reverse("activities:manage") in decision.body
    assert application.get_absolute_url() in decision.body
    accepted_page = client.get(application.get_absolute_url())
    assert f'<a href="{reverse("activities:manage")}">Pubblicate le vostre attività</a>' in (
        accepted_page.text
    )
    draft = Activity.objects.get(organisation=organisation)
    assert (draft.status, draft.title_it, draft.kind) == (
        Activity.Status.DRAFT,
        TITLE,
        ActivityKind.GUIDED_VISIT,
    )
    edit_url = reverse("activities:activity_edit", kwargs={"pk": draft.pk})
    assert edit_url in client.get(reverse("activities:manage")).text
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "kind": ActivityKind.GUIDED_VISIT,
            "title_it": TITLE,
            "title_en": "Guided tour of the Bovisa machine shop",
            "description_it": "Dal disegno al pezzo finito: torni, frese e sala metrologia.",
            "description_en": "From drawing to finished part: lathes, mills and metrology.",
            "site": str(site.pk),
            "languages": ["it", "en"],
            "audience": Activity.Audience.FAMILIES,
            "min_age": "8",
            "duration_minutes": "90",
            "safety_notes_it": "Scarpe chiuse; si resta dietro la linea gialla.",
            "safety_notes_en": "",
        },
    )
    activity = Activity.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response.url == edit_url
    assert (activity.edition, activity.site, activity.kind, activity.audience) == (
        edition,
        site,
        ActivityKind.GUIDED_VISIT,
        Activity.Audience.FAMILIES,
    )
    assert sorted(activity.languages.values_list("code", flat=True)) == ["en", "it"]
    slot_url = reverse("activities:slot_add", kwargs={"pk": activity.pk})
    for day, hour in ((day_one, 10), (day_two, 15)):
        response = client.post(
            slot_url,
            {
                "starts_at": local_time(day, hour).strftime(LOCAL),
                "ends_at": local_time(day, hour + 1, 30).strftime(LOCAL),
                "capacity": "15",
            },
        )
        assert response.status_code == 302
        assert response.url == reverse("activities:activity_edit", kwargs={"pk": activity.pk})
    assert list(
        TimeSlot.objects.filter(activity=activity)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at", "capacity")
    ) == [
        (local_time(day_one, 10), local_time(day_one, 11, 30), 15),
        (local_time(day_two, 15), local_time(day_two, 16, 30), 15),
    ]
    assert client.get(activity.get_absolute_url()).status_code == 404  # still a draft
    response = client.post(reverse("activities:activity_publish", kwargs={"pk": activity.pk}))
    assert response.url == edit_url
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED
    _logout(client)

    # 11. Visitors find it ----------------------------------------------------------------
    programme_url = reverse("activities:programme")
    response = client.get(programme_url)
    assert response.status_code == 200
    # Ordered by first slot: ours at 10:00 on the first day, the other at 18:30.
    assert _titles(response) == [TITLE, "Laboratorio di legatoria"]
    assert activity.get_absolute_url() in response.text

    page = client.get(activity.get_absolute_url())
    assert page.status_code == 200
    assert TITLE in _text(page)
    assert "Officina Meccanica Bovisa" in _text(page)
    organisation_page = client.get(organisation.get_absolute_url())
    assert organisation_page.status_code == 200
    assert activity.get_absolute_url() in organisation_page.text

    features = client.get(reverse("activities:map_data")).json()["features"]
    ours = [f for f in features if f["id"] == f"site-{site.pk}"]
    assert len(features) == 2
    assert len(ours) == 1
    assert ours[0]["geometry"] == {"type": "Point", "coordinates": [9.1612, 45.5035]}
    assert ours[0]["properties"]["organisation"] == "Officina Meccanica Bovisa"
    assert [a["title"] for a in ours[0]["properties"]["activities"]] == [TITLE]
    in_nine = client.get(reverse("activities:map_data"), {"area": "m9"}).json()["features"]
    assert [f["id"] for f in in_nine] == [f"site-{site.pk}"]
    assert "Officina di via Durando" in client.get(reverse("activities:map")).text

    # Each filter alone, with what it must find: ours, and the other host's
    # workshop only where it matches too.
    other = "Laboratorio di legatoria"
    cases = [
        ("day", day_one.isoformat(), [TITLE, other]),
        ("day", day_two.isoformat(), [TITLE]),
        ("time", "morning", [TITLE]),
        ("area", "m9", [TITLE]),
        ("kind", ActivityKind.GUIDED_VISIT, [TITLE]),
        ("language", "en", [TITLE]),
        ("audience", Activity.Audience.FAMILIES, [TITLE]),
        ("access", "step_free", [TITLE]),
        ("category", Organisation.Category.WORKSHOP, [TITLE]),
        ("q", "bovisa", [TITLE]),
        # Filters that must leave ours out.
        ("time", "evening", [other]),
        ("area", "m1", [other]),
        ("kind", ActivityKind.WORKSHOP, [other]),
        ("language", "fr", []),
        ("audience", Activity.Audience.SCHOOLS, []),
        ("access", "seating", []),
        ("category", Organisation.Category.ATELIER, [other]),
        ("q", "legatoria", [other]),
    ]
    for name, value, expected in cases:
        response = client.get(programme_url, {name: value})
        assert response.context["form"].errors == {}, (name, value)
        assert _titles(response) == expected, (name, value)
    # All of ours together, through htmx (only the results are sent).
    together = {
        "day": day_one.isoformat(),
        "time": "morning",
        "area": "m9",
        "kind": ActivityKind.GUIDED_VISIT,
        "language": "en",
        "audience": Activity.Audience.FAMILIES,
        "access": "step_free",
        "category": Organisation.Category.WORKSHOP,
        "q": "bovisa",
    }
    response = client.get(programme_url, together, headers={"HX-Request": "true"})
    assert response.templates[0].name == "activities/_programme_results.html"
    assert _titles(response) == [TITLE]
    assert "1 attività trovata" in response.text
    response = client.get(programme_url, {**together, "area": "m1"})
    assert _titles(response) == []


# Permissions not covered next to the code (see the module docstring) ------------------


def _back_office_urls(edition, application, criterion, room, route) -> list[str]:
    return [
        reverse("editions:staff_list"),
        reverse("editions:staff_create"),
        reverse("editions:staff_edit", args=[edition.pk]),
        reverse("participations:review_queue"),
        reverse("participations:review", args=[application.pk]),
        reverse("participations:staff_applications"),
        reverse("participations:staff_application", args=[application.pk]),
        reverse("participations:staff_criteria", args=[edition.year]),
        reverse("participations:staff_criterion_create", args=[edition.year]),
        reverse("participations:staff_criterion_edit", args=[criterion.pk]),
        reverse("activities:staff_rooms"),
        reverse("activities:staff_room_edit", args=[room.pk]),
        reverse("activities:staff_routes"),
        reverse("activities:staff_route_edit", args=[route.pk]),
    ]


@pytest.fixture
def back_office():
    from manifatture.activities.tests.factories import HubRoomFactory, RouteFactory

    edition = PhasedEditionFactory()
    application = SubmittedApplicationFactory(edition=edition)
    MembershipFactory(organisation=application.organisation)
    criterion = ReviewCriterionFactory(edition=edition)
    return {
        "edition": edition,
        "application": application,
        "urls": _back_office_urls(
            edition,
            application,
            criterion,
            HubRoomFactory(edition=edition),
            RouteFactory(edition=edition),
        ),
    }


@pytest.mark.parametrize("who", ["visitor", "host"])
def test_visitors_and_hosts_cannot_reach_any_back_office_page(client, back_office, who):
    user = UserFactory()
    if who == "host":
        host = MembershipFactory(user=user).organisation
        AcceptedApplicationFactory(edition=back_office["edition"], organisation=host)
    client.force_login(user)
    for url in back_office["urls"]:
        assert client.get(url).status_code == 403, url
    # The Django admin sends them to its own login, without showing anything.
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    # Nor can they decide or score through a POST.
    application = back_office["application"]
    decide = reverse("participations:staff_application", args=[application.pk])
    assert client.post(decide, {"decision": "accepted", "note": ""}).status_code == 403
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    assert Review.objects.count() == 0


def test_reviewer_reaches_review_pages_but_no_staff_page_and_not_the_admin(client, back_office):
    client.force_login(ReviewerFactory())
    for url in back_office["urls"]:
        expected = 200 if "/valutazione/" in url else 403
        assert client.get(url).status_code == expected, url
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_new_host_cannot_reach_the_other_hosts_records(client, scene):
    """After the journey's own setup: a host (here a fresh member of a new
    organisation, accepted) sees the other host only through its public pages."""
    me = MembershipFactory(organisation__name="Officina Meccanica Bovisa").user
    AcceptedApplicationFactory(edition=scene["edition"], organisation=me.organisations.get())
    client.force_login(me)
    theirs = scene["other_application"]
    activity = scene["other_activity"]
    assert client.get(theirs.get_absolute_url()).status_code == 403
    assert client.get(reverse("participations:edit", args=[theirs.pk])).status_code == 403
    edit = reverse("activities:activity_edit", args=[activity.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"title_it": "Preso!"}).status_code == 403
    other_slug = scene["other"].slug
    assert client.get(reverse("directory:edit", args=[other_slug])).status_code == 403
    assert client.get(reverse("directory:sites", args=[other_slug])).status_code == 403
    create = reverse("activities:activity_create", args=[other_slug])
    assert client.get(create).status_code == 403
    manage = client.get(reverse("activities:manage")).text
    assert "Laboratorio di legatoria" not in manage
    # The public pages stay public.
    assert client.get(activity.get_absolute_url()).status_code == 200
    assert client.get(scene["other"].get_absolute_url()).status_code == 200
    activity.refresh_from_db()
    assert activity.title_it == "Laboratorio di legatoria"
