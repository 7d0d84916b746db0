"""Database triggers that make the audit table append-only.

UPDATE is always refused; DELETE only for events older than the minimum retention (180 days),
which is what the retention job removes. The hash chain detects changes made around them.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"
MIN_DAYS = 180

POSTGRES_CREATE = f"""
CREATE OR REPLACE FUNCTION kejiwang_audit_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit events are append-only';
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit events cannot be truncated';
  END IF;
  IF OLD.created_at > now() - interval '{MIN_DAYS} days' THEN
    RAISE EXCEPTION 'audit events younger than {MIN_DAYS} days cannot be deleted';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS kejiwang_audit_guard_rows ON {TABLE};
CREATE TRIGGER kejiwang_audit_guard_rows BEFORE UPDATE OR DELETE ON {TABLE}
  FOR EACH ROW EXECUTE FUNCTION kejiwang_audit_guard();
DROP TRIGGER IF EXISTS kejiwang_audit_guard_truncate ON {TABLE};
CREATE TRIGGER kejiwang_audit_guard_truncate BEFORE TRUNCATE ON {TABLE}
  FOR EACH STATEMENT EXECUTE FUNCTION kejiwang_audit_guard();
"""
POSTGRES_DROP = f"""
DROP TRIGGER IF EXISTS kejiwang_audit_guard_rows ON {TABLE};
DROP TRIGGER IF EXISTS kejiwang_audit_guard_truncate ON {TABLE};
"""
SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS kejiwang_audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS kejiwang_audit_no_early_delete BEFORE DELETE ON {TABLE}
        WHEN OLD.created_at > datetime('now', '-{MIN_DAYS} days')
        BEGIN SELECT RAISE(ABORT, 'audit events younger than {MIN_DAYS} days cannot be deleted'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS kejiwang_audit_no_update",
    "DROP TRIGGER IF EXISTS kejiwang_audit_no_early_delete",
]


def _run(connection: BaseDatabaseWrapper, statements: list[str] | str) -> None:
    with connection.cursor() as cursor:
        if isinstance(statements, str):
            cursor.execute(statements)
        else:
            for statement in statements:
                cursor.execute(statement)


def install(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRES_CREATE)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_CREATE)


def remove(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRES_DROP)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)
