-- Card administration from the screen (issue 5; security review z9): an r_admin staff member
-- issues and revokes staff cards and records PIN unblocks; an issued card becomes usable only
-- when a DIFFERENT staff member holding r_security approves it (two-person rule: the issuing
-- client chose the new password, so the issuer alone must never be able to switch a staff
-- member's login to it); every staff member may rotate the credential of their OWN card. The
-- database is the control: capability, terminal, the card-holder rules and the audit rows are all
-- here. Runs as juminzei_owner (the migration makes auth.set_staff_password the property of
-- juminzei_credential_admin afterwards).

-- Who revoked a card, and who approved its issue (issued_by already records who issued it; a card
-- enrolled on the command line, with the holder present, has no approver).
ALTER TABLE auth.card ADD COLUMN revoked_by text, ADD COLUMN approved_by text;

-- Issued cards waiting for approval, and the decisions. The new password's verifier waits here
-- (read by the api's owner only; staff have no table privilege) and is applied on approval, so
-- nothing about the staff member's login changes before then. A decided row keeps the history and
-- loses the verifier.
CREATE TABLE auth.card_issuance (
    issuance_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_code        text NOT NULL REFERENCES auth.staff,
    card_guid         text NOT NULL CHECK (card_guid ~ '^[0-9a-f]{2,200}$'),
    public_key        bytea NOT NULL CHECK (length(public_key) = 65 AND get_byte(public_key, 0) = 4),
    ephemeral_public  bytea NOT NULL CHECK (length(ephemeral_public) = 65 AND get_byte(ephemeral_public, 0) = 4),
    nonce             bytea NOT NULL CHECK (length(nonce) = 12),
    ciphertext        bytea NOT NULL CHECK (length(ciphertext) BETWEEN 17 AND 1024),
    verifier          text,
    issued_at         timestamptz NOT NULL DEFAULT now(),
    issued_by         text NOT NULL DEFAULT session_user,
    decision          text CHECK (decision IN ('approved', 'rejected', 'superseded')),
    decided_at        timestamptz,
    decided_by        text,
    card_id           bigint REFERENCES auth.card,
    CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL)),
    CHECK (decision IS NOT NULL OR verifier IS NOT NULL),
    -- The two-person rule, kept by the table too: nobody approves what they issued.
    CHECK (decision IS DISTINCT FROM 'approved' OR (decided_by <> issued_by AND card_id IS NOT NULL))
);
-- One open issuance per staff member and per physical card.
CREATE UNIQUE INDEX card_issuance_open_staff ON auth.card_issuance (staff_code) WHERE decision IS NULL;
CREATE UNIQUE INDEX card_issuance_open_guid ON auth.card_issuance (card_guid) WHERE decision IS NULL;

