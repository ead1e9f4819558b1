"""The audit chain ends staff sessions that hold it while idle in a transaction.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27
"""

from __future__ import annotations

import re

from app.db.migrate import execute_raw, sql_file

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Ending another session's backend needs pg_signal_backend (never a superuser's backend).
    execute_raw("GRANT pg_signal_backend TO juminzei_owner")
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0012_audit_chain_watchdog.sql"))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    found = re.search(r"CREATE FUNCTION audit\.append\(.*?\n\$\$;", sql_file("0001_audit.sql"), re.S)
    assert found is not None
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(found.group(0).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    execute_raw("RESET ROLE")
