"""Which historic workshops the directory imports: trades that make or repair things."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from manifatture.directory.imports import run_import
from manifatture.directory.models import ImportJob, Organisation
from manifatture.directory.trades import makes_or_repairs


def shops() -> list[dict]:
    path = settings.SHARED_DATA_DIR / "milano_botteghe_storiche_2024.json"
    return json.loads(path.read_text(encoding="utf-8"))["data"]


def test_every_trade_in_the_comunes_file_is_classified():
    trades = {shop["genere_merceologico"] for shop in shops()}
    assert len(trades) >= 350
    unclassified = sorted(trade for trade in trades if makes_or_repairs(trade) is None)
    assert unclassified == []


@pytest.mark.parametrize(
    "trade",
    [
        "Pasticceria",
        "Panificio, Pasticceria",
        "Gioielleria",
        "Oreficeria Orologeria riparazioni",
        "Sartoria per uomo, divise e berretti",
        "Cornici e stampe",
        "Legatoria libri",
        "Calzolaio",
        "Restauro mobili antichi",
        "Produzione ceramiche d'arte",
        "Riparazione, vendita biciclette",
        "Pianoforti e strumenti",
    ],
)
def test_trades_that_make_or_repair_are_kept(trade):
    assert makes_or_repairs(trade) is True


@pytest.mark.parametrize(
    "trade",
    [
        "Farmacia",
        "Edicola",
        "Bar",
        "Bar Tabacchi",
        "Ristorante",
        "Parrucchiere per signora",
        "Barbiere",
        "Agenzia viaggi",
        "Vendita abbigliamento",
        "Commercio oggetti preziosi e orologi",
        "Ferramenta",
        "Lavanderia",
    ],
)
def test_shops_and_services_are_left_out(trade):
    assert makes_or_repairs(trade) is False


def test_the_lookup_ignores_case_and_spacing_but_not_unknown_trades():
    assert makes_or_repairs("  PASTICCERIA  ") is True
    assert makes_or_repairs("Bar   Tabacchi") is False
    assert makes_or_repairs("Liuteria elettronica") is None


@pytest.mark.django_db
def test_the_import_leaves_out_pharmacies_bars_and_hairdressers(city):
    out = io.StringIO()

    call_command("import_botteghe", no_progress=True, stdout=out)

    imported = Organisation.objects.filter(source="botteghe")
    expected = sum(1 for shop in shops() if makes_or_repairs(shop["genere_merceologico"]))
    assert imported.count() == expected
    descriptions = " ".join(imported.values_list("description_it", flat=True))
    assert "Pasticceria" in descriptions and "Gioielleria" in descriptions
    for trade in ("Farmacia", "Edicola", "Bar Tabacchi", "Parrucchiere per uomo", "Ristorante"):
        assert f": {trade}," not in descriptions and f": {trade}." not in descriptions
    assert f"{len(shops()) - expected} historic workshops left out" in out.getvalue()


@pytest.mark.django_db
def test_a_trade_not_classified_yet_is_left_out_and_named(city):
    shop = dict(shops()[1], genere_merceologico="Liuteria elettronica", n=9001, targa="Nuova")
    text = json.dumps({"data": [shops()[1], shop]})

    report = run_import(ImportJob.Format.BOTTEGHE, text)

    assert [row.name for row in report.rows] == ["A. Brambilla"]
    assert report.left_out == ["Liuteria elettronica"]
    assert report.unclassified_trades == ["Liuteria elettronica"]
