"""sitemap.xml: an index of one sitemap per kind of public page, each listing
what the public access rules of its app let anyone see (the same querysets the
pages and lists use, so a draft or an unapproved profile never appears)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from manifatture.activities.models import Activity, Route
from manifatture.calls import queries as calls_queries
from manifatture.directory.models import Organisation
from manifatture.editions.models import Edition
from manifatture.news import queries as news_queries
from manifatture.spaces import queries as spaces_queries


class _Bilingual(Sitemap):
    """Every page in both languages (Italian at its address, English under /en/),
    each listing the other as its alternate, Italian as the default."""

    i18n = True
    alternates = True
    x_default = True


class _ModelSitemap(_Bilingual):
    """Objects with their `get_absolute_url`, last changed at `updated_at`."""

    lastmod_field = "updated_at"

    def lastmod(self, item):
        return getattr(item, self.lastmod_field, None)


class PagesSitemap(_Bilingual):
    """The lists and pages with no object of their own."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "editions:home",
            "editions:archive",
            "activities:programme",
            "activities:map",
            "activities:routes",
            "directory:search",
            "directory:map",
            "qualifications:list",
            "spaces:list",
            "calls:list",
            "news:portal",
            "news:articles",
            "news:case_studies",
            "news:opportunities",
            "insights:numbers_index",
            "opendata:index",
            "accounts:privacy",
            "web:legal_notes",
            "web:cookies",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class EditionSitemap(_Bilingual):
    def items(self) -> QuerySet[Edition]:
        return Edition.objects.only("year").order_by("-year")


class ActivitySitemap(_ModelSitemap):
    """Every activity page: cancelled ones stay public, shown as such."""

    def items(self) -> QuerySet[Activity]:
        return (
            Activity.objects.exclude(status=Activity.Status.DRAFT)
            .only("pk", "updated_at")
            .order_by("pk")
        )


class RouteSitemap(_Bilingual):
    def items(self) -> QuerySet[Route]:
        return Route.objects.select_related("edition").only("slug", "edition__year").order_by("pk")


class OrganisationSitemap(_ModelSitemap):
    def items(self) -> QuerySet[Organisation]:
        return Organisation.objects.public().only("slug", "updated_at").order_by("pk")


class SpaceSitemap(_ModelSitemap):
    def items(self):
        return (
            spaces_queries.public_spaces()
            .select_related(None)
            .prefetch_related(None)
            .only("slug", "updated_at")
        )


class CallSitemap(_ModelSitemap):
    def items(self):
        return calls_queries.public_calls().only("slug", "updated_at")


class ArticleSitemap(_ModelSitemap):
    def items(self):
        return news_queries.published_articles().only("slug", "updated_at")


class CaseStudySitemap(_ModelSitemap):
    def items(self):
        return news_queries.published_case_studies().select_related(None).only("slug", "updated_at")


SITEMAPS = {
    "pagine": PagesSitemap,
    "edizioni": EditionSitemap,
    "attivita": ActivitySitemap,
    "percorsi": RouteSitemap,
    "organizzazioni": OrganisationSitemap,
    "spazi": SpaceSitemap,
    "bandi": CallSitemap,
    "notizie": ArticleSitemap,
    "casi-aziendali": CaseStudySitemap,
}
