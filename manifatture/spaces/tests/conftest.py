import io

import pytest
from django.core.management import call_command


@pytest.fixture
def municipi(db):
    """Milan's nine Municipi with their real boundaries."""
    call_command("load_municipi", stdout=io.StringIO())


@pytest.fixture
def nils(db):
    """Milan's 88 NIL with their real boundaries."""
    call_command("load_nil", stdout=io.StringIO())
