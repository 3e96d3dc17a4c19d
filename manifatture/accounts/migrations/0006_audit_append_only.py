"""The audit trail cannot be changed or deleted, whatever writes to the database:
a trigger refuses UPDATE and DELETE."""

from django.db import migrations

from ._audit_append_only import POSTGRES_DOWN, POSTGRES_UP


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_privacy_consents_audit")]

    operations = [
        migrations.RunSQL(POSTGRES_UP, POSTGRES_DOWN),
    ]
