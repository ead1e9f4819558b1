-- Card administration from the screen (issue 5): an r_admin staff member issues, revokes and
-- rotates staff cards and records PIN unblocks, through the api, in their own session. The
-- database is the control: capability, terminal, the card-holder rules and the audit rows are all
-- here. Runs as juminzei_owner (the migration makes auth.set_staff_password the property of
-- juminzei_credential_admin afterwards).

-- Who revoked a card (issued_by already records who issued it).
ALTER TABLE auth.card ADD COLUMN revoked_by text;

-- The one place a staff login role's password is set from the api. juminzei_credential_admin
-- (NOLOGIN, CREATEROLE) owns it, so the owner of the api needs no CREATEROLE itself; only the
-- owner may execute it, and it touches nothing but a registered, unprivileged staff role.
-- p_verifier is a SCRAM-SHA-256 verifier computed on the client (the password itself never reaches
-- the server); NULL sets a random password nobody knows (revocation).
CREATE FUNCTION auth.set_staff_password(p_staff_code text, p_verifier text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET password_encryption = 'scram-sha-256'
AS $$
DECLARE
    r pg_roles;
BEGIN
    SELECT * INTO r FROM pg_roles
     WHERE rolname = (SELECT s.role_name FROM auth.staff AS s WHERE s.staff_code = p_staff_code);
    IF NOT FOUND OR r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls
       OR NOT r.rolcanlogin OR NOT pg_has_role(r.rolname, 'juminzei_staff', 'MEMBER')
       OR pg_has_role(r.rolname, 'juminzei_owner', 'MEMBER')
       OR pg_has_role(r.rolname, 'juminzei_credential_admin', 'MEMBER') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('職員 %s のログインロールは変更できません。', p_staff_code),
            HINT = 'not an unprivileged staff login role';
    END IF;
    IF p_verifier IS NULL THEN
        -- gen_random_uuid() is core (no pgcrypto in the embedded server): 2 x 122 random bits.
        EXECUTE format('ALTER ROLE %I PASSWORD %L', r.rolname, gen_random_uuid()::text || gen_random_uuid()::text);
    ELSIF p_verifier ~ '^SCRAM-SHA-256\$[0-9]{4,7}:[A-Za-z0-9+/]{20,}={0,2}\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$'
          AND split_part(split_part(p_verifier, '$', 2), ':', 1)::int >= 4096 THEN
        -- A well-formed verifier is stored as it is; anything else would be taken as a plain password.
        EXECUTE format('ALTER ROLE %I PASSWORD %L', r.rolname, p_verifier);
    ELSE
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'パスワードの検証子の形式が正しくありません。', HINT = 'malformed SCRAM-SHA-256 verifier';
    END IF;
END
$$;
GRANT USAGE ON SCHEMA auth TO juminzei_credential_admin;
GRANT SELECT (staff_code, role_name) ON auth.staff TO juminzei_credential_admin;

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
-- issues, rotates or revokes their own card: a second administrator does).
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

