-- Salary report import (給与支払報告書 個人別明細書, docs/salary-report-csv.md), 扶養調査 and the
-- year summary of the batch screen (issue 6, items 2, 6 and 7). Runs as juminzei_owner.

-- One committed import: the file it came from (its digest, never its contents) and its audit event.
CREATE TABLE ledger.salary_import (
    import_id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tax_year     smallint NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    file_sha256  text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    row_count    integer NOT NULL CHECK (row_count >= 1),
    imported_at  timestamptz NOT NULL DEFAULT now(),
    imported_by  text NOT NULL DEFAULT session_user,
    event_id     bigint
);

-- Each imported report: one per tax year, employer (指定番号) and employee. Every amount is an
-- item of the closed list (別添1): 支払金額 135, 社会保険料 139, 新一般生命保険料 150, 旧一般生命保険料 148,
-- 介護医療保険料 152, 新個人年金保険料 151, 旧個人年金保険料 137, 地震保険料 149, 旧長期保険料 138,
-- 源泉徴収税額 215; 給与所得控除後の金額 and 所得控除の額の合計額 are kept as reported.
CREATE TABLE ledger.salary_report (
    tax_year            smallint NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    employer_no         text NOT NULL REFERENCES ledger.employer (employer_no),
    person_id           bigint NOT NULL REFERENCES ledger.person,
    import_id           integer NOT NULL REFERENCES ledger.salary_import,
    row_no              integer NOT NULL CHECK (row_no >= 1),
    payment             bigint NOT NULL CHECK (payment BETWEEN 0 AND 99999999999),
    income_after_deduction bigint CHECK (income_after_deduction BETWEEN 0 AND payment),
    deductions_reported bigint CHECK (deductions_reported BETWEEN 0 AND 99999999999),
    social_insurance    bigint NOT NULL DEFAULT 0 CHECK (social_insurance BETWEEN 0 AND 99999999999),
    life_new_general    bigint NOT NULL DEFAULT 0 CHECK (life_new_general BETWEEN 0 AND 9999999999),
    life_old_general    bigint NOT NULL DEFAULT 0 CHECK (life_old_general BETWEEN 0 AND 9999999999),
    life_care_medical   bigint NOT NULL DEFAULT 0 CHECK (life_care_medical BETWEEN 0 AND 9999999999),
    life_new_annuity    bigint NOT NULL DEFAULT 0 CHECK (life_new_annuity BETWEEN 0 AND 9999999999),
    life_old_annuity    bigint NOT NULL DEFAULT 0 CHECK (life_old_annuity BETWEEN 0 AND 9999999999),
    earthquake          bigint NOT NULL DEFAULT 0 CHECK (earthquake BETWEEN 0 AND 9999999999),
    old_long_term       bigint NOT NULL DEFAULT 0 CHECK (old_long_term BETWEEN 0 AND 9999999999),
    withholding_tax     bigint CHECK (withholding_tax BETWEEN 0 AND 99999999999),
    payroll_withholding boolean NOT NULL,
    ordinary_reason     text CHECK (ordinary_reason ~ '^普[A-F]$'),
    PRIMARY KEY (tax_year, employer_no, person_id),
    UNIQUE (import_id, row_no),
    CHECK (payroll_withholding = (ordinary_reason IS NULL))
);
CREATE INDEX salary_report_person ON ledger.salary_report (person_id, tax_year);

