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


def downgrade() -> None:
    pass
