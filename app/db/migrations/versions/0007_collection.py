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


def downgrade() -> None:
    pass
