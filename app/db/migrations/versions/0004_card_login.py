"""Smart-card login: staff cards, wrapped credentials, api.login_material.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import execute_raw, sql_file

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0004_card_login.sql"))
    execute_raw("RESET ROLE")


def downgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw("REVOKE USAGE ON SCHEMA api FROM juminzei_login; DROP FUNCTION api.login_material(text);"
                " DROP TABLE auth.wrapped_credential, auth.card")
    execute_raw("RESET ROLE")
