"""Text that people write is shown as text: a script, an event handler, a
javascript: or data: link, an SVG with a payload, typed into any field the site
shows, never becomes markup on any page. Staff Markdown becomes HTML through an
allow-list (news/rendering.py); everything else is escaped by the templates;
data for the maps goes through json_script; links that people give get
rel="noopener noreferrer nofollow"."""

import html.parser
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from manifatture.accounts.tests.factories import StaffFactory
from manifatture.activities.tests.factories import (
    ActivityFactory,
    RouteFactory,
    RouteStopFactory,
    TimeSlotFactory,
)
from manifatture.calls.tests.factories import CallFactory
from manifatture.directory.forms import LinkForm, OrganisationForm
from manifatture.directory.models import Link
from manifatture.directory.tests.factories import MembershipFactory, SiteFactory
from manifatture.editions.tests.factories import PhasedEditionFactory
from manifatture.matching.models import Contact, Need
from manifatture.news.forms import OpportunityForm
from manifatture.news.tests.factories import (
    ArticleFactory,
    CaseStudyFactory,
    OpportunityFactory,
)
from manifatture.participations.tests.factories import SubmittedApplicationFactory
from manifatture.spaces.tests.factories import SpaceFactory

PAYLOAD = (
    '<script>alert("xss")</script><img src=x onerror=alert(1)>'
    '<a href="javascript:alert(1)">clic</a><svg onload=alert(1)><circle/></svg>'
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>'
    '"><body onload=alert(1)>'
)
# The same, in one line (titles and names) and in Markdown (staff texts).
LINE = PAYLOAD[:200]
MARKDOWN = (
    PAYLOAD
    + "\n\n[clic](javascript:alert(1)) [dati](data:text/html;base64,PHNjcmlwdD4=) "
    + "![x](x onerror=alert(1)) [fuori](https://esempio.it/pagina)"
)


