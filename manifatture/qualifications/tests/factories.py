import datetime

import factory
from django.utils import timezone

from manifatture.directory.models import Organisation
from manifatture.directory.tests.factories import OrganisationFactory
from manifatture.qualifications.models import Document, Entry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class FablabFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"FabLab Bovisa {n}")
    slug = factory.Sequence(lambda n: f"fablab-bovisa-{n}")
    category = Organisation.Category.FABLAB


class EntryFactory(factory.django.DjangoModelFactory):
    """An approved listing valid from a year ago for two years (by default)."""

    class Meta:
        model = Entry

    organisation = factory.SubFactory(FablabFactory)
    kind = Entry.Kind.FABLAB
    state = Entry.State.APPROVED
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    expires_on = factory.LazyAttribute(lambda e: e.valid_from + datetime.timedelta(days=729))
    decided_at = factory.LazyFunction(timezone.now)


class PendingEntryFactory(EntryFactory):
    state = Entry.State.SUBMITTED
    valid_from = None
    expires_on = None
    decided_at = None


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    entry = factory.SubFactory(PendingEntryFactory)
    name = "regolamento.pdf"
    content_type = "application/pdf"
    data = PDF
    size = len(PDF)
    sha256 = "0" * 64
