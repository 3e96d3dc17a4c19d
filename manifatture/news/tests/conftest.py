import io

import pytest
from django.test import Client
from PIL import Image

from manifatture.accounts.tests.factories import StaffFactory


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def staff_client(staff):
    """A browser of its own, logged in as city staff (`client` stays anonymous)."""
    staff_browser = Client()
    staff_browser.force_login(staff)
    return staff_browser


def make_image_bytes(
    format: str = "JPEG", size: tuple[int, int] = (64, 48), exif: bool = False
) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "FotocameraSegreta"  # Make
        data[0x0131] = "Programma"  # Software
        kwargs["exif"] = data
    image.save(buffer, format=format, **kwargs)
    return buffer.getvalue()
