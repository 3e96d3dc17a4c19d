"""Search with an ATECO division: the listed organisations of each division in
order of name, with the ATECO code and the text, so that a page of a division's
matches (with words or not) is found by walking its division alone, from the
index, without the table (search.BoundedPaginator: «mobilificio» in division 31
walked 198,000 names of the whole directory before the first «Mobilificio …»),
and a division's ids are read from the index to be joined to the sites of a place
filter. About 145 MB at 400,000 actors. The text column is not a model field
(migration 0004), hence SQL."""

from django.db import migrations

UP = """CREATE INDEX organisation_listed_division_text ON directory_organisation
    ((substring(ateco_code, 1, 2)), name, id) INCLUDE (ateco_code, search_vector)
    WHERE moderation = 'approved' AND archived_at IS NULL"""
DOWN = "DROP INDEX IF EXISTS organisation_listed_division_text"


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0012_place_base"),
    ]

    operations = [
        migrations.RunSQL(UP, DOWN),
    ]
