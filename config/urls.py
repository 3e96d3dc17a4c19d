from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from manifatture.accounts.views import switch_language

# The language is in the address: Italian where it always was, English under
# /en/ (the same paths after the prefix), so that an English page can be linked,
# shared and indexed. The API, the health checks and the language switch itself
# answer at one address.
urlpatterns = [
    path("api/v1/", include("manifatture.opendata.api_urls")),
    path("lingua/", switch_language, name="set_language"),
    path("salute/", include("manifatture.operations.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("manifatture.editions.urls")),
    path("account/", include("manifatture.accounts.urls")),
    path("organizzazioni/", include("manifatture.directory.urls")),
    path("candidature/", include("manifatture.participations.urls")),
    path("programma/", include("manifatture.activities.urls")),
    path("prenotazioni/", include("manifatture.bookings.urls")),
    path("sorteggi/", include("manifatture.ballots.urls")),
    path("biglietti/", include("manifatture.tickets.urls")),
    path("la-mia-giornata/", include("manifatture.plans.urls")),
    path("questionari/", include("manifatture.surveys.urls")),
    path("albo/", include("manifatture.qualifications.urls")),
    path("matching/", include("manifatture.matching.urls")),
    path("spazi/", include("manifatture.spaces.urls")),
    path("bandi/", include("manifatture.calls.urls")),
    path("notizie/", include("manifatture.news.urls")),
    path("numeri/", include("manifatture.insights.urls")),
    path("opendata/", include("manifatture.opendata.urls")),
    # Rating a page, reporting a problem, FAQ, accessibility statement.
    path("", include("manifatture.feedback.urls")),
    # robots.txt, sitemap.xml, favicon.ico, legal notes, cookies.
    path("", include("manifatture.web.urls")),
    # One login page for everyone, with its lockout and second step: the
    # admin's own form would skip both.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
