-- Inquiry (照会) api: searches whose result lists stay on the server, the person card with every
-- tax year, and the employer (特別徴収義務者) inquiry. Runs as juminzei_owner.

-- LIKE patterns from user text: %, _ and \ match themselves.
CREATE FUNCTION ledger.like_escape(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN replace(replace(replace(t, '\', '\\'), '%', '\%'), '_', '\_');

-- Prefix search on kana ("サトウ…") uses this; partial matches use the trigram indexes.
CREATE INDEX person_kana_key_prefix ON ledger.person (kana_key text_pattern_ops);
CREATE INDEX person_name_key_prefix ON ledger.person (name_key text_pattern_ops);

-- The ordered result of one search, kept for its staff member so the client can fetch the rows
-- it shows, page by page, without another look-up: a page can only come from a search that was
-- audited. search_id is that search's audit event.
CREATE TABLE ledger.search_result (
    search_id   bigint PRIMARY KEY,
    staff       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    person_ids  bigint[] NOT NULL
);
CREATE INDEX search_result_staff ON ledger.search_result (staff, created_at);

CREATE FUNCTION api.person_search(p_purpose text, p_name text DEFAULT NULL, p_birth_date date DEFAULT NULL,
                                  p_person_id bigint DEFAULT NULL, p_address text DEFAULT NULL,
                                  p_my_number text DEFAULT NULL, p_limit integer DEFAULT 100000)
    RETURNS TABLE (search_id bigint, total integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    patterns text[];
    prefix text;
    addr text := nullif(ledger.search_key(p_address), '');
    conditions text := 'true';
    ids bigint[];
    hits integer;
    event bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    PERFORM audit.require_purpose(p_purpose);
    IF p_my_number IS NOT NULL THEN
        PERFORM auth.require_capability('r_mynumber');
    END IF;
    IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 100000 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '表示件数は1から100,000までです。', HINT = 'limit must be 1..100000';
    END IF;
    SELECT array_agg('%' || ledger.like_escape(k) || '%' ORDER BY n)
      INTO patterns
      FROM (SELECT ledger.search_key(w) AS k, n
              FROM regexp_split_to_table(coalesce(p_name, ''), '[\s　]+') WITH ORDINALITY AS t(w, n)) AS s
     WHERE k <> '';
    IF patterns IS NULL AND p_birth_date IS NULL AND p_person_id IS NULL AND addr IS NULL AND p_my_number IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '検索条件を入力してください。', HINT = 'at least one search criterion is required';
    END IF;
    -- The statement is assembled from fixed fragments only; every value travels as a parameter.
    FOR i IN 1 .. coalesce(array_length(patterns, 1), 0) LOOP
        conditions := conditions || format(' AND (p.kana_key LIKE $1[%s] OR p.name_key LIKE $1[%s])', i, i);
    END LOOP;
    IF p_birth_date IS NOT NULL THEN conditions := conditions || ' AND p.birth_date = $2'; END IF;
    IF p_person_id IS NOT NULL THEN conditions := conditions || ' AND p.person_id = $3'; END IF;
    IF addr IS NOT NULL THEN conditions := conditions || ' AND p.address_key LIKE $4'; END IF;
    IF p_my_number IS NOT NULL THEN conditions := conditions || ' AND p.my_number = $5'; END IF;
    prefix := CASE WHEN patterns IS NOT NULL THEN substr(patterns[1], 2) END;  -- 'サトウ%'
    -- Names starting with the first word come first, then kana order (the folded key in code-point
    -- order is gojūon order, and cheaper to sort than the collation), then age.
    EXECUTE format(
        'SELECT array(SELECT p.person_id FROM ledger.person AS p WHERE %s
                       ORDER BY (p.kana_key LIKE $6) DESC, p.kana_key COLLATE "C", p.birth_date, p.person_id
                       LIMIT $7)', conditions)
        INTO ids
        USING patterns, p_birth_date, p_person_id, '%' || ledger.like_escape(addr) || '%', p_my_number,
              coalesce(prefix, ''), p_limit;
    hits := coalesce(array_length(ids, 1), 0);
    event := audit.record('person.search', CASE WHEN p_person_id IS NOT NULL THEN p_person_id END, NULL,
        p_purpose, CASE WHEN hits > 0 THEN 'ok' ELSE 'not_found' END,
        format('hits=%s name=%s birth=%s person=%s address=%s my_number=%s', hits,
               coalesce(p_name, '-'), coalesce(p_birth_date::text, '-'), coalesce(p_person_id::text, '-'),
               coalesce(addr, '-'), CASE WHEN p_my_number IS NULL THEN '-' ELSE 'given' END), ids);
    DELETE FROM ledger.search_result AS r WHERE r.created_at < now() - interval '8 hours';
    INSERT INTO ledger.search_result (search_id, staff, person_ids) VALUES (event, session_user, coalesce(ids, '{}'));
    RETURN QUERY SELECT event, hits;
END
$$;

-- Rows offset+1 … offset+limit of one of the caller's own searches (no new look-up: the search
-- that produced the list is the audited one).
CREATE FUNCTION api.search_page(p_search_id bigint, p_offset integer, p_limit integer)
    RETURNS SETOF api.person_summary
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ids bigint[];
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    SELECT r.person_ids INTO ids FROM ledger.search_result AS r
     WHERE r.search_id = p_search_id AND r.staff = session_user AND r.created_at > now() - interval '8 hours';
    IF ids IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '検索結果の有効期限が切れました。もう一度検索してください。',
            HINT = 'unknown or expired search';
    END IF;
    RETURN QUERY
        SELECT p.person_id, p.family_name, p.given_name, p.family_kana, p.given_kana, p.birth_date,
               p.sex::text, p.postal_code, p.address, p.district, p.status, api.masked_my_number(p.my_number)
          FROM unnest(ids[greatest(p_offset, 0) + 1 : greatest(p_offset, 0) + least(greatest(p_limit, 0), 1000)])
               WITH ORDINALITY AS page(person_id, n)
          JOIN ledger.person AS p USING (person_id)
         ORDER BY page.n;
END
$$;

-- Everything the person view shows, in one audited read: the header (My Number masked) and each
-- tax year's assessment with its incomes, deductions, taxes and 計算根拠.
CREATE FUNCTION api.person_card(p_person_id bigint, p_purpose text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    card jsonb;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    PERFORM audit.require_purpose(p_purpose);
    SELECT jsonb_build_object(
        'person_id', p.person_id, 'family_name', p.family_name, 'given_name', p.given_name,
        'family_kana', p.family_kana, 'given_kana', p.given_kana, 'birth_date', p.birth_date, 'sex', p.sex,
        'postal_code', p.postal_code, 'address', p.address, 'district', p.district, 'status', p.status,
        'status_date', p.status_date, 'my_number', api.masked_my_number(p.my_number),
        'residences', coalesce((SELECT jsonb_agg(jsonb_build_object('tax_year', r.tax_year, 'address', r.address,
                                                                    'postal_code', r.postal_code,
                                                                    'relation', r.relation)
                                                 ORDER BY r.tax_year)
                                  FROM ledger.levy_residence AS r WHERE r.person_id = p.person_id), '[]'),
        'assessments', coalesce((SELECT jsonb_agg(to_jsonb(a) || jsonb_build_object(
                'steps', coalesce((SELECT jsonb_agg(jsonb_build_object('seq', s.seq, 'code', s.code,
                                                                       'label', s.label, 'amount', s.amount,
                                                                       'rule', t.rule, 'source', t.source)
                                                    ORDER BY s.seq)
                                     FROM ledger.assessment_step AS s
                                     LEFT JOIN ledger.step_text AS t
                                            ON t.tax_year = a.tax_year AND t.code = s.code AND t.label = s.label
                                    WHERE s.assessment_id = a.assessment_id), '[]'),
                'items', coalesce((SELECT jsonb_agg(jsonb_build_object('code', i.item_code, 'name', c.name_ja,
                                                                       'amount', i.amount, 'count', i.count)
                                                    ORDER BY i.item_code)
                                     FROM ledger.assessment_item AS i
                                     JOIN ledger.item_code AS c USING (item_code)
                                    WHERE i.assessment_id = a.assessment_id), '[]'),
                'employer_name', (SELECT e.name FROM ledger.employer AS e WHERE e.employer_no = a.employer_no))
              ORDER BY a.tax_year DESC)
            FROM ledger.assessment AS a WHERE a.person_id = p.person_id), '[]'))
      INTO card
      FROM ledger.person AS p WHERE p.person_id = p_person_id;
    PERFORM audit.record('person.read', p_person_id, NULL, p_purpose,
                         CASE WHEN card IS NULL THEN 'not_found' ELSE 'ok' END);
    RETURN card;
END
$$;

-- Employers by 指定番号, name or kana (no personal data: not a look-up of a person).
CREATE FUNCTION api.employer_search(p_query text, p_limit integer DEFAULT 200)
    RETURNS TABLE (employer_no text, name text, kana text, postal_code text, address text, phone text,
                   employees bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key text := ledger.search_key(p_query);
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    IF key = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '事業所名・カナ・指定番号を入力してください。', HINT = 'a query is required';
    END IF;
    RETURN QUERY
        SELECT e.employer_no, e.name, e.kana, e.postal_code, e.address, e.phone,
               (SELECT count(DISTINCT m.person_id) FROM ledger.employment AS m
                 WHERE m.employer_no = e.employer_no AND m.payroll_withholding)
          FROM ledger.employer AS e
         WHERE e.employer_no = key OR e.name_key LIKE '%' || ledger.like_escape(key) || '%'
         ORDER BY e.employer_no = key DESC, e.kana
         LIMIT least(greatest(p_limit, 1), 1000);
END
$$;

-- The employees an employer withholds for in a tax year, with their annual tax: one audited
-- look-up (the persons listed are in the audit detail by count, the employer by number).
CREATE FUNCTION api.employer_employees(p_employer_no text, p_tax_year integer, p_purpose text)
    RETURNS TABLE (person_id bigint, family_name text, given_name text, family_kana text, given_kana text,
                   birth_date date, salary_revenue bigint, annual_tax bigint, status text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    PERFORM audit.require_purpose(p_purpose);
    RETURN QUERY
        SELECT p.person_id, p.family_name, p.given_name, p.family_kana, p.given_kana, p.birth_date,
               m.salary_revenue, coalesce(a.annual_tax, 0), coalesce(a.status, 'none')
          FROM ledger.employment AS m
          JOIN ledger.person AS p ON p.person_id = m.person_id
          LEFT JOIN ledger.assessment AS a ON a.person_id = m.person_id AND a.tax_year = m.tax_year
         WHERE m.employer_no = p_employer_no AND m.tax_year = p_tax_year AND m.payroll_withholding
         ORDER BY p.family_kana, p.given_kana, p.person_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM audit.record('employer.employees', NULL, p_tax_year::smallint, p_purpose,
                         CASE WHEN n > 0 THEN 'ok' ELSE 'not_found' END,
                         format('employer=%s count=%s', p_employer_no, n),
                         ARRAY(SELECT m.person_id FROM ledger.employment AS m
                                WHERE m.employer_no = p_employer_no AND m.tax_year = p_tax_year
                                  AND m.payroll_withholding));
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA api, ledger FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.whoami(), api.purposes() TO juminzei_staff;
GRANT EXECUTE ON FUNCTION
    api.person_search(text, text, date, bigint, text, text, integer),
    api.search_page(bigint, integer, integer),
    api.person_card(bigint, text),
    api.household_on_levy_date(bigint, integer, text),
    api.employer_search(text, integer),
    api.employer_employees(text, integer, text)
    TO r_inquiry;
