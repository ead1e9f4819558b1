-- Smart-card login: each staff member's active PIV card and the staff password wrapped to its
-- key-management key (slot 9D). Only public keys and ciphertext are stored: the password cannot be
-- obtained from the database without the card and its PIN. Runs as juminzei_owner.

CREATE TABLE auth.card (
    card_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_code  text NOT NULL REFERENCES auth.staff,
    -- Hex of the CHUID GUID, or of the 9D public key on a card without one.
    card_guid   text NOT NULL CHECK (card_guid ~ '^[0-9a-f]{2,200}$'),
    -- The 9D P-256 public key as an X9.62 uncompressed point.
    public_key  bytea NOT NULL CHECK (length(public_key) = 65 AND get_byte(public_key, 0) = 4),
    issued_at   timestamptz NOT NULL DEFAULT now(),
    issued_by   text NOT NULL DEFAULT session_user,
    revoked_at  timestamptz
);
-- A physical card is active for one staff member at a time; a revoked card keeps its row (the
-- history of who held it) and may be issued again, hence unique among active cards only.
CREATE UNIQUE INDEX card_active_guid ON auth.card (card_guid) WHERE revoked_at IS NULL;
-- At most one active card per staff member.
CREATE UNIQUE INDEX card_active_staff ON auth.card (staff_code) WHERE revoked_at IS NULL;

CREATE TABLE auth.wrapped_credential (
    card_id           bigint PRIMARY KEY REFERENCES auth.card,
    ephemeral_public  bytea NOT NULL CHECK (length(ephemeral_public) = 65 AND get_byte(ephemeral_public, 0) = 4),
    nonce             bytea NOT NULL CHECK (length(nonce) = 12),
    ciphertext        bytea NOT NULL CHECK (length(ciphertext) BETWEEN 17 AND 1024),
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- The one thing the bootstrap role (juminzei_login, terminal certificate only) may do: fetch the
-- wrapped credential of a staff member with an active card. The ciphertext is useless without the
-- card, so anyone at a registered terminal may ask; every request is audited. record_change (not
-- record) because the bootstrap session has no other work, and it commits right away.
CREATE FUNCTION api.login_material(p_staff_code text)
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

REVOKE EXECUTE ON FUNCTION api.login_material(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.login_material(text) TO juminzei_login;
-- Schema usage only: every other api function is closed to PUBLIC, and no table is granted.
GRANT USAGE ON SCHEMA api TO juminzei_login;