-- The one place a staff login role's password is set from the api. juminzei_credential_admin
-- (NOLOGIN, CREATEROLE) owns it, so the owner of the api needs no CREATEROLE itself; only the
-- owner may execute it. It reads NOTHING the owner controls (no table, view or function of the
-- project's schemas; every name is pg_catalog's): the owner could otherwise replace what it reads
-- with its own code and have it run with CREATEROLE. The target is checked from the catalog alone:
-- a login role named as a staff role (s_ + the staff code rule of auth.staff), without any
-- attribute beyond LOGIN, a member of juminzei_staff, and a member (directly or not) of nothing
-- but juminzei_staff and the capability roles (a staff role granted pg_read_all_data, say, is
-- refused). p_verifier is a SCRAM-SHA-256 verifier computed on the client (the password itself
-- never reaches the server); NULL sets a random password nobody knows (revocation).
CREATE FUNCTION auth.set_staff_password(p_staff_code text, p_verifier text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET password_encryption = 'scram-sha-256'
AS $$
DECLARE
    v_role text;
    r record;
    v_other text;
BEGIN
    IF p_staff_code IS NULL OR p_staff_code OPERATOR(pg_catalog.!~) '^[A-Z0-9]{2,16}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = '職員コードの形式が正しくありません。', HINT = 'not a staff code';
    END IF;
    v_role := 's_' OPERATOR(pg_catalog.||) pg_catalog.lower(p_staff_code);
    SELECT a.oid, a.rolname, a.rolsuper, a.rolcreaterole, a.rolcreatedb, a.rolreplication, a.rolbypassrls,
           a.rolcanlogin
      INTO r FROM pg_catalog.pg_roles AS a WHERE a.rolname OPERATOR(pg_catalog.=) v_role;
    IF NOT FOUND OR r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls
       OR NOT r.rolcanlogin
       OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members AS m JOIN pg_catalog.pg_roles AS g ON g.oid = m.roleid
                       WHERE m.member OPERATOR(pg_catalog.=) r.oid
                         AND g.rolname OPERATOR(pg_catalog.=) 'juminzei_staff') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('職員 %s のログインロールは変更できません。', p_staff_code),
            HINT = 'not an unprivileged staff login role';
    END IF;
    WITH RECURSIVE up (oid) AS (
        SELECT m.roleid FROM pg_catalog.pg_auth_members AS m WHERE m.member OPERATOR(pg_catalog.=) r.oid
        UNION
        SELECT m.roleid FROM pg_catalog.pg_auth_members AS m JOIN up ON m.member OPERATOR(pg_catalog.=) up.oid)
    SELECT g.rolname INTO v_other FROM up JOIN pg_catalog.pg_roles AS g ON g.oid OPERATOR(pg_catalog.=) up.oid
     WHERE g.rolname OPERATOR(pg_catalog.<>) ALL (ARRAY['juminzei_staff', 'r_inquiry', 'r_assessor', 'r_approver',
                                                    'r_collection', 'r_certificate', 'r_mynumber', 'r_security',
                                                    'r_admin']::pg_catalog.text[])
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('職員 %s のログインロールは変更できません（%s のメンバーです）。',
                                        p_staff_code, v_other),
            HINT = pg_catalog.format('the staff role is a member of %s', v_other);
    END IF;
    IF p_verifier IS NULL THEN
        -- gen_random_uuid() is core (no pgcrypto in the embedded server): 2 x 122 random bits.
        EXECUTE pg_catalog.format('ALTER ROLE %I PASSWORD %L', v_role,
                                  pg_catalog.gen_random_uuid()::pg_catalog.text
                                  OPERATOR(pg_catalog.||) pg_catalog.gen_random_uuid()::pg_catalog.text);
    ELSIF p_verifier OPERATOR(pg_catalog.~)
            '^SCRAM-SHA-256\$[0-9]{4,7}:[A-Za-z0-9+/]{20,}={0,2}\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$'
          AND pg_catalog.split_part(pg_catalog.split_part(p_verifier, '$', 2), ':', 1)::pg_catalog.int4
              OPERATOR(pg_catalog.>=) 4096 THEN
        -- A well-formed verifier is stored as it is; anything else would be taken as a plain password.
        EXECUTE pg_catalog.format('ALTER ROLE %I PASSWORD %L', v_role, p_verifier);
    ELSE
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'パスワードの検証子の形式が正しくありません。', HINT = 'malformed SCRAM-SHA-256 verifier';
    END IF;
END
$$;

-- The same verifier format, for the api to refuse a bad one when the card is issued (not only
-- when it is approved).
CREATE FUNCTION auth.valid_verifier(p_verifier text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
RETURN coalesce(p_verifier ~ '^SCRAM-SHA-256\$[0-9]{4,7}:[A-Za-z0-9+/]{20,}={0,2}\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$'
                AND split_part(split_part(p_verifier, '$', 2), ':', 1)::int >= 4096, false);

-- PostgreSQL 16 and later let a CREATEROLE role change only roles it holds ADMIN OPTION on. Staff
-- roles are created by the administrator (superuser or CREATEROLE): that session hands the option
-- on, without membership rights, whenever a staff member is added. (15 needs nothing.)
CREATE FUNCTION auth.grant_credential_admin() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF current_setting('server_version_num')::int >= 160000
       AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = NEW.role_name) THEN
        EXECUTE format('GRANT %I TO juminzei_credential_admin WITH ADMIN TRUE, INHERIT FALSE, SET FALSE',
                       NEW.role_name);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER staff_credential_admin AFTER INSERT ON auth.staff
    FOR EACH ROW EXECUTE FUNCTION auth.grant_credential_admin();

