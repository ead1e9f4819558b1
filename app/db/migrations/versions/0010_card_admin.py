"""Card administration from the screen (issue 5): api functions for r_admin (staff card list,
issue, revoke, rotate, unblock record) and the narrow role that may set staff passwords.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

from app.db.migrate import execute_raw, sql_file

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Run by the migrating administrator itself (superuser, or CREATEROLE): roles are cluster-wide.
_CREDENTIAL_ROLE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'juminzei_credential_admin') THEN
        CREATE ROLE juminzei_credential_admin NOLOGIN CREATEROLE;
    END IF;
END
$$;
"""

# After the owner created it: the password setter belongs to the CREATEROLE role and only the api's
# owner may call it. On PostgreSQL 16+ that role also needs ADMIN OPTION on the staff roles that
# exist already (later ones get it from auth.grant_credential_admin).
_HAND_OVER = """
ALTER FUNCTION auth.set_staff_password(text, text) OWNER TO juminzei_credential_admin;
REVOKE EXECUTE ON FUNCTION auth.set_staff_password(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth.set_staff_password(text, text) TO juminzei_owner;
DO $$
DECLARE
    r text;
BEGIN
    IF current_setting('server_version_num')::int >= 160000 THEN
        FOR r IN SELECT s.role_name FROM auth.staff AS s JOIN pg_roles AS p ON p.rolname = s.role_name LOOP
            EXECUTE format('GRANT %I TO juminzei_credential_admin WITH ADMIN TRUE, INHERIT FALSE, SET FALSE', r);
        END LOOP;
    END IF;
END
$$;
"""


def upgrade() -> None:
    execute_raw(_CREDENTIAL_ROLE)
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0010_card_admin.sql"))
    execute_raw("RESET ROLE")
    execute_raw(_HAND_OVER)


def downgrade() -> None:
    # The role stays: it is cluster-wide and other databases may still use it.
    execute_raw("DROP FUNCTION auth.set_staff_password(text, text)")
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw("""
DROP FUNCTION api.card_unblock(text, text, text, text), api.card_rotate(text, bigint, text, bytea, bytea, bytea),
    api.card_revoke(text), api.card_issue(text, text, bytea, text, bytea, bytea, bytea), api.card_holder(text),
    api.staff_cards(), auth.card_admin_password(auth.staff, text), auth.card_admin_target(text, text),
    auth.card_admin_refuse(text, text, text, text);
DROP TRIGGER staff_credential_admin ON auth.staff;
DROP FUNCTION auth.grant_credential_admin();
REVOKE SELECT (staff_code, role_name) ON auth.staff FROM juminzei_credential_admin;
REVOKE USAGE ON SCHEMA auth FROM juminzei_credential_admin;
ALTER TABLE auth.card DROP COLUMN revoked_by;
""")
    execute_raw("RESET ROLE")
