# HubVenue now takes its coordinates, Municipio and coordinate-range checks from
# directory.models.MappedPlace, whose checks are named after the model
# (%(class)s_latitude_range). In the database the two checks are only renamed
# (same condition, nothing re-validated); the field changes are help text and the
# reverse name, which touch no column.

import django.db.models.deletion
from django.db import migrations, models


def _rename(old: str, new: str) -> migrations.RunSQL:
    return migrations.RunSQL(
        f"ALTER TABLE activities_hubvenue RENAME CONSTRAINT {old} TO {new}",
        reverse_sql=f"ALTER TABLE activities_hubvenue RENAME CONSTRAINT {new} TO {old}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_programme_version"),
        ("directory", "0012_place_base"),
        ("editions", "0003_reconfirmation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                _rename("hub_venue_latitude_range", "hubvenue_latitude_range"),
                _rename("hub_venue_longitude_range", "hubvenue_longitude_range"),
            ],
            state_operations=[
                migrations.RemoveConstraint(
                    model_name="hubvenue",
                    name="hub_venue_latitude_range",
                ),
                migrations.RemoveConstraint(
                    model_name="hubvenue",
                    name="hub_venue_longitude_range",
                ),
                migrations.AddConstraint(
                    model_name="hubvenue",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("latitude__gte", -90), ("latitude__lte", 90)),
                        name="hubvenue_latitude_range",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="hubvenue",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("longitude__gte", -180), ("longitude__lte", 180)),
                        name="hubvenue_longitude_range",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="hubvenue",
            name="municipio",
            field=models.ForeignKey(
                blank=True,
                help_text="Calcolato dalle coordinate per i luoghi nel Comune di Milano.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="%(class)ss",
                to="directory.municipio",
                verbose_name="municipio",
            ),
        ),
    ]