-- Staff members with their card: the active one, else the last revoked one. Public keys are public;
-- the fingerprint is what the screen shows.
CREATE FUNCTION api.staff_cards()
    RETURNS TABLE (staff_code text, display_name text, active boolean, capabilities text[],
                   card_id bigint, card_guid text, public_key bytea, fingerprint text,
                   issued_at timestamptz, issued_by text, revoked_at timestamptz, revoked_by text,
                   cards_issued integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    PERFORM audit.record('card.list', NULL, NULL, NULL, 'ok');
    RETURN QUERY
        SELECT s.staff_code, s.display_name, s.active,
               ARRAY(SELECT c FROM unnest(ARRAY['r_inquiry', 'r_assessor', 'r_approver', 'r_collection',
                                                 'r_certificate', 'r_mynumber', 'r_security', 'r_admin']) AS c
                     WHERE pg_has_role(s.role_name, c, 'MEMBER') ORDER BY c),
               k.card_id, k.card_guid, k.public_key,
               CASE WHEN k.public_key IS NULL THEN NULL ELSE encode(sha256(k.public_key), 'hex') END,
               k.issued_at,
               coalesce((SELECT i.staff_code FROM auth.staff AS i WHERE i.role_name = k.issued_by), k.issued_by),
               k.revoked_at,
               coalesce((SELECT i.staff_code FROM auth.staff AS i WHERE i.role_name = k.revoked_by), k.revoked_by),
               (SELECT count(*)::integer FROM auth.card AS n WHERE n.staff_code = s.staff_code)
          FROM auth.staff AS s
          LEFT JOIN LATERAL (SELECT * FROM auth.card AS c WHERE c.staff_code = s.staff_code
                              ORDER BY c.revoked_at IS NULL DESC, c.issued_at DESC, c.card_id DESC
                              LIMIT 1) AS k ON true
         WHERE EXISTS (SELECT 1 FROM pg_roles AS r WHERE r.rolname = s.role_name)
         ORDER BY s.staff_code;
END
$$;

-- Who holds a physical card (by its GUID): the active holder, else the last holder of a revoked card.
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
        SELECT c.staff_code, s.display_name, CASE WHEN c.revoked_at IS NULL THEN 'active' ELSE 'revoked' END
          FROM auth.card AS c JOIN auth.staff AS s ON s.staff_code = c.staff_code
         WHERE c.card_guid = p_card_guid
         ORDER BY c.revoked_at IS NULL DESC, c.issued_at DESC, c.card_id DESC
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

-- Issue the card (already holding its new 9D key) to a staff member: the previous active card of
-- the staff member is revoked, the card is registered with its public key, and the new password
-- (whose verifier the client computed) is stored wrapped to that key. A card active for another
-- staff member is refused.
CREATE FUNCTION api.card_issue(p_staff_code text, p_card_guid text, p_public_key bytea, p_verifier text,
                               p_ephemeral_public bytea, p_nonce bytea, p_ciphertext bytea)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s auth.staff;
    holder text;
    replaced bigint[];
    new_id bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    s := auth.card_admin_target('card.issue', p_staff_code);
    IF p_verifier IS NULL THEN
        PERFORM auth.card_admin_refuse('card.issue', format('staff=%s', s.staff_code),
            'パスワードの検証子がありません。', 'a password verifier is required');
    END IF;
    SELECT c.staff_code INTO holder FROM auth.card AS c
     WHERE c.card_guid = p_card_guid AND c.revoked_at IS NULL AND c.staff_code <> s.staff_code;
    IF FOUND THEN
        PERFORM auth.card_admin_refuse('card.issue',
            format('staff=%s card=%s holder=%s', s.staff_code, left(p_card_guid, 32), holder),
            format('このカードは別の職員（%s）に発行済みです。先にそのカードを失効させてください。', holder),
            format('this card is already issued to another staff member (%s); revoke it first', holder));
    END IF;
    WITH r AS (
        UPDATE auth.card SET revoked_at = now(), revoked_by = session_user
         WHERE revoked_at IS NULL AND (staff_code = s.staff_code OR card_guid = p_card_guid)
        RETURNING card_id)
    SELECT coalesce(array_agg(card_id), '{}') INTO replaced FROM r;
    DELETE FROM auth.wrapped_credential WHERE card_id = ANY (replaced);
    INSERT INTO auth.card (staff_code, card_guid, public_key) VALUES (s.staff_code, p_card_guid, p_public_key)
        RETURNING card_id INTO new_id;
    INSERT INTO auth.wrapped_credential (card_id, ephemeral_public, nonce, ciphertext)
        VALUES (new_id, p_ephemeral_public, p_nonce, p_ciphertext);
    PERFORM auth.card_admin_password(s, p_verifier);
    PERFORM audit.record_change('card.issue', NULL, NULL, NULL, 'ok',
        format('staff=%s card=%s card_id=%s replaced=%s', s.staff_code, left(p_card_guid, 32), new_id,
               cardinality(replaced)));
    RETURN new_id;
END
$$;

-- Revoke the staff member's active card: its wrapped credential goes and the login role gets a
-- random password nobody knows, so nothing derived from the old card logs in. Returns its GUID.
CREATE FUNCTION api.card_revoke(p_staff_code text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s auth.staff;
    c auth.card;
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
    PERFORM audit.record_change('card.revoke', NULL, NULL, NULL, 'ok',
        format('staff=%s card=%s card_id=%s', s.staff_code, left(c.card_guid, 32), c.card_id));
    RETURN c.card_guid;
END
$$;

-- A new password for the staff member, wrapped (on the client, with the public key only) to their
-- active card `p_card_id`; refused if that is no longer their active card.
CREATE FUNCTION api.card_rotate(p_staff_code text, p_card_id bigint, p_verifier text,
                                p_ephemeral_public bytea, p_nonce bytea, p_ciphertext bytea) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s auth.staff;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    s := auth.card_admin_target('card.rotate', p_staff_code);
    IF p_verifier IS NULL OR NOT EXISTS (SELECT 1 FROM auth.card WHERE card_id = p_card_id
                                            AND staff_code = s.staff_code AND revoked_at IS NULL) THEN
        PERFORM auth.card_admin_refuse('card.rotate', format('staff=%s card_id=%s', s.staff_code, p_card_id),
            format('職員 %s の有効なカードが変わったか、ありません。一覧を更新してください。', s.staff_code),
            format('staff member %s has no such active card; refresh the list', s.staff_code));
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
        format('staff=%s card_id=%s', s.staff_code, p_card_id));
END
$$;

-- PIN unblock with the PUK is done by the card; the database decides whether it may be done and
-- records it. Stage 'begin' (before the card is touched; the client commits it first, so a reset
-- PIN always has its row) checks that the card in the reader is the staff member's active card;
-- 'ok' / 'denied' record the card's answer (p_detail: e.g. the PUK tries left).
CREATE FUNCTION api.card_unblock(p_stage text, p_staff_code text, p_card_guid text, p_detail text DEFAULT '')
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s auth.staff;
    c auth.card;
    d text;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    IF p_stage IS NULL OR p_stage NOT IN ('begin', 'ok', 'denied') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '不明な処理段階です。', HINT = 'stage must be begin, ok or denied';
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
    PERFORM audit.record_change(CASE p_stage WHEN 'begin' THEN 'card.unblock_begin' ELSE 'card.unblock' END,
        NULL, NULL, NULL, CASE p_stage WHEN 'denied' THEN 'denied' ELSE 'ok' END,
        d || CASE WHEN coalesce(p_detail, '') = '' THEN '' ELSE ' ' || left(p_detail, 200) END);
END
$$;

REVOKE EXECUTE ON FUNCTION api.staff_cards(), api.card_holder(text),
    api.card_issue(text, text, bytea, text, bytea, bytea, bytea), api.card_revoke(text),
    api.card_rotate(text, bigint, text, bytea, bytea, bytea), api.card_unblock(text, text, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.staff_cards(), api.card_holder(text),
    api.card_issue(text, text, bytea, text, bytea, bytea, bytea), api.card_revoke(text),
    api.card_rotate(text, bigint, text, bytea, bytea, bytea), api.card_unblock(text, text, text, text)
    TO r_admin;
