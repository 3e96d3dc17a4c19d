"""The real reference data for tests, read from the shared files once per test run
(the commands that load them are tested on their own)."""

import csv
import functools
import importlib
import io
import json

import pytest
from django.apps import apps as django_apps
from django.conf import settings

from manifatture.directory import geo, services
from manifatture.directory.models import Comune, Municipio


@functools.cache
def _features(name: str) -> list[dict]:
    return json.loads((settings.SHARED_DATA_DIR / name).read_text(encoding="utf-8"))["features"]


@functools.cache
def _comuni_rows() -> list[dict]:
    text = (settings.SHARED_DATA_DIR / "istat_comuni_mi.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def load_comuni() -> None:
    Comune.objects.bulk_create(
        [
            Comune(
                istat_code=row["codice_istat"].zfill(6),
                name=row["denominazione"],
                province=row["sigla"],
            )
            for row in _comuni_rows()
        ],
        ignore_conflicts=True,
    )


def load_municipi() -> None:
    municipi = []
    for feature in _features("milano_municipi.geojson"):
        min_lon, min_lat, max_lon, max_lat = geo.bbox(feature["geometry"])
        municipi.append(
            Municipio(
                number=int(feature["properties"]["MUNICIPIO"]),
                geometry=feature["geometry"],
                min_latitude=min_lat,
                max_latitude=max_lat,
                min_longitude=min_lon,
                max_longitude=max_lon,
            )
        )
    Municipio.objects.bulk_create(municipi)
    services.locate_sites()


def load_vocabulary() -> None:
    """The capabilities and materials seeded by migration 0003: transactional tests
    (the browser ones) start from a flushed database, without migration data."""
    vocabulary = importlib.import_module("manifatture.directory.migrations.0003_vocabulary")
    vocabulary.seed(django_apps, None)


def load_nils() -> None:
    services.load_nils(_features("milano_nil_2020.geojson"))


@pytest.fixture
def comuni_mi(db):
    """The 133 comuni of the Città metropolitana, from the ISTAT file."""
    load_comuni()


@pytest.fixture
def municipi(db):
    """Milan's nine Municipi with their real boundaries."""
    load_municipi()


@pytest.fixture
def nils(db):
    """Milan's 88 NIL with their real boundaries."""
    load_nils()


@pytest.fixture
def city(comuni_mi, municipi, nils):
    """Comuni, Municipi and NIL with their real boundaries."""
