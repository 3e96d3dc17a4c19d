"""Full-text search on PostgreSQL: a stored generated tsvector column over the
organisation's own text (name, keywords kept by services, descriptions and
services offered) with the Italian configuration, and a GIN index on it.

Changing the type of a column it reads (name, descriptions) needs the column
dropped and created again in that migration.

The column is not a model field: `directory.search` reads it by name.
"""

from django.db import migrations

POSTGRES_UP = [
    """ALTER TABLE directory_organisation ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (
           setweight(to_tsvector('italian'::regconfig, coalesce(name, '')), 'A')
           || setweight(to_tsvector('italian'::regconfig, coalesce(keywords, '')), 'B')
           || setweight(to_tsvector('italian'::regconfig,
                  coalesce(description_it, '') || ' ' || coalesce(services_it, '')), 'C')
           || setweight(to_tsvector('italian'::regconfig,
                  coalesce(description_en, '') || ' ' || coalesce(services_en, '')), 'D')
       ) STORED""",
    "CREATE INDEX organisation_search_vector ON directory_organisation USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS organisation_search_vector",
    "ALTER TABLE directory_organisation DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_vocabulary")]

    operations = [
        migrations.RunSQL(POSTGRES_UP, POSTGRES_DOWN),
    ]
