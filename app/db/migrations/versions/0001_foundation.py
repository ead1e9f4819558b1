"""Foundation: roles, ledger, auth, audit chain and the first api functions.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import SQL_DIR, create_audit_writer, execute_raw, sql_file

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _items() -> list[tuple[int, str, str, str | None]]:
    rows = []
    for line in (SQL_DIR / "pia_annex1_items.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, kind, column = line.split("\t")
        rows.append((int(code), name, kind, column or None))
    return rows


def upgrade() -> None:
    # Roles are cluster-wide and need the migrating (admin) role; everything else is created as
    # the owner so that the SECURITY DEFINER functions run with the owner's rights only.
    execute_raw(sql_file("0001_roles.sql"))
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0001_ledger.sql"))
    # dblink (for the audit connection) needs a superuser; only the owner may use it.
    execute_raw("RESET ROLE")
    execute_raw("CREATE EXTENSION IF NOT EXISTS dblink WITH SCHEMA ext")
    execute_raw("REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA ext FROM PUBLIC")
    execute_raw("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ext TO juminzei_owner")
    writer, password = create_audit_writer()
    execute_raw("SET LOCAL ROLE juminzei_owner")
    for name in ("0001_audit.sql", "0001_api.sql"):
        execute_raw(sql_file(name))
    execute_raw("INSERT INTO auth.audit_writer (role_name, password) VALUES (%s, %s)", [(writer, password)])
    execute_raw("INSERT INTO ledger.item_code (item_code, name_ja, kind, column_name) VALUES (%s, %s, %s, %s)",
                list(_items()))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    execute_raw("DROP SCHEMA api, audit, auth, ledger, ext CASCADE")