class _Markup(html.parser.HTMLParser):
    """What a page contains that could run: inline scripts, event handlers,
    javascript:/data: URLs, frames, objects, inline SVG with content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.json_scripts: dict[str, str] = {}
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            runs = re.match(r"\s*(javascript|data|vbscript):", value or "", re.IGNORECASE)
            if name in {"href", "src", "action", "formaction", "xlink:href", "data"} and runs:
                self.found.append(f"<{tag} {name}={value[:40]}>")
        if tag in {"iframe", "object", "embed", "frame", "base"}:
            self.found.append(f"<{tag}>")
        if tag == "script":
            # Data blocks (json_script, schema.org JSON-LD): never run by the browser.
            if attrs.get("type") in {"application/json", "application/ld+json"}:
                self._in_script = attrs
            elif not attrs.get("src"):
                self.found.append("<script> inline")
        if tag == "img" and attrs.get("src") == "x":
            self.found.append("<img src=x>")

    def handle_data(self, data):
        if self._in_script is not None:
            self.json_scripts[self._in_script.get("id", "")] = data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def runnable_markup(content: str) -> tuple[list[str], dict[str, str]]:
    parser = _Markup()
    parser.feed(content)
    return parser.found, parser.json_scripts


@pytest.fixture
def world(db):
    edition = PhasedEditionFactory(registration=True)
    host = MembershipFactory(
        organisation__name=LINE[:150],
        organisation__description_it=PAYLOAD,
    )
    organisation = host.organisation
    site = SiteFactory(organisation=organisation, accessibility_notes=PAYLOAD, name=LINE[:100])
    activity = ActivityFactory(
        edition=edition,
        organisation=organisation,
        site=site,
        title_it=LINE,
        description_it=PAYLOAD,
        safety_notes_it=PAYLOAD,
    )
    TimeSlotFactory(activity=activity)
    route = RouteFactory(edition=edition, title_it=LINE, description_it=PAYLOAD)
    RouteStopFactory(route=route, activity=activity)
    Link.objects.create(organisation=organisation, label=LINE[:80], url="https://esempio.it/")
    need = Need.objects.create(
        organisation=organisation, created_by=host.user, title=LINE, description=PAYLOAD
    )
    other = MembershipFactory()
    contact = Contact.objects.create(
        need=need, recipient=other.organisation, sender=host.user, message=PAYLOAD
    )
    return {
        "edition": edition,
        "host": host.user,
        "other": other.user,
        "organisation": organisation,
        "activity": activity,
        "route": route,
        "need": need,
        "contact": contact,
        "call": CallFactory(title_it=LINE, summary_it=PAYLOAD, description_it=PAYLOAD),
        "article": ArticleFactory(title_it=LINE, summary_it=PAYLOAD, body_it=MARKDOWN),
        "case_study": CaseStudyFactory(
            organisation=organisation, title_it=LINE, summary_it=PAYLOAD, body_it=MARKDOWN
        ),
        "opportunity": OpportunityFactory(title_it=LINE, summary_it=PAYLOAD),
        "space": SpaceFactory(name=LINE[:150], description_it=PAYLOAD),
        "participation": SubmittedApplicationFactory(
            edition=edition, organisation=organisation, motivation=PAYLOAD
        ),
    }


# (URL name, kwargs from the world, who looks at it)
PAGES = [
    ("activities:programme", lambda w: {}, None),
    ("activities:detail", lambda w: {"pk": w["activity"].pk}, None),
    ("activities:route", lambda w: {"year": w["edition"].year, "slug": w["route"].slug}, None),
    ("activities:map", lambda w: {}, None),
    ("directory:organisation", lambda w: {"slug": w["organisation"].slug}, None),
    ("directory:search", lambda w: {}, None),
    ("directory:media", lambda w: {"slug": w["organisation"].slug}, "host"),
    ("calls:detail", lambda w: {"slug": w["call"].slug}, None),
    ("calls:list", lambda w: {}, None),
    ("news:portal", lambda w: {}, None),
    ("news:article", lambda w: {"slug": w["article"].slug}, None),
    ("news:case_study", lambda w: {"slug": w["case_study"].slug}, None),
    ("news:opportunities", lambda w: {}, None),
    ("spaces:detail", lambda w: {"slug": w["space"].slug}, None),
    ("spaces:list", lambda w: {}, None),
    ("matching:need", lambda w: {"pk": w["need"].pk}, "host"),
    ("matching:contact", lambda w: {"pk": w["contact"].pk}, "other"),
    ("participations:staff_application", lambda w: {"pk": w["participation"].pk}, "staff"),
    ("participations:application", lambda w: {"pk": w["participation"].pk}, "host"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "who"), PAGES, ids=[page[0] for page in PAGES])
def test_hostile_text_is_shown_as_text(world, name, kwargs, who):
    client = Client()
    if who == "staff":
        client.force_login(StaffFactory())
    elif who:
        client.force_login(world[who])

    response = client.get(reverse(name, kwargs=kwargs(world)))

    assert response.status_code == 200
    content = response.content.decode()
    found, json_scripts = runnable_markup(content)
    assert found == []
    # The payload is on the page, as text.
    assert "&lt;script&gt;alert(" in content or "&lt;script&gt;" in content
    # Data for the maps: JSON that no "</script>" in it can close early, read back intact.
    for data in json_scripts.values():
        assert "</script" not in data.lower()
        json.loads(data)


@pytest.mark.django_db
def test_json_for_the_map_carries_the_title_intact(world, client):
    response = client.get(reverse("activities:detail", kwargs={"pk": world["activity"].pk}))
    _found, json_scripts = runnable_markup(response.content.decode())
    points = json.loads(json_scripts["activity-map-points"])
    assert {point["label"] for point in points} & {LINE, LINE[:100]}  # the title or the site
    assert "<\\/script>" not in json_scripts["activity-map-points"]
    assert "\\u003Cscript\\u003E" in json_scripts["activity-map-points"]


@pytest.mark.django_db
def test_staff_markdown_keeps_its_links_and_loses_the_payload(world, client):
    content = client.get(
        reverse("news:article", kwargs={"slug": world["article"].slug})
    ).content.decode()
    assert (
        '<a href="https://esempio.it/pagina" rel="noopener noreferrer nofollow">fuori</a>'
        in content
    )
    assert "<a>clic</a>" in content  # the javascript: link lost its href
    assert "<a>dati</a>" in content  # and so did the data: one


@pytest.mark.django_db
def test_links_people_give_are_marked_and_only_web_addresses(world, client):
    content = client.get(
        reverse("directory:organisation", kwargs={"slug": world["organisation"].slug})
    ).content.decode()
    assert 'href="https://esempio.it/" rel="noopener noreferrer nofollow"' in content


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "https://esempio.it/\x00",
    ],
)
@pytest.mark.django_db
def test_addresses_that_could_run_are_refused_by_the_forms(address):
    organisation = OrganisationForm(
        {"name": "Officina", "category": "workshop", "description_it": "x", "website": address}
    )
    link = LinkForm({"label": "Sito", "url": address})
    opportunity = OpportunityForm(
        {"kind": "event", "title_it": "Open day", "summary_it": "x", "url": address}
    )
    assert "website" in organisation.errors
    assert "url" in link.errors
    assert "url" in opportunity.errors
