-- Batch assessment stores chunks side by side in two sessions (issue 3), with the guarantees of
-- 0013: the run's position moves in person order, one whole chunk at a time, in the transaction
-- that stores it, together with its audit row. Runs as juminzei_owner.
--
-- Measured on 100,000 persons before this change: the session storing chunks was the slowest part
-- of the pipeline (the engine waited for it), and one core was idle much of the time.
--
-- 1. A chunk is stored in three calls of one transaction: api.batch_claim(run, after, last) marks
--    the chunk as being stored (a transaction-level advisory lock on its end), before any row is
--    locked; api.batch_store(run, after, last) checks and writes the chunk (after, last] without
--    touching the run; api.batch_advance(run, after, last) waits, inside the database, for the
--    transaction that claimed the chunk before it to end, then moves the run from `after` to
--    `last` and records the audit row. So a second session writes the next chunk meanwhile, and
--    every wait between the storing sessions and anyone else is one PostgreSQL sees: a clerk's
--    transaction that locks returns of two consecutive chunks ends in an ordinary, detected
--    deadlock, as with 0013 (found in review: with the wait in the client, it hung for good).
--    The client claims a chunk only once the chunk before has been claimed, and waits for that
--    while its session holds nothing (review, rounds 2 and 3). A written chunk that is not
--    advanced cannot commit (ledger.batch_pending, checked at commit). The audit chain is taken by
--    advance only, just before commit.
--    A run is stored by one client at a time: batch_open holds the run for its session (a
--    session-level advisory lock) and refuses a run held by another session; every other batch
--    call works only while a session of the same staff member holds the run and only on the run
--    its own session opened or joined (batch_attach), and moves the run over one chunk per
--    transaction. Staff can no longer take advisory locks themselves (they could hold a run's
--    keys or a proposal's).
-- 2. The wording of new step keys is declared in its own short transaction
--    (api.batch_declare_steps), so two sessions never wait on each other's new step_text rows.
-- 3. ledger.assessment leaves 30 % of each page free (fillfactor 70): many of a batch's updates
--    then stay on their page and touch no index (HOT updates). Measured, 100,000 persons, after a
--    checkpoint: the whole batch 4.28-4.34 s with full pages, 3.80-3.90 s at 70, 3.76-4.03 s at 50
--    (so 70, for less space: the table takes about 1.4 times the space). Existing pages keep their
--    fill until the table is rewritten (VACUUM FULL ledger.assessment, in a maintenance window).
-- 4. api.batch_inputs found the relatives outside the chunk by comparing each with every person of
--    the chunk (`<> ALL`, 44 ms per 5,000); it now subtracts the chunk's persons as a set, and
--    reads the chunk's persons through their key instead of a scan of the whole person table.
--
-- The single call api.batch_store(run, last) of 0013 remains: it holds the run for its whole
-- transaction and does all three steps in order.

ALTER TABLE ledger.assessment SET (fillfactor = 70);

-- The transaction that last moved the run (one chunk per transaction).
ALTER TABLE ledger.batch_run ADD COLUMN moved_in xid8;

-- A chunk written in this transaction and not yet advanced. Rows never outlive their transaction:
-- the check at commit refuses one that is still here.
CREATE TABLE ledger.batch_pending (
    run_id           integer NOT NULL,
    after_person_id  bigint NOT NULL,
    last_person_id   bigint NOT NULL CHECK (last_person_id > after_person_id),
    in_range         integer NOT NULL,   -- returns of the range when it was written
    staged           integer NOT NULL,   -- results in the chunk
    failed           integer NOT NULL,   -- of which the engine refused
    PRIMARY KEY (run_id, after_person_id)
);

-- Checked at commit, as the committing staff member: so it runs with the owner's rights.
CREATE FUNCTION ledger.batch_pending_advanced() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ledger.batch_pending AS p
                WHERE p.run_id = NEW.run_id AND p.after_person_id = NEW.after_person_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_transaction_state',
            MESSAGE = '一括賦課の結果は位置を進めてから確定してください（api.batch_advance）。',
            HINT = 'a chunk stored by api.batch_store must be advanced before commit';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.batch_pending_advanced() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER batch_pending_advanced AFTER INSERT ON ledger.batch_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger.batch_pending_advanced();

-- The session's staging tables (batch_open and batch_attach): results with their steps, the
-- wording of step keys first used, the session's keys (filled by ledger.batch_declare only).
CREATE FUNCTION ledger.batch_staging(p_run_id integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- The run this session opened or joined (the owner's table: staff cannot write it).
    CREATE TEMP TABLE IF NOT EXISTS batch_session (run_id integer PRIMARY KEY);
    INSERT INTO pg_temp.batch_session (run_id) VALUES (p_run_id) ON CONFLICT DO NOTHING;
    CREATE TEMP TABLE IF NOT EXISTS batch_result (
        assessment_id bigint PRIMARY KEY, salary_income bigint, pension_income bigint, total_income bigint,
        income_base bigint, deductions_total bigint, taxable_income bigint, non_taxable text,
        municipal_income_levy bigint, prefectural_income_levy bigint, municipal_per_capita bigint,
        prefectural_per_capita bigint, forest_environment_tax bigint, params_verified boolean,
        error text, step_keys smallint[], step_amounts bigint[], version integer);
    CREATE TEMP TABLE IF NOT EXISTS batch_step_text (key smallint, code text, label text, rule text, source text);
    CREATE TEMP TABLE IF NOT EXISTS batch_step_key (tax_year smallint, key smallint, code text NOT NULL,
                                                    label text NOT NULL, PRIMARY KEY (tax_year, key));
    TRUNCATE pg_temp.batch_result, pg_temp.batch_step_text, pg_temp.batch_step_key;
    EXECUTE format('GRANT INSERT ON pg_temp.batch_result, pg_temp.batch_step_text TO %I', session_user);
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.batch_staging(integer) FROM PUBLIC;

CREATE OR REPLACE FUNCTION api.batch_open(p_tax_year integer)
    RETURNS TABLE (run_id integer, last_person_id bigint, assessed integer, remaining bigint, resumed boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run ledger.batch_run;
    was_open boolean := true;
    saved_timeout text := current_setting('lock_timeout');
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    LOOP
        SELECT * INTO run FROM ledger.batch_run AS b WHERE b.tax_year = p_tax_year AND b.finished_at IS NULL;
        IF NOT FOUND THEN
            INSERT INTO ledger.batch_run (tax_year) VALUES (p_tax_year) RETURNING * INTO run;
            was_open := false;
        END IF;
        -- One client at a time: the run is held by this session until it ends. (A few seconds'
        -- wait: the session of a client that has just stopped may still be ending.)
        BEGIN
            PERFORM set_config('lock_timeout', '5s', true);
            PERFORM pg_advisory_lock(ledger.batch_lock_key(run.run_id, NULL));
            PERFORM set_config('lock_timeout', saved_timeout, true);
        EXCEPTION WHEN lock_not_available THEN
            RAISE EXCEPTION USING ERRCODE = 'lock_not_available',
                MESSAGE = 'この年度の一括賦課は他の端末で実行中です。終わってからもう一度実行してください。',
                HINT = 'the open run of this tax year is held by another session';
        END;
        -- The run as its last holder left it (it may have moved on, or been closed, meanwhile).
        SELECT * INTO run FROM ledger.batch_run AS b WHERE b.run_id = run.run_id AND b.finished_at IS NULL;
        EXIT WHEN FOUND;
        PERFORM pg_advisory_unlock(ledger.batch_lock_key(run.run_id, NULL));
    END LOOP;
    PERFORM ledger.batch_staging(run.run_id);
    PERFORM audit.record_change('batch.open', NULL, p_tax_year::smallint, 'assessment', 'ok',
                         format('run=%s resumed=%s after=%s', run.run_id, was_open, run.last_person_id));
    RETURN QUERY SELECT run.run_id, run.last_person_id, run.assessed,
        (SELECT count(*) FROM ledger.assessment AS a
          WHERE a.tax_year = p_tax_year AND a.person_id > run.last_person_id),
        was_open;
END
$$;

-- The open run a staff member with r_assessor works on, at a terminal: held (batch_open) by a
-- live session of this staff member, and (p_of_session) opened or joined by this session. Checked
-- on every call: a session left over from a client that has gone, or from a run a colleague has
-- opened since, is refused.
CREATE FUNCTION ledger.batch_run_open(p_run_id integer, p_of_session boolean DEFAULT true) RETURNS ledger.batch_run
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run ledger.batch_run;
    k bigint := ledger.batch_lock_key(p_run_id, NULL);
    registered boolean;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    SELECT * INTO run FROM ledger.batch_run AS b WHERE b.run_id = p_run_id AND b.finished_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '一括賦課の実行が見つからないか、終了しています。', HINT = 'no open batch run with this id';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT d.oid FROM pg_database AS d
                                                                                   WHERE d.datname = current_database())
                      AND l.classid = ((k >> 32) & 4294967295)::oid AND l.objid = (k & 4294967295)::oid
                      AND l.objsubid = 1 AND a.usename = session_user) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '一括賦課を開いた同じ職員のセッションからのみ操作できます。',
            HINT = 'the run is not held by a session of this staff member (api.batch_open)';
    END IF;
    IF p_of_session THEN
        -- (The table exists only in sessions that opened or joined a run.)
        registered := to_regclass('pg_temp.batch_session') IS NOT NULL;
        IF registered THEN
            registered := EXISTS (SELECT 1 FROM pg_temp.batch_session AS s WHERE s.run_id = p_run_id);
        END IF;
        IF NOT registered THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = 'この一括賦課はこのセッションで開かれていません（api.batch_open か api.batch_attach）。',
                HINT = 'the run was not opened or joined in this session';
        END IF;
    END IF;
    RETURN run;
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.batch_run_open(integer, boolean) FROM PUBLIC;

-- Another session of the same staff member storing chunks of an open run: its own staging tables.
CREATE FUNCTION api.batch_attach(p_run_id integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ledger.batch_run_open(p_run_id, false);
    PERFORM ledger.batch_staging(p_run_id);
END
$$;

-- The staged wording of new step keys: checked against the year's stored wording, stored if new,
-- and the keys kept for the session. The staged wording is consumed.
CREATE FUNCTION ledger.batch_declare(p_tax_year smallint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- The wording of a step, once stored for a year, is not rewritten by a batch.
    IF EXISTS (SELECT 1 FROM pg_temp.batch_step_text AS t
                 JOIN ledger.step_text AS k ON k.tax_year = p_tax_year AND k.code = t.code AND k.label = t.label
                WHERE (k.rule, k.source) IS DISTINCT FROM (t.rule, t.source)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '計算根拠の文言がこの年度の登録内容と異なります。税制パラメータの版を確認してください。',
            HINT = 'step wording differs from the wording stored for this tax year';
    END IF;
    INSERT INTO ledger.step_text (tax_year, code, label, rule, source)
        SELECT DISTINCT p_tax_year, t.code, t.label, t.rule, t.source FROM pg_temp.batch_step_text AS t
        ON CONFLICT (tax_year, code, label) DO NOTHING;
    -- A key declared twice is refused by the key's primary key.
    INSERT INTO pg_temp.batch_step_key (tax_year, key, code, label)
        SELECT p_tax_year, t.key, t.code, t.label FROM pg_temp.batch_step_text AS t;
    TRUNCATE pg_temp.batch_step_text;
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.batch_declare(smallint) FROM PUBLIC;

CREATE FUNCTION api.batch_declare_steps(p_run_id integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ledger.batch_declare((ledger.batch_run_open(p_run_id)).tax_year);
END
$$;

-- The advisory lock key of "the chunk of run r that ends at person p is being stored" (and of the
-- run itself being worked on: p = NULL).
CREATE FUNCTION ledger.batch_lock_key(p_run_id integer, p_person_id bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
RETURN hashtextextended(format('batch %s %s', p_run_id, coalesce(p_person_id::text, 'run')), 0);

-- A chunk (p_after, p_last] lies beyond the run's position (claim and write check it).
CREATE FUNCTION ledger.batch_check_range(run ledger.batch_run, p_after bigint, p_last bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_after IS NULL OR p_last IS NULL OR p_after < run.last_person_id OR p_last <= p_after THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '一括賦課の位置が正しくありません（既に処理済みの範囲です）。',
            HINT = 'chunk range is not after the run position';
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.batch_check_range(ledger.batch_run, bigint, bigint) FROM PUBLIC;

CREATE FUNCTION api.batch_claim(p_run_id integer, p_after bigint, p_last_person_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run ledger.batch_run := ledger.batch_run_open(p_run_id);
BEGIN
    PERFORM ledger.batch_check_range(run, p_after, p_last_person_id);
    PERFORM pg_advisory_xact_lock(ledger.batch_lock_key(run.run_id, p_last_person_id));
END
$$;

-- Write the staged chunk (p_after, p_last]: the results of exactly the returns of that range still
-- to assess, computed from the version read, and their steps. The run does not move here.
CREATE FUNCTION ledger.batch_write(run ledger.batch_run, p_after bigint, p_last bigint) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    in_range bigint;
    expected bigint;
    staged bigint;
    matched bigint;
    failed bigint;
    updated bigint;
BEGIN
    PERFORM ledger.batch_check_range(run, p_after, p_last);
    -- The chunk: of the returns of the range (in_range), those not notified and not decided by an
    -- approval (expected; the rule of ledger.decided_by_approval, written out so it is not a call
    -- per row), and of those, the ones staged (matched). One pass over the range.
    SELECT count(*), count(*) FILTER (WHERE x.open), count(r.assessment_id) FILTER (WHERE x.open)
      INTO in_range, expected, matched
      FROM ledger.assessment AS a
      LEFT JOIN pg_temp.batch_result AS r ON r.assessment_id = a.assessment_id
     CROSS JOIN LATERAL (SELECT a.status <> 'notified'
                                AND NOT EXISTS (SELECT 1 FROM ledger.assessment_version AS v
                                                 WHERE v.assessment_id = a.assessment_id AND v.source <> 'before')
                                AS open) AS x
     WHERE a.tax_year = run.tax_year AND a.person_id > p_after AND a.person_id <= p_last;
    SELECT count(*), count(*) FILTER (WHERE r.error IS NOT NULL) INTO staged, failed FROM pg_temp.batch_result AS r;
    IF staged <> expected OR matched <> expected THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('一括賦課の結果が範囲と一致しません（対象 %s 件、結果 %s 件、一致 %s 件）。',
                             expected, staged, matched),
            HINT = 'staged results do not cover exactly the chunk';
    END IF;
    UPDATE ledger.assessment AS a SET
        salary_income = r.salary_income, pension_income = r.pension_income, total_income = r.total_income,
        income_base = r.income_base, deductions_total = r.deductions_total, taxable_income = r.taxable_income,
        non_taxable = r.non_taxable, municipal_income_levy = r.municipal_income_levy,
        prefectural_income_levy = r.prefectural_income_levy, municipal_per_capita = r.municipal_per_capita,
        prefectural_per_capita = r.prefectural_per_capita, forest_environment_tax = r.forest_environment_tax,
        params_verified = r.params_verified, computed_at = now(), status = 'assessed',
        version = a.version + 1, updated_at = now(), updated_by = session_user
      FROM pg_temp.batch_result AS r
     WHERE a.assessment_id = r.assessment_id AND r.error IS NULL AND a.status <> 'notified'
       -- Computed from what the return holds now. Every change of a return raises its version, so a
       -- change or an approval still in progress, which this update waits for, fails this test on
       -- the committed row (the approval test below only sees the statement's older snapshot).
       AND a.version = r.version
       AND NOT EXISTS (SELECT 1 FROM ledger.assessment_version AS v
                        WHERE v.assessment_id = a.assessment_id AND v.source <> 'before');
    GET DIAGNOSTICS updated = ROW_COUNT;
    -- A return changed since it was read (its results came from older inputs): the chunk is not
    -- applied; running the batch again reads it afresh.
    IF updated <> staged - failed THEN
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = '一括賦課の処理中に対象の賦課が変更されました。もう一度実行してください。',
            HINT = 'an assessment of the chunk changed while it was stored';
    END IF;
    -- A return the engine refused stays a draft (and keeps its steps); the report lists it.
    -- Old steps only where there are any (none on a first run): through the step index.
    DELETE FROM ledger.assessment_step AS s
     WHERE s.assessment_id = ANY (ARRAY(SELECT r.assessment_id FROM pg_temp.batch_result AS r
                                         WHERE r.error IS NULL));
    -- Steps only for the chunk's computed returns (the results were checked against the chunk), in
    -- the order sent; an unknown key, or keys and amounts of different lengths, leave a NULL that
    -- the table refuses.
    INSERT INTO ledger.assessment_step (assessment_id, seq, code, label, amount)
        SELECT r.assessment_id, s.seq::smallint, k.code, k.label, s.amount
          FROM pg_temp.batch_result AS r
         CROSS JOIN LATERAL unnest(r.step_keys, r.step_amounts) WITH ORDINALITY AS s(key, amount, seq)
          LEFT JOIN pg_temp.batch_step_key AS k ON k.tax_year = run.tax_year AND k.key = s.key
         WHERE r.error IS NULL;
    INSERT INTO ledger.batch_pending (run_id, after_person_id, last_person_id, in_range, staged, failed)
        VALUES (run.run_id, p_after, p_last, in_range, staged, failed);
    TRUNCATE pg_temp.batch_result;
    RETURN (staged - failed)::integer;
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.batch_write(ledger.batch_run, bigint, bigint) FROM PUBLIC;

-- Move the run over a chunk written in this transaction, once the chunk before it has committed
-- (the run is at p_after). Locks the run for the rest of the transaction and appends the audit row.
CREATE FUNCTION ledger.batch_move(p_run_id integer, p_after bigint, p_last bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run ledger.batch_run;
    pending ledger.batch_pending;
BEGIN
    -- The transaction storing the chunk before this one (it claimed the chunk ending at p_after)
    -- ends first; before that, this transaction takes no lock that one could need.
    PERFORM pg_advisory_xact_lock_shared(ledger.batch_lock_key(p_run_id, p_after));
    -- NO KEY UPDATE: readers of the run's key (batch_read's reference) are not held up.
    SELECT * INTO STRICT run FROM ledger.batch_run AS b
     WHERE b.run_id = p_run_id AND b.finished_at IS NULL FOR NO KEY UPDATE;
    DELETE FROM ledger.batch_pending AS p WHERE p.run_id = run.run_id AND p.after_person_id = p_after
        RETURNING * INTO pending;
    IF NOT FOUND OR pending.last_person_id IS DISTINCT FROM p_last THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '一括賦課の結果がこのトランザクションで保存されていません。',
            HINT = 'no chunk with this range was stored by api.batch_store in this transaction';
    END IF;
    -- One chunk per transaction: the run has not moved in this one already (the top-level
    -- transaction, savepoints included; a rolled back savepoint takes its move with it).
    IF run.moved_in = pg_current_xact_id() THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_transaction_state',
            MESSAGE = '一括賦課の位置は1回のトランザクションで1チャンクだけ進められます。',
            HINT = 'the run already moved in this transaction';
    END IF;
    IF run.last_person_id <> p_after THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('一括賦課の位置が正しくありません（現在の位置 %s、この結果の開始 %s）。前の結果が確定していません。',
                             run.last_person_id, p_after),
            HINT = 'the chunk before this one has not committed';
    END IF;
    -- No return was added to the range or removed from it since the chunk was written (one added
    -- would be passed over). The chunk's own returns are locked by their update; those it left
    -- (refused by the engine, notified, decided) may change meanwhile, as before 0015.
    IF (SELECT count(*) FROM ledger.assessment AS a
         WHERE a.tax_year = run.tax_year AND a.person_id > p_after AND a.person_id <= p_last) <> pending.in_range THEN
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = '一括賦課の処理中に対象の賦課が変更されました。もう一度実行してください。',
            HINT = 'the returns of the chunk changed before the run moved over it';
    END IF;
    UPDATE ledger.batch_run AS b SET last_person_id = p_last, moved_in = pg_current_xact_id(),
           assessed = b.assessed + (pending.staged - pending.failed), errors = b.errors + pending.failed
     WHERE b.run_id = run.run_id;
    PERFORM audit.record_change('assessment.batch_store', NULL, run.tax_year, 'assessment', 'ok',
                         format('run=%s persons=%s..%s count=%s errors=%s', run.run_id, p_after + 1, p_last,
                                pending.staged, pending.failed));
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.batch_move(integer, bigint, bigint) FROM PUBLIC;

CREATE FUNCTION api.batch_store(p_run_id integer, p_after bigint, p_last_person_id bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN ledger.batch_write(ledger.batch_run_open(p_run_id), p_after, p_last_person_id);
END
$$;

CREATE FUNCTION api.batch_advance(p_run_id integer, p_after bigint, p_last_person_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ledger.batch_run_open(p_run_id);
    PERFORM ledger.batch_move(p_run_id, p_after, p_last_person_id);
END
$$;

-- The single call of 0013: holds the run for its transaction and does all three steps.
CREATE OR REPLACE FUNCTION api.batch_store(p_run_id integer, p_last_person_id bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run ledger.batch_run;
    written integer;
BEGIN
    PERFORM ledger.batch_run_open(p_run_id);
    SELECT * INTO STRICT run FROM ledger.batch_run AS b
     WHERE b.run_id = p_run_id AND b.finished_at IS NULL FOR NO KEY UPDATE;
    PERFORM ledger.batch_declare(run.tax_year);
    written := ledger.batch_write(run, run.last_person_id, p_last_person_id);
    PERFORM ledger.batch_move(run.run_id, run.last_person_id, p_last_person_id);
    RETURN written;
END
$$;

-- Closing a run is for the client working on it (was: any r_assessor could close any open run).
CREATE OR REPLACE FUNCTION api.batch_close(p_run_id integer)
    RETURNS TABLE (assessed integer, errors integer, seconds double precision)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run ledger.batch_run;
BEGIN
    PERFORM ledger.batch_run_open(p_run_id);
    UPDATE ledger.batch_run AS b SET finished_at = now()
     WHERE b.run_id = p_run_id AND b.finished_at IS NULL RETURNING * INTO STRICT run;
    PERFORM audit.record_change('batch.close', NULL, run.tax_year, 'assessment', 'ok',
                         format('run=%s assessed=%s', run.run_id, run.assessed));
    RETURN QUERY SELECT run.assessed, run.errors, extract(epoch FROM run.finished_at - run.started_at)::double precision;
END
$$;

-- The returns after p_after (at or beyond the run's position), as in 0013.
CREATE OR REPLACE FUNCTION api.batch_inputs(p_run_id integer, p_after bigint, p_limit integer)
    RETURNS TABLE (assessment_id bigint, person_id bigint, birth_date date, sex text,
                   salary_revenue bigint, pension_revenue bigint, business_income bigint,
                   agriculture_income bigint, real_estate_income bigint, interest_income bigint,
                   dividend_income bigint, misc_income bigint, items smallint[], item_amounts bigint[],
                   rel_kind text[], rel_birth date[], rel_disability text[], rel_cohabiting boolean[],
                   rel_declared bigint[], rel_salary bigint[], rel_pension bigint[], rel_other bigint[],
                   version integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run ledger.batch_run;
    upto bigint;
    ids bigint[];
    relatives bigint[];
BEGIN
    run := ledger.batch_run_open(p_run_id);
    SELECT r.read_upto INTO upto FROM ledger.batch_read AS r WHERE r.run_id = run.run_id FOR UPDATE;
    IF p_after IS NULL OR p_after IS DISTINCT FROM run.last_person_id AND p_after IS DISTINCT FROM upto THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '一括賦課の読込み位置が正しくありません（処理済みの位置か、読み込んだ続きから読みます）。',
            HINT = 'p_after must be the run position or where the previous read ended';
    END IF;
    -- The persons, chosen once: the rows returned and the audit row name the same persons.
    ids := ARRAY(SELECT a.person_id FROM ledger.assessment AS a
                  WHERE a.tax_year = run.tax_year AND a.person_id > p_after AND a.status <> 'notified'
                    AND NOT EXISTS (SELECT 1 FROM ledger.assessment_version AS v
                                     WHERE v.assessment_id = a.assessment_id AND v.source <> 'before')
                  ORDER BY a.person_id LIMIT least(greatest(p_limit, 1), 50000));
    INSERT INTO ledger.batch_read AS r (run_id, read_upto) VALUES (run.run_id, coalesce(ids[cardinality(ids)], p_after))
        ON CONFLICT (run_id) DO UPDATE SET read_upto = excluded.read_upto;
    -- The relatives whose dates and incomes come with the returns are named in the audit row too.
    relatives := ARRAY(SELECT d.dependant_person_id FROM ledger.dependant AS d
                         JOIN ledger.assessment AS a ON a.assessment_id = d.assessment_id
                        WHERE a.tax_year = run.tax_year AND a.person_id = ANY (ids)
                       EXCEPT SELECT unnest(ids));
    RETURN QUERY
        WITH chunk AS (
            SELECT a.* FROM ledger.assessment AS a
             WHERE a.tax_year = run.tax_year AND a.person_id = ANY (ids)),
        persons AS (
            SELECT p.person_id, p.birth_date, p.sex FROM ledger.person AS p WHERE p.person_id = ANY (ids))
        SELECT c.assessment_id, c.person_id, p.birth_date, p.sex::text, c.salary_revenue, c.pension_revenue,
               c.business_income, c.agriculture_income, c.real_estate_income, c.interest_income,
               c.dividend_income, c.misc_income, i.codes, i.amounts, r.kinds, r.births, r.disabilities,
               r.cohabiting, r.declared, r.salaries, r.pensions, r.others, c.version
          FROM chunk AS c
          JOIN persons AS p ON p.person_id = c.person_id
          LEFT JOIN LATERAL (
              SELECT array_agg(ai.item_code ORDER BY ai.item_code) AS codes,
                     array_agg(ai.amount ORDER BY ai.item_code) AS amounts
                FROM ledger.assessment_item AS ai
               WHERE ai.assessment_id = c.assessment_id AND ai.amount IS NOT NULL) AS i ON true
          LEFT JOIN LATERAL (
              SELECT array_agg(d.kind ORDER BY d.kind DESC, d.dependant_person_id) AS kinds,
                     array_agg(dp.birth_date ORDER BY d.kind DESC, d.dependant_person_id) AS births,
                     array_agg(d.disability ORDER BY d.kind DESC, d.dependant_person_id) AS disabilities,
                     array_agg(d.cohabiting ORDER BY d.kind DESC, d.dependant_person_id) AS cohabiting,
                     array_agg(d.total_income ORDER BY d.kind DESC, d.dependant_person_id) AS declared,
                     array_agg(coalesce(da.salary_revenue, 0) ORDER BY d.kind DESC, d.dependant_person_id)
                         AS salaries,
                     array_agg(coalesce(da.pension_revenue, 0) ORDER BY d.kind DESC, d.dependant_person_id)
                         AS pensions,
                     array_agg(coalesce(da.business_income + da.agriculture_income + da.real_estate_income
                                        + da.interest_income + da.dividend_income + da.misc_income, 0)
                               ORDER BY d.kind DESC, d.dependant_person_id) AS others
                FROM ledger.dependant AS d
                JOIN ledger.person AS dp ON dp.person_id = d.dependant_person_id
                LEFT JOIN ledger.assessment AS da
                       ON da.person_id = d.dependant_person_id AND da.tax_year = c.tax_year
               WHERE d.assessment_id = c.assessment_id) AS r ON true
         ORDER BY c.person_id;
    PERFORM audit.record('assessment.batch_read', NULL, run.tax_year, 'assessment', 'ok',
                         format('run=%s after=%s count=%s relatives=%s', run.run_id, p_after, cardinality(ids),
                                cardinality(relatives)), ids || relatives);
END
$$;

REVOKE EXECUTE ON FUNCTION api.batch_attach(integer), api.batch_declare_steps(integer),
                           api.batch_claim(integer, bigint, bigint), api.batch_store(integer, bigint, bigint),
                           api.batch_advance(integer, bigint, bigint), ledger.batch_lock_key(integer, bigint)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.batch_attach(integer), api.batch_declare_steps(integer),
                          api.batch_claim(integer, bigint, bigint), api.batch_store(integer, bigint, bigint),
                          api.batch_advance(integer, bigint, bigint)
    TO r_assessor;
