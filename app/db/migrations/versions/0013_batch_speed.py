"""Batch assessment stores results faster: statement-level parent checks for the steps instead of a
per-row foreign key, steps staged with their results, reading ahead of the run's position.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27
"""

from __future__ import annotations

import re

from app.db.migrate import execute_raw, sql_file

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0013_batch_speed.sql"))
    execute_raw("RESET ROLE")


def _definition(file: str, signature: str) -> str:
    """A function's CREATE statement from an earlier file, as CREATE OR REPLACE."""
    found = re.search(rf"CREATE (?:OR REPLACE )?FUNCTION {re.escape(signature)}.*?\n\$\$;", sql_file(file), re.S)
    assert found is not None, (file, signature)
    return re.sub(r"^CREATE (OR REPLACE )?FUNCTION", "CREATE OR REPLACE FUNCTION", found.group(0))


def downgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    # Back to the definitions of 0011 (inputs, store) and 0002 (open, with its staging tables).
    execute_raw("DROP FUNCTION api.batch_inputs(integer, bigint, integer)")
    execute_raw(_definition("0011_batch_respects_approvals.sql", "api.batch_inputs(p_run_id integer, p_limit integer)"))
    execute_raw(_definition("0011_batch_respects_approvals.sql", "api.batch_store("))
    execute_raw(_definition("0002_batch.sql", "api.batch_open("))
    execute_raw("""
        DROP TRIGGER assessment_steps_keep_id ON ledger.assessment;
        DROP TRIGGER assessment_steps_truncate ON ledger.assessment;
        DROP TRIGGER assessment_steps_delete ON ledger.assessment;
        DROP TRIGGER assessment_step_parent_update ON ledger.assessment_step;
        DROP TRIGGER assessment_step_parent_insert ON ledger.assessment_step;
        DROP FUNCTION ledger.assessment_steps_keep_id(), ledger.assessment_steps_cascade(),
                      ledger.assessment_step_parent_check(), ledger.refuse_snapshot_older_than_statement();
        DROP TABLE ledger.batch_read;
        ALTER TABLE ledger.assessment_step ADD CONSTRAINT assessment_step_assessment_id_fkey
            FOREIGN KEY (assessment_id) REFERENCES ledger.assessment ON DELETE CASCADE;
    """)
    execute_raw("RESET ROLE")
