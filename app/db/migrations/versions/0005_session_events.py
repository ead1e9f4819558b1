"""Terminal control events in the audit trail.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import execute_raw, sql_file

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0005_session_events.sql"))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    execute_raw("DROP FUNCTION api.session_event(text)")
