-- Batch assessment stores results faster (issue 3), with the same guarantees as 0011. Runs as
-- juminzei_owner.
--
-- Measured on 100,000 persons, where the time went: the foreign key of ledger.assessment_step
-- checked every one of ~1.3 M step rows on its own (a lookup and a row lock per row, ~60 % of the
-- store); ledger.decided_by_approval() was called per row three times per chunk (a function with its
-- own search_path is never inlined); the step rows crossed the wire and a staging table one by one,
-- each with its label text.
--
-- 1. The foreign key becomes statement-level triggers that enforce the same rule: a step's
--    assessment exists and is locked (FOR KEY SHARE, as the key did) once per statement and
--    assessment; deleting an assessment deletes its steps (the former ON DELETE CASCADE, also on
--    TRUNCATE); an assessment with steps cannot change its id. Staff cannot reach any of them.
-- 2. The approval test is written out in the statements (an anti-join), same rule as
--    ledger.decided_by_approval(), which stays for other callers.
-- 3. A chunk's steps travel with its results: two arrays per return (step keys and amounts, in
--    order); a key stands for a (code, label) pair declared once per session with its wording in
--    batch_step_text. The labels stored are exactly those declared, and every pair stored has its
--    step_text row for the year.
-- 4. api.batch_inputs can read ahead of the run's position (p_after), so the next returns are read
--    while the previous chunk is stored. Reading does not move the run; only batch_store does.

ALTER TABLE ledger.assessment_step DROP CONSTRAINT assessment_step_assessment_id_fkey;

-- A foreign key's cascade sees rows committed after a REPEATABLE READ snapshot (and fails such a
-- transaction); a trigger's statements do not. So deleting assessments or changing their ids is
-- refused in REPEATABLE READ, where steps inserted meanwhile would be left behind. (No api function
-- does either; the application runs READ COMMITTED, and SERIALIZABLE detects the conflict itself.)
CREATE FUNCTION ledger.refuse_snapshot_older_than_statement() RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF current_setting('transaction_isolation') = 'repeatable read' THEN
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = '賦課の削除・番号変更は READ COMMITTED か SERIALIZABLE で行ってください。',
            HINT = 'deleting assessments or changing their ids is refused under REPEATABLE READ';
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.refuse_snapshot_older_than_statement() FROM PUBLIC;

-- How far a run's returns have been read: reading continues from here or starts again at the run's
-- position, so read-ahead cannot be used to pick out single persons or the year in bulk.
CREATE TABLE ledger.batch_read (
    run_id     integer PRIMARY KEY REFERENCES ledger.batch_run,
    read_upto  bigint NOT NULL
);

CREATE FUNCTION ledger.assessment_step_parent_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    wanted bigint[];
    found bigint;
BEGIN
    wanted := ARRAY(SELECT DISTINCT n.assessment_id FROM new_steps AS n);
    -- Lock each parent once, as the foreign key locked it once per row: a concurrent delete waits.
    SELECT count(*) INTO found
      FROM (SELECT 1 FROM ledger.assessment AS a WHERE a.assessment_id = ANY (wanted) FOR KEY SHARE) AS locked;
    IF found <> cardinality(wanted) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = '計算根拠の賦課（assessment_id）が存在しません。',
            HINT = 'assessment_step.assessment_id must reference ledger.assessment';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.assessment_step_parent_check() FROM PUBLIC;

CREATE TRIGGER assessment_step_parent_insert AFTER INSERT ON ledger.assessment_step
    REFERENCING NEW TABLE AS new_steps FOR EACH STATEMENT
    EXECUTE FUNCTION ledger.assessment_step_parent_check();
CREATE TRIGGER assessment_step_parent_update AFTER UPDATE ON ledger.assessment_step
    REFERENCING NEW TABLE AS new_steps FOR EACH STATEMENT
    EXECUTE FUNCTION ledger.assessment_step_parent_check();

CREATE FUNCTION ledger.assessment_steps_cascade() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ledger.refuse_snapshot_older_than_statement();
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE ledger.assessment_step;
    ELSE
        DELETE FROM ledger.assessment_step AS s
         WHERE s.assessment_id = ANY (ARRAY(SELECT o.assessment_id FROM old_assessments AS o));
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.assessment_steps_cascade() FROM PUBLIC;

CREATE TRIGGER assessment_steps_delete AFTER DELETE ON ledger.assessment
    REFERENCING OLD TABLE AS old_assessments FOR EACH STATEMENT
    EXECUTE FUNCTION ledger.assessment_steps_cascade();
