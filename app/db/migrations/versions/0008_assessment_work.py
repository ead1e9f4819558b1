"""Assessment work: returns, proposals with maker-checker, corrections, reductions (issue 6).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import execute_raw, sql_file

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_FUNCTIONS = (
    "api.return_load(bigint, integer, text)",
    "api.return_relative(bigint, integer, text)",
    "api.proposal_submit(bigint, integer, integer, jsonb, text, jsonb)",
    "api.proposal_queue(integer, text)",
    "api.proposal_detail(bigint, text)",
    "api.proposal_approve(bigint, jsonb, text)",
    "api.proposal_return(bigint, text)",
    "api.assessment_versions(bigint, integer, text)",
    "api.change_notice(bigint, text)",
    "api.reduction_submit(bigint, integer, integer, text, text, text, date, text, integer, bigint, text)",
    "api.reduction_list(integer, bigint, text)",
    "api.reduction_approve(bigint, text)",
    "api.reduction_return(bigint, text)",
    "ledger.record_version(bigint, text, bigint, bigint, text, text, timestamptz, text, jsonb, text)",
    "ledger.apply_reduction(bigint)",
    "ledger.keep_first_version(bigint)",
    "ledger.store_step_texts(smallint, jsonb)",
    "ledger.check_result(jsonb)",
    "ledger.check_sizes(jsonb, jsonb)",
    "ledger.relatives_info(jsonb, integer)",
    "ledger.relative_info(bigint, integer)",
    "ledger.assessment_steps(bigint)",
    "ledger.assessment_amounts(bigint)",
    "ledger.assessment_inputs(bigint)",
    "ledger.normalize_inputs(jsonb, bigint)",
    "ledger.input_amount(jsonb, text, text, boolean)",
    "ledger.input_error(text, text, text)",
    "ledger.staff_name(text)",
    "ledger.fiscal_year_label(integer)",
    "ledger.require_assessment_work()",
    "ledger.conflict(text, text)",
)


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0008_assessment_work.sql"))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    for signature in _FUNCTIONS:
        execute_raw(f"DROP FUNCTION IF EXISTS {signature}")
    execute_raw("DROP TABLE IF EXISTS ledger.change_notice, ledger.assessment_version, ledger.reduction,"
                " ledger.proposal, ledger.return_item")
    execute_raw("RESET ROLE")
