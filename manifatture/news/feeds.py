"""RSS and Atom feeds of the portal, in the active language or the one asked
with ?lang=it / ?lang=en (a feed reader has no language cookie)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from . import queries
from .models import Article, CaseStudy

FEED_SIZE = 20
PUBLISHER = "Comune di Milano – Manifattura Milano"
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def feed_language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "")
    if language in LANGUAGE_CODES:
        return language
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


class _PortalFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = feed_language(request)
        with translation.override(language):
            response = super().__call__(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    def get_object(self, request: HttpRequest, *args, **kwargs) -> dict:
        # The feed object is shared by all requests: per-request facts go in obj.
        return {"path": request.path, "language": feed_language(request)}

    def feed_url(self, obj: dict) -> str:
        return f"{obj['path']}?lang={obj['language']}"

    def link(self) -> str:
        return reverse("news:portal")

    def author_name(self) -> str:
        # RFC 4287 4.1.1: an Atom feed names its author (the publisher of every entry).
        return PUBLISHER

    def author_link(self) -> str:
        return "https://www.comune.milano.it/"

    def item_title(self, item: Article | CaseStudy) -> str:
        return item.title

    def item_description(self, item: Article | CaseStudy) -> str:
        return item.summary

    def item_pubdate(self, item: Article | CaseStudy):
        return item.published_at

    def item_updateddate(self, item: Article | CaseStudy):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item: Article | CaseStudy) -> list[str]:
        if isinstance(item, CaseStudy):
            return [_("Casi aziendali"), item.organisation.name]
        return [_("Notizie")]


class PortalRssFeed(_PortalFeed):
    """News and case studies together."""

    def title(self) -> str:
        return _("Manifatture Aperte – notizie e casi aziendali")

    def description(self) -> str:
        return _("Le notizie e i casi aziendali di Manifattura Milano e Manifatture Aperte.")

    def items(self) -> list[Article | CaseStudy]:
        return queries.latest_publications(FEED_SIZE)


class PortalAtomFeed(PortalRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class CaseStudyRssFeed(_PortalFeed):
    def title(self) -> str:
        return _("Manifatture Aperte – casi aziendali")

    def description(self) -> str:
        return _("Le storie delle imprese e dei laboratori della manifattura milanese.")

    def link(self) -> str:
        return reverse("news:case_studies")

    def items(self) -> list[CaseStudy]:
        return list(queries.published_case_studies()[:FEED_SIZE])


class CaseStudyAtomFeed(CaseStudyRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
