"""Search with words and a place: each organisation carries the places of its
sites as keys («c015146» comune, «m9» Municipio, «n77» NIL, «p» a NIL of the
periphery), kept by the database, with a GIN index; a text search with a place
filter then intersects the words' index with the places' (search.search_results),
instead of reading from the table every actor of Italy the words match: «ceramica»
in the periphery read 13,361 rows on 11,111 pages of the table to find 401, now
about 400 pages.

The keys are only a first sieve: the place filters still hold for one and the
same site (search.site_condition). Like `search_vector` (migration 0004) the
column is not a model field, so that no save from Django writes it: triggers keep
it, on every statement that writes sites (a bulk import: once per statement), on
a change of a NIL's periphery, and when an organisation is inserted after its
sites (directory.synthetic)."""

from django.db import migrations

KEY_FUNCTION = """CREATE FUNCTION directory_place_keys(organisation bigint) RETURNS text[]
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT key ORDER BY key), '{}')
    FROM directory_site s
    LEFT JOIN directory_nil n ON n.id = s.nil_id
    CROSS JOIN LATERAL (VALUES ('c' || s.comune_id), ('m' || s.municipio_id),
                               ('n' || s.nil_id), (CASE WHEN n.is_periphery THEN 'p' END)) v (key)
    WHERE s.organisation_id = organisation AND key IS NOT NULL
$$"""
REFRESH_FUNCTION = """CREATE FUNCTION directory_refresh_place_keys(organisations bigint[])
    RETURNS void LANGUAGE sql AS $$
    UPDATE directory_organisation o SET place_keys = k.keys
    FROM (SELECT id, directory_place_keys(id) AS keys FROM directory_organisation
          WHERE id = ANY (organisations)) k
    WHERE o.id = k.id AND o.place_keys IS DISTINCT FROM k.keys
$$"""
SITE_FUNCTION = """CREATE FUNCTION directory_site_places_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM directory_refresh_place_keys(
                ARRAY(SELECT DISTINCT organisation_id FROM new_sites));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM directory_refresh_place_keys(
                ARRAY(SELECT DISTINCT organisation_id FROM old_sites));
        ELSE
            PERFORM directory_refresh_place_keys(ARRAY(
                SELECT organisation_id FROM new_sites
                UNION SELECT organisation_id FROM old_sites));
        END IF;
        RETURN NULL;
    END $$"""
NIL_FUNCTION = """CREATE FUNCTION directory_nil_periphery_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM directory_refresh_place_keys(ARRAY(
            SELECT DISTINCT s.organisation_id
            FROM new_nils n JOIN old_nils o ON o.id = n.id
            JOIN directory_site s ON s.nil_id = n.id
            WHERE n.is_periphery IS DISTINCT FROM o.is_periphery));
        RETURN NULL;
    END $$"""
ORGANISATION_FUNCTION = """CREATE FUNCTION directory_organisation_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.place_keys := directory_place_keys(NEW.id);
        RETURN NEW;
    END $$"""

UP = [
    "ALTER TABLE directory_organisation ADD COLUMN place_keys text[] NOT NULL DEFAULT '{}'",
    KEY_FUNCTION,
    REFRESH_FUNCTION,
    SITE_FUNCTION,
    NIL_FUNCTION,
    ORGANISATION_FUNCTION,
    """UPDATE directory_organisation SET place_keys = directory_place_keys(id)
       WHERE id IN (SELECT organisation_id FROM directory_site)""",
    """CREATE TRIGGER directory_site_places_inserted AFTER INSERT ON directory_site
       REFERENCING NEW TABLE AS new_sites
       FOR EACH STATEMENT EXECUTE FUNCTION directory_site_places_changed()""",
    """CREATE TRIGGER directory_site_places_updated AFTER UPDATE ON directory_site
       REFERENCING OLD TABLE AS old_sites NEW TABLE AS new_sites
       FOR EACH STATEMENT EXECUTE FUNCTION directory_site_places_changed()""",
    """CREATE TRIGGER directory_site_places_deleted AFTER DELETE ON directory_site
       REFERENCING OLD TABLE AS old_sites
       FOR EACH STATEMENT EXECUTE FUNCTION directory_site_places_changed()""",
    """CREATE TRIGGER directory_nil_periphery_changed AFTER UPDATE ON directory_nil
       REFERENCING OLD TABLE AS old_nils NEW TABLE AS new_nils
       FOR EACH STATEMENT EXECUTE FUNCTION directory_nil_periphery_changed()""",
    """CREATE TRIGGER directory_organisation_inserted BEFORE INSERT ON directory_organisation
       FOR EACH ROW EXECUTE FUNCTION directory_organisation_inserted()""",
    """CREATE INDEX organisation_listed_place_keys ON directory_organisation
       USING gin (place_keys) WHERE moderation = 'approved' AND archived_at IS NULL""",
]
DOWN = [
    "DROP INDEX IF EXISTS organisation_listed_place_keys",
    "DROP TRIGGER IF EXISTS directory_organisation_inserted ON directory_organisation",
    "DROP TRIGGER IF EXISTS directory_nil_periphery_changed ON directory_nil",
    "DROP TRIGGER IF EXISTS directory_site_places_deleted ON directory_site",
    "DROP TRIGGER IF EXISTS directory_site_places_updated ON directory_site",
    "DROP TRIGGER IF EXISTS directory_site_places_inserted ON directory_site",
    "DROP FUNCTION IF EXISTS directory_organisation_inserted()",
    "DROP FUNCTION IF EXISTS directory_nil_periphery_changed()",
    "DROP FUNCTION IF EXISTS directory_site_places_changed()",
    "DROP FUNCTION IF EXISTS directory_refresh_place_keys(bigint[])",
    "DROP FUNCTION IF EXISTS directory_place_keys(bigint)",
    "ALTER TABLE directory_organisation DROP COLUMN IF EXISTS place_keys",
]


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0013_search_division_index"),
    ]

    operations = [
        migrations.RunSQL(UP, DOWN),
    ]
