from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from manifatture import tabular
from manifatture.accounts.decorators import AuthenticatedHttpRequest, staff_required
from manifatture.bookings import demand as bookings_demand
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
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def download(request: AuthenticatedHttpRequest, slug: str, fmt: str) -> HttpResponse:
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


def _demand_edition(request: HttpRequest) -> Edition:
    """The edition asked for (`?edizione=year`), else the current one."""
    year = request.GET.get("edizione", "")
    if year.isdigit():
        return get_object_or_404(Edition, year=int(year))
    edition = Edition.objects.filter(is_current=True).first()
    if edition is None:
        raise Http404(_("Non c'è un'edizione in corso."))
    return edition


@staff_required
def demand(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Demand across the programme: people waiting against places, by
    activity, kind and Municipio."""
    edition = _demand_edition(request)
    data = bookings_demand.programme_demand(edition)
    context = {
        "edition": edition,
        "editions": Edition.objects.order_by("-year"),
        "demand": data,
        "tables": [
            ("per-tipo", _("Per tipo di attività"), data.by_kind),
            ("per-municipio", _("Per Municipio"), data.by_municipio),
            (
                "per-attivita",
                _("Per attività, con lista d'attesa"),
                [row for row in data.by_activity if row.waiting_seats],
            ),
        ],
    }
    return render(request, "insights/demand.html", context)


@staff_required
@tabular.download
def demand_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition = _demand_edition(request)
    data = bookings_demand.programme_demand(edition)
    header = [
        _("gruppo"),
        _("voce"),
        _("turni"),
        _("posti"),
        _("prenotati"),
        _("persone in lista d'attesa"),
        _("prenotazioni in lista d'attesa"),
        _("lista d'attesa sui posti (%)"),
        _("turni oltre la soglia"),
    ]
    rows = [
        [
            group,
            row.label,
            row.slots,
            row.capacity,
            row.booked,
            row.waiting_seats,
            row.waiting_parties,
            row.waiting_percent,
            row.in_demand,
        ]
        for group, rows in (
            (_("totale"), [data.total]),
            (_("tipo"), data.by_kind),
            (_("Municipio"), data.by_municipio),
            (_("attività"), data.by_activity),
        )
        for row in rows
    ]
    filename = f"manifatture-aperte-{edition.year}-domanda.csv"
    return tabular.csv_response(header, rows, filename=filename)


def numbers_index(request: HttpRequest) -> HttpResponse:
    numbers = queries.cached("numbers:all", queries.public_numbers)
    return render(request, "insights/numbers_index.html", {"numbers": numbers})


def numbers_detail(request: HttpRequest, year: int) -> HttpResponse:
    edition = get_object_or_404(queries.published_editions(), year=year)
    (numbers,) = queries.cached(
        f"numbers:{edition.pk}", lambda: queries.public_numbers([edition.pk])
    )
    return render(request, "insights/numbers_detail.html", {"edition": edition, "numbers": numbers})
