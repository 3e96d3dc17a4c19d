"""SQL that makes the audit trail append-only (migration 0006).

UPDATE and DELETE of `accounts_auditevent` rows are refused by the database,
whatever writes them (ORM, admin, shell, raw SQL). TRUNCATE, which only the
table's owner may run and row triggers do not see, is left to maintenance (and to
the test suite's flush).
"""

MESSAGE = "audit_event_append_only"

POSTGRES_UP = [
    f"""CREATE OR REPLACE FUNCTION accounts_auditevent_refuse_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END $$""",
    """CREATE TRIGGER accounts_auditevent_append_only
        BEFORE UPDATE OR DELETE ON accounts_auditevent
        FOR EACH ROW EXECUTE FUNCTION accounts_auditevent_refuse_change()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent",
    "DROP FUNCTION IF EXISTS accounts_auditevent_refuse_change()",
]
