-- Assessment work (issue 6): returns entered on the screen become proposals; a second staff member
-- with r_approver approves (or returns) them; every approved state of an assessment is kept as a
-- version with who and when; corrections of a notified year leave a 税額変更通知書 to print;
-- 減免 (reductions) follow the same maker-checker path and are applied by the database itself.
-- Runs as juminzei_owner.
--
-- Where the tax is computed: the engine is Python, so clients compute. The database never takes one
-- client's word for an amount: the proposer's client computes when it submits (stored with the
-- proposal), the approver's client recomputes from the inputs the database hands it, and the
-- approval is refused unless both results are identical (amounts, every step, engine and parameter
-- fingerprint) and internally consistent (the steps name the same amounts as the columns). The
-- incomes entered, the items and the relatives are stored from the proposal itself, never from a
-- result. So one modified client cannot store an amount of its own: it takes two staff members
-- acting together, which is what maker-checker is for, and both are in the audit trail.

-- The items a return may carry (a subset of 別添1): amounts paid and the taxpayer's own status codes.
CREATE TABLE ledger.return_item (
    item_code  smallint PRIMARY KEY REFERENCES ledger.item_code,
    allowed    text[]                -- for code items: the values allowed; NULL for amounts
);
INSERT INTO ledger.return_item (item_code, allowed) VALUES
    (136, NULL), (137, NULL), (138, NULL), (139, NULL), (140, NULL), (141, NULL), (142, NULL),
    (148, NULL), (149, NULL), (150, NULL), (151, NULL), (152, NULL), (154, NULL),
    (16, ARRAY['0', '1', '2']),                    -- 障害区分: なし / 障害者 / 特別障害者
    (17, ARRAY['0', '1', '2', '3', '4', '5']);     -- 寡婦 / ひとり親 / 勤労学生 / ひとり親+勤労学生 / 寡婦+勤労学生
-- Every code item of a return must be a code item of the closed list, every other an amount item.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM ledger.return_item AS r JOIN ledger.item_code AS c USING (item_code)
                WHERE (r.allowed IS NULL) <> (c.kind = 'amount') OR c.kind NOT IN ('amount', 'code')) THEN
        RAISE EXCEPTION 'return_item does not match the kinds of the closed item list';
    END IF;
END
$$;

-- A proposed registration or correction of one person's assessment for one tax year.
CREATE TABLE ledger.proposal (
    proposal_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id        bigint NOT NULL REFERENCES ledger.person,
    tax_year         smallint NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    kind             text NOT NULL CHECK (kind IN ('registration', 'correction')),
    base_version     integer NOT NULL CHECK (base_version >= 0),   -- 0: no assessment yet
    base_status      text,
    base_inputs      jsonb,          -- the current version's inputs when proposed (NULL: none)
    base_amounts     jsonb,
    inputs           jsonb NOT NULL, -- normalised by ledger.normalize_inputs
    maker_result     jsonb NOT NULL, -- what the proposer's engine computed
    -- The relatives' data (ledger.relatives_info) when proposed: what the proposer computed from.
    -- Approval is refused unless the live data still equals it, so both clients computed from it.
    relatives_info   jsonb NOT NULL DEFAULT '[]',
    reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 400),
    proposed_by      text NOT NULL DEFAULT session_user,
    proposed_at      timestamptz NOT NULL DEFAULT now(),
    state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'approved', 'returned')),
    decided_by       text,
    decided_at       timestamptz,
    decision_comment text CHECK (length(decision_comment) <= 400),
    CHECK ((state = 'open') = (decided_by IS NULL) AND (decided_by IS NULL) = (decided_at IS NULL)),
    CHECK (decided_by IS DISTINCT FROM proposed_by),           -- nobody decides their own proposal
    CHECK (state <> 'returned' OR length(btrim(coalesce(decision_comment, ''))) > 0)
);
CREATE UNIQUE INDEX proposal_one_open ON ledger.proposal (person_id, tax_year) WHERE state = 'open';
CREATE INDEX proposal_open_year ON ledger.proposal (tax_year, proposed_at) WHERE state = 'open';
CREATE INDEX proposal_person ON ledger.proposal (person_id, tax_year);

-- 減免: an application to reduce a person's tax, decided by a second staff member.
CREATE TABLE ledger.reduction (
    reduction_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assessment_id    bigint NOT NULL REFERENCES ledger.assessment ON DELETE CASCADE,
    person_id        bigint NOT NULL,
    tax_year         smallint NOT NULL,
    category         text NOT NULL CHECK (category IN ('disaster', 'poverty', 'illness', 'unemployment', 'other')),
    evidence_kind    text NOT NULL CHECK (evidence_kind IN
                     ('disaster_certificate', 'income_statement', 'medical_certificate', 'separation_notice',
                      'other_document')),
    evidence_ref     text NOT NULL CHECK (evidence_ref ~ '^[0-9A-Za-z-]{1,30}$'),  -- document number only
    application_date date NOT NULL,
    target           text NOT NULL CHECK (target IN ('income_levy', 'all')),
    rate_percent     smallint CHECK (rate_percent BETWEEN 1 AND 100),
    amount           bigint CHECK (amount > 0 AND amount % 100 = 0),
    base_version     integer NOT NULL,
    reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 400),
    proposed_by      text NOT NULL DEFAULT session_user,
    proposed_at      timestamptz NOT NULL DEFAULT now(),
    state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'approved', 'returned')),
    decided_by       text,
    decided_at       timestamptz,
    decision_comment text CHECK (length(decision_comment) <= 400),
    CHECK (num_nonnulls(rate_percent, amount) = 1),
    CHECK (amount IS NULL OR target = 'income_levy'),           -- an amount comes off the 所得割
    CHECK ((state = 'open') = (decided_by IS NULL) AND (decided_by IS NULL) = (decided_at IS NULL)),
    CHECK (decided_by IS DISTINCT FROM proposed_by),
    CHECK (state <> 'returned' OR length(btrim(coalesce(decision_comment, ''))) > 0),
    FOREIGN KEY (assessment_id, person_id) REFERENCES ledger.assessment (assessment_id, person_id)
);
CREATE UNIQUE INDEX reduction_one_open ON ledger.reduction (assessment_id) WHERE state = 'open';
CREATE UNIQUE INDEX reduction_one_approved ON ledger.reduction (assessment_id) WHERE state = 'approved';

-- Every state an assessment has had since assessment work began, with who proposed and approved it.
-- Version rows are written only by the api below and never changed.
CREATE TABLE ledger.assessment_version (
    assessment_id  bigint NOT NULL REFERENCES ledger.assessment ON DELETE CASCADE,
    version        integer NOT NULL CHECK (version > 0),
    person_id      bigint NOT NULL,
    tax_year       smallint NOT NULL,
    source         text NOT NULL CHECK (source IN ('before', 'proposal', 'reduction')),
    proposal_id    bigint REFERENCES ledger.proposal,
    reduction_id   bigint REFERENCES ledger.reduction,
    status         text NOT NULL,
    inputs         jsonb NOT NULL,
    amounts        jsonb NOT NULL,
    steps          jsonb NOT NULL,
    relatives_info jsonb,          -- the relatives' data the amounts were computed from (reproducible)
    engine         text,           -- engine and parameter fingerprint that computed the amounts
    proposed_by    text,
    proposed_at    timestamptz,
    approved_by    text NOT NULL,
    approved_at    timestamptz NOT NULL,
    reason         text,
    PRIMARY KEY (assessment_id, version),
    CHECK ((source = 'proposal') = (proposal_id IS NOT NULL)),
    CHECK ((source = 'reduction') = (reduction_id IS NOT NULL)),
    CHECK (source = 'before' OR approved_by IS DISTINCT FROM proposed_by)
);
CREATE INDEX assessment_version_person ON ledger.assessment_version (person_id, tax_year);
CREATE TRIGGER assessment_version_insert_only BEFORE UPDATE OR DELETE ON ledger.assessment_version
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION audit.refuse_change();

-- 税額変更通知書 due after a notified year's tax changed.
CREATE TABLE ledger.change_notice (
    notice_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assessment_id  bigint NOT NULL REFERENCES ledger.assessment ON DELETE CASCADE,
    person_id      bigint NOT NULL,
    tax_year       smallint NOT NULL,
    version        integer NOT NULL,
    old_amounts    jsonb NOT NULL,
    new_amounts    jsonb NOT NULL,
    collection_method text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text NOT NULL DEFAULT session_user,
    FOREIGN KEY (assessment_id, version) REFERENCES ledger.assessment_version ON DELETE CASCADE
);
CREATE INDEX change_notice_person ON ledger.change_notice (person_id, tax_year);

-- ---------------------------------------------------------------------------------------------
-- Helpers (no EXECUTE for staff)

