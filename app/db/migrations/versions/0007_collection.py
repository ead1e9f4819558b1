"""Special collection: employers, change notices, collection schedules (issue 7).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import execute_raw, sql_file

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0007_collection.sql"))
    execute_raw("RESET ROLE")


FUNCTIONS = (
    "api.collection_settings()",
    "api.collection_set_threshold(bigint)",
    "api.employer_save(text, text, text, text, text, text, integer)",
    "api.employer_get(text)",
    "api.collection_employers(text, integer, integer)",
    "api.collection_determine(integer, text)",
    "api.collection_employees(text, integer, text)",
    "api.collection_record_month(text, integer, integer)",
    "api.collection_change_save(bigint, integer, text, date, date, integer, bigint, boolean, text, bigint[], jsonb,"
    " bigint)",
    "api.collection_pending_changes(text)",
    "api.collection_change_decide(bigint, boolean)",
    "api.collection_person(bigint, integer, text)",
    "api.collection_tax_change_save(bigint, integer, integer, bigint[], bigint, text)",
    "api.collection_switch_to_payroll(bigint, integer, text, date, bigint, bigint[])",
    "api.collection_notice_rows(integer, text, text, boolean)",
    "ledger.apply_change(bigint)",
    "ledger.payroll_split(bigint, integer, integer)",
    "ledger.array_sum(bigint[], integer, integer)",
    "ledger.plan_months_paid(bigint)",
    "ledger.plan_paid_amount(bigint)",
    "ledger.collection_refuse(text, text)",
)
TABLES = (
    "ledger.withholding_tax_change",
    "ledger.ordinary_instalment",
    "ledger.withholding_change",
    "ledger.withholding_payment",
    "ledger.withholding_plan",
    "ledger.collection_setting",
)


def downgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    for function in FUNCTIONS:
        execute_raw(f"DROP FUNCTION {function}")
    for table in TABLES:
        execute_raw(f"DROP TABLE {table}")
    execute_raw("RESET ROLE")
