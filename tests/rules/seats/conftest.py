# The booking tests' fixtures: these tests check the seat rule across apps.
from manifatture.bookings.tests.conftest import (  # noqa: F401
    activity,
    edition,
    host,
    slot,
    staff,
    visitor,
)
