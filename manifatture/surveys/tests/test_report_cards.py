import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.accounts.tests.factories import UserFactory
from manifatture.activities.tests.factories import (
    ActivityFactory,
    MunicipioFactory,
    TimeSlotFactory,
    square,
)
from manifatture.bookings.tests.factories import VisitorProfileFactory
from manifatture.directory.models import Nil
from manifatture.directory.tests.factories import ComuneFactory, MembershipFactory, SiteFactory
from manifatture.surveys import queries, rules
from manifatture.surveys.models import SurveyResponse
from manifatture.tickets.models import WalkIn
from manifatture.tickets.tests.factories import BookingFactory

from .conftest import admitted
from .factories import SurveyResponseFactory

pytestmark = pytest.mark.django_db


def nil(number: int, name: str, *, periphery: bool) -> Nil:
    """A NIL with a small square boundary: the periphery flag is what counts."""
    return Nil.objects.create(
        id=number,
        name=name,
        geometry=square(9.2, 45.46),
        min_latitude=45.45,
        max_latitude=45.47,
        min_longitude=9.19,
        max_longitude=9.21,
        centroid_latitude=45.46,
        centroid_longitude=9.2,
        is_periphery=periphery,
    )


def visitor_from(comune, municipio=None):
    user = UserFactory()
    VisitorProfileFactory(user=user, comune=comune, municipio=municipio)
    return user


def test_report_card_counts_by_hand(activity, slot, edition):
    milano, sesto = ComuneFactory(), ComuneFactory(istat_code="015209", name="Sesto San Giovanni")
    m4 = MunicipioFactory(number=4)
    for _ in range(6):
        admitted(slot, visitor=visitor_from(milano, m4), party_size=2)
    for _ in range(2):
        admitted(slot, visitor=visitor_from(sesto), party_size=1)
    BookingFactory(slot=slot, party_size=3, no_show=True)
    WalkIn.objects.create(slot=slot, count=4)
    for score, comment in [
        (5, "Ho capito come si fonde il bronzo"),
        (4, ""),
        (5, ""),
        (3, "Troppo breve"),
        (4, ""),
    ]:
        SurveyResponseFactory(activity=activity, overall=score, comment=comment)
    SurveyResponseFactory(activity=ActivityFactory(edition=edition), overall=1)  # another host

    card = queries.report_card(activity.organisation, edition)
    total = card.total
    assert (total.capacity, total.bookings, total.seats) == (40, 9, 17)
    assert (total.admitted, total.admitted_people, total.no_shows, total.walk_ins) == (8, 14, 1, 4)
    assert str(total.fill_rate) == "42.5"
    assert str(total.no_show_rate) == "11.1"
    assert card.satisfaction.responses == 5
    assert str(card.satisfaction.mean) == "4.2"
    assert str(card.satisfaction.recommend_rate) == "100.0"
    assert card.comments == ["Ho capito come si fonde il bronzo", "Troppo breve"]
    assert [(o.label, o.shown) for o in card.municipi] == [("Municipio 4", 6)]
    assert [(o.label, o.shown) for o in card.comuni] == [
        ("Milano", 6),
        ("Sesto San Giovanni", rules.SUPPRESSED),
    ]


def test_few_answers_hide_scores_and_comments(activity, edition):
    for _ in range(4):
        SurveyResponseFactory(activity=activity, overall=2, comment="Mi riconoscereste")
    card = queries.report_card(activity.organisation, edition)
    assert card.satisfaction.mean is rules.SUPPRESSED
    assert card.satisfaction.shown_responses is rules.SUPPRESSED
    assert card.comments == [] and card.comments_hidden