CREATE FUNCTION ledger.input_error(p_field text, p_ja text, p_en text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
        MESSAGE = format('入力項目 %s: %s', p_field, p_ja), HINT = format('field %s: %s', p_field, p_en),
        DETAIL = p_field;
END
$$;

-- A whole number of yen within the range of the ledger (negative only where a loss is possible).
CREATE FUNCTION ledger.input_amount(p jsonb, p_key text, p_field text, p_signed boolean) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v jsonb := p -> p_key;
    n numeric;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        RETURN 0;
    END IF;
    IF jsonb_typeof(v) <> 'number' THEN
        PERFORM ledger.input_error(p_field, '金額は円単位の整数で入力してください。', 'an amount must be whole yen');
    END IF;
    n := (v #>> '{}')::numeric;
    IF n <> trunc(n) THEN
        PERFORM ledger.input_error(p_field, '金額は円単位の整数で入力してください。', 'an amount must be whole yen');
    END IF;
    IF NOT p_signed AND n < 0 THEN
        PERFORM ledger.input_error(p_field, '負の金額は入力できません。', 'negative amounts are not allowed');
    END IF;
    IF abs(n) > 99999999999 THEN
        PERFORM ledger.input_error(p_field, '金額が大きすぎます。', 'amount too large');
    END IF;
    RETURN n::bigint;
END
$$;

-- The inputs of a return in their one canonical form, or a refusal naming the field. The screens
-- check the same rules first; this is the control a modified client cannot skip.
CREATE FUNCTION ledger.normalize_inputs(p jsonb, p_person_id bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text;
    v jsonb;
    items jsonb := '{}';
    codes jsonb := '{}';
    rels jsonb := '[]';
    r jsonb;
    seen bigint[] := '{}';
    spouses integer := 0;
    rel_id bigint;
    i integer := 0;
    allowed_codes text[];
BEGIN
    IF p IS NULL OR jsonb_typeof(p) <> 'object' THEN
        PERFORM ledger.input_error('(入力)', '申告内容がありません。', 'no return data');
    END IF;
    FOR k IN SELECT jsonb_object_keys(p) LOOP
        IF k NOT IN ('filing_kind', 'employer_no', 'collection_method', 'salary_revenue', 'pension_revenue',
                     'business_income', 'agriculture_income', 'real_estate_income', 'interest_income',
                     'dividend_income', 'misc_income', 'items', 'codes', 'relatives') THEN
            PERFORM ledger.input_error(k, '未知の項目です。', 'unknown field');
        END IF;
    END LOOP;
    IF coalesce(p ->> 'filing_kind', '') NOT IN ('salary_report', 'pension_report', 'final_return',
                                                 'resident_return', 'none') THEN
        PERFORM ledger.input_error('filing_kind', '申告区分を選択してください。', 'choose the kind of return');
    END IF;
    IF coalesce(p ->> 'collection_method', '') NOT IN ('ordinary', 'payroll', 'pension', 'payroll_and_ordinary',
                                                       'pension_and_ordinary', 'none') THEN
        PERFORM ledger.input_error('collection_method', '徴収方法を選択してください。', 'choose the collection method');
    END IF;
    IF (p ->> 'employer_no') IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM ledger.employer AS e WHERE e.employer_no = p ->> 'employer_no') THEN
        PERFORM ledger.input_error('employer_no', '登録されていない事業所番号（指定番号）です。',
                                   'unknown employer number');
    END IF;
    IF (p ->> 'collection_method') IN ('payroll', 'payroll_and_ordinary') AND (p ->> 'employer_no') IS NULL THEN
        PERFORM ledger.input_error('employer_no', '給与特別徴収には事業所番号が必要です。',
                                   'payroll withholding needs the employer number');
    END IF;
    IF p ? 'items' AND jsonb_typeof(p -> 'items') <> 'object' OR p ? 'codes' AND jsonb_typeof(p -> 'codes') <> 'object'
       OR p ? 'relatives' AND jsonb_typeof(p -> 'relatives') <> 'array' THEN
        PERFORM ledger.input_error('items', '形式が正しくありません。', 'malformed');
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(coalesce(p -> 'items', '{}')) LOOP
        IF k !~ '^[0-9]{1,3}$' OR NOT EXISTS (SELECT 1 FROM ledger.return_item AS ri
                                                WHERE ri.item_code = k::smallint AND ri.allowed IS NULL) THEN
            PERFORM ledger.input_error('items.' || k, '申告で登録できる記録項目（別添1）ではありません。',
                                       'not an item a return may record (closed list)');
        END IF;
        IF ledger.input_amount(p -> 'items', k, 'items.' || k, false) <> 0 THEN
            items := items || jsonb_build_object(k::smallint::text, ledger.input_amount(p -> 'items', k, '', false));
        END IF;
    END LOOP;
    FOR k, v IN SELECT * FROM jsonb_each(coalesce(p -> 'codes', '{}')) LOOP
        SELECT ri.allowed INTO allowed_codes FROM ledger.return_item AS ri
         WHERE k ~ '^[0-9]{1,3}$' AND ri.item_code = k::smallint AND ri.allowed IS NOT NULL;
        IF allowed_codes IS NULL THEN
            PERFORM ledger.input_error('codes.' || k, '申告で登録できる記録項目（別添1）ではありません。',
                                       'not an item a return may record (closed list)');
        END IF;
        IF jsonb_typeof(v) <> 'string' OR NOT (v #>> '{}') = ANY (allowed_codes) THEN
            PERFORM ledger.input_error('codes.' || k, '区分の値が正しくありません。', 'invalid code value');
        END IF;
        IF v #>> '{}' <> '0' THEN
            codes := codes || jsonb_build_object(k::smallint::text, v);
        END IF;
    END LOOP;
    FOR r IN SELECT value FROM jsonb_array_elements(coalesce(p -> 'relatives', '[]')) LOOP
        k := format('relatives[%s]', i);
        IF jsonb_typeof(r) <> 'object' OR EXISTS (SELECT 1 FROM jsonb_object_keys(r) AS x(key)
              WHERE x.key NOT IN ('person_id', 'kind', 'disability', 'cohabiting', 'total_income')) THEN
            PERFORM ledger.input_error(k, '形式が正しくありません。', 'malformed');
        END IF;
        IF jsonb_typeof(r -> 'person_id') <> 'number' THEN
            PERFORM ledger.input_error(k || '.person_id', '宛名番号を入力してください。', 'person number required');
        END IF;
        rel_id := (r ->> 'person_id')::numeric::bigint;
        IF rel_id = p_person_id THEN
            PERFORM ledger.input_error(k || '.person_id', '本人を配偶者・扶養親族にはできません。',
                                       'the taxpayer cannot be their own relative');
        END IF;
        IF rel_id = ANY (seen) THEN
            PERFORM ledger.input_error(k || '.person_id', '同じ方が二度入力されています。', 'listed twice');
        END IF;
        IF NOT EXISTS (SELECT 1 FROM ledger.person AS x WHERE x.person_id = rel_id) THEN
            PERFORM ledger.input_error(k || '.person_id', 'その宛名番号の方は登録されていません。', 'no such person');
        END IF;
        seen := seen || rel_id;
        IF coalesce(r ->> 'kind', '') NOT IN ('spouse', 'dependant') THEN
            PERFORM ledger.input_error(k || '.kind', '配偶者か扶養親族かを選択してください。', 'spouse or dependant');
        END IF;
        IF r ->> 'kind' = 'spouse' THEN
            spouses := spouses + 1;
            IF spouses > 1 THEN
                PERFORM ledger.input_error(k || '.kind', '配偶者は一人までです。', 'at most one spouse');
            END IF;
        END IF;
        IF coalesce(r ->> 'disability', 'none') NOT IN ('none', 'general', 'special', 'special_cohabiting') THEN
            PERFORM ledger.input_error(k || '.disability', '障害区分が正しくありません。', 'invalid disability');
        END IF;
        IF r ? 'cohabiting' AND jsonb_typeof(r -> 'cohabiting') <> 'boolean' THEN
            PERFORM ledger.input_error(k || '.cohabiting', '同居の別が正しくありません。', 'must be true or false');
        END IF;
        rels := rels || jsonb_build_array(jsonb_build_object(
            'person_id', rel_id, 'kind', r ->> 'kind', 'disability', coalesce(r ->> 'disability', 'none'),
            'cohabiting', coalesce((r ->> 'cohabiting')::boolean, true),
            'total_income', CASE WHEN jsonb_typeof(r -> 'total_income') IS DISTINCT FROM 'null' AND r ? 'total_income'
                                 THEN ledger.input_amount(r, 'total_income', k || '.total_income', false) END));
        i := i + 1;
    END LOOP;
    -- Spouse first, then dependants by person number: the order the ledger reads them back in.
    SELECT coalesce(jsonb_agg(x.value ORDER BY x.value ->> 'kind' DESC, (x.value ->> 'person_id')::bigint), '[]')
      INTO rels FROM jsonb_array_elements(rels) AS x;
    RETURN jsonb_build_object(
        'filing_kind', p ->> 'filing_kind', 'employer_no', p ->> 'employer_no',
        'collection_method', p ->> 'collection_method',
        'salary_revenue', ledger.input_amount(p, 'salary_revenue', 'salary_revenue', false),
        'pension_revenue', ledger.input_amount(p, 'pension_revenue', 'pension_revenue', false),
        'business_income', ledger.input_amount(p, 'business_income', 'business_income', true),
        'agriculture_income', ledger.input_amount(p, 'agriculture_income', 'agriculture_income', true),
        'real_estate_income', ledger.input_amount(p, 'real_estate_income', 'real_estate_income', true),
        'interest_income', ledger.input_amount(p, 'interest_income', 'interest_income', false),
        'dividend_income', ledger.input_amount(p, 'dividend_income', 'dividend_income', true),
        'misc_income', ledger.input_amount(p, 'misc_income', 'misc_income', true),
        'items', items, 'codes', codes, 'relatives', rels);
END
$$;

-- The inputs of an assessment as stored, in the canonical form of ledger.normalize_inputs.
CREATE FUNCTION ledger.assessment_inputs(p_assessment_id bigint) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN (SELECT jsonb_build_object(
        'filing_kind', a.filing_kind, 'employer_no', a.employer_no, 'collection_method', a.collection_method,
        'salary_revenue', a.salary_revenue, 'pension_revenue', a.pension_revenue,
        'business_income', a.business_income, 'agriculture_income', a.agriculture_income,
        'real_estate_income', a.real_estate_income, 'interest_income', a.interest_income,
        'dividend_income', a.dividend_income, 'misc_income', a.misc_income,
        'items', coalesce((SELECT jsonb_object_agg(i.item_code::text, i.amount)
                             FROM ledger.assessment_item AS i JOIN ledger.return_item AS r USING (item_code)
                            WHERE i.assessment_id = a.assessment_id AND r.allowed IS NULL AND i.amount <> 0), '{}'),
        'codes', coalesce((SELECT jsonb_object_agg(i.item_code::text, i.code)
                             FROM ledger.assessment_item AS i JOIN ledger.return_item AS r USING (item_code)
                            WHERE i.assessment_id = a.assessment_id AND r.allowed IS NOT NULL AND i.code <> '0'), '{}'),
        'relatives', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                   'person_id', d.dependant_person_id, 'kind', d.kind, 'disability', d.disability,
                                   'cohabiting', d.cohabiting, 'total_income', d.total_income)
                                   ORDER BY d.kind DESC, d.dependant_person_id)
                                 FROM ledger.dependant AS d WHERE d.assessment_id = a.assessment_id), '[]'))
    FROM ledger.assessment AS a WHERE a.assessment_id = p_assessment_id);

