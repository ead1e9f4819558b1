-- Terminal control events (card pulled → locked, unlocked, session ended, idle lock) recorded in
-- the audit trail by the logged-in staff member's own session. Runs as juminzei_owner.

CREATE FUNCTION api.session_event(p_kind text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    IF p_kind NOT IN ('login', 'lock_card_removed', 'lock_reader_lost', 'lock_idle', 'unlock', 'end_other_card',
                      'logout') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('不明な端末操作の種類です: %s', p_kind), HINT = 'unknown session event';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM auth.staff WHERE role_name = session_user AND active) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = '職員として登録されていません。', HINT = 'not a registered staff member';
    END IF;
    RETURN audit.record_change('session.' || p_kind, NULL, NULL, NULL, 'ok');
END
$$;
REVOKE EXECUTE ON FUNCTION api.session_event(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.session_event(text) TO juminzei_staff;
