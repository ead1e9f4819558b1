"""Inquiry: server-side search results, person card, employer inquiry.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import execute_raw, sql_file

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0003_inquiry.sql"))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    execute_raw("""DROP FUNCTION api.person_search(text, text, date, bigint, text, text, integer),
                   api.search_page(bigint, integer, integer), api.person_card(bigint, text),
                   api.employer_search(text, integer), api.employer_employees(text, integer, text);
                   DROP TABLE ledger.search_result; DROP FUNCTION ledger.like_escape(text);
                   DROP INDEX ledger.person_kana_key_prefix, ledger.person_name_key_prefix""")
