import io

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture
def comuni_mi(db):
    """The 133 comuni of the Città metropolitana, from the ISTAT file."""
    call_command(
        "load_comuni", str(settings.SHARED_DATA_DIR / "istat_comuni_mi.csv"), stdout=io.StringIO()
    )


@pytest.fixture
def municipi(db):
    """Milan's nine Municipi with their real boundaries."""
    call_command("load_municipi", stdout=io.StringIO())


@pytest.fixture
def nils(db):
    """Milan's 88 NIL with their real boundaries."""
    call_command("load_nil", stdout=io.StringIO())