-- End every open session of a staff login role (a revoked or replaced card must not keep working
-- through a connection opened before). Needs pg_signal_backend (granted to the owner by the
-- migration); superuser sessions are out of its reach, as they should be.
CREATE FUNCTION auth.end_sessions(p_role text) RETURNS integer
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
RETURN (SELECT count(*) FILTER (WHERE pg_terminate_backend(a.pid))::integer
          FROM pg_stat_activity AS a
         WHERE a.usename = p_role AND a.pid <> pg_backend_pid());

-- The caller's refusal: written to the trail on its own connection (it survives the error), then
-- raised with the Japanese message and the English hint the client shows.
CREATE FUNCTION auth.card_admin_refuse(p_action text, p_detail text, p_message text, p_hint text)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM audit.record(p_action, NULL, NULL, NULL, 'denied', left(p_detail || ' ' || p_hint, 500));
    RAISE EXCEPTION USING ERRCODE = 'raise_exception', MESSAGE = p_message, HINT = p_hint;
END
$$;

-- The staff member named in an admin action: registered and active, and not the caller (nobody
-- issues or revokes their own card: a second administrator does).
CREATE FUNCTION auth.card_admin_target(p_action text, p_staff_code text) RETURNS auth.staff
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s auth.staff;
BEGIN
    SELECT * INTO s FROM auth.staff WHERE staff_code = p_staff_code FOR UPDATE;
    IF NOT FOUND OR NOT s.active THEN
        PERFORM auth.card_admin_refuse(p_action, format('staff=%s', left(coalesce(p_staff_code, ''), 40)),
            format('職員 %s は登録されていないか、無効になっています。', left(coalesce(p_staff_code, ''), 40)),
            'unknown or inactive staff member');
    END IF;
    IF s.role_name = session_user AND p_action <> 'card.unblock' THEN
        PERFORM auth.card_admin_refuse(p_action, format('staff=%s', s.staff_code),
            '自分自身のカードは操作できません。別の管理者に依頼してください。',
            'an administrator cannot act on their own card; ask another administrator');
    END IF;
    RETURN s;
END
$$;

CREATE FUNCTION auth.capabilities_of(p_role text) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN ARRAY(SELECT c FROM unnest(ARRAY['r_inquiry', 'r_assessor', 'r_approver', 'r_collection', 'r_certificate',
                                        'r_mynumber', 'r_security', 'r_admin']) AS c
              WHERE pg_has_role(p_role, c, 'MEMBER') ORDER BY c);

