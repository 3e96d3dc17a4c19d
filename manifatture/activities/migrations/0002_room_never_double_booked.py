"""A hub room is never booked twice at the same time, whatever writes the rows:
an exclusion constraint over (room, [starts_at, ends_at))."""

from django.db import migrations

from ._room_overlap import POSTGRES_DOWN, POSTGRES_UP


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [
        migrations.RunSQL(POSTGRES_UP, POSTGRES_DOWN),
    ]
