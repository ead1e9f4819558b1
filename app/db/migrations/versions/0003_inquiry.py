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
    raise NotImplementedError("0003 replaces api functions of 0001; restore from a backup to go back")
