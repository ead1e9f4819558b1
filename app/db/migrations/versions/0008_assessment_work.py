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


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0008_assessment_work.sql"))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    pass
