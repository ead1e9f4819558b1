-- The audit chain cannot be held hostage by a staff session left idle in a transaction (found in a
-- security review: any staff member could call a changing api function, keep the transaction open
-- and block every audited read). audit.append waits at most a few seconds for the chain, ends staff
-- sessions that hold it while idle in a transaction, records that it did, and otherwise refuses
-- clearly. A holder that keeps running statements is not ended: see the note in the closing report.

CREATE OR REPLACE FUNCTION audit.append(p_staff text, p_terminal text, p_client_addr inet, p_action text,
                             p_person_id bigint, p_tax_year smallint, p_purpose text, p_result text,
                             p_detail text, p_persons bigint[])
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    head audit.chain_head;
    e audit.event;
    saved_timeout text := current_setting('lock_timeout');
    ended text := '';
    attempt integer := 0;
    holder record;
BEGIN
    -- The chain is one row, locked until the appending transaction ends. A staff session that
    -- calls a changing api function and then sits idle in its transaction would hold every other
    -- audited read and change. So wait a bounded time; then end staff sessions that hold the chain
    -- while idle in a transaction (their change rolls back with them) and try again.
    LOOP
        BEGIN
            PERFORM set_config('lock_timeout', '2s', true);
            SELECT * INTO STRICT head FROM audit.chain_head FOR UPDATE;
            PERFORM set_config('lock_timeout', saved_timeout, true);
            EXIT;
        EXCEPTION WHEN lock_not_available THEN
            attempt := attempt + 1;
            IF attempt > 3 THEN
                RAISE EXCEPTION USING ERRCODE = 'lock_not_available',
                    MESSAGE = '操作ログの記録が混み合っています。しばらくしてからもう一度操作してください。',
                    HINT = 'the audit chain stayed locked by an active transaction';
            END IF;
            FOR holder IN
                SELECT a.pid, a.usename, round(extract(epoch FROM clock_timestamp() - a.state_change)) AS idle_s
                  FROM pg_stat_activity AS a
                 WHERE a.pid IN (SELECT l.pid FROM pg_locks AS l
                                  WHERE l.relation = 'audit.chain_head'::regclass AND l.granted
                                    AND l.mode IN ('RowShareLock', 'RowExclusiveLock')
                                    AND l.pid <> pg_backend_pid())
                   AND a.state LIKE 'idle in transaction%'
                   AND pg_has_role(a.usename, 'juminzei_staff', 'MEMBER')
                 ORDER BY a.pid
            LOOP
                IF pg_terminate_backend(holder.pid) THEN
                    ended := ended || format(' pid=%s staff=%s idle_s=%s', holder.pid, holder.usename, holder.idle_s);
                END IF;
            END LOOP;
        END;
    END LOOP;
    e.event_id := head.last_id + 1;
    e.at := clock_timestamp();
    e.staff := p_staff;
    e.terminal := p_terminal;
    e.client_addr := p_client_addr;
    e.action := p_action;
    e.person_id := p_person_id;
    e.tax_year := p_tax_year;
    e.purpose := p_purpose;
    e.result := p_result;
    e.detail := coalesce(p_detail, '');
    IF cardinality(p_persons) > 0 THEN
        e.detail := left(e.detail, 1800) || format(' persons=%s digest=%s', cardinality(p_persons),
            encode(sha256(convert_to(array_to_string(p_persons, ','), 'UTF8')), 'hex'));
    END IF;
    e.prev_hash := head.last_hash;
    e.row_hash := audit.row_digest(e);
    INSERT INTO audit.event SELECT e.*;
    IF cardinality(p_persons) > 0 THEN
        INSERT INTO audit.event_persons (event_id, person_ids) VALUES (e.event_id, p_persons);
    END IF;
    UPDATE audit.chain_head SET last_id = e.event_id, last_hash = e.row_hash;
    IF ended <> '' THEN
        -- The ended sessions are on the record too, right after the entry that waited for them.
        PERFORM audit.append(p_staff, p_terminal, p_client_addr, 'audit.chain_holder_ended', NULL, NULL, NULL,
                             'ok', 'ended:' || ended, NULL);
    END IF;
    RETURN e.event_id;
END
$$;
