"""Foundation: roles, ledger, auth, audit chain and the first api functions.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

from app.db.migrate import SQL_DIR, sql_file

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


def _execute(statement: str, rows: list[tuple[object, ...]] | None = None) -> None:
    # Straight to the driver: the SQL files hold % and : that a parameter layer would misread.
    cursor = op.get_bind().connection.cursor()
    if rows is None:
        cursor.execute(statement)
    else:
        cursor.executemany(statement, rows)


def upgrade() -> None:
    # Roles are cluster-wide and need the migrating (admin) role; everything else is created as
    # the owner so that the SECURITY DEFINER functions run with the owner's rights only.
    _execute(sql_file("0001_roles.sql"))
    _execute("SET LOCAL ROLE juminzei_owner")
    for name in ("0001_ledger.sql", "0001_audit.sql", "0001_api.sql"):
        _execute(sql_file(name))
    _execute("INSERT INTO ledger.item_code (item_code, name_ja, kind, column_name) VALUES (%s, %s, %s, %s)",
             list(_items()))
    _execute("RESET ROLE")


def downgrade() -> None:
    _execute("DROP SCHEMA api, audit, auth, ledger, ext CASCADE")