CREATE FUNCTION ledger.assessment_amounts(p_assessment_id bigint) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN (SELECT jsonb_build_object(
        'salary_income', a.salary_income, 'pension_income', a.pension_income, 'total_income', a.total_income,
        'income_base', a.income_base, 'deductions_total', a.deductions_total, 'taxable_income', a.taxable_income,
        'non_taxable', a.non_taxable, 'municipal_income_levy', a.municipal_income_levy,
        'prefectural_income_levy', a.prefectural_income_levy, 'municipal_per_capita', a.municipal_per_capita,
        'prefectural_per_capita', a.prefectural_per_capita, 'forest_environment_tax', a.forest_environment_tax,
        'annual_tax', a.annual_tax)
    FROM ledger.assessment AS a WHERE a.assessment_id = p_assessment_id);

CREATE FUNCTION ledger.assessment_steps(p_assessment_id bigint) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN coalesce((SELECT jsonb_agg(jsonb_build_array(s.code, s.label, s.amount) ORDER BY s.seq)
                   FROM ledger.assessment_step AS s WHERE s.assessment_id = p_assessment_id), '[]');

-- What a person's own incomes are, for deciding whether they count as a spouse or dependant
-- (the engine needs the birth date and, unless the return declares it, their own incomes).
CREATE FUNCTION ledger.relative_info(p_person_id bigint, p_tax_year integer) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN (SELECT jsonb_build_object(
        'person_id', p.person_id, 'family_name', p.family_name, 'given_name', p.given_name,
        'family_kana', p.family_kana, 'given_kana', p.given_kana, 'birth_date', p.birth_date, 'sex', p.sex,
        'district', p.district,
        'salary_revenue', coalesce(a.salary_revenue, 0), 'pension_revenue', coalesce(a.pension_revenue, 0),
        'other_income', coalesce(a.business_income + a.agriculture_income + a.real_estate_income
                                 + a.interest_income + a.dividend_income + a.misc_income, 0))
    FROM ledger.person AS p
    LEFT JOIN ledger.assessment AS a ON a.person_id = p.person_id AND a.tax_year = p_tax_year
   WHERE p.person_id = p_person_id);

CREATE FUNCTION ledger.relatives_info(p_inputs jsonb, p_tax_year integer) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN coalesce((SELECT jsonb_agg(ledger.relative_info((r ->> 'person_id')::bigint, p_tax_year))
                   FROM jsonb_array_elements(coalesce(p_inputs -> 'relatives', '[]')) AS r), '[]');

-- Limits on what a client sends, checked before anything walks through it (a real return is a few
-- KB with a few dozen steps; a household of more than 20 relatives on one return does not occur).
CREATE FUNCTION ledger.check_sizes(p_inputs jsonb, p_result jsonb) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_column_size(p_inputs) > 65536 OR pg_column_size(p_result) > 65536
       OR jsonb_typeof(p_result -> 'steps') = 'array' AND jsonb_array_length(p_result -> 'steps') > 300 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '入力または計算結果が大きすぎます（上限 64KB、計算根拠 300 行）。何も登録していません。',
            HINT = 'inputs or result too large';
    END IF;
    IF jsonb_typeof(p_inputs -> 'relatives') = 'array' AND jsonb_array_length(p_inputs -> 'relatives') > 20 THEN
        PERFORM ledger.input_error('relatives', '配偶者・扶養親族は20人までです。', 'at most 20 relatives');
    END IF;
END
$$;

-- A computed result as clients send it: checked for shape and for agreement between the steps and
-- the amounts. Returns the result's annual tax.
CREATE FUNCTION ledger.check_result(r jsonb) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c jsonb := r -> 'columns';
    k text;
    step jsonb;
    steps jsonb := r -> 'steps';
    annual bigint;

BEGIN
    IF jsonb_typeof(r) <> 'object' OR jsonb_typeof(c) <> 'object' OR jsonb_typeof(steps) <> 'array'
       OR jsonb_array_length(steps) = 0 OR jsonb_typeof(r -> 'engine') <> 'string'
       OR jsonb_typeof(r -> 'params_verified') <> 'boolean' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '計算結果の形式が正しくありません。', HINT = 'malformed result';
    END IF;
    FOREACH k IN ARRAY ARRAY['salary_income', 'pension_income', 'total_income', 'income_base', 'deductions_total',
                             'taxable_income', 'municipal_income_levy', 'prefectural_income_levy',
                             'municipal_per_capita', 'prefectural_per_capita', 'forest_environment_tax',
                             'annual_tax'] LOOP
        IF jsonb_typeof(c -> k) IS DISTINCT FROM 'number' THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('計算結果に %s がありません。', k), HINT = 'malformed result';
        END IF;
    END LOOP;
    FOR step IN SELECT value FROM jsonb_array_elements(steps) LOOP
        IF jsonb_typeof(step) <> 'array' OR jsonb_array_length(step) <> 5 OR jsonb_typeof(step -> 2) <> 'number'
           OR (step ->> 0) !~ '^[a-z_.0-9]{1,60}$' THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = '計算根拠の形式が正しくありません。', HINT = 'malformed step';
        END IF;
    END LOOP;
    annual := (c ->> 'municipal_income_levy')::bigint + (c ->> 'municipal_per_capita')::bigint
            + (c ->> 'prefectural_income_levy')::bigint + (c ->> 'prefectural_per_capita')::bigint
            + (c ->> 'forest_environment_tax')::bigint;
    IF annual <> (c ->> 'annual_tax')::bigint
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(steps) AS s(v),
                        (VALUES ('annual_tax', 'annual_tax'), ('levy.municipal', 'municipal_income_levy'),
                                ('levy.prefectural', 'prefectural_income_levy'), ('taxable_income', 'taxable_income'),
                                ('income.total', 'total_income'), ('income.base', 'income_base'),
                                ('deduction.total', 'deductions_total'),
                                ('forest_environment_tax', 'forest_environment_tax')) AS m(code, col)
                   WHERE s.v ->> 0 = m.code AND (s.v ->> 2)::bigint <> (c ->> m.col)::bigint)
       OR (c ->> 'non_taxable') = 'all' AND annual <> 0
       -- ledger.apply_reduction sums these steps back into the columns: exactly one of each.
       OR (c ->> 'non_taxable') <> 'all' AND EXISTS (
              SELECT 1 FROM unnest(ARRAY['annual_tax', 'levy.municipal', 'levy.prefectural']) AS m(code)
               WHERE (SELECT count(*) FROM jsonb_array_elements(steps) AS s(v) WHERE s.v ->> 0 = m.code) <> 1)
       OR (c ->> 'non_taxable') NOT IN ('none', 'all', 'income_levy')
       -- ledger.apply_reduction reads the 均等割 back from these steps: they must add up to the columns.
       OR (c ->> 'non_taxable') <> 'all' AND EXISTS (
              SELECT 1 FROM (VALUES ('per_capita.municipal', 'municipal_per_capita'),
                                    ('per_capita.prefectural', 'prefectural_per_capita')) AS m(code, col)
               WHERE (SELECT coalesce(sum((s.v ->> 2)::bigint), 0) FROM jsonb_array_elements(steps) AS s(v)
                       WHERE s.v ->> 0 = m.code) <> (c ->> m.col)::bigint) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '計算結果の税額と計算根拠が一致しません。', HINT = 'result amounts disagree with its steps';
    END IF;
    RETURN annual;
END
$$;

-- The rule text of steps, once per tax year (as the batch stores it).
CREATE FUNCTION ledger.store_step_texts(p_tax_year smallint, p_steps jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_steps) AS s(v)
                 JOIN ledger.step_text AS k ON k.tax_year = p_tax_year AND k.code = s.v ->> 0 AND k.label = s.v ->> 1
                WHERE (k.rule, k.source) IS DISTINCT FROM (s.v ->> 3, s.v ->> 4)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '計算根拠の文言がこの年度の登録内容と異なります。税制パラメータの版を確認してください。',
            HINT = 'step wording differs from the wording stored for this tax year';
    END IF;
    INSERT INTO ledger.step_text (tax_year, code, label, rule, source)
        SELECT DISTINCT p_tax_year, s.v ->> 0, s.v ->> 1, s.v ->> 3, s.v ->> 4 FROM jsonb_array_elements(p_steps) AS s(v)
        ON CONFLICT (tax_year, code, label) DO NOTHING;
END
$$;

