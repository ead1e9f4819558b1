-- The batch leaves alone what a second person decided. An assessment with an approved proposal or
-- reduction (issue 6, maker-checker) was computed from inputs the batch does not read (every item
-- of the return, approved reductions) and agreed by two staff members; recomputing it in bulk would
-- overwrite that decision. api.batch_inputs and api.batch_store (0002) now skip such assessments;
-- everything else about them is unchanged. Runs as juminzei_owner.

CREATE FUNCTION ledger.decided_by_approval(p_assessment_id bigint) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM ledger.assessment_version AS v
                    WHERE v.assessment_id = p_assessment_id AND v.source <> 'before')
$$;
REVOKE EXECUTE ON FUNCTION ledger.decided_by_approval(bigint) FROM PUBLIC;

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
DECLARE
    run ledger.batch_run;
    ids bigint[];
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    SELECT * INTO STRICT run FROM ledger.batch_run AS b WHERE b.run_id = p_run_id AND b.finished_at IS NULL;
    -- The chunk's persons, chosen once: the rows returned and the audit row name the same persons.
    ids := ARRAY(SELECT a.person_id FROM ledger.assessment AS a
                  WHERE a.tax_year = run.tax_year AND a.person_id > run.last_person_id AND a.status <> 'notified' AND NOT ledger.decided_by_approval(a.assessment_id)
                  ORDER BY a.person_id LIMIT least(greatest(p_limit, 1), 50000));
    RETURN QUERY
        WITH chunk AS (
            SELECT a.* FROM ledger.assessment AS a
             WHERE a.tax_year = run.tax_year AND a.person_id = ANY (ids))
        SELECT c.assessment_id, c.person_id, p.birth_date, p.sex::text, c.salary_revenue, c.pension_revenue,
               c.business_income, c.agriculture_income, c.real_estate_income, c.interest_income,
               c.dividend_income, c.misc_income,
               coalesce(i.codes, '{}'), coalesce(i.amounts, '{}'),
               coalesce(r.kinds, '{}'), coalesce(r.births, '{}'), coalesce(r.disabilities, '{}'),
               coalesce(r.cohabiting, '{}'), coalesce(r.declared, '{}'), coalesce(r.salaries, '{}'),
               coalesce(r.pensions, '{}'), coalesce(r.others, '{}')
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
                         format('run=%s after=%s count=%s', run.run_id, run.last_person_id, cardinality(ids)), ids);
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
    SELECT count(*) INTO expected FROM ledger.assessment AS a
     WHERE a.tax_year = run.tax_year AND a.person_id > run.last_person_id AND a.person_id <= p_last_person_id
       AND a.status <> 'notified' AND NOT ledger.decided_by_approval(a.assessment_id);
    SELECT count(*) INTO staged FROM pg_temp.batch_result;
    SELECT count(*) INTO matched FROM pg_temp.batch_result AS r
      JOIN ledger.assessment AS a ON a.assessment_id = r.assessment_id
     WHERE a.tax_year = run.tax_year AND a.person_id > run.last_person_id AND a.person_id <= p_last_person_id
       AND a.status <> 'notified' AND NOT ledger.decided_by_approval(a.assessment_id);
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
     WHERE a.assessment_id = r.assessment_id AND r.error IS NULL AND a.status <> 'notified' AND NOT ledger.decided_by_approval(a.assessment_id);
    -- A return the engine refused stays a draft; the run counts it and the report lists it.
    SELECT count(*) INTO failed FROM pg_temp.batch_result AS r WHERE r.error IS NOT NULL;
    -- Through the step index (a join with the unanalysed staging table would scan every step stored so far).
    DELETE FROM ledger.assessment_step AS s
     WHERE s.assessment_id = ANY (ARRAY(SELECT r.assessment_id FROM pg_temp.batch_result AS r));
    -- Steps only for the chunk's computed returns (the results were checked against the chunk).
    INSERT INTO ledger.assessment_step (assessment_id, seq, code, label, amount)
        SELECT s.assessment_id, s.seq, s.code, s.label, s.amount FROM pg_temp.batch_step AS s
          JOIN pg_temp.batch_result AS r ON r.assessment_id = s.assessment_id AND r.error IS NULL;
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
    UPDATE ledger.batch_run AS b SET last_person_id = p_last_person_id,
           assessed = b.assessed + (staged - failed)::integer, errors = b.errors + failed::integer
     WHERE b.run_id = run.run_id;
    PERFORM audit.record_change('assessment.batch_store', NULL, run.tax_year, 'assessment', 'ok',
                         format('run=%s persons=%s..%s count=%s errors=%s', run.run_id, run.last_person_id + 1,
                                p_last_person_id, staged, failed));
    TRUNCATE pg_temp.batch_result, pg_temp.batch_step, pg_temp.batch_step_text;
    RETURN staged::integer;
END
$$;