CREATE TRIGGER assessment_steps_truncate AFTER TRUNCATE ON ledger.assessment
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.assessment_steps_cascade();

CREATE FUNCTION ledger.assessment_steps_keep_id() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ledger.refuse_snapshot_older_than_statement();
    IF EXISTS (SELECT 1 FROM ledger.assessment_step AS s WHERE s.assessment_id = OLD.assessment_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = '計算根拠のある賦課の番号は変更できません。',
            HINT = 'assessment_step still references this assessment_id';
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION ledger.assessment_steps_keep_id() FROM PUBLIC;

CREATE TRIGGER assessment_steps_keep_id AFTER UPDATE OF assessment_id ON ledger.assessment
    FOR EACH ROW WHEN (OLD.assessment_id IS DISTINCT FROM NEW.assessment_id)
    EXECUTE FUNCTION ledger.assessment_steps_keep_id();

-- Staging for one session: the results (with their steps) and the wording of step keys first used
-- in the chunk; batch_step_key keeps the session's keys, filled by batch_store only.
CREATE OR REPLACE FUNCTION api.batch_open(p_tax_year integer)
    RETURNS TABLE (run_id integer, last_person_id bigint, assessed integer, remaining bigint, resumed boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run ledger.batch_run;
    was_open boolean := true;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    SELECT * INTO run FROM ledger.batch_run AS b WHERE b.tax_year = p_tax_year AND b.finished_at IS NULL;
    IF NOT FOUND THEN
        INSERT INTO ledger.batch_run (tax_year) VALUES (p_tax_year) RETURNING * INTO run;
        was_open := false;
    END IF;
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
    PERFORM audit.record_change('batch.open', NULL, p_tax_year::smallint, 'assessment', 'ok',
                         format('run=%s resumed=%s after=%s', run.run_id, was_open, run.last_person_id));
    RETURN QUERY SELECT run.run_id, run.last_person_id, run.assessed,
        (SELECT count(*) FROM ledger.assessment AS a
          WHERE a.tax_year = p_tax_year AND a.person_id > run.last_person_id),
        was_open;
END
$$;

-- The returns after p_after (at or beyond the run's position), in person order, with what the
-- engine needs of each spouse and dependant; a return without items or relatives has NULL arrays
-- (less to send and to parse). One audit row per call.
CREATE FUNCTION api.batch_inputs(p_run_id integer, p_after bigint, p_limit integer)
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
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    SELECT * INTO STRICT run FROM ledger.batch_run AS b WHERE b.run_id = p_run_id AND b.finished_at IS NULL;
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
    relatives := ARRAY(SELECT DISTINCT d.dependant_person_id FROM ledger.dependant AS d
                         JOIN ledger.assessment AS a ON a.assessment_id = d.assessment_id
                        WHERE a.tax_year = run.tax_year AND a.person_id = ANY (ids)
                          AND d.dependant_person_id <> ALL (ids));
    RETURN QUERY
        WITH chunk AS (
            SELECT a.* FROM ledger.assessment AS a
             WHERE a.tax_year = run.tax_year AND a.person_id = ANY (ids))
        SELECT c.assessment_id, c.person_id, p.birth_date, p.sex::text, c.salary_revenue, c.pension_revenue,
               c.business_income, c.agriculture_income, c.real_estate_income, c.interest_income,
               c.dividend_income, c.misc_income, i.codes, i.amounts, r.kinds, r.births, r.disabilities,
               r.cohabiting, r.declared, r.salaries, r.pensions, r.others, c.version
          FROM chunk AS c
          JOIN ledger.person AS p ON p.person_id = c.person_id
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

-- The former call: the returns after the run's position, with empty arrays as before.
CREATE OR REPLACE FUNCTION api.batch_inputs(p_run_id integer, p_limit integer)
    RETURNS TABLE (assessment_id bigint, person_id bigint, birth_date date, sex text,
                   salary_revenue bigint, pension_revenue bigint, business_income bigint,
                   agriculture_income bigint, real_estate_income bigint, interest_income bigint,
                   dividend_income bigint, misc_income bigint, items smallint[], item_amounts bigint[],
                   rel_kind text[], rel_birth date[], rel_disability text[], rel_cohabiting boolean[],
                   rel_declared bigint[], rel_salary bigint[], rel_pension bigint[], rel_other bigint[])
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    RETURN QUERY
        SELECT x.assessment_id, x.person_id, x.birth_date, x.sex, x.salary_revenue, x.pension_revenue,
               x.business_income, x.agriculture_income, x.real_estate_income, x.interest_income, x.dividend_income,
               x.misc_income, coalesce(x.items, '{}'), coalesce(x.item_amounts, '{}'), coalesce(x.rel_kind, '{}'),
               coalesce(x.rel_birth, '{}'), coalesce(x.rel_disability, '{}'), coalesce(x.rel_cohabiting, '{}'),
               coalesce(x.rel_declared, '{}'), coalesce(x.rel_salary, '{}'), coalesce(x.rel_pension, '{}'),
               coalesce(x.rel_other, '{}')
          FROM api.batch_inputs(p_run_id, (SELECT b.last_person_id FROM ledger.batch_run AS b
                                            WHERE b.run_id = p_run_id), p_limit) AS x;
END
$$;

CREATE OR REPLACE FUNCTION api.batch_store(p_run_id integer, p_last_person_id bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    run ledger.batch_run;
    expected bigint;
    staged bigint;
    matched bigint;
    failed bigint;
    updated bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    SELECT * INTO STRICT run FROM ledger.batch_run AS b
     WHERE b.run_id = p_run_id AND b.finished_at IS NULL FOR UPDATE;
    IF p_last_person_id <= run.last_person_id THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '一括賦課の位置が正しくありません（既に処理済みの範囲です）。',
            HINT = 'chunk end is not after the run position';
    END IF;
    -- The chunk: returns after the run's position up to p_last_person_id, not notified, not decided
    -- by an approval (the rule of ledger.decided_by_approval, written out so it is not a call per row).
    SELECT count(*) INTO expected FROM ledger.assessment AS a
     WHERE a.tax_year = run.tax_year AND a.person_id > run.last_person_id AND a.person_id <= p_last_person_id
       AND a.status <> 'notified'
       AND NOT EXISTS (SELECT 1 FROM ledger.assessment_version AS v
                        WHERE v.assessment_id = a.assessment_id AND v.source <> 'before');
    SELECT count(*), count(*) FILTER (WHERE r.error IS NOT NULL) INTO staged, failed FROM pg_temp.batch_result AS r;
    SELECT count(*) INTO matched FROM pg_temp.batch_result AS r
      JOIN ledger.assessment AS a ON a.assessment_id = r.assessment_id
     WHERE a.tax_year = run.tax_year AND a.person_id > run.last_person_id AND a.person_id <= p_last_person_id
       AND a.status <> 'notified'
       AND NOT EXISTS (SELECT 1 FROM ledger.assessment_version AS v
                        WHERE v.assessment_id = a.assessment_id AND v.source <> 'before');
    IF staged <> expected OR matched <> expected THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('一括賦課の結果が範囲と一致しません（対象 %s 件、結果 %s 件、一致 %s 件）。',
                             expected, staged, matched),
            HINT = 'staged results do not cover exactly the chunk';
    END IF;
    -- The wording of a step, once stored for a year, is not rewritten by a batch.
    IF EXISTS (SELECT 1 FROM pg_temp.batch_step_text AS t
                 JOIN ledger.step_text AS k ON k.tax_year = run.tax_year AND k.code = t.code AND k.label = t.label
                WHERE (k.rule, k.source) IS DISTINCT FROM (t.rule, t.source)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '計算根拠の文言がこの年度の登録内容と異なります。税制パラメータの版を確認してください。',
            HINT = 'step wording differs from the wording stored for this tax year';
    END IF;
    INSERT INTO ledger.step_text (tax_year, code, label, rule, source)
        SELECT DISTINCT run.tax_year, t.code, t.label, t.rule, t.source FROM pg_temp.batch_step_text AS t
        ON CONFLICT (tax_year, code, label) DO NOTHING;
    -- Keys declared in this chunk (a key declared twice is refused by the key's primary key).
    INSERT INTO pg_temp.batch_step_key (tax_year, key, code, label)
        SELECT run.tax_year, t.key, t.code, t.label FROM pg_temp.batch_step_text AS t;
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
    UPDATE ledger.batch_run AS b SET last_person_id = p_last_person_id,
           assessed = b.assessed + (staged - failed)::integer, errors = b.errors + failed::integer
     WHERE b.run_id = run.run_id;
    PERFORM audit.record_change('assessment.batch_store', NULL, run.tax_year, 'assessment', 'ok',
                         format('run=%s persons=%s..%s count=%s errors=%s', run.run_id, run.last_person_id + 1,
                                p_last_person_id, staged, failed));
    TRUNCATE pg_temp.batch_result, pg_temp.batch_step_text;
    RETURN staged::integer;
END
$$;

REVOKE EXECUTE ON FUNCTION api.batch_inputs(integer, bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.batch_inputs(integer, bigint, integer) TO r_assessor;