def test_the_host_opens_its_report_card_and_pdf(client, host, activity, slot, edition):
    for _ in range(5):
        SurveyResponseFactory(activity=activity, overall=5, comment="Splendido laboratorio")
    client.force_login(host.user)
    slug = host.organisation.slug
    listing = client.get(reverse("surveys:report_cards", args=[slug])).content.decode()
    page_url = reverse("surveys:report_card", args=[slug, edition.year])
    assert page_url in listing
    page = client.get(page_url)
    content = page.content.decode()
    assert page.status_code == 200
    assert "Visita alla fonderia" in content
    assert "Splendido laboratorio" in content
    pdf = client.get(reverse("surveys:report_card_pdf", args=[slug, edition.year]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert len(pdf.content) > 2000


def test_another_host_cannot_open_the_report_card(client, host, activity, edition):
    other = MembershipFactory()
    client.force_login(other.user)
    slug = host.organisation.slug
    assert client.get(reverse("surveys:report_card", args=[slug, edition.year])).status_code == 403
    assert (
        client.get(reverse("surveys:report_card_pdf", args=[slug, edition.year])).status_code == 403
    )


def test_no_report_card_for_an_edition_without_activities(client, host, activity):
    client.force_login(host.user)
    url = reverse("surveys:report_card", args=[host.organisation.slug, 1999])
    assert client.get(url).status_code == 404


def test_impact_report_per_municipio_and_periphery(edition):
    milano = ComuneFactory()
    m4, m1 = MunicipioFactory(number=4), MunicipioFactory(number=1)
    corvetto = nil(60, "CORVETTO", periphery=True)
    brera = nil(1, "BRERA", periphery=False)

    def slot_at(municipio, nil):
        site = SiteFactory(comune=milano, municipio=municipio, nil=nil)
        activity = ActivityFactory(edition=edition, organisation=site.organisation, site=site)
        slot = TimeSlotFactory(activity=activity, capacity=50)
        return activity, slot

    corvetto_activity, corvetto_slot = slot_at(m4, corvetto)
    brera_activity, brera_slot = slot_at(m1, brera)
    for _ in range(6):
        admitted(corvetto_slot, visitor=visitor_from(milano, m4), party_size=1)
    admitted(brera_slot, party_size=2)
    for score in (5, 5, 4, 4, 3):
        SurveyResponseFactory(activity=corvetto_activity, overall=score)
    SurveyResponseFactory(activity=brera_activity, overall=1)

    rows = {(r.dimension, r.key): r.values() for r in queries.impact_report([edition])}
    m4_row = rows["municipio", "4"]
    assert (m4_row["admitted_people"], m4_row["residents_admitted"]) == (6, 6)
    assert str(m4_row["satisfaction_mean"]) == "4.2"
    m1_row = rows["municipio", "1"]
    assert m1_row["admitted_people"] is rules.SUPPRESSED
    assert m1_row["survey_responses"] is rules.SUPPRESSED
    assert m1_row["satisfaction_mean"] is rules.SUPPRESSED
    assert rows["municipio", "9"]["admitted_people"] == 0
    periphery, centre = rows["area", "periphery"], rows["area", "centre"]
    assert (periphery["activities"], periphery["admitted_people"]) == (1, 6)
    assert centre["booked_seats"] is rules.SUPPRESSED
    assert SurveyResponse.objects.count() == 6


def test_report_card_queries_do_not_grow_with_activities(client, host, activity, slot, edition):
    admitted(slot)
    SurveyResponseFactory(activity=activity, comment="Bello")
    client.force_login(host.user)
    url = reverse("surveys:report_card", args=[host.organisation.slug, edition.year])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for title in ("Laboratorio di saldatura", "Porte aperte in reparto"):
        other = ActivityFactory(
            edition=edition, organisation=host.organisation, site=activity.site, title_it=title
        )
        admitted(TimeSlotFactory(activity=other, capacity=10))
        SurveyResponseFactory(activity=other)
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)
    content = response.content.decode()
    assert all(
        t in content
        for t in ("Visita alla fonderia", "Laboratorio di saldatura", "Porte aperte in reparto")
    )
    assert len(three) == len(one)
