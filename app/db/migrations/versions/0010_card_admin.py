"""Card administration from the screen (issue 5, security review z9): api functions for r_admin
(staff card list, issue waiting for approval, revoke, unblock record), for r_security (approve or
reject an issued card), for every staff member (rotate their own credential), and the narrow role
that may set staff passwords.

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
# pg_signal_backend lets the api's owner end the open sessions of a staff role whose card is
# revoked or replaced (pg_terminate_backend); it cannot signal superuser sessions, and ending a
# connection is the most it gives the owner, which owns every table the sessions reach anyway.
_CREDENTIAL_ROLE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'juminzei_credential_admin') THEN
        CREATE ROLE juminzei_credential_admin NOLOGIN CREATEROLE;
    END IF;
END
$$;
GRANT pg_signal_backend TO juminzei_owner;
"""

# After the owner created it: the password setter belongs to the CREATEROLE role and only the api's
# owner may call it. The CREATEROLE role gets no privilege on anything of the owner's (the function
# reads the catalog only). On PostgreSQL 16+ that role also needs ADMIN OPTION on the staff roles
# that exist already (later ones get it from auth.grant_credential_admin).
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

# 0010 replaces api.login_material(text) (pending issues as extra rows); the downgrade puts back
# 0004's definition (grants stay with the function).
_LOGIN_MATERIAL_0004 = """
CREATE OR REPLACE FUNCTION api.login_material(p_staff_code text)
    RETURNS TABLE (role_name text, card_guid text, public_key bytea, ephemeral_public bytea,
                   nonce bytea, ciphertext bytea)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found_any boolean := false;
BEGIN
    PERFORM auth.require_terminal();
    FOR role_name, card_guid, public_key, ephemeral_public, nonce, ciphertext IN
        SELECT s.role_name, c.card_guid, c.public_key, w.ephemeral_public, w.nonce, w.ciphertext
          FROM auth.staff AS s
          JOIN auth.card AS c ON c.staff_code = s.staff_code AND c.revoked_at IS NULL
          JOIN auth.wrapped_credential AS w ON w.card_id = c.card_id
         WHERE s.staff_code = p_staff_code AND s.active
    LOOP
        found_any := true;
        RETURN NEXT;
    END LOOP;
    PERFORM audit.record_change('login.material', NULL, NULL, NULL,
                                CASE WHEN found_any THEN 'ok' ELSE 'not_found' END,
                                format('staff=%s', left(coalesce(p_staff_code, ''), 40)));
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
    # The role and the owner's pg_signal_backend stay: they are cluster-wide and other databases
    # may still use them.
    execute_raw("DROP FUNCTION auth.set_staff_password(text, text)")
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw("""
DROP FUNCTION api.card_unblock(text, text, text, text), api.card_rotate(bigint, text, bytea, bytea, bytea),
    api.my_card(), api.card_revoke(text), api.card_issuances_pending(),
    api.card_issue_reject(text, text), api.card_issue_approve(text, text),
    auth.card_issuance_for_decision(text, text, text),
    api.card_issue(text, text, bytea, text, bytea, bytea, bytea), api.card_holder(text),
    api.staff_cards(), auth.card_admin_password(auth.staff, text), auth.staff_code_of(text),
    auth.capabilities_of(text), auth.card_admin_target(text, text),
    auth.card_admin_refuse(text, text, text, text), auth.end_sessions(text), auth.valid_verifier(text);
DROP TRIGGER staff_credential_admin ON auth.staff;
DROP FUNCTION auth.grant_credential_admin();
DROP TABLE auth.card_issuance;
ALTER TABLE auth.card DROP COLUMN revoked_by, DROP COLUMN approved_by;
""")
    execute_raw(_LOGIN_MATERIAL_0004)
    execute_raw("RESET ROLE")
