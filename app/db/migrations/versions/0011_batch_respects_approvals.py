"""The batch assessment leaves alone assessments decided by maker-checker approval.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from __future__ import annotations

import re

from app.db.migrate import execute_raw, sql_file

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0011_batch_respects_approvals.sql"))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    # Back to the 0002 definitions of the two functions, taken from that file.
    batch_sql = sql_file("0002_batch.sql")
    execute_raw("SET LOCAL ROLE juminzei_owner")
    for name in ("batch_inputs", "batch_store"):
        found = re.search(rf"CREATE FUNCTION api\.{name}\(.*?\n\$\$;", batch_sql, re.S)
        assert found is not None, name
        execute_raw(found.group(0).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    execute_raw("DROP FUNCTION ledger.decided_by_approval(bigint)")
    execute_raw("RESET ROLE")