-- Match the rows staged in this session (pg_temp.salary_stage, pg_temp.salary_stage_dep) to persons
-- and mark what stops them: the one matcher behind both the check (report) and the commit.
-- Subjects: seq 0 is the employee, seq >= 1 the spouse and dependants of the row.
-- Matching problems: not_found, ambiguous, mismatch (宛名番号 given, but name kana / birth date differ),
-- pick_mismatch (the clerk's pick has another birth date than the row). `seen` keeps every person the
-- matcher looked at for a subject (candidates, the person of a 宛名番号, the clerk's pick), so that
-- the audit row of a check or a refused commit names everyone whose existence or data it revealed.
-- The other problems are set by ledger.salary_stage_flag (below).
CREATE FUNCTION ledger.salary_stage_match(p_tax_year integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Temporary tables are never analysed by autovacuum; the joins below need their sizes.
    ANALYZE pg_temp.salary_stage;
    ANALYZE pg_temp.salary_stage_dep;
    TRUNCATE pg_temp.salary_match;
    INSERT INTO pg_temp.salary_match (row_no, seq, person_id, candidates, problem, seen)
        WITH subject AS (
            SELECT r.row_no, 0::smallint AS seq, r.person_no, ledger.search_key(r.kana) AS kana_key, r.birth_date,
                   r.resolved_person_id
              FROM pg_temp.salary_stage AS r
            UNION ALL
            SELECT d.row_no, d.seq, d.person_no, ledger.search_key(d.kana), d.birth_date, d.resolved_person_id
              FROM pg_temp.salary_stage_dep AS d),
        -- A clerk's choice on the matching screen wins, but only for a person born on the row's birth
        -- date (the kana may be spelt differently); then the 宛名番号, confirmed by kana and birth date;
        -- then kana + birth date, which must name exactly one person.
        hit AS (
            SELECT s.row_no, s.seq, p.person_id FROM subject AS s
              JOIN ledger.person AS p ON p.person_id = s.resolved_person_id AND p.birth_date = s.birth_date
            UNION ALL
            SELECT s.row_no, s.seq, p.person_id FROM subject AS s
              JOIN ledger.person AS p ON p.person_id = s.person_no AND p.kana_key = s.kana_key
                                     AND p.birth_date = s.birth_date
             WHERE s.resolved_person_id IS NULL
            UNION ALL
            SELECT s.row_no, s.seq, p.person_id FROM subject AS s
              JOIN ledger.person AS p ON p.kana_key = s.kana_key AND p.birth_date = s.birth_date
             WHERE s.resolved_person_id IS NULL AND s.person_no IS NULL),
        counted AS (
            SELECT h.row_no, h.seq, count(*)::integer AS candidates, min(h.person_id) AS person_id,
                   array_agg(h.person_id ORDER BY h.person_id) AS hits
              FROM hit AS h GROUP BY h.row_no, h.seq)
        SELECT s.row_no, s.seq, CASE WHEN c.candidates = 1 THEN c.person_id END, coalesce(c.candidates, 0),
               CASE WHEN c.candidates > 1 THEN 'ambiguous'
                    WHEN c.candidates IS NULL AND s.resolved_person_id IS NOT NULL AND k.person_id IS NOT NULL
                        THEN 'pick_mismatch'
                    WHEN c.candidates IS NULL AND s.resolved_person_id IS NULL AND x.person_id IS NOT NULL
                        THEN 'mismatch'
                    WHEN c.candidates IS NULL THEN 'not_found' END,
               ARRAY(SELECT DISTINCT v FROM unnest(coalesce(c.hits, '{}') || x.person_id || k.person_id) AS v
                      WHERE v IS NOT NULL ORDER BY v)
          FROM subject AS s
          LEFT JOIN counted AS c ON c.row_no = s.row_no AND c.seq = s.seq
          LEFT JOIN ledger.person AS x ON x.person_id = s.person_no
          LEFT JOIN ledger.person AS k ON k.person_id = s.resolved_person_id;
    ANALYZE pg_temp.salary_match;
    PERFORM ledger.salary_stage_flag(p_tax_year);
END
$$;

-- What stops a matched row, from the state of the ledger now (run again by the commit once it holds
-- the locks): no_employer, already_imported, duplicate_in_file, notified (the year's assessment is
-- already notified), approved (it was decided by an approved proposal or 減免: two staff members
-- agreed on it, an import must not change it behind their back), self_dependant, dependant_twice,
-- spouse_conflict. And what does not stop it but the clerk must see (`warning`): dependant_differs
-- (the spouse or dependant is already recorded, or named by an earlier row, with another kind,
-- disability, cohabitation or income; the record is kept as it is).
CREATE FUNCTION ledger.salary_stage_flag(p_tax_year integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE pg_temp.salary_match AS m SET problem = NULL, warning = NULL
     WHERE m.warning IS NOT NULL
        OR m.problem IS NOT NULL AND m.problem NOT IN ('not_found', 'ambiguous', 'mismatch', 'pick_mismatch');
    UPDATE pg_temp.salary_match AS m SET problem = 'no_employer'
      FROM pg_temp.salary_stage AS r
     WHERE m.row_no = r.row_no AND m.seq = 0 AND m.problem IS NULL
       AND NOT EXISTS (SELECT 1 FROM ledger.employer AS e WHERE e.employer_no = r.employer_no);
    UPDATE pg_temp.salary_match AS m SET problem = 'already_imported'
      FROM pg_temp.salary_stage AS r
     WHERE m.row_no = r.row_no AND m.seq = 0 AND m.problem IS NULL
       AND EXISTS (SELECT 1 FROM ledger.salary_report AS x
                    WHERE x.tax_year = p_tax_year AND x.employer_no = r.employer_no AND x.person_id = m.person_id);
    -- The same employer and employee twice in the file: every occurrence after the first.
    UPDATE pg_temp.salary_match AS m SET problem = 'duplicate_in_file'
      FROM (SELECT r.row_no, row_number() OVER (PARTITION BY r.employer_no, t.person_id ORDER BY r.row_no) AS n
              FROM pg_temp.salary_stage AS r
              JOIN pg_temp.salary_match AS t ON t.row_no = r.row_no AND t.seq = 0
             WHERE t.person_id IS NOT NULL) AS d
     WHERE m.row_no = d.row_no AND m.seq = 0 AND d.n > 1 AND m.problem IS NULL;
    UPDATE pg_temp.salary_match AS m
       SET problem = CASE WHEN a.status = 'notified' THEN 'notified' ELSE 'approved' END
      FROM ledger.assessment AS a
     WHERE m.seq = 0 AND m.problem IS NULL AND a.person_id = m.person_id AND a.tax_year = p_tax_year
       AND (a.status = 'notified' OR ledger.decided_by_approval(a.assessment_id));
    -- An import sets the salary revenue to the sum of the year's reports. Where that would lower a
    -- revenue that did not come from reports (a return, a correction), one clerk would be lowering a
    -- tax base without a second person (found in a security review): a correction is the way.
    UPDATE pg_temp.salary_match AS m SET problem = 'lowers_salary'
      FROM (SELECT t.person_id, sum(r.payment) AS staged
              FROM pg_temp.salary_stage AS r
              JOIN pg_temp.salary_match AS t ON t.row_no = r.row_no AND t.seq = 0
             WHERE t.person_id IS NOT NULL
             GROUP BY t.person_id) AS st
      JOIN ledger.assessment AS a ON a.person_id = st.person_id AND a.tax_year = p_tax_year
      LEFT JOIN (SELECT x.person_id, sum(x.payment) AS reported FROM ledger.salary_report AS x
                  WHERE x.tax_year = p_tax_year GROUP BY x.person_id) AS rep ON rep.person_id = st.person_id
     WHERE m.seq = 0 AND m.problem IS NULL AND m.person_id = st.person_id
       AND a.salary_revenue > coalesce(rep.reported, 0) + st.staged;
    UPDATE pg_temp.salary_match AS m SET problem = 'self_dependant'
      FROM pg_temp.salary_match AS t
     WHERE m.seq > 0 AND m.problem IS NULL AND t.row_no = m.row_no AND t.seq = 0 AND t.person_id = m.person_id;
    UPDATE pg_temp.salary_match AS m SET problem = 'dependant_twice'
      FROM (SELECT o.row_no, o.seq, row_number() OVER (PARTITION BY o.row_no, o.person_id ORDER BY o.seq) AS n
              FROM pg_temp.salary_match AS o WHERE o.seq > 0 AND o.person_id IS NOT NULL) AS d
     WHERE m.row_no = d.row_no AND m.seq = d.seq AND d.n > 1 AND m.problem IS NULL;
    -- A spouse other than the one already on the year's assessment, or than on another row of the person.
    WITH spouse AS (
        SELECT t.person_id AS taxpayer, m.person_id AS spouse, m.row_no, m.seq
          FROM pg_temp.salary_stage_dep AS d
          JOIN pg_temp.salary_match AS m ON m.row_no = d.row_no AND m.seq = d.seq
          JOIN pg_temp.salary_match AS t ON t.row_no = d.row_no AND t.seq = 0
         WHERE d.kind = 'spouse' AND m.person_id IS NOT NULL AND t.person_id IS NOT NULL),
    several AS (SELECT s.taxpayer FROM spouse AS s GROUP BY s.taxpayer HAVING count(DISTINCT s.spouse) > 1)
    UPDATE pg_temp.salary_match AS m SET problem = 'spouse_conflict'
      FROM spouse AS s
     WHERE m.row_no = s.row_no AND m.seq = s.seq AND m.problem IS NULL
       AND (s.taxpayer IN (SELECT v.taxpayer FROM several AS v)
            OR EXISTS (SELECT 1 FROM ledger.assessment AS a JOIN ledger.dependant AS x USING (assessment_id)
                        WHERE a.person_id = s.taxpayer AND a.tax_year = p_tax_year AND x.kind = 'spouse'
                          AND x.dependant_person_id <> s.spouse));
    -- A relative already recorded is never changed by an import: the record, or else the first row of
    -- the file naming them for this taxpayer, stands; any other statement of them is a warning.
    WITH claim AS (
        SELECT t.person_id AS taxpayer, m.person_id AS relative, d.row_no, d.seq, d.kind, d.disability,
               d.cohabiting, d.total_income,
               row_number() OVER (PARTITION BY t.person_id, m.person_id ORDER BY d.row_no, d.seq) AS n
          FROM pg_temp.salary_stage_dep AS d
          JOIN pg_temp.salary_match AS m ON m.row_no = d.row_no AND m.seq = d.seq
          JOIN pg_temp.salary_match AS t ON t.row_no = d.row_no AND t.seq = 0
         WHERE m.person_id IS NOT NULL AND t.person_id IS NOT NULL AND m.problem IS NULL AND t.problem IS NULL),
    reference AS (
        SELECT c.taxpayer, c.relative, coalesce(x.kind, c.kind) AS kind,
               coalesce(x.disability, c.disability) AS disability,
               CASE WHEN x.dependant_person_id IS NOT NULL THEN x.cohabiting ELSE c.cohabiting END AS cohabiting,
               CASE WHEN x.dependant_person_id IS NOT NULL THEN x.total_income ELSE c.total_income END AS total_income
          FROM claim AS c
          LEFT JOIN ledger.assessment AS a ON a.person_id = c.taxpayer AND a.tax_year = p_tax_year
          LEFT JOIN ledger.dependant AS x ON x.assessment_id = a.assessment_id AND x.dependant_person_id = c.relative
         WHERE c.n = 1)
    UPDATE pg_temp.salary_match AS m SET warning = 'dependant_differs'
      FROM claim AS c JOIN reference AS f ON f.taxpayer = c.taxpayer AND f.relative = c.relative
     WHERE m.row_no = c.row_no AND m.seq = c.seq
       AND ((c.kind, c.disability, c.cohabiting) IS DISTINCT FROM (f.kind, f.disability, f.cohabiting)
            OR c.total_income IS NOT NULL AND c.total_income IS DISTINCT FROM f.total_income);
END
$$;

-- Prepare this session's staging tables; the client fills them with COPY (INSERT only).
CREATE FUNCTION api.salary_import_open(p_tax_year integer) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    IF p_tax_year IS NULL OR p_tax_year NOT BETWEEN 2000 AND 2100 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '賦課年度が正しくありません。', HINT = 'tax year must be 2000..2100';
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS salary_stage (
        row_no integer PRIMARY KEY CHECK (row_no >= 1), employer_no text NOT NULL, person_no bigint,
        kana text NOT NULL, birth_date date NOT NULL, resolved_person_id bigint,
        payment bigint NOT NULL, income_after_deduction bigint, deductions_reported bigint,
        social_insurance bigint NOT NULL DEFAULT 0, life_new_general bigint NOT NULL DEFAULT 0,
        life_old_general bigint NOT NULL DEFAULT 0, life_care_medical bigint NOT NULL DEFAULT 0,
        life_new_annuity bigint NOT NULL DEFAULT 0, life_old_annuity bigint NOT NULL DEFAULT 0,
        earthquake bigint NOT NULL DEFAULT 0, old_long_term bigint NOT NULL DEFAULT 0, withholding_tax bigint,
        payroll_withholding boolean NOT NULL, ordinary_reason text);
    CREATE TEMP TABLE IF NOT EXISTS salary_stage_dep (
        row_no integer NOT NULL, seq smallint NOT NULL CHECK (seq BETWEEN 1 AND 20),
        kind text NOT NULL CHECK (kind IN ('spouse', 'dependant')), person_no bigint, kana text NOT NULL,
        birth_date date NOT NULL, resolved_person_id bigint,
        disability text NOT NULL DEFAULT 'none'
            CHECK (disability IN ('none', 'general', 'special', 'special_cohabiting')),
        cohabiting boolean NOT NULL DEFAULT true, total_income bigint,
        PRIMARY KEY (row_no, seq));
    CREATE TEMP TABLE IF NOT EXISTS salary_match (
        row_no integer NOT NULL, seq smallint NOT NULL, person_id bigint, candidates integer, problem text,
        warning text, seen bigint[] NOT NULL DEFAULT '{}', PRIMARY KEY (row_no, seq));
    TRUNCATE pg_temp.salary_stage, pg_temp.salary_stage_dep, pg_temp.salary_match;
    EXECUTE format('GRANT INSERT ON pg_temp.salary_stage, pg_temp.salary_stage_dep TO %I', session_user);
END
$$;

-- The validation report of the staged rows: one line per employee and per spouse / dependant, with
-- the person matched (or the number of candidates), what stops the row and what the clerk should
-- know. An audited read (purpose 'assessment') naming every person matched or looked at: a
-- 'mismatch' or a count of candidates says something about persons too.
CREATE FUNCTION api.salary_import_check(p_tax_year integer)
    RETURNS TABLE (row_no integer, seq smallint, person_id bigint, candidates integer, problem text,
                   warning text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    PERFORM ledger.salary_stage_match(p_tax_year);
    PERFORM audit.record('salary_import.check', NULL, p_tax_year::smallint, 'assessment', 'ok',
        format('rows=%s problems=%s warnings=%s', (SELECT count(*) FROM pg_temp.salary_stage),
               (SELECT count(*) FROM pg_temp.salary_match AS m WHERE m.problem IS NOT NULL),
               (SELECT count(*) FROM pg_temp.salary_match AS m WHERE m.warning IS NOT NULL)),
        ledger.salary_stage_seen());
    RETURN QUERY SELECT m.row_no, m.seq, m.person_id, m.candidates, m.problem, m.warning
                   FROM pg_temp.salary_match AS m ORDER BY m.row_no, m.seq;
END
$$;

-- Every person the last match looked at (matched, candidates, the person of a 宛名番号, a pick).
CREATE FUNCTION ledger.salary_stage_seen() RETURNS bigint[]
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN ARRAY(SELECT DISTINCT v FROM pg_temp.salary_match AS m, unnest(m.seen || m.person_id) AS v
                  WHERE v IS NOT NULL ORDER BY v);
END
$$;

-- Refuse the commit when the match found anything that stops a row: an audited refusal naming the
-- persons looked at (the message tells the first problem), then an error, so nothing is stored.
CREATE FUNCTION ledger.salary_stage_refuse_blocked(p_tax_year integer, p_stage text) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    blocked integer;
    first_problem record;
BEGIN
    SELECT count(*) INTO blocked FROM pg_temp.salary_match AS m WHERE m.problem IS NOT NULL;
    IF blocked = 0 THEN
        RETURN;
    END IF;
    SELECT m.row_no, m.seq, m.problem INTO first_problem FROM pg_temp.salary_match AS m
     WHERE m.problem IS NOT NULL ORDER BY m.row_no, m.seq LIMIT 1;
    PERFORM audit.record('salary_import.commit', NULL, p_tax_year::smallint, 'assessment', 'denied',
        format('%s blocked=%s first=%s:%s', p_stage, blocked, first_problem.row_no, first_problem.problem),
        ledger.salary_stage_seen());
    RAISE EXCEPTION USING ERRCODE = 'check_violation',
        MESSAGE = format('%s取り込めない行が %s 件あります（最初は %s 行目: %s [%s]）。ファイル全体を登録していません。'
                         '検証し直してください。',
                         CASE WHEN p_stage = 'locked' THEN '検証の後に他の操作で賦課が変更されたため、' ELSE '' END,
                         blocked, first_problem.row_no,
                         CASE first_problem.problem
                             WHEN 'not_found' THEN '宛名が見つかりません' WHEN 'ambiguous' THEN '宛名が複数あります'
                             WHEN 'mismatch' THEN '宛名番号の人と一致しません'
                             WHEN 'pick_mismatch' THEN '選択した宛名と生年月日が違います'
                             WHEN 'no_employer' THEN '事業所が未登録です' WHEN 'already_imported' THEN '取込済みです'
                             WHEN 'duplicate_in_file' THEN 'ファイル内で重複しています'
                             WHEN 'notified' THEN '賦課が通知済みです' WHEN 'approved' THEN '賦課が承認済みです'
                             WHEN 'lowers_salary' THEN '申告等による給与収入を下げる取込です'
                             WHEN 'spouse_conflict' THEN '別の配偶者が登録済みです'
                             WHEN 'self_dependant' THEN '本人を扶養親族にしています'
                             WHEN 'dependant_twice' THEN '同じ扶養親族が二度あります'
                             ELSE '照合できません' END,
                         first_problem.problem),
        HINT = 'every row must match one person with no problem';
END
$$;

-- Commit the staged file, all or nothing: every row must match one person with nothing stopping it.
-- Stores the reports, links the employment (payroll withholding or not), sets the year's salary
-- revenue and salary items from all reports of the person, adds the spouse and dependants not yet
-- recorded (a recorded one is never changed), and marks the assessment for recomputation (draft, for
-- the batch). Never touches an assessment that is notified or decided by approval: the assessments
-- are locked first and checked again under the lock, and the update itself is guarded, so a
-- notification or an approval committed meanwhile makes the whole import fail instead of being
-- overwritten. One audited change naming every person touched.
CREATE FUNCTION api.salary_import_commit(p_tax_year integer, p_file_name text, p_file_sha256 text,
                                         p_row_count integer)
    RETURNS TABLE (import_id integer, event_id bigint, reports integer, persons integer,
                   assessments_created integer, dependants integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    staged integer;
    employees bigint[];
    new_import integer;
    created integer;
    changed integer;
    dep_count integer;
    touched bigint[];
    event bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    SELECT count(*) INTO staged FROM pg_temp.salary_stage;
    IF staged = 0 OR staged IS DISTINCT FROM p_row_count THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('取込対象の件数が一致しません（送信 %s 件、指定 %s 件）。何も登録していません。',
                             staged, p_row_count),
            HINT = 'staged row count differs from the declared count';
    END IF;
    PERFORM ledger.salary_stage_match(p_tax_year);
    PERFORM ledger.salary_stage_refuse_blocked(p_tax_year, 'match');

    employees := ARRAY(SELECT DISTINCT m.person_id FROM pg_temp.salary_match AS m WHERE m.seq = 0 ORDER BY 1);
    -- Employees without a return for the year get one (in person order, like the locks below).
    INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method)
        SELECT e, p_tax_year, 'salary_report', 'ordinary' FROM unnest(employees) AS e ORDER BY e
        ON CONFLICT (person_id, tax_year) DO NOTHING;
    GET DIAGNOSTICS created = ROW_COUNT;
    -- Lock every assessment the import changes, in person order (two imports wait for each other
    -- instead of deadlocking), then check again what a notification, an approval or another import
    -- committed while this one was matching: the statements below see it.
    PERFORM 1 FROM ledger.assessment AS a
     WHERE a.tax_year = p_tax_year AND a.person_id = ANY (employees) ORDER BY a.person_id FOR UPDATE;
    PERFORM ledger.salary_stage_flag(p_tax_year);
    PERFORM ledger.salary_stage_refuse_blocked(p_tax_year, 'locked');

    INSERT INTO ledger.salary_import (tax_year, file_name, file_sha256, row_count)
        VALUES (p_tax_year, p_file_name, p_file_sha256, staged) RETURNING salary_import.import_id INTO new_import;
    INSERT INTO ledger.salary_report (tax_year, employer_no, person_id, import_id, row_no, payment,
            income_after_deduction, deductions_reported, social_insurance, life_new_general, life_old_general,
            life_care_medical, life_new_annuity, life_old_annuity, earthquake, old_long_term, withholding_tax,
            payroll_withholding, ordinary_reason)
        SELECT p_tax_year, r.employer_no, m.person_id, new_import, r.row_no, r.payment, r.income_after_deduction,
               r.deductions_reported, r.social_insurance, r.life_new_general, r.life_old_general,
               r.life_care_medical, r.life_new_annuity, r.life_old_annuity, r.earthquake, r.old_long_term,
               r.withholding_tax, r.payroll_withholding, r.ordinary_reason
          FROM pg_temp.salary_stage AS r JOIN pg_temp.salary_match AS m ON m.row_no = r.row_no AND m.seq = 0;

    INSERT INTO ledger.employment (person_id, tax_year, employer_no, salary_revenue, payroll_withholding)
        SELECT m.person_id, p_tax_year, r.employer_no, r.payment, r.payroll_withholding
          FROM pg_temp.salary_stage AS r JOIN pg_temp.salary_match AS m ON m.row_no = r.row_no AND m.seq = 0
        ON CONFLICT (person_id, tax_year, employer_no) DO UPDATE
           SET salary_revenue = EXCLUDED.salary_revenue, payroll_withholding = EXCLUDED.payroll_withholding;

    -- The year's salary is every report of the person (several employers add up). The withholding
    -- employer with the largest payment collects; no withholding report → ordinary collection.
    WITH sums AS (
            SELECT s.person_id, sum(s.payment) AS payment,
                   (array_agg(s.employer_no ORDER BY s.payment DESC, s.employer_no)
                        FILTER (WHERE s.payroll_withholding))[1] AS withholder
              FROM ledger.salary_report AS s
             WHERE s.tax_year = p_tax_year AND s.person_id = ANY (employees) GROUP BY s.person_id)
    UPDATE ledger.assessment AS a SET
        salary_revenue = s.payment,
        salary_income = least(a.salary_income, s.payment),
        employer_no = CASE WHEN s.withholder IS NOT NULL THEN s.withholder
                           WHEN a.collection_method IN ('payroll', 'payroll_and_ordinary') THEN NULL
                           ELSE a.employer_no END,
        collection_method = CASE
            WHEN s.withholder IS NOT NULL
                THEN CASE WHEN a.collection_method = 'payroll_and_ordinary' THEN a.collection_method ELSE 'payroll' END
            WHEN a.collection_method IN ('none', 'payroll', 'payroll_and_ordinary') THEN 'ordinary'
            ELSE a.collection_method END,
        filing_kind = CASE WHEN a.filing_kind = 'none' THEN 'salary_report' ELSE a.filing_kind END,
        status = 'draft', version = a.version + 1, updated_at = now(), updated_by = session_user
      FROM sums AS s
     WHERE a.person_id = s.person_id AND a.tax_year = p_tax_year
       AND a.status <> 'notified' AND NOT ledger.decided_by_approval(a.assessment_id);
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed <> cardinality(employees) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = format('取込中に賦課が他の操作で変更されました（対象 %s 件、更新 %s 件）。'
                             '何も登録していません。検証し直してください。', cardinality(employees), changed),
            HINT = 'an assessment became notified or approved during the import';
    END IF;

    -- Salary items of the closed list: the sum over the person's reports of the year.
    WITH sums AS (
            SELECT s.person_id, v.item_code, sum(v.amount) AS amount
              FROM ledger.salary_report AS s
             CROSS JOIN LATERAL (VALUES (135, s.payment), (139, s.social_insurance), (150, s.life_new_general),
                                        (148, s.life_old_general), (152, s.life_care_medical),
                                        (151, s.life_new_annuity), (137, s.life_old_annuity), (149, s.earthquake),
                                        (138, s.old_long_term), (215, s.withholding_tax))
                         AS v(item_code, amount)
             WHERE s.tax_year = p_tax_year AND s.person_id = ANY (employees) AND v.amount IS NOT NULL
             GROUP BY s.person_id, v.item_code)
    INSERT INTO ledger.assessment_item (assessment_id, item_code, amount)
        SELECT a.assessment_id, s.item_code, s.amount
          FROM sums AS s JOIN ledger.assessment AS a ON a.person_id = s.person_id AND a.tax_year = p_tax_year
         WHERE s.amount > 0 OR s.item_code = 135
        ON CONFLICT (assessment_id, item_code) DO UPDATE SET amount = EXCLUDED.amount;

    -- Relatives not yet recorded, as the first row naming them says; a recorded one stays as it is
    -- (the check listed any difference as a warning for the clerk).
    INSERT INTO ledger.dependant (assessment_id, person_id, dependant_person_id, kind, disability, cohabiting,
                                  total_income)
        SELECT DISTINCT ON (a.assessment_id, m.person_id)
               a.assessment_id, t.person_id, m.person_id, d.kind, d.disability, d.cohabiting, d.total_income
          FROM pg_temp.salary_stage_dep AS d
          JOIN pg_temp.salary_match AS m ON m.row_no = d.row_no AND m.seq = d.seq
          JOIN pg_temp.salary_match AS t ON t.row_no = d.row_no AND t.seq = 0
          JOIN ledger.assessment AS a ON a.person_id = t.person_id AND a.tax_year = p_tax_year
         ORDER BY a.assessment_id, m.person_id, d.row_no, d.seq
        ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS dep_count = ROW_COUNT;

    touched := ARRAY(SELECT DISTINCT m.person_id FROM pg_temp.salary_match AS m ORDER BY 1);
    event := audit.record_change('salary_import.commit', NULL, p_tax_year::smallint, 'assessment', 'ok',
        format('import=%s rows=%s file=%s sha256=%s', new_import, staged, left(p_file_name, 100), p_file_sha256),
        touched);
    UPDATE ledger.salary_import AS i SET event_id = event WHERE i.import_id = new_import;
    TRUNCATE pg_temp.salary_stage, pg_temp.salary_stage_dep, pg_temp.salary_match;
    RETURN QUERY SELECT new_import, event, staged,
        (SELECT count(DISTINCT m.person_id) FROM ledger.salary_report AS m WHERE m.import_id = new_import)::integer,
        created, dep_count;
END
$$;

-- The income limits of the 扶養調査, per tax year, from the dated parameter files (app/tax/params):
-- provisioning (`juminzei db init`, app.services.dependant_check.store_limits) writes them, so the
-- check never takes a limit from a client. kind 'dependant': 扶養親族 (and 同一生計配偶者) limit;
-- 'spouse': the upper end of 配偶者特別控除; 'relative': the 特定親族特別控除 limit for relatives
-- aged age_from..age_to (from 令和8年度).
CREATE TABLE ledger.dependant_income_limit (
    tax_year   smallint NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    kind       text NOT NULL CHECK (kind IN ('dependant', 'spouse', 'relative')),
    limit_yen  bigint NOT NULL CHECK (limit_yen BETWEEN 0 AND 99999999999),
    age_from   smallint CHECK (age_from BETWEEN 0 AND 150),
    age_to     smallint CHECK (age_to BETWEEN age_from AND 150),
    source     text NOT NULL CHECK (length(source) BETWEEN 1 AND 1000),
    PRIMARY KEY (tax_year, kind),
    CHECK ((kind = 'relative') = (age_from IS NOT NULL AND age_to IS NOT NULL))
);

-- 扶養調査: dependants claimed by more than one taxpayer ('claimed_twice'), whose own income is over
-- the limit ('over_limit'; the year's limits from ledger.dependant_income_limit: a spouse over the
-- 配偶者特別控除 limit, a dependant over the 扶養 limit unless a 19–22-year-old relative within the
-- 特定親族特別控除 limit), and living outside the city on 1 January ('elsewhere', to be confirmed with
-- that municipality). One audited read naming every person listed.
CREATE FUNCTION api.dependant_check(p_tax_year integer, p_purpose text)
    RETURNS TABLE (finding text, dependant_person_id bigint, dependant_name text, dependant_kana text,
                   birth_date date, dependant_income bigint, income_limit bigint, district text, address text,
                   claim_kinds text[], taxpayer_ids bigint[], taxpayer_names text[])
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ids bigint[];
    dep_limit bigint;
    spouse_limit bigint;
    rel_limit bigint := 0;
    rel_born_from date;
    rel_born_to date;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    PERFORM audit.require_purpose(p_purpose);
    SELECT l.limit_yen INTO dep_limit FROM ledger.dependant_income_limit AS l
     WHERE l.tax_year = p_tax_year AND l.kind = 'dependant';
    SELECT l.limit_yen INTO spouse_limit FROM ledger.dependant_income_limit AS l
     WHERE l.tax_year = p_tax_year AND l.kind = 'spouse';
    IF dep_limit IS NULL OR spouse_limit IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('%s年度の扶養の所得限度額が登録されていません。システム管理者にサーバーの更新を依頼してください。',
                             p_tax_year),
            HINT = 'no dependant income limits stored for this tax year (run juminzei db init)';
    END IF;
    -- Aged age_from..age_to at 31 December of the income year (ordinary age on 1 January of the tax year).
    SELECT l.limit_yen, make_date(p_tax_year - l.age_to - 1, 1, 2), make_date(p_tax_year - l.age_from, 1, 1)
      INTO rel_limit, rel_born_from, rel_born_to
      FROM ledger.dependant_income_limit AS l WHERE l.tax_year = p_tax_year AND l.kind = 'relative';
    rel_limit := coalesce(rel_limit, 0);
    CREATE TEMP TABLE IF NOT EXISTS dependant_finding (
        finding text, dependant_person_id bigint, dependant_income bigint, income_limit bigint,
        claim_kinds text[], taxpayer_ids bigint[]) ON COMMIT DROP;
    TRUNCATE pg_temp.dependant_finding;
    WITH claims AS (
        SELECT d.dependant_person_id, d.kind, d.person_id AS taxpayer_id, d.total_income AS declared
          FROM ledger.dependant AS d JOIN ledger.assessment AS a USING (assessment_id)
         WHERE a.tax_year = p_tax_year),
    grouped AS (
        SELECT c.dependant_person_id, array_agg(c.kind ORDER BY c.taxpayer_id) AS kinds,
               array_agg(c.taxpayer_id ORDER BY c.taxpayer_id) AS taxpayers, max(c.declared) AS declared,
               bool_or(c.kind = 'spouse') AS as_spouse
          FROM claims AS c GROUP BY c.dependant_person_id)
    INSERT INTO pg_temp.dependant_finding
        SELECT 'claimed_twice', g.dependant_person_id, NULL, NULL, g.kinds, g.taxpayers
          FROM grouped AS g WHERE cardinality(g.taxpayers) > 1
        UNION ALL
        SELECT 'over_limit', g.dependant_person_id, inc.income, lim.income_limit, g.kinds, g.taxpayers
          FROM grouped AS g
          JOIN ledger.person AS p ON p.person_id = g.dependant_person_id
          LEFT JOIN ledger.assessment AS own ON own.person_id = g.dependant_person_id AND own.tax_year = p_tax_year
          -- The dependant's own computed assessment is the fact; otherwise what the return declared.
          CROSS JOIN LATERAL (SELECT CASE WHEN own.computed_at IS NOT NULL THEN own.total_income
                                          ELSE g.declared END AS income) AS inc
          CROSS JOIN LATERAL (SELECT CASE WHEN g.as_spouse THEN spouse_limit
                                          WHEN rel_limit > 0
                                               AND p.birth_date BETWEEN rel_born_from AND rel_born_to
                                               THEN rel_limit
                                          ELSE dep_limit END AS income_limit) AS lim
         WHERE inc.income > lim.income_limit
        UNION ALL
        SELECT 'elsewhere', g.dependant_person_id, NULL, NULL, g.kinds, g.taxpayers
          FROM grouped AS g
          JOIN ledger.person AS p ON p.person_id = g.dependant_person_id
          LEFT JOIN ledger.levy_residence AS r ON r.person_id = g.dependant_person_id AND r.tax_year = p_tax_year
         WHERE coalesce(r.district, p.district) = '市外'
            OR (r.person_id IS NULL AND p.status IN ('moved_out', 'non_resident')
                AND (p.status_date IS NULL OR p.status_date < make_date(p_tax_year, 1, 1)));
    ids := ARRAY(SELECT DISTINCT x FROM pg_temp.dependant_finding AS f,
                      unnest(f.taxpayer_ids || f.dependant_person_id) AS x ORDER BY 1);
    PERFORM audit.record('assessment.dependant_check', NULL, p_tax_year::smallint, p_purpose,
        CASE WHEN cardinality(ids) > 0 THEN 'ok' ELSE 'not_found' END,
        format('findings=%s', (SELECT count(*) FROM pg_temp.dependant_finding)), ids);
    RETURN QUERY
        SELECT f.finding, f.dependant_person_id, p.family_name || '　' || p.given_name,
               p.family_kana || '　' || p.given_kana, p.birth_date, f.dependant_income, f.income_limit,
               coalesce(r.district, p.district), coalesce(r.address, p.address), f.claim_kinds, f.taxpayer_ids,
               ARRAY(SELECT t.family_name || '　' || t.given_name
                       FROM unnest(f.taxpayer_ids) WITH ORDINALITY AS u(id, n)
                       JOIN ledger.person AS t ON t.person_id = u.id ORDER BY u.n)
          FROM pg_temp.dependant_finding AS f
          JOIN ledger.person AS p ON p.person_id = f.dependant_person_id
          LEFT JOIN ledger.levy_residence AS r ON r.person_id = f.dependant_person_id AND r.tax_year = p_tax_year
         ORDER BY f.finding, p.kana_key COLLATE "C", f.dependant_person_id;
END
$$;

-- The year at a glance for the batch screen: counts and totals only, no person.
CREATE FUNCTION api.assessment_year_summary(p_tax_year integer)
    RETURNS TABLE (returns bigint, draft bigint, assessed bigint, notified bigint, taxable bigint,
                   non_taxable_all bigint, non_taxable_income_levy bigint, municipal_tax bigint,
                   prefectural_tax bigint, forest_environment_tax bigint, annual_tax bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_assessor');
    RETURN QUERY
        SELECT count(*), count(*) FILTER (WHERE a.status = 'draft'), count(*) FILTER (WHERE a.status = 'assessed'),
               count(*) FILTER (WHERE a.status = 'notified'),
               count(*) FILTER (WHERE a.status <> 'draft' AND a.non_taxable = 'none'),
               count(*) FILTER (WHERE a.status <> 'draft' AND a.non_taxable = 'all'),
               count(*) FILTER (WHERE a.status <> 'draft' AND a.non_taxable = 'income_levy'),
               coalesce(sum(a.municipal_tax) FILTER (WHERE a.status <> 'draft'), 0)::bigint,
               coalesce(sum(a.prefectural_tax) FILTER (WHERE a.status <> 'draft'), 0)::bigint,
               coalesce(sum(a.forest_environment_tax) FILTER (WHERE a.status <> 'draft'), 0)::bigint,
               coalesce(sum(a.annual_tax) FILTER (WHERE a.status <> 'draft'), 0)::bigint
          FROM ledger.assessment AS a WHERE a.tax_year = p_tax_year;
END
$$;

REVOKE ALL ON FUNCTION ledger.salary_stage_match(integer), ledger.salary_stage_flag(integer),
    ledger.salary_stage_seen(), ledger.salary_stage_refuse_blocked(integer, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION api.salary_import_open(integer), api.salary_import_check(integer),
    api.salary_import_commit(integer, text, text, integer),
    api.dependant_check(integer, text),
    api.assessment_year_summary(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.salary_import_open(integer), api.salary_import_check(integer),
    api.salary_import_commit(integer, text, text, integer),
    api.dependant_check(integer, text),
    api.assessment_year_summary(integer) TO r_assessor;