-- Before the first change through assessment work, keep the state found (batch or import) as a version.
CREATE FUNCTION ledger.keep_first_version(p_assessment_id bigint) RETURNS void
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    INSERT INTO ledger.assessment_version (assessment_id, version, person_id, tax_year, source, status, inputs,
                                           amounts, steps, relatives_info, approved_by, approved_at)
        SELECT a.assessment_id, a.version, a.person_id, a.tax_year, 'before', a.status,
               ledger.assessment_inputs(a.assessment_id), ledger.assessment_amounts(a.assessment_id),
               ledger.assessment_steps(a.assessment_id),
               ledger.relatives_info(ledger.assessment_inputs(a.assessment_id), a.tax_year), a.updated_by, a.updated_at
          FROM ledger.assessment AS a
         WHERE a.assessment_id = p_assessment_id
           AND NOT EXISTS (SELECT 1 FROM ledger.assessment_version AS v
                            WHERE v.assessment_id = a.assessment_id AND v.version = a.version);
END;

-- 減免: apply the approved reduction of an assessment (if any) to the engine's amounts. The engine's
-- own steps keep the amounts before the reduction; the reduction gets its own lines, placed before
-- the 年税額 line, which shows the tax after it. A rate comes off each part it targets, floored to
-- 100 yen; an amount comes off the 所得割, split between 市 and 県 in the ratio of their levies.
CREATE FUNCTION ledger.apply_reduction(p_assessment_id bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a ledger.assessment;
    r ledger.reduction;
    levy_m bigint;
    levy_p bigint;
    pc_m bigint;
    pc_p bigint;
    red_m bigint := 0;
    red_p bigint := 0;
    red_pc_m bigint := 0;
    red_pc_p bigint := 0;
    next_seq integer;
    annual bigint;
    rule text;
BEGIN
    SELECT * INTO STRICT a FROM ledger.assessment WHERE assessment_id = p_assessment_id FOR UPDATE;
    DELETE FROM ledger.assessment_step WHERE assessment_id = a.assessment_id AND code LIKE 'reduction.%';
    SELECT * INTO r FROM ledger.reduction WHERE assessment_id = a.assessment_id AND state = 'approved';
    -- The engine's amounts, from its own steps (the columns may hold an earlier reduction).
    SELECT coalesce(sum(amount) FILTER (WHERE code = 'levy.municipal'), 0),
           coalesce(sum(amount) FILTER (WHERE code = 'levy.prefectural'), 0),
           coalesce(sum(amount) FILTER (WHERE code = 'per_capita.municipal'), 0),
           coalesce(sum(amount) FILTER (WHERE code = 'per_capita.prefectural'), 0)
      INTO levy_m, levy_p, pc_m, pc_p
      FROM ledger.assessment_step WHERE assessment_id = a.assessment_id;
    IF a.non_taxable = 'all' THEN
        RETURN;   -- nothing to reduce
    END IF;
    IF r.reduction_id IS NOT NULL THEN
        IF r.rate_percent IS NOT NULL THEN
            red_m := levy_m * r.rate_percent / 100 / 100 * 100;
            red_p := levy_p * r.rate_percent / 100 / 100 * 100;
            IF r.target = 'all' THEN
                red_pc_m := pc_m * r.rate_percent / 100 / 100 * 100;
                red_pc_p := pc_p * r.rate_percent / 100 / 100 * 100;
            END IF;
            rule := format('減免率 %s%%（100円未満切捨て）', r.rate_percent);
        ELSE
            IF levy_m + levy_p > 0 THEN
                red_m := least(r.amount, levy_m + levy_p) * levy_m / (levy_m + levy_p) / 100 * 100;
                red_p := least(least(r.amount, levy_m + levy_p) - red_m, levy_p);
                red_m := least(least(r.amount, levy_m + levy_p) - red_p, levy_m);
            END IF;
            rule := format('減免額 %s円を市・県の所得割の比で按分（所得割を限度）', to_char(r.amount, 'FM999,999,999,999'));
        END IF;
    END IF;
    UPDATE ledger.assessment SET
        municipal_income_levy = levy_m - red_m, prefectural_income_levy = levy_p - red_p,
        municipal_per_capita = pc_m - red_pc_m, prefectural_per_capita = pc_p - red_pc_p
     WHERE assessment_id = a.assessment_id AND non_taxable <> 'all'
    RETURNING annual_tax INTO annual;
    IF r.reduction_id IS NULL THEN
        UPDATE ledger.assessment_step SET amount = annual WHERE assessment_id = a.assessment_id AND code = 'annual_tax';
        RETURN;
    END IF;
    -- Move the 年税額 line to the end, after the reduction lines.
    SELECT max(seq) + 1 INTO next_seq FROM ledger.assessment_step WHERE assessment_id = a.assessment_id;
    INSERT INTO ledger.assessment_step (assessment_id, seq, code, label, amount)
        SELECT a.assessment_id, next_seq + n - 1, code, label, amount
          FROM (VALUES (1, 'reduction.municipal_income_levy', '減免額(市民税所得割)', red_m),
                       (2, 'reduction.prefectural_income_levy', '減免額(県民税所得割)', red_p),
                       (3, 'reduction.municipal_per_capita', '減免額(市民税均等割)', red_pc_m),
                       (4, 'reduction.prefectural_per_capita', '減免額(県民税均等割)', red_pc_p)) AS x(n, code, label, amount)
         WHERE amount <> 0 OR n = 1;
    SELECT max(seq) + 1 INTO next_seq FROM ledger.assessment_step WHERE assessment_id = a.assessment_id;
    UPDATE ledger.assessment_step SET seq = next_seq, amount = annual
     WHERE assessment_id = a.assessment_id AND code = 'annual_tax';
    INSERT INTO ledger.step_text (tax_year, code, label, rule, source)
        SELECT a.tax_year, x.code, x.label, format('減免（申請番号 %s）: %s', r.reduction_id, rule),
               '地方税法323条・367条、花巻市市税条例（減免）'
          FROM ledger.assessment_step AS x WHERE x.assessment_id = a.assessment_id AND x.code LIKE 'reduction.%'
        ON CONFLICT (tax_year, code, label) DO NOTHING;
END
$$;

-- Keep the new state as a version; when a notified year's tax changed, leave a change notice.
-- Returns the notice id (NULL when none is due).
CREATE FUNCTION ledger.record_version(p_assessment_id bigint, p_source text, p_proposal_id bigint,
                                      p_reduction_id bigint, p_engine text, p_proposed_by text,
                                      p_proposed_at timestamptz, p_reason text, p_old_amounts jsonb,
                                      p_old_status text)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a ledger.assessment;
    new_amounts jsonb := ledger.assessment_amounts(p_assessment_id);
    notice bigint;
    rels jsonb;
BEGIN
    SELECT * INTO STRICT a FROM ledger.assessment WHERE assessment_id = p_assessment_id;
    -- The relatives' data the amounts come from: the proposal's snapshot; a reduction keeps the
    -- inputs, so the previous version's.
    IF p_proposal_id IS NOT NULL THEN
        SELECT x.relatives_info INTO rels FROM ledger.proposal AS x WHERE x.proposal_id = p_proposal_id;
    ELSE
        SELECT v.relatives_info INTO rels FROM ledger.assessment_version AS v
         WHERE v.assessment_id = a.assessment_id AND v.version < a.version ORDER BY v.version DESC LIMIT 1;
    END IF;
    INSERT INTO ledger.assessment_version (assessment_id, version, person_id, tax_year, source, proposal_id,
                                           reduction_id, status, inputs, amounts, steps, relatives_info, engine,
                                           proposed_by, proposed_at, approved_by, approved_at, reason)
        VALUES (a.assessment_id, a.version, a.person_id, a.tax_year, p_source, p_proposal_id, p_reduction_id,
                a.status, ledger.assessment_inputs(a.assessment_id), new_amounts,
                ledger.assessment_steps(a.assessment_id), rels, p_engine, p_proposed_by, p_proposed_at,
                session_user, now(), p_reason);
    IF p_old_status = 'notified' AND p_old_amounts IS NOT NULL
       AND (SELECT bool_or((p_old_amounts ->> k)::bigint IS DISTINCT FROM (new_amounts ->> k)::bigint)
              FROM unnest(ARRAY['municipal_income_levy', 'municipal_per_capita', 'prefectural_income_levy',
                                'prefectural_per_capita', 'forest_environment_tax']) AS k) THEN
        INSERT INTO ledger.change_notice (assessment_id, person_id, tax_year, version, old_amounts, new_amounts,
                                          collection_method)
            VALUES (a.assessment_id, a.person_id, a.tax_year, a.version, p_old_amounts, new_amounts,
                    a.collection_method)
            RETURNING notice_id INTO notice;
    END IF;
    RETURN notice;
END
$$;

-- 令和7年度 for 2025 (messages name the year as staff say it).
CREATE FUNCTION ledger.fiscal_year_label(p_tax_year integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN p_tax_year >= 2019 THEN '令和' || CASE WHEN p_tax_year = 2019 THEN '元' ELSE (p_tax_year - 2018)::text END
            ELSE '平成' || (p_tax_year - 1988)::text END || '年度';

CREATE FUNCTION ledger.staff_name(p_role text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN (SELECT s.staff_code || ' ' || s.display_name FROM auth.staff AS s WHERE s.role_name = p_role);

-- Either capability reads the assessment-work records (clerks their proposals, approvers the queue).
CREATE FUNCTION ledger.require_assessment_work() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_capability(CASE WHEN auth.has_capability('r_approver') THEN 'r_approver'
                                         ELSE 'r_assessor' END);
END
$$;

CREATE FUNCTION ledger.conflict(p_ja text, p_en text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = p_ja, HINT = p_en;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- api

-- Everything the return entry screen needs for one person and year, in one audited read.
CREATE FUNCTION api.return_load(p_person_id bigint, p_tax_year integer, p_purpose text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a ledger.assessment;
    inputs jsonb;
    result jsonb;
    person jsonb;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    PERFORM audit.require_purpose(p_purpose);
    person := ledger.relative_info(p_person_id, p_tax_year);
    IF person IS NULL THEN
        PERFORM audit.record('assessment.return_read', p_person_id, p_tax_year::smallint, p_purpose, 'not_found');
        RETURN NULL;
    END IF;
    SELECT * INTO a FROM ledger.assessment WHERE person_id = p_person_id AND tax_year = p_tax_year;
    IF a.assessment_id IS NOT NULL THEN
        inputs := ledger.assessment_inputs(a.assessment_id);
    END IF;
    result := jsonb_build_object(
        'person', person || (SELECT jsonb_build_object('address', p.address, 'postal_code', p.postal_code)
                               FROM ledger.person AS p WHERE p.person_id = p_person_id),
        'tax_year', p_tax_year,
        'version', coalesce(a.version, 0),
        'status', a.status,
        'inputs', inputs,
        'amounts', CASE WHEN a.assessment_id IS NOT NULL THEN ledger.assessment_amounts(a.assessment_id) END,
        'relatives_info', ledger.relatives_info(inputs, p_tax_year),
        'open_proposal', (SELECT jsonb_build_object('proposal_id', x.proposal_id,
                                                    'proposed_by', ledger.staff_name(x.proposed_by),
                                                    'proposed_at', x.proposed_at, 'reason', x.reason)
                            FROM ledger.proposal AS x
                           WHERE x.person_id = p_person_id AND x.tax_year = p_tax_year AND x.state = 'open'),
        'last_returned', (SELECT jsonb_build_object('proposal_id', x.proposal_id, 'comment', x.decision_comment,
                                                    'decided_by', ledger.staff_name(x.decided_by),
                                                    'decided_at', x.decided_at, 'inputs', x.inputs,
                                                    'reason', x.reason,
                                                    'relatives_info', ledger.relatives_info(x.inputs, p_tax_year))
                            FROM ledger.proposal AS x
                           WHERE x.person_id = p_person_id AND x.tax_year = p_tax_year
                             AND x.proposed_by = session_user AND x.state = 'returned'
                             AND x.base_version = coalesce(a.version, 0)
                           ORDER BY x.decided_at DESC LIMIT 1));
    -- Every relative handed out is named: the current ones and those of the returned proposal.
    PERFORM audit.record('assessment.return_read', p_person_id, p_tax_year::smallint, p_purpose, 'ok', '',
                         ARRAY(SELECT DISTINCT (r ->> 'person_id')::bigint
                                 FROM jsonb_array_elements(coalesce(result -> 'relatives_info', '[]')
                                                           || coalesce(result #> '{last_returned,relatives_info}', '[]'))
                                      AS r));
    RETURN result;
END
$$;

-- One person added as a spouse or dependant on the return: who they are and their own incomes.
CREATE FUNCTION api.return_relative(p_person_id bigint, p_tax_year integer, p_purpose text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    info jsonb;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    PERFORM audit.require_purpose(p_purpose);
    info := ledger.relative_info(p_person_id, p_tax_year);
    PERFORM audit.record('assessment.relative_read', p_person_id, p_tax_year::smallint, p_purpose,
                         CASE WHEN info IS NULL THEN 'not_found' ELSE 'ok' END);
    RETURN info;
END
$$;

-- Save a return as a proposal. p_base_version is the version the clerk loaded (0: none existed);
-- if someone changed the assessment since, or another proposal is waiting, the clerk is told who
-- and when, and nothing is stored (the screen keeps what was typed).
CREATE FUNCTION api.proposal_submit(p_person_id bigint, p_tax_year integer, p_base_version integer,
                                    p_inputs jsonb, p_reason text, p_result jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a ledger.assessment;
    other ledger.proposal;
    clean jsonb;
    id bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    PERFORM ledger.check_sizes(p_inputs, p_result);
    IF NOT EXISTS (SELECT 1 FROM ledger.person WHERE person_id = p_person_id) THEN
        PERFORM ledger.input_error('person_id', 'その宛名番号の方は登録されていません。', 'no such person');
    END IF;
    IF length(btrim(coalesce(p_reason, ''))) = 0 THEN
        PERFORM ledger.input_error('reason', '登録・更正の理由を入力してください。', 'a reason is required');
    END IF;
    IF length(p_reason) > 400 THEN
        PERFORM ledger.input_error('reason', '理由は400文字以内で入力してください。', 'reason too long');
    END IF;
    -- One proposer at a time per person and year, also when no assessment row exists yet to lock.
    PERFORM pg_advisory_xact_lock(hashtextextended(format('proposal %s %s', p_person_id, p_tax_year), 0));
    SELECT * INTO a FROM ledger.assessment WHERE person_id = p_person_id AND tax_year = p_tax_year FOR UPDATE;
    SELECT * INTO other FROM ledger.proposal
     WHERE person_id = p_person_id AND tax_year = p_tax_year AND state = 'open';
    IF other.proposal_id IS NOT NULL THEN
        PERFORM ledger.conflict(
            format('この方の%sの賦課には、%sが%sに提出した承認待ちの提案（番号 %s）があります。'
                   '入力内容はそのまま残っています。その提案が承認または差し戻されてから、最新の内容を読み込み直して保存してください。',
                   ledger.fiscal_year_label(p_tax_year), ledger.staff_name(other.proposed_by),
                   to_char(other.proposed_at AT TIME ZONE 'Asia/Tokyo', 'MM/DD HH24:MI'), other.proposal_id),
            format('A proposal (no. %s) by %s is already waiting for approval for this person and year.',
                   other.proposal_id, ledger.staff_name(other.proposed_by)));
    END IF;
    IF coalesce(a.version, 0) <> p_base_version THEN
        PERFORM ledger.conflict(
            format('この方の賦課は、読み込んだ後に%sが%sに更新しました（版 %s → %s）。'
                   '入力内容はそのまま残っています。最新の内容を読み込み直して確認してから、もう一度保存してください。',
                   coalesce(ledger.staff_name(a.updated_by), a.updated_by),
                   to_char(a.updated_at AT TIME ZONE 'Asia/Tokyo', 'MM/DD HH24:MI'), p_base_version,
                   coalesce(a.version, 0)),
            format('The assessment changed after you loaded it (version %s, now %s); reload and save again.',
                   p_base_version, coalesce(a.version, 0)));
    END IF;
    clean := ledger.normalize_inputs(p_inputs, p_person_id);
    PERFORM ledger.check_result(p_result);
    INSERT INTO ledger.proposal (person_id, tax_year, kind, base_version, base_status, base_inputs, base_amounts,
                                 inputs, maker_result, reason, relatives_info)
        VALUES (p_person_id, p_tax_year,
                CASE WHEN a.assessment_id IS NULL OR a.status = 'draft' THEN 'registration' ELSE 'correction' END,
                p_base_version, a.status,
                CASE WHEN a.assessment_id IS NOT NULL THEN ledger.assessment_inputs(a.assessment_id) END,
                CASE WHEN a.assessment_id IS NOT NULL THEN ledger.assessment_amounts(a.assessment_id) END,
                clean, p_result, btrim(p_reason), ledger.relatives_info(clean, p_tax_year))
        RETURNING proposal_id INTO id;
    PERFORM audit.record_change('proposal.submit', p_person_id, p_tax_year::smallint, 'assessment', 'ok',
                                format('proposal=%s base_version=%s annual_tax=%s', id, p_base_version,
                                       p_result #>> '{columns,annual_tax}'));
    RETURN id;
END
$$;

-- Proposals waiting for approval in a tax year (the approver's queue), one audited read.
CREATE FUNCTION api.proposal_queue(p_tax_year integer, p_purpose text)
    RETURNS TABLE (proposal_id bigint, person_id bigint, family_name text, given_name text, kind text,
                   proposed_by text, proposed_at timestamptz, reason text, old_annual_tax bigint,
                   new_annual_tax bigint, own boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_approver');
    PERFORM audit.require_purpose(p_purpose);
    RETURN QUERY
        SELECT x.proposal_id, x.person_id, p.family_name, p.given_name, x.kind, ledger.staff_name(x.proposed_by),
               x.proposed_at, x.reason, (x.base_amounts ->> 'annual_tax')::bigint,
               (x.maker_result #>> '{columns,annual_tax}')::bigint, x.proposed_by = session_user
          FROM ledger.proposal AS x JOIN ledger.person AS p ON p.person_id = x.person_id
         WHERE x.tax_year = p_tax_year AND x.state = 'open'
         ORDER BY x.proposed_at, x.proposal_id;
    PERFORM audit.record('proposal.queue', NULL, p_tax_year::smallint, p_purpose, 'ok', '',
                         ARRAY(SELECT x.person_id FROM ledger.proposal AS x
                                WHERE x.tax_year = p_tax_year AND x.state = 'open'));
END
$$;

-- One proposal in full: what the approver reviews and what their engine needs to recompute it.
CREATE FUNCTION api.proposal_detail(p_proposal_id bigint, p_purpose text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x ledger.proposal;
    result jsonb;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM ledger.require_assessment_work();
    PERFORM audit.require_purpose(p_purpose);
    SELECT * INTO x FROM ledger.proposal WHERE proposal_id = p_proposal_id;
    IF x.proposal_id IS NULL OR NOT auth.has_capability('r_approver') AND x.proposed_by <> session_user THEN
        PERFORM audit.record('proposal.read', NULL, NULL, p_purpose, 'not_found', format('proposal=%s', p_proposal_id));
        RETURN NULL;
    END IF;
    result := jsonb_build_object(
        'proposal_id', x.proposal_id, 'person_id', x.person_id, 'tax_year', x.tax_year, 'kind', x.kind,
        'base_version', x.base_version, 'base_status', x.base_status, 'base_inputs', x.base_inputs,
        'base_amounts', x.base_amounts, 'inputs', x.inputs, 'maker_result', x.maker_result, 'reason', x.reason,
        'proposed_by', ledger.staff_name(x.proposed_by), 'proposed_at', x.proposed_at, 'state', x.state,
        'decided_by', ledger.staff_name(x.decided_by), 'decided_at', x.decided_at,
        'decision_comment', x.decision_comment, 'own', x.proposed_by = session_user,
        'person', ledger.relative_info(x.person_id, x.tax_year),
        'relatives_info', ledger.relatives_info(x.inputs, x.tax_year)
                          || ledger.relatives_info(x.base_inputs, x.tax_year));
    PERFORM audit.record('proposal.read', x.person_id, x.tax_year, p_purpose, 'ok', format('proposal=%s', x.proposal_id),
                         ARRAY(SELECT (r ->> 'person_id')::bigint FROM jsonb_array_elements(
                                   coalesce(x.inputs -> 'relatives', '[]') || coalesce(x.base_inputs -> 'relatives', '[]')) AS r));
    RETURN result;
END
$$;

-- Approve a proposal: a different staff member with r_approver, whose client recomputed it from the
-- proposal's inputs (p_result). In one transaction: inputs, items, relatives, amounts and steps stored;
-- approved reduction re-applied; the version kept; a change notice left when a notified tax changed.
CREATE FUNCTION api.proposal_approve(p_proposal_id bigint, p_result jsonb, p_comment text DEFAULT '')
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x ledger.proposal;
    a ledger.assessment;
    c jsonb := p_result -> 'columns';
    i jsonb := NULL;
    aid bigint;
    notice bigint;
    old_amounts jsonb;
    rel_ids bigint[];
    rel_id bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_approver');
    PERFORM ledger.check_sizes('{}', p_result);
    SELECT * INTO x FROM ledger.proposal WHERE proposal_id = p_proposal_id FOR UPDATE;
    IF x.proposal_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = '指定の提案はありません。', HINT = 'no such proposal';
    END IF;
    IF x.proposed_by = session_user THEN
        PERFORM audit.record('proposal.approve', x.person_id, x.tax_year, 'assessment', 'denied',
                             format('proposal=%s self-approval', x.proposal_id));
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'ご自身が提出した提案は承認できません。別の職員に承認を依頼してください。',
            HINT = 'a proposal cannot be approved by its proposer';
    END IF;
    IF x.state <> 'open' THEN
        PERFORM ledger.conflict('この提案は既に処理されています（' || CASE x.state WHEN 'approved' THEN '承認済み'
                                ELSE '差し戻し済み' END || '）。一覧を更新してください。',
                                'the proposal has already been decided');
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(format('proposal %s %s', x.person_id, x.tax_year), 0));
    -- Lock the taxpayer's assessment (to change it) and the relatives' (FOR SHARE: their incomes are
    -- what both clients computed from and must not change until this commits), in person order like
    -- the salary import, so concurrent approvals and imports wait instead of deadlocking.
    rel_ids := ARRAY(SELECT (e ->> 'person_id')::bigint FROM jsonb_array_elements(x.inputs -> 'relatives') AS e);
    FOR rel_id IN SELECT u FROM unnest(rel_ids || x.person_id) AS u ORDER BY u LOOP
        IF rel_id = x.person_id THEN
            PERFORM 1 FROM ledger.assessment WHERE person_id = rel_id AND tax_year = x.tax_year FOR UPDATE;
        ELSE
            PERFORM 1 FROM ledger.assessment WHERE person_id = rel_id AND tax_year = x.tax_year FOR SHARE;
        END IF;
    END LOOP;
    PERFORM 1 FROM ledger.person WHERE person_id = ANY (rel_ids) ORDER BY person_id FOR SHARE;
    SELECT * INTO a FROM ledger.assessment WHERE person_id = x.person_id AND tax_year = x.tax_year FOR UPDATE;
    IF ledger.relatives_info(x.inputs, x.tax_year) IS DISTINCT FROM x.relatives_info THEN
        PERFORM audit.record('proposal.approve', x.person_id, x.tax_year, 'assessment', 'denied',
                             format('proposal=%s relatives changed', x.proposal_id), rel_ids);
        PERFORM ledger.conflict('この提案の作成後に、配偶者・扶養親族の情報（所得・生年月日など）が変更されています。'
                                '提案を差し戻し、最新の内容で作り直してもらってください。',
                                'the relatives'' data changed since the proposal; it must be resubmitted');
    END IF;
    -- A relative's income taken from the ledger (none declared on the return) must be a settled one:
    -- not a draft (an import or batch not yet checked) and not last changed by the proposer, who could
    -- otherwise lower a spouse's income themselves (one-row import) and have a normal-looking proposal
    -- approved.
    SELECT r.person_id INTO rel_id
      FROM jsonb_array_elements(x.inputs -> 'relatives') AS e
      JOIN ledger.assessment AS r ON r.person_id = (e ->> 'person_id')::bigint AND r.tax_year = x.tax_year
     WHERE e ->> 'total_income' IS NULL AND (r.status = 'draft' OR r.updated_by = x.proposed_by)
     ORDER BY r.person_id LIMIT 1;
    IF FOUND THEN
        PERFORM audit.record('proposal.approve', x.person_id, x.tax_year, 'assessment', 'denied',
                             format('proposal=%s relative %s income unsettled', x.proposal_id, rel_id), rel_ids);
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('配偶者・扶養親族（宛名番号 %s）の所得が、未確定の賦課または提案者ご本人が最後に更新した賦課から'
                             '取られています。提案を差し戻し、申告書の所得額を入力するか、その方の賦課が確定してから'
                             '作り直してもらってください。', rel_id),
            HINT = 'a relative''s income comes from a draft assessment or one last changed by the proposer';
    END IF;
    IF coalesce(a.version, 0) <> x.base_version THEN
        PERFORM ledger.conflict(format('この提案の作成後に賦課が更新されています（版 %s → %s）。'
                                       '提案を差し戻し、最新の内容で作り直してもらってください。',
                                       x.base_version, coalesce(a.version, 0)),
                                'the assessment changed after the proposal was made; return it');
    END IF;
    PERFORM ledger.check_result(p_result);
    IF p_result IS DISTINCT FROM x.maker_result THEN
        PERFORM audit.record('proposal.approve', x.person_id, x.tax_year, 'assessment', 'denied',
                             format('proposal=%s results differ', x.proposal_id));
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '承認時の再計算結果が提案時の計算結果と一致しません（扶養親族の所得や税制パラメータが変わった可能性があります）。'
                      '提案を差し戻して作り直してもらってください。',
            HINT = 'the approver''s recomputation differs from the proposer''s result';
    END IF;
    i := x.inputs;
    old_amounts := CASE WHEN a.assessment_id IS NOT NULL THEN ledger.assessment_amounts(a.assessment_id) END;
    IF a.assessment_id IS NULL THEN
        INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method)
            VALUES (x.person_id, x.tax_year, i ->> 'filing_kind', i ->> 'collection_method')
            RETURNING assessment_id INTO aid;
    ELSE
        aid := a.assessment_id;
        PERFORM ledger.keep_first_version(aid);
    END IF;
    UPDATE ledger.assessment AS t SET
        filing_kind = i ->> 'filing_kind', employer_no = i ->> 'employer_no',
        collection_method = i ->> 'collection_method',
        salary_revenue = (i ->> 'salary_revenue')::bigint, pension_revenue = (i ->> 'pension_revenue')::bigint,
        business_income = (i ->> 'business_income')::bigint, agriculture_income = (i ->> 'agriculture_income')::bigint,
        real_estate_income = (i ->> 'real_estate_income')::bigint, interest_income = (i ->> 'interest_income')::bigint,
        dividend_income = (i ->> 'dividend_income')::bigint, misc_income = (i ->> 'misc_income')::bigint,
        salary_income = (c ->> 'salary_income')::bigint, pension_income = (c ->> 'pension_income')::bigint,
        total_income = (c ->> 'total_income')::bigint, income_base = (c ->> 'income_base')::bigint,
        deductions_total = (c ->> 'deductions_total')::bigint, taxable_income = (c ->> 'taxable_income')::bigint,
        non_taxable = c ->> 'non_taxable',
        municipal_income_levy = (c ->> 'municipal_income_levy')::bigint,
        prefectural_income_levy = (c ->> 'prefectural_income_levy')::bigint,
        municipal_per_capita = (c ->> 'municipal_per_capita')::bigint,
        prefectural_per_capita = (c ->> 'prefectural_per_capita')::bigint,
        forest_environment_tax = (c ->> 'forest_environment_tax')::bigint,
        params_verified = (p_result ->> 'params_verified')::boolean, computed_at = now(),
        status = CASE WHEN t.status = 'notified' THEN 'notified' ELSE 'assessed' END,
        version = CASE WHEN a.assessment_id IS NULL THEN 1 ELSE t.version + 1 END,
        updated_at = now(), updated_by = session_user
     WHERE t.assessment_id = aid;
    -- Only the items a return carries are replaced; items of other origin stay.
    DELETE FROM ledger.assessment_item AS t
     WHERE t.assessment_id = aid AND t.item_code IN (SELECT item_code FROM ledger.return_item);
    INSERT INTO ledger.assessment_item (assessment_id, item_code, amount)
        SELECT aid, key::smallint, value::text::bigint FROM jsonb_each(i -> 'items');
    INSERT INTO ledger.assessment_item (assessment_id, item_code, code)
        SELECT aid, key::smallint, value #>> '{}' FROM jsonb_each(i -> 'codes');
    DELETE FROM ledger.dependant AS t WHERE t.assessment_id = aid;
    INSERT INTO ledger.dependant (assessment_id, person_id, dependant_person_id, kind, disability, cohabiting,
                                  total_income)
        SELECT aid, x.person_id, (r ->> 'person_id')::bigint, r ->> 'kind', r ->> 'disability',
               (r ->> 'cohabiting')::boolean, (r ->> 'total_income')::bigint
          FROM jsonb_array_elements(i -> 'relatives') AS r;
    DELETE FROM ledger.assessment_step AS t WHERE t.assessment_id = aid;
    INSERT INTO ledger.assessment_step (assessment_id, seq, code, label, amount)
        SELECT aid, n, s ->> 0, s ->> 1, (s ->> 2)::bigint
          FROM jsonb_array_elements(p_result -> 'steps') WITH ORDINALITY AS e(s, n);
    PERFORM ledger.store_step_texts(x.tax_year, p_result -> 'steps');
    PERFORM ledger.apply_reduction(aid);
    -- Without a reduction the amounts stored must be exactly the result's (apply_reduction rebuilt
    -- them from the steps; a result whose steps disagree must not store anything else).
    IF NOT EXISTS (SELECT 1 FROM ledger.reduction WHERE assessment_id = aid AND state = 'approved')
       AND EXISTS (SELECT 1 FROM jsonb_each(ledger.assessment_amounts(aid)) AS s(k, v)
                    WHERE s.v IS DISTINCT FROM c -> s.k) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '計算結果の税額と計算根拠が一致しません。', HINT = 'stored amounts differ from the result''s columns';
    END IF;
    UPDATE ledger.proposal AS t SET state = 'approved', decided_by = session_user, decided_at = now(),
           decision_comment = nullif(btrim(coalesce(p_comment, '')), '')
     WHERE t.proposal_id = x.proposal_id;
    notice := ledger.record_version(aid, 'proposal', x.proposal_id, NULL, p_result ->> 'engine', x.proposed_by,
                                    x.proposed_at, x.reason, old_amounts, a.status);
    PERFORM audit.record_change('proposal.approve', x.person_id, x.tax_year, 'assessment', 'ok',
                                format('proposal=%s version=%s annual_tax=%s->%s engine=%s notice=%s', x.proposal_id,
                                       (SELECT version FROM ledger.assessment WHERE assessment_id = aid),
                                       old_amounts ->> 'annual_tax',
                                       (SELECT annual_tax FROM ledger.assessment WHERE assessment_id = aid),
                                       p_result ->> 'engine', coalesce(notice::text, '-')));
    RETURN jsonb_build_object('assessment_id', aid,
                              'version', (SELECT version FROM ledger.assessment WHERE assessment_id = aid),
                              'annual_tax', (SELECT annual_tax FROM ledger.assessment WHERE assessment_id = aid),
                              'notice_id', notice);
END
$$;

-- Return a proposal to its proposer with a comment; nothing in the assessment changes.
CREATE FUNCTION api.proposal_return(p_proposal_id bigint, p_comment text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x ledger.proposal;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_approver');
    SELECT * INTO x FROM ledger.proposal WHERE proposal_id = p_proposal_id FOR UPDATE;
    IF x.proposal_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = '指定の提案はありません。', HINT = 'no such proposal';
    END IF;
    IF x.proposed_by = session_user THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'ご自身が提出した提案は差し戻せません。別の職員が判断します。',
            HINT = 'a proposal cannot be decided by its proposer';
    END IF;
    IF x.state <> 'open' THEN
        PERFORM ledger.conflict('この提案は既に処理されています。一覧を更新してください。',
                                'the proposal has already been decided');
    END IF;
    IF length(btrim(coalesce(p_comment, ''))) = 0 THEN
        PERFORM ledger.input_error('comment', '差し戻しの理由を入力してください。', 'a comment is required');
    END IF;
    UPDATE ledger.proposal SET state = 'returned', decided_by = session_user, decided_at = now(),
           decision_comment = btrim(p_comment)
     WHERE proposal_id = x.proposal_id;
    PERFORM audit.record_change('proposal.return', x.person_id, x.tax_year, 'assessment', 'ok',
                                format('proposal=%s', x.proposal_id));
END
$$;

-- Every version of a person's assessment for a year, with who proposed and approved it and when.
CREATE FUNCTION api.assessment_versions(p_person_id bigint, p_tax_year integer, p_purpose text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result jsonb;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM ledger.require_assessment_work();
    PERFORM audit.require_purpose(p_purpose);
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'version', v.version, 'source', v.source, 'proposal_id', v.proposal_id,
               'reduction_id', v.reduction_id, 'status', v.status, 'inputs', v.inputs, 'amounts', v.amounts,
               'steps', v.steps, 'engine', v.engine, 'proposed_by', ledger.staff_name(v.proposed_by),
               'proposed_at', v.proposed_at, 'approved_by', coalesce(ledger.staff_name(v.approved_by), v.approved_by),
               'approved_at', v.approved_at, 'reason', v.reason,
               'notice_id', (SELECT n.notice_id FROM ledger.change_notice AS n
                              WHERE n.assessment_id = v.assessment_id AND n.version = v.version),
               'relatives_info', coalesce(v.relatives_info, ledger.relatives_info(v.inputs, v.tax_year)))
               ORDER BY v.version), '[]')
      INTO result
      FROM ledger.assessment_version AS v
     WHERE v.person_id = p_person_id AND v.tax_year = p_tax_year;
    -- The relatives' names, births and incomes are handed out too: name them in the audit row.
    PERFORM audit.record('assessment.versions', p_person_id, p_tax_year::smallint, p_purpose,
                         CASE WHEN result = '[]' THEN 'not_found' ELSE 'ok' END, '',
                         ARRAY(SELECT DISTINCT (r ->> 'person_id')::bigint
                                 FROM jsonb_array_elements(result) AS v(x),
                                      jsonb_array_elements(coalesce(v.x -> 'relatives_info', '[]')) AS r
                                WHERE r ->> 'person_id' IS NOT NULL));
    RETURN result;
END
$$;

-- The content of one 税額変更通知書: the taxpayer's name and address and the amounts before and after.
CREATE FUNCTION api.change_notice(p_notice_id bigint, p_purpose text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n ledger.change_notice;
    result jsonb;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM ledger.require_assessment_work();
    PERFORM audit.require_purpose(p_purpose);
    SELECT * INTO n FROM ledger.change_notice WHERE notice_id = p_notice_id;
    IF n.notice_id IS NULL THEN
        PERFORM audit.record('assessment.change_notice', NULL, NULL, p_purpose, 'not_found',
                             format('notice=%s', p_notice_id));
        RETURN NULL;
    END IF;
    SELECT jsonb_build_object(
        'notice_id', n.notice_id, 'person_id', n.person_id, 'tax_year', n.tax_year, 'version', n.version,
        'old_amounts', n.old_amounts, 'new_amounts', n.new_amounts, 'collection_method', n.collection_method,
        'created_at', n.created_at, 'family_name', p.family_name, 'given_name', p.given_name,
        'postal_code', p.postal_code, 'address', p.address,
        'reason', v.reason, 'source', v.source)
      INTO result
      FROM ledger.person AS p, ledger.assessment_version AS v
     WHERE p.person_id = n.person_id AND v.assessment_id = n.assessment_id AND v.version = n.version;
    PERFORM audit.record('assessment.change_notice', n.person_id, n.tax_year, p_purpose, 'ok',
                         format('notice=%s', n.notice_id));
    RETURN result;
END
$$;

-- 減免 application. The clerk records it against the version they saw; approval applies it.
CREATE FUNCTION api.reduction_submit(p_person_id bigint, p_tax_year integer, p_base_version integer,
                                     p_category text, p_evidence_kind text, p_evidence_ref text,
                                     p_application_date date, p_target text, p_rate_percent integer,
                                     p_amount bigint, p_reason text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a ledger.assessment;
    id bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    SELECT * INTO a FROM ledger.assessment WHERE person_id = p_person_id AND tax_year = p_tax_year FOR UPDATE;
    IF a.assessment_id IS NULL OR a.status = 'draft' THEN
        PERFORM ledger.input_error('person_id', 'この方のこの年度の賦課がまだ決定されていません。',
                                   'no assessment to reduce');
    END IF;
    IF a.version <> p_base_version THEN
        PERFORM ledger.conflict(format('この方の賦課は、読み込んだ後に%sが更新しました（版 %s → %s）。'
                                       '入力内容はそのまま残っています。読み込み直してから保存してください。',
                                       coalesce(ledger.staff_name(a.updated_by), a.updated_by), p_base_version,
                                       a.version),
                                'the assessment changed after you loaded it; reload and save again');
    END IF;
    IF EXISTS (SELECT 1 FROM ledger.reduction WHERE assessment_id = a.assessment_id AND state IN ('open', 'approved')) THEN
        PERFORM ledger.conflict('この方のこの年度には、承認待ちまたは承認済みの減免が既にあります。',
                                'a reduction is already pending or approved');
    END IF;
    IF coalesce(p_category, '') NOT IN ('disaster', 'poverty', 'illness', 'unemployment', 'other') THEN
        PERFORM ledger.input_error('category', '減免事由を選択してください。', 'choose the reason category');
    END IF;
    IF coalesce(p_evidence_kind, '') NOT IN ('disaster_certificate', 'income_statement', 'medical_certificate',
                                             'separation_notice', 'other_document') THEN
        PERFORM ledger.input_error('evidence_kind', '確認書類を選択してください。', 'choose the evidence');
    END IF;
    IF coalesce(p_evidence_ref, '') !~ '^[0-9A-Za-z-]{1,30}$' THEN
        PERFORM ledger.input_error('evidence_ref', '書類番号は英数字とハイフン30文字以内で入力してください。',
                                   'document number: up to 30 letters, digits or hyphens');
    END IF;
    IF p_application_date IS NULL OR p_application_date > current_date
       OR p_application_date < make_date(p_tax_year - 1, 1, 1) THEN
        PERFORM ledger.input_error('application_date', '申請日が正しくありません。', 'invalid application date');
    END IF;
    IF coalesce(p_target, '') NOT IN ('income_levy', 'all') THEN
        PERFORM ledger.input_error('target', '減免の対象を選択してください。', 'choose the target');
    END IF;
    IF num_nonnulls(p_rate_percent, p_amount) <> 1 THEN
        PERFORM ledger.input_error('rate_percent', '減免率か減免額のどちらか一方を入力してください。',
                                   'enter either a rate or an amount');
    END IF;
    IF p_rate_percent IS NOT NULL AND p_rate_percent NOT BETWEEN 1 AND 100 THEN
        PERFORM ledger.input_error('rate_percent', '減免率は1〜100%で入力してください。', 'rate 1-100 %');
    END IF;
    IF p_amount IS NOT NULL AND (p_amount <= 0 OR p_amount % 100 <> 0) THEN
        PERFORM ledger.input_error('amount', '減免額は100円単位の正の金額で入力してください。',
                                   'amount: positive, in units of 100 yen');
    END IF;
    IF p_amount IS NOT NULL AND p_target <> 'income_levy' THEN
        PERFORM ledger.input_error('target', '減免額の指定は所得割が対象です。', 'an amount applies to the income levy');
    END IF;
    IF length(btrim(coalesce(p_reason, ''))) NOT BETWEEN 1 AND 400 THEN
        PERFORM ledger.input_error('reason', '申請の内容（理由）を400文字以内で入力してください。', 'a reason is required');
    END IF;
    INSERT INTO ledger.reduction (assessment_id, person_id, tax_year, category, evidence_kind, evidence_ref,
                                  application_date, target, rate_percent, amount, base_version, reason)
        VALUES (a.assessment_id, p_person_id, p_tax_year, p_category, p_evidence_kind, p_evidence_ref,
                p_application_date, p_target, p_rate_percent, p_amount, p_base_version, btrim(p_reason))
        RETURNING reduction_id INTO id;
    PERFORM audit.record_change('reduction.submit', p_person_id, p_tax_year::smallint, 'reduction', 'ok',
                                format('reduction=%s', id));
    RETURN id;
END
$$;

-- 減免 applications of a person and year (any state) or, with p_person_id NULL, all waiting ones of the year.
CREATE FUNCTION api.reduction_list(p_tax_year integer, p_person_id bigint, p_purpose text)
    RETURNS TABLE (reduction_id bigint, person_id bigint, family_name text, given_name text, category text,
                   evidence_kind text, evidence_ref text, application_date date, target text,
                   rate_percent smallint, amount bigint, reason text, state text, proposed_by text,
                   proposed_at timestamptz, decided_by text, decided_at timestamptz, decision_comment text,
                   annual_tax bigint, own boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM ledger.require_assessment_work();
    PERFORM audit.require_purpose(p_purpose);
    RETURN QUERY
        SELECT r.reduction_id, r.person_id, p.family_name, p.given_name, r.category, r.evidence_kind,
               r.evidence_ref, r.application_date, r.target, r.rate_percent, r.amount, r.reason, r.state,
               ledger.staff_name(r.proposed_by), r.proposed_at, ledger.staff_name(r.decided_by), r.decided_at,
               r.decision_comment, a.annual_tax, r.proposed_by = session_user
          FROM ledger.reduction AS r
          JOIN ledger.person AS p ON p.person_id = r.person_id
          JOIN ledger.assessment AS a ON a.assessment_id = r.assessment_id
         WHERE r.tax_year = p_tax_year
           AND (r.person_id = p_person_id OR p_person_id IS NULL AND r.state = 'open')
         ORDER BY r.proposed_at, r.reduction_id;
    PERFORM audit.record('reduction.list', p_person_id, p_tax_year::smallint, p_purpose, 'ok', '',
                         ARRAY(SELECT DISTINCT r.person_id FROM ledger.reduction AS r
                                WHERE r.tax_year = p_tax_year
                                  AND (r.person_id = p_person_id OR p_person_id IS NULL AND r.state = 'open')));
END
$$;

-- Approve a 減免: a different staff member with r_approver. The database applies it itself.
CREATE FUNCTION api.reduction_approve(p_reduction_id bigint, p_comment text DEFAULT '') RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r ledger.reduction;
    a ledger.assessment;
    old_amounts jsonb;
    notice bigint;
    engine text;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_approver');
    SELECT * INTO r FROM ledger.reduction WHERE reduction_id = p_reduction_id FOR UPDATE;
    IF r.reduction_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = '指定の減免申請はありません。', HINT = 'no such reduction';
    END IF;
    IF r.proposed_by = session_user THEN
        PERFORM audit.record('reduction.approve', r.person_id, r.tax_year, 'reduction', 'denied',
                             format('reduction=%s self-approval', r.reduction_id));
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'ご自身が受け付けた減免申請は承認できません。別の職員に承認を依頼してください。',
            HINT = 'a reduction cannot be approved by its proposer';
    END IF;
    IF r.state <> 'open' THEN
        PERFORM ledger.conflict('この減免申請は既に処理されています。一覧を更新してください。', 'already decided');
    END IF;
    SELECT * INTO STRICT a FROM ledger.assessment WHERE assessment_id = r.assessment_id FOR UPDATE;
    IF a.version <> r.base_version THEN
        PERFORM ledger.conflict(format('減免申請の受付後に賦課が更新されています（版 %s → %s）。差し戻して確認してもらってください。',
                                       r.base_version, a.version), 'the assessment changed since; return it');
    END IF;
    PERFORM ledger.keep_first_version(a.assessment_id);
    old_amounts := ledger.assessment_amounts(a.assessment_id);
    UPDATE ledger.reduction SET state = 'approved', decided_by = session_user, decided_at = now(),
           decision_comment = nullif(btrim(coalesce(p_comment, '')), '')
     WHERE reduction_id = r.reduction_id;
    PERFORM ledger.apply_reduction(a.assessment_id);
    UPDATE ledger.assessment SET version = version + 1, updated_at = now(), updated_by = session_user
     WHERE assessment_id = a.assessment_id;
    SELECT v.engine INTO engine FROM ledger.assessment_version AS v
     WHERE v.assessment_id = a.assessment_id ORDER BY v.version DESC LIMIT 1;
    notice := ledger.record_version(a.assessment_id, 'reduction', NULL, r.reduction_id, engine, r.proposed_by,
                                    r.proposed_at, r.reason, old_amounts, a.status);
    PERFORM audit.record_change('reduction.approve', r.person_id, r.tax_year, 'reduction', 'ok',
                                format('reduction=%s annual_tax=%s->%s notice=%s', r.reduction_id,
                                       old_amounts ->> 'annual_tax',
                                       (SELECT annual_tax FROM ledger.assessment WHERE assessment_id = a.assessment_id),
                                       coalesce(notice::text, '-')));
    RETURN jsonb_build_object('version', a.version + 1, 'notice_id', notice,
                              'annual_tax', (SELECT annual_tax FROM ledger.assessment WHERE assessment_id = a.assessment_id));
END
$$;

CREATE FUNCTION api.reduction_return(p_reduction_id bigint, p_comment text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r ledger.reduction;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_approver');
    SELECT * INTO r FROM ledger.reduction WHERE reduction_id = p_reduction_id FOR UPDATE;
    IF r.reduction_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = '指定の減免申請はありません。', HINT = 'no such reduction';
    END IF;
    IF r.proposed_by = session_user THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'ご自身が受け付けた減免申請は差し戻せません。', HINT = 'cannot decide own reduction';
    END IF;
    IF r.state <> 'open' THEN
        PERFORM ledger.conflict('この減免申請は既に処理されています。一覧を更新してください。', 'already decided');
    END IF;
    IF length(btrim(coalesce(p_comment, ''))) = 0 THEN
        PERFORM ledger.input_error('comment', '差し戻しの理由を入力してください。', 'a comment is required');
    END IF;
    UPDATE ledger.reduction SET state = 'returned', decided_by = session_user, decided_at = now(),
           decision_comment = btrim(p_comment)
     WHERE reduction_id = r.reduction_id;
    PERFORM audit.record_change('reduction.return', r.person_id, r.tax_year, 'reduction', 'ok',
                                format('reduction=%s', r.reduction_id));
END
$$;

GRANT EXECUTE ON FUNCTION
    api.return_load(bigint, integer, text),
    api.return_relative(bigint, integer, text),
    api.proposal_submit(bigint, integer, integer, jsonb, text, jsonb),
    api.reduction_submit(bigint, integer, integer, text, text, text, date, text, integer, bigint, text)
    TO r_assessor;
GRANT EXECUTE ON FUNCTION
    api.proposal_queue(integer, text),
    api.proposal_approve(bigint, jsonb, text),
    api.proposal_return(bigint, text),
    api.reduction_approve(bigint, text),
    api.reduction_return(bigint, text)
    TO r_approver;
GRANT EXECUTE ON FUNCTION
    api.proposal_detail(bigint, text),
    api.assessment_versions(bigint, integer, text),
    api.change_notice(bigint, text),
    api.reduction_list(integer, bigint, text)
    TO r_assessor, r_approver;
