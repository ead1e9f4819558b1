"""Salary report import, 扶養調査 and the batch screen's year summary (issue 6, items 2, 6, 7).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import execute_raw, sql_file

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0009_salary_import.sql"))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    execute_raw("""DROP FUNCTION api.salary_import_open(integer), api.salary_import_check(integer),
                api.salary_import_commit(integer, text, text, integer),
                api.dependant_check(integer, text), api.assessment_year_summary(integer),
                ledger.salary_stage_match(integer), ledger.salary_stage_flag(integer), ledger.salary_stage_seen(),
                ledger.salary_stage_refuse_blocked(integer, text);
                DROP TABLE ledger.salary_report, ledger.salary_import, ledger.dependant_income_limit""")
