import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from manifatture.activities.models import Activity
from manifatture.activities.tests.factories import ActivityFactory, RouteFactory
from manifatture.calls.tests.factories import CallFactory, DraftCallFactory
from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import OrganisationFactory
from manifatture.editions.tests.factories import EditionFactory
from manifatture.news.tests.factories import ArticleFactory, CaseStudyFactory, DraftArticleFactory
from manifatture.spaces.tests.factories import SpaceFactory
from manifatture.web.cookies import site_cookie_names
from manifatture.web.sitemaps import SITEMAPS

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client) -> set[str]:
    """Every <loc> of every sitemap the index lists, as paths."""
    index = ET.fromstring(client.get(reverse("web:sitemap")).content)
    paths = set()
    for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS):
        response = client.get(loc.text.removeprefix("http://testserver"))
        assert response.status_code == 200, loc.text
        for url in ET.fromstring(response.content).findall("sm:url/sm:loc", SITEMAP_NS):
            assert url.text.startswith("http://testserver/")
            paths.add(url.text.removeprefix("http://testserver"))
    return paths


def test_the_sitemap_lists_every_public_page_and_nothing_else(client):
    edition = EditionFactory(year=2031, is_current=True)
    activity = ActivityFactory(edition=edition)
    cancelled = ActivityFactory(edition=edition, status=Activity.Status.CANCELLED)
    route = RouteFactory(edition=edition)
    pending = OrganisationFactory(moderation=Organisation.Moderation.PENDING)
    space, hidden_space = SpaceFactory(), SpaceFactory(is_published=False)
    call, draft_call = CallFactory(), DraftCallFactory()
    article, draft_article = ArticleFactory(), DraftArticleFactory()
    case_study = CaseStudyFactory()
    draft_case_study = CaseStudyFactory(status="draft")

    paths = sitemap_locations(client)

    public = [
        edition,
        activity,
        cancelled,  # stays public, shown as cancelled
        route,
        activity.organisation,
        space,
        call,
        article,
        case_study,
        case_study.organisation,
    ]
    for obj in public:
        assert obj.get_absolute_url() in paths, obj
    for obj in (pending, hidden_space, draft_call, draft_article, draft_case_study):
        assert obj.get_absolute_url() not in paths, obj
    for name in ("editions:home", "activities:programme", "web:legal_notes", "web:cookies"):
        assert reverse(name) in paths
    # Every listed page answers to anyone.
    for path in paths:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("section", list(SITEMAPS))
def test_sitemap_sections_query_count_does_not_grow(client, section):
    edition = EditionFactory(year=2031, is_current=True)
    makers = {
        "pagine": lambda: None,
        "edizioni": lambda: EditionFactory(is_current=False),
        "attivita": lambda: ActivityFactory(edition=edition),
        "percorsi": lambda: RouteFactory(edition=edition),
        "organizzazioni": lambda: OrganisationFactory(),
        "spazi": lambda: SpaceFactory(),
        "bandi": lambda: CallFactory(),
        "notizie": lambda: ArticleFactory(),
        "casi-aziendali": lambda: CaseStudyFactory(),
    }
    url = reverse("web:sitemap_section", kwargs={"section": section})
    counts = []
    for added in (1, 2):  # 1 item, then 3
        for _ in range(added):
            makers[section]()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for private in ("/account/", "/prenotazioni/", "/biglietti/", "/admin/"):
        assert f"Disallow: {private}" in lines
    # Public areas stay open to crawlers.
    disallowed = [line.split(": ", 1)[1] for line in lines if line.startswith("Disallow:")]
    for public in ("/programma/", "/organizzazioni/", "/notizie/", "/opendata/"):
        assert not any(public.startswith(prefix) for prefix in disallowed if "*" not in prefix)


def test_favicon_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert "max-age" in response["Cache-Control"]


def test_cookie_page_lists_the_cookies_named_in_the_settings(client, settings):
    settings.SESSION_COOKIE_NAME = "ma_sessione"
    body = client.get(reverse("web:cookies")).content.decode()
    for name in site_cookie_names():
        assert f"<code>{name}</code>" in body
    assert "<code>ma_sessione</code>" in body
    assert site_cookie_names() == {"ma_sessione", "csrftoken", "django_language", "messages"}


def test_cookie_page_in_english(client):
    body = client.get("/en" + reverse("web:cookies")).content.decode()
    assert "technical cookies" in body
    assert "until the browser is closed" in body


def test_legal_notes_give_the_citys_content_under_cc_by(client):
    body = client.get(reverse("web:legal_notes")).content.decode()
    assert "CC BY 4.0" in body
    assert "AGPL-3.0-or-later" in body
    assert reverse("web:cookies") in body and reverse("accounts:privacy") in body


def test_footer_links_the_legal_pages(client):
    body = client.get(reverse("editions:home")).content.decode()
    assert f'href="{reverse("web:legal_notes")}"' in body
    assert f'href="{reverse("web:cookies")}"' in body


class HeadMeta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "link":
            self.links[attrs.get("rel", "")] = attrs.get("href", "")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head_of(client, url) -> HeadMeta:
    parser = HeadMeta()
    parser.feed(client.get(url).content.decode())
    return parser


def test_every_page_has_canonical_open_graph_and_twitter_tags(client):
    activity = ActivityFactory(title_it='Visita all\'officina "Lambrate"')
    head = head_of(client, activity.get_absolute_url() + "?utm_source=x")
    page = f"http://testserver{activity.get_absolute_url()}"
    assert head.links["canonical"] == page  # without the query
    assert head.meta["og:url"] == page
    assert head.meta["og:title"] == head.meta["twitter:title"]
    assert head.meta["og:title"].startswith('Visita all\'officina "Lambrate"')
    assert head.title.startswith(head.meta["og:title"])
    assert head.meta["og:description"] == head.meta["description"] != ""
    assert head.meta["og:type"] == "website"
    assert head.meta["og:locale"] == "it_IT"
    assert head.meta["twitter:card"] == "summary_large_image"
    image = head.meta["og:image"]
    assert image == head.meta["twitter:image"]
    assert re.fullmatch(r"http://testserver/static/img/og-default\.png", image)
    assert finders.find("img/og-default.png")


def test_head_tags_on_the_home_page(client):
    head = head_of(client, reverse("editions:home"))
    assert head.links["canonical"] == "http://testserver/"
    assert head.links["icon"] == "/static/img/favicon.ico"
    assert head.meta["og:site_name"] == "Manifatture Aperte"


def test_captured_blocks_are_plain_text_for_attributes():
    from django.template import Context, Template

    template = Template(
        "{% load web_meta %}{% capture as t %}<b>Officina</b> {{ name }}\n  x{% endcapture %}"
        '<meta content="{{ t }}">'
    )
    html = template.render(Context({"name": '"><script>alert(1)</script>'}))
    assert html == '<meta content="Officina &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; x">'