-- The staff code of a role name (issued_by and the like record session_user).
CREATE FUNCTION auth.staff_code_of(p_role text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN coalesce((SELECT i.staff_code FROM auth.staff AS i WHERE i.role_name = p_role), p_role);

-- Staff members with their card: the active one, else the last revoked one, and an issued card
-- waiting for approval. Public keys are public; the fingerprint is what the screen shows.
CREATE FUNCTION api.staff_cards()
    RETURNS TABLE (staff_code text, display_name text, active boolean, capabilities text[],
                   card_id bigint, card_guid text, public_key bytea, fingerprint text,
                   issued_at timestamptz, issued_by text, revoked_at timestamptz, revoked_by text,
                   cards_issued integer, pending_card_guid text, pending_issued_at timestamptz,
                   pending_issued_by text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    PERFORM audit.record('card.list', NULL, NULL, NULL, 'ok');
    RETURN QUERY
        SELECT s.staff_code, s.display_name, s.active, auth.capabilities_of(s.role_name),
               k.card_id, k.card_guid, k.public_key,
               CASE WHEN k.public_key IS NULL THEN NULL ELSE encode(sha256(k.public_key), 'hex') END,
               k.issued_at, auth.staff_code_of(k.issued_by), k.revoked_at, auth.staff_code_of(k.revoked_by),
               (SELECT count(*)::integer FROM auth.card AS n WHERE n.staff_code = s.staff_code),
               p.card_guid, p.issued_at, auth.staff_code_of(p.issued_by)
          FROM auth.staff AS s
          LEFT JOIN LATERAL (SELECT * FROM auth.card AS c WHERE c.staff_code = s.staff_code
                              ORDER BY c.revoked_at IS NULL DESC, c.issued_at DESC, c.card_id DESC
                              LIMIT 1) AS k ON true
          LEFT JOIN auth.card_issuance AS p ON p.staff_code = s.staff_code AND p.decision IS NULL
         WHERE EXISTS (SELECT 1 FROM pg_roles AS r WHERE r.rolname = s.role_name)
         ORDER BY s.staff_code;
END
$$;

-- Who holds a physical card (by its GUID): the active holder, else the staff member it waits to be
-- approved for, else the last holder of a revoked card.
CREATE FUNCTION api.card_holder(p_card_guid text)
    RETURNS TABLE (staff_code text, display_name text, state text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    PERFORM audit.record('card.lookup', NULL, NULL, NULL, 'ok', format('card=%s', left(coalesce(p_card_guid, ''), 32)));
    RETURN QUERY
        SELECT h.staff_code, s.display_name, h.state
          FROM (SELECT c.staff_code, CASE WHEN c.revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS state,
                       CASE WHEN c.revoked_at IS NULL THEN 0 ELSE 2 END AS rank, c.issued_at
                  FROM auth.card AS c WHERE c.card_guid = p_card_guid
                UNION ALL
                SELECT i.staff_code, 'pending', 1, i.issued_at
                  FROM auth.card_issuance AS i WHERE i.card_guid = p_card_guid AND i.decision IS NULL) AS h
          JOIN auth.staff AS s ON s.staff_code = h.staff_code
         ORDER BY h.rank, h.issued_at DESC
         LIMIT 1;
END
$$;

-- Record the new password's verifier where the api checks it (auth.require_capability).
CREATE FUNCTION auth.card_admin_password(p_staff auth.staff, p_verifier text) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.set_staff_password(p_staff.staff_code, p_verifier);
    UPDATE auth.staff SET password_verifier = (SELECT rolpassword FROM pg_authid WHERE rolname = p_staff.role_name)
     WHERE staff_code = p_staff.staff_code;
END
$$;

-- Issue the card (already holding its new 9D key) to a staff member: the card, its key and the
-- new password (wrapped to that key, and its verifier) are stored as an issuance WAITING FOR
-- APPROVAL. Nothing of the staff member's login changes: their current card (if any) keeps
-- working, and the new password logs in nowhere, until another staff member with r_security
-- approves (api.card_issue_approve). A card active for, or waiting for, another staff member is
-- refused; an earlier issuance of the same staff member still waiting is superseded. Returns the
-- issuance's id.
CREATE FUNCTION api.card_issue(p_staff_code text, p_card_guid text, p_public_key bytea, p_verifier text,
                               p_ephemeral_public bytea, p_nonce bytea, p_ciphertext bytea)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s auth.staff;
    holder text;
    superseded bigint[];
    new_id bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    s := auth.card_admin_target('card.issue', p_staff_code);
    IF NOT auth.valid_verifier(p_verifier) THEN
        PERFORM auth.card_admin_refuse('card.issue', format('staff=%s', s.staff_code),
            'パスワードの検証子がないか、形式が正しくありません。', 'a well-formed password verifier is required');
    END IF;
    SELECT c.staff_code INTO holder FROM auth.card AS c
     WHERE c.card_guid = p_card_guid AND c.revoked_at IS NULL AND c.staff_code <> s.staff_code;
    IF FOUND THEN
        PERFORM auth.card_admin_refuse('card.issue',
            format('staff=%s card=%s holder=%s', s.staff_code, left(p_card_guid, 32), holder),
            format('このカードは別の職員（%s）に発行済みです。先にそのカードを失効させてください。', holder),
            format('this card is already issued to another staff member (%s); revoke it first', holder));
    END IF;
    SELECT i.staff_code INTO holder FROM auth.card_issuance AS i
     WHERE i.card_guid = p_card_guid AND i.decision IS NULL AND i.staff_code <> s.staff_code;
    IF FOUND THEN
        PERFORM auth.card_admin_refuse('card.issue',
            format('staff=%s card=%s pending_for=%s', s.staff_code, left(p_card_guid, 32), holder),
            format('このカードは別の職員（%s）への発行が承認待ちです。先にその発行を却下してもらってください。', holder),
            format('this card is waiting for approval for another staff member (%s); have that issue rejected first',
                   holder));
    END IF;
    WITH x AS (
        UPDATE auth.card_issuance SET decision = 'superseded', decided_at = now(), decided_by = session_user,
               verifier = NULL
         WHERE staff_code = s.staff_code AND decision IS NULL
        RETURNING issuance_id)
    SELECT coalesce(array_agg(issuance_id), '{}') INTO superseded FROM x;
    INSERT INTO auth.card_issuance (staff_code, card_guid, public_key, ephemeral_public, nonce, ciphertext, verifier)
        VALUES (s.staff_code, p_card_guid, p_public_key, p_ephemeral_public, p_nonce, p_ciphertext, p_verifier)
        RETURNING issuance_id INTO new_id;
    PERFORM audit.record_change('card.issue', NULL, NULL, NULL, 'ok',
        format('staff=%s card=%s issuance=%s pending superseded=%s', s.staff_code, left(p_card_guid, 32), new_id,
               cardinality(superseded)));
    RETURN new_id;
END
$$;

-- The open issuance of `p_card_guid` to `p_staff_code`, locked, for a security officer's decision.
CREATE FUNCTION auth.card_issuance_for_decision(p_action text, p_staff_code text, p_card_guid text)
    RETURNS auth.card_issuance
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    i auth.card_issuance;
    d text := format('staff=%s card=%s', left(coalesce(p_staff_code, ''), 40), left(coalesce(p_card_guid, ''), 32));
BEGIN
    SELECT * INTO i FROM auth.card_issuance
     WHERE staff_code = p_staff_code AND card_guid = p_card_guid AND decision IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM auth.card_admin_refuse(p_action, d,
            '承認待ちのカード発行がありません（判断済みか、新しい発行に置き換えられました）。一覧を更新してください。',
            'no issue of this card to this staff member is waiting for approval; refresh the list');
    END IF;
    IF (SELECT role_name FROM auth.staff WHERE staff_code = i.staff_code) = session_user THEN
        PERFORM auth.card_admin_refuse(p_action, d,
            'ご自分に発行されたカードの承認・却下はできません。別のセキュリティ担当者に依頼してください。',
            'the holder cannot decide on their own card; ask another security officer');
    END IF;
    RETURN i;
END
$$;

-- Approve an issued card (r_security, not the issuer, not the holder): the staff member's previous
-- card is revoked and their open sessions ended, the card becomes their active card, and the
-- password waiting with it becomes their login role's password. Returns the new card's id.
CREATE FUNCTION api.card_issue_approve(p_staff_code text, p_card_guid text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    i auth.card_issuance;
    s auth.staff;
    holder text;
    replaced bigint[];
    new_id bigint;
    ended integer;
    d text;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_security');
    i := auth.card_issuance_for_decision('card.issue_approve', p_staff_code, p_card_guid);
    d := format('staff=%s card=%s issuance=%s', i.staff_code, left(i.card_guid, 32), i.issuance_id);
    IF i.issued_by = session_user THEN
        PERFORM auth.card_admin_refuse('card.issue_approve', d,
            'ご自分が発行したカードは承認できません。別のセキュリティ担当者が承認してください。',
            'the issuer cannot approve their own issue; another security officer must');
    END IF;
    SELECT * INTO s FROM auth.staff WHERE staff_code = i.staff_code FOR UPDATE;
    IF NOT s.active THEN
        PERFORM auth.card_admin_refuse('card.issue_approve', d,
            format('職員 %s は無効になっています。', s.staff_code), 'inactive staff member');
    END IF;
    SELECT c.staff_code INTO holder FROM auth.card AS c
     WHERE c.card_guid = i.card_guid AND c.revoked_at IS NULL AND c.staff_code <> s.staff_code;
    IF FOUND THEN
        PERFORM auth.card_admin_refuse('card.issue_approve', d || format(' holder=%s', holder),
            format('このカードは別の職員（%s）に発行済みです。この発行は却下してください。', holder),
            format('this card is already issued to another staff member (%s); reject this issue', holder));
    END IF;
    WITH r AS (
        UPDATE auth.card SET revoked_at = now(), revoked_by = session_user
         WHERE revoked_at IS NULL AND (staff_code = s.staff_code OR card_guid = i.card_guid)
        RETURNING card_id)
    SELECT coalesce(array_agg(card_id), '{}') INTO replaced FROM r;
    DELETE FROM auth.wrapped_credential WHERE card_id = ANY (replaced);
    INSERT INTO auth.card (staff_code, card_guid, public_key, issued_at, issued_by, approved_by)
        VALUES (s.staff_code, i.card_guid, i.public_key, i.issued_at, i.issued_by, session_user)
        RETURNING card_id INTO new_id;
    INSERT INTO auth.wrapped_credential (card_id, ephemeral_public, nonce, ciphertext)
        VALUES (new_id, i.ephemeral_public, i.nonce, i.ciphertext);
    PERFORM auth.card_admin_password(s, i.verifier);
    UPDATE auth.card_issuance SET decision = 'approved', decided_at = now(), decided_by = session_user,
           card_id = new_id, verifier = NULL
     WHERE issuance_id = i.issuance_id;
    ended := auth.end_sessions(s.role_name);
    PERFORM audit.record_change('card.issue_approve', NULL, NULL, NULL, 'ok',
        format('%s card_id=%s issued_by=%s replaced=%s sessions_ended=%s', d, new_id,
               auth.staff_code_of(i.issued_by), cardinality(replaced), ended));
    RETURN new_id;
END
$$;

-- Reject an issued card (r_security, not the holder): it never becomes usable.
CREATE FUNCTION api.card_issue_reject(p_staff_code text, p_card_guid text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    i auth.card_issuance;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_security');
    i := auth.card_issuance_for_decision('card.issue_reject', p_staff_code, p_card_guid);
    UPDATE auth.card_issuance SET decision = 'rejected', decided_at = now(), decided_by = session_user,
           verifier = NULL
     WHERE issuance_id = i.issuance_id;
    PERFORM audit.record_change('card.issue_reject', NULL, NULL, NULL, 'ok',
        format('staff=%s card=%s issuance=%s issued_by=%s', i.staff_code, left(i.card_guid, 32), i.issuance_id,
               auth.staff_code_of(i.issued_by)));
END
$$;

-- Issued cards waiting for a security officer's decision.
CREATE FUNCTION api.card_issuances_pending()
    RETURNS TABLE (issuance_id bigint, staff_code text, display_name text, capabilities text[], card_guid text,
                   fingerprint text, issued_at timestamptz, issued_by text, replaces_card_guid text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_security');
    PERFORM audit.record('card.pending_list', NULL, NULL, NULL, 'ok');
    RETURN QUERY
        SELECT i.issuance_id, s.staff_code, s.display_name, auth.capabilities_of(s.role_name), i.card_guid,
               encode(sha256(i.public_key), 'hex'), i.issued_at, auth.staff_code_of(i.issued_by),
               (SELECT c.card_guid FROM auth.card AS c WHERE c.staff_code = s.staff_code AND c.revoked_at IS NULL)
          FROM auth.card_issuance AS i JOIN auth.staff AS s ON s.staff_code = i.staff_code
         WHERE i.decision IS NULL
         ORDER BY i.issued_at, i.issuance_id;
END
$$;

-- The login material (0004) also names an issued card still waiting for approval: one more row,
-- after the active card's, with no credential (NULL ciphertext), so that the login can tell the
-- holder of that card that it waits (they would otherwise be told it is someone else's card). A
-- client reading only the first row sees what it saw before. The bootstrap role keeps exactly
-- this one function.
CREATE OR REPLACE FUNCTION api.login_material(p_staff_code text)
    RETURNS TABLE (role_name text, card_guid text, public_key bytea, ephemeral_public bytea,
                   nonce bytea, ciphertext bytea)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found_any boolean := false;
    found_pending boolean := false;
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
    FOR role_name, card_guid, public_key, ephemeral_public, nonce, ciphertext IN
        SELECT s.role_name, i.card_guid, i.public_key, NULL::bytea, NULL::bytea, NULL::bytea
          FROM auth.staff AS s
          JOIN auth.card_issuance AS i ON i.staff_code = s.staff_code AND i.decision IS NULL
         WHERE s.staff_code = p_staff_code AND s.active
    LOOP
        found_pending := true;
        RETURN NEXT;
    END LOOP;
    PERFORM audit.record_change('login.material', NULL, NULL, NULL,
                                CASE WHEN found_any THEN 'ok' ELSE 'not_found' END,
                                format('staff=%s', left(coalesce(p_staff_code, ''), 40))
                                || CASE WHEN found_pending THEN ' pending' ELSE '' END);
END
$$;

-- Revoke the staff member's active card: its wrapped credential goes, the login role gets a
-- random password nobody knows, and the role's open sessions are ended, so nothing derived from
-- the old card keeps working. Returns its GUID.
CREATE FUNCTION api.card_revoke(p_staff_code text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s auth.staff;
    c auth.card;
    ended integer;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    s := auth.card_admin_target('card.revoke', p_staff_code);
    UPDATE auth.card SET revoked_at = now(), revoked_by = session_user
     WHERE staff_code = s.staff_code AND revoked_at IS NULL RETURNING * INTO c;
    IF NOT FOUND THEN
        PERFORM auth.card_admin_refuse('card.revoke', format('staff=%s', s.staff_code),
            format('職員 %s に有効なカードはありません（未発行か、失効済みです）。', s.staff_code),
            format('staff member %s has no active card (none issued, or revoked)', s.staff_code));
    END IF;
    DELETE FROM auth.wrapped_credential WHERE card_id = c.card_id;
    PERFORM auth.card_admin_password(s, NULL);
    ended := auth.end_sessions(s.role_name);
    PERFORM audit.record_change('card.revoke', NULL, NULL, NULL, 'ok',
        format('staff=%s card=%s card_id=%s sessions_ended=%s', s.staff_code, left(c.card_guid, 32), c.card_id,
               ended));
    RETURN c.card_guid;
END
$$;

-- The caller's own active card (what they need to wrap a new credential to it).
CREATE FUNCTION api.my_card() RETURNS TABLE (card_id bigint, card_guid text, public_key bytea)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('juminzei_staff');
    RETURN QUERY
        SELECT c.card_id, c.card_guid, c.public_key
          FROM auth.card AS c JOIN auth.staff AS s ON s.staff_code = c.staff_code
         WHERE s.role_name = session_user AND c.revoked_at IS NULL;
END
$$;

-- Self-service only: a staff member gives THEMSELVES a new password, wrapped (on the client, with
-- the public key only) to their own active card `p_card_id`. Nobody can set another staff member's
-- password this way (that is what made an administrator able to become anyone).
CREATE FUNCTION api.card_rotate(p_card_id bigint, p_verifier text, p_ephemeral_public bytea, p_nonce bytea,
                                p_ciphertext bytea) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s auth.staff;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('juminzei_staff');
    SELECT * INTO s FROM auth.staff WHERE role_name = session_user AND active FOR UPDATE;
    IF NOT auth.valid_verifier(p_verifier) OR NOT EXISTS (SELECT 1 FROM auth.card WHERE card_id = p_card_id
                                                             AND staff_code = s.staff_code AND revoked_at IS NULL) THEN
        PERFORM auth.card_admin_refuse('card.rotate', format('staff=%s card_id=%s', s.staff_code, p_card_id),
            'ご自分の有効なカードが変わったか、ありません。ログインし直してください。',
            'this is not your active card (or the verifier is malformed); log in again');
    END IF;
    UPDATE auth.wrapped_credential SET ephemeral_public = p_ephemeral_public, nonce = p_nonce,
           ciphertext = p_ciphertext, created_at = now()
     WHERE card_id = p_card_id;
    IF NOT FOUND THEN
        INSERT INTO auth.wrapped_credential (card_id, ephemeral_public, nonce, ciphertext)
            VALUES (p_card_id, p_ephemeral_public, p_nonce, p_ciphertext);
    END IF;
    PERFORM auth.card_admin_password(s, p_verifier);
    PERFORM audit.record_change('card.rotate', NULL, NULL, NULL, 'ok',
        format('staff=%s card_id=%s self', s.staff_code, p_card_id));
END
$$;

-- PIN unblock with the PUK is done by the card; the database decides whether it may be done and
-- records it. Stage 'begin' (before the card is touched; the client commits it first, so a reset
-- PIN always has its row) checks that the card in the reader is the staff member's active card;
-- 'ok' / 'denied' record the card's answer and are accepted only after an open 'begin' of the same
-- caller for the same staff member and card in the last 10 minutes (an outcome cannot be invented);
-- p_detail only in the fixed forms the client writes ('' for begin and ok; for denied
-- puk_tries_left=N, puk_blocked or card_error=<name>).
CREATE FUNCTION api.card_unblock(p_stage text, p_staff_code text, p_card_guid text, p_detail text DEFAULT '')
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s auth.staff;
    c auth.card;
    d text;
    began bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    IF p_stage IS NULL OR p_stage NOT IN ('begin', 'ok', 'denied') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '不明な処理段階です。', HINT = 'stage must be begin, ok or denied';
    END IF;
    IF NOT (coalesce(p_detail, '') = ''
            OR (p_stage = 'denied' AND p_detail ~ '^(puk_tries_left=[0-9]{1,2}|puk_blocked|card_error=[A-Za-z]{1,40})$')) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '記録の詳細の形式が正しくありません。', HINT = 'detail not in one of the fixed forms';
    END IF;
    s := auth.card_admin_target('card.unblock', p_staff_code);
    d := format('staff=%s card=%s', s.staff_code, left(coalesce(p_card_guid, ''), 32));
    SELECT * INTO c FROM auth.card WHERE card_guid = p_card_guid
     ORDER BY revoked_at IS NULL DESC, issued_at DESC, card_id DESC LIMIT 1;
    IF NOT FOUND THEN
        PERFORM auth.card_admin_refuse('card.unblock', d, 'このカードは発行されていません（登録がありません）。',
                                       'this card has not been issued');
    ELSIF c.staff_code <> s.staff_code AND c.revoked_at IS NULL THEN
        PERFORM auth.card_admin_refuse('card.unblock', d,
            format('別の職員（%s）のカードです。職員 %s のカードを挿入してください。', c.staff_code, s.staff_code),
            format('this card belongs to another staff member (%s)', c.staff_code));
    ELSIF c.revoked_at IS NOT NULL THEN
        PERFORM auth.card_admin_refuse('card.unblock', d,
            'このカードは失効しています。ロック解除せず、新しいカードを発行してください。',
            'this card is revoked; issue a new card instead');
    END IF;
    IF p_stage <> 'begin' THEN
        -- The latest begin of this caller for this card, not yet followed by an outcome.
        SELECT b.event_id INTO began FROM audit.event AS b
         WHERE b.staff = session_user AND b.action = 'card.unblock_begin' AND b.result = 'ok' AND b.detail = d
           AND b.at > now() - interval '10 minutes'
           AND NOT EXISTS (SELECT 1 FROM audit.event AS o
                            WHERE o.staff = session_user AND o.action = 'card.unblock' AND o.event_id > b.event_id
                              AND (o.detail = d OR o.detail LIKE d || ' %'))
         ORDER BY b.event_id DESC LIMIT 1;
        IF began IS NULL THEN
            PERFORM auth.card_admin_refuse('card.unblock', d,
                'ロック解除の開始が記録されていません（10分以内の開始がないか、結果は記録済みです）。',
                'no open unblock begin by you for this card in the last 10 minutes');
        END IF;
    END IF;
    PERFORM audit.record_change(CASE p_stage WHEN 'begin' THEN 'card.unblock_begin' ELSE 'card.unblock' END,
        NULL, NULL, NULL, CASE p_stage WHEN 'denied' THEN 'denied' ELSE 'ok' END,
        d || CASE WHEN coalesce(p_detail, '') = '' THEN '' ELSE ' ' || p_detail END);
END
$$;

REVOKE EXECUTE ON FUNCTION api.staff_cards(), api.card_holder(text),
    api.card_issue(text, text, bytea, text, bytea, bytea, bytea), api.card_revoke(text),
    api.card_rotate(bigint, text, bytea, bytea, bytea), api.my_card(), api.card_unblock(text, text, text, text),
    api.card_issue_approve(text, text), api.card_issue_reject(text, text), api.card_issuances_pending()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.staff_cards(), api.card_holder(text),
    api.card_issue(text, text, bytea, text, bytea, bytea, bytea), api.card_revoke(text),
    api.card_unblock(text, text, text, text)
    TO r_admin;
GRANT EXECUTE ON FUNCTION api.card_issue_approve(text, text), api.card_issue_reject(text, text),
    api.card_issuances_pending()
    TO r_security;
GRANT EXECUTE ON FUNCTION api.card_rotate(bigint, text, bytea, bytea, bytea), api.my_card() TO juminzei_staff;
