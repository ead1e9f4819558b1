"""Batch assessment: computed results, 計算根拠, resumable runs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import execute_raw, sql_file

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The batch api stages results in session temp tables that the owner creates.
    execute_raw("""DO $$ BEGIN
        EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO juminzei_owner', current_database());
    END $$""")
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0002_batch.sql"))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    execute_raw("""DROP FUNCTION api.batch_open(integer), api.batch_inputs(integer, integer),
                api.batch_store(integer, bigint), api.batch_close(integer);
                DROP TABLE ledger.batch_run, ledger.assessment_step, ledger.step_text;
                ALTER TABLE ledger.assessment DROP CONSTRAINT assessed_is_computed,
                    DROP COLUMN computed_at, DROP COLUMN params_verified""")
