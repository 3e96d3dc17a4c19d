from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from manifatture import tabular
from manifatture.accounts.decorators import staff_required
from manifatture.editions.models import Edition

from . import queries
from .charts import bar_chart
from .forms import DashboardFilterForm
from .tables import Dashboard, build_dashboard


def _dashboard_for(request: HttpRequest) -> tuple[DashboardFilterForm, Dashboard]:
    editions = list(Edition.objects.order_by("-year"))
    form = DashboardFilterForm(request.GET or None, editions=editions)
    year = form.year()
    edition = next((e for e in editions if e.year == year), None)
    if edition is None:  # the default: the current edition, else the latest
        edition = next((e for e in editions if e.is_current), editions[0] if editions else None)
    if edition is not None:
        form.fields["edizione"].initial = edition.year
    filters = form.filters()
    key = f"dashboard:{edition.pk if edition else '-'}:{filters.key()}"
    return form, queries.cached(key, lambda: build_dashboard(edition, filters))


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, data = _dashboard_for(request)
    sections = [
        (table, [chart for key in table.charts if (chart := bar_chart(table, key))])
        for table in data.tables.values()
    ]
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "edition": data.edition,
            "key_figures": data.key_figures,
            "sections": sections,
            "query": request.GET.urlencode(),
        },
    )


@staff_required
@tabular.download
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    _form, data = _dashboard_for(request)
    table = data.tables.get(slug)
    if table is None:
        raise Http404(_("Questa tabella non c'è per i filtri scelti."))
    year = data.edition.year if data.edition else "tutte"
    filename = f"manifatture-aperte-{year}-{slug}.{fmt}"
    if fmt == "csv":
        return tabular.csv_response(table.download_header, table.rows, filename=filename)
    return tabular.xlsx_response(
        table.download_header, table.rows, filename=filename, sheet_title=table.slug
    )


def numbers_index(request: HttpRequest) -> HttpResponse:
    numbers = queries.cached("numbers:all", queries.public_numbers)
    return render(request, "insights/numbers_index.html", {"numbers": numbers})


def numbers_detail(request: HttpRequest, year: int) -> HttpResponse:
    edition = get_object_or_404(queries.published_editions(), year=year)
    (numbers,) = queries.cached(
        f"numbers:{edition.pk}", lambda: queries.public_numbers([edition.pk])
    )
    return render(request, "insights/numbers_detail.html", {"edition": edition, "numbers": numbers})
