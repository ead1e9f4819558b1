"""Certificates at the counter: requests, issuance ledger, verification (issue 8).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import execute_raw, sql_file

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0006_certificates.sql"))
    execute_raw("RESET ROLE")


_FUNCTIONS = (
    "api.certificate_options()", "api.certificate_find_person(text, date)",
    "api.certificate_preview(jsonb)", "api.certificate_request_check(jsonb)", "api.certificate_pending_checks()",
    "api.certificate_approve_check(bigint)", "api.certificate_issue(jsonb, bigint)",
    "api.certificate_void(bigint, text)", "api.certificate_reprint(bigint, text, bigint)",
    "api.certificate_record_pdf(bigint, bytea, integer)", "api.certificate_record_print(bigint, text, text, text)",
    "api.certificate_ledger(date, text)", "api.certificate_daily_report(date)", "api.certificate_verify(text)",
    "api.certificate_set_policy(integer, integer, boolean, boolean)",
)


def downgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    for signature in _FUNCTIONS:
        execute_raw(f"DROP FUNCTION IF EXISTS {signature}")
    # Tables last: the ledger functions take their row types as arguments (CASCADE drops those).
    execute_raw("DROP TABLE IF EXISTS ledger.certificate_event, ledger.certificate_pdf, ledger.certificate,"
                " ledger.certificate_check,"
                " ledger.certificate_counter, ledger.certificate_key, ledger.certificate_policy,"
                " ledger.fee_exemption, ledger.certificate_purpose, ledger.identity_document,"
                " ledger.certificate_requester, ledger.certificate_kind CASCADE")
    for name in ("hmac_sha256(bytea, bytea)", "refuse(text, text)", "certificate_content(bigint, integer)",
                 "certificate_validate(jsonb)", "certificate_needs_check(jsonb)", "certificate_request_key(jsonb)",
                 "certificate_use_check(jsonb, bigint)",
                 "certificate_event_insert_only()"):
        execute_raw(f"DROP FUNCTION IF EXISTS ledger.{name}")
    execute_raw("RESET ROLE")
