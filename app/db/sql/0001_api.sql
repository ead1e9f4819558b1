-- The api: the only way staff reach personal data. Every function is SECURITY DEFINER (runs as
-- juminzei_owner), pins its search_path, checks the terminal and the caller's capability,
-- and writes its audit row in the caller's transaction. EXECUTE is granted per capability.
-- Runs as juminzei_owner.

-- My Number as lists and headers show it: masked for everyone. The number itself comes only from
-- api.person_my_number (r_mynumber), one audited reveal at a time.
CREATE FUNCTION api.masked_my_number(n text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN n IS NULL THEN NULL ELSE '************' END;

CREATE FUNCTION api.whoami()
    RETURNS TABLE (staff_code text, display_name text, capabilities text[], terminal text,
                   server_time timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT s.staff_code, s.display_name,
           ARRAY(SELECT c FROM unnest(ARRAY['r_inquiry', 'r_assessor', 'r_approver', 'r_collection',
                                             'r_certificate', 'r_mynumber', 'r_security', 'r_admin']) AS c
                 WHERE pg_has_role(session_user, c, 'MEMBER') ORDER BY c),
           auth.current_terminal(), now()
      FROM auth.staff AS s
     WHERE s.role_name = session_user AND s.active;
END;

CREATE TYPE api.person_summary AS (
    person_id     bigint,
    family_name   text,
    given_name    text,
    family_kana   text,
    given_kana    text,
    birth_date    date,
    sex           text,
    postal_code   text,
    address       text,
    district      text,
    status        text,
    my_number     text
);

-- Person search. Every given criterion must match: name tokens (kanji or kana, any order,
-- partial, width and hiragana/katakana folded), birth date, 宛名番号, address fragment, and
-- My Number (r_mynumber only). One audit row records the criteria and the number of hits.
CREATE FUNCTION api.person_search(p_purpose text, p_name text DEFAULT NULL, p_birth_date date DEFAULT NULL,
                                  p_person_id bigint DEFAULT NULL, p_address text DEFAULT NULL,
                                  p_my_number text DEFAULT NULL, p_limit integer DEFAULT 200)
    RETURNS SETOF api.person_summary
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tokens text[];
    addr text := nullif(ledger.search_key(p_address), '');
    hits integer;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    PERFORM audit.require_purpose(p_purpose);
    IF p_my_number IS NOT NULL THEN
        PERFORM auth.require_capability('r_mynumber');
    END IF;
    SELECT array_agg(k) INTO tokens
      FROM (SELECT ledger.search_key(w) AS k FROM regexp_split_to_table(coalesce(p_name, ''), '[\s　]+') AS w) AS t
     WHERE k <> '';
    IF tokens IS NULL AND p_birth_date IS NULL AND p_person_id IS NULL AND addr IS NULL AND p_my_number IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '検索条件を入力してください。', HINT = 'at least one search criterion is required';
    END IF;
    IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '表示件数は1から10,000までです。', HINT = 'limit must be 1..10000';
    END IF;
    RETURN QUERY
        SELECT p.person_id, p.family_name, p.given_name, p.family_kana, p.given_kana, p.birth_date,
               p.sex::text, p.postal_code, p.address, p.district, p.status,
               api.masked_my_number(p.my_number)
          FROM ledger.person AS p
         WHERE (tokens IS NULL OR NOT EXISTS (
                    SELECT 1 FROM unnest(tokens) AS tok
                     WHERE p.kana_key NOT LIKE '%' || tok || '%' AND p.name_key NOT LIKE '%' || tok || '%'))
           AND (p_birth_date IS NULL OR p.birth_date = p_birth_date)
           AND (p_person_id IS NULL OR p.person_id = p_person_id)
           AND (addr IS NULL OR p.address_key LIKE '%' || addr || '%')
           AND (p_my_number IS NULL OR p.my_number = p_my_number)
         ORDER BY (tokens IS NOT NULL AND p.kana_key LIKE tokens[1] || '%') DESC,
                  p.family_kana, p.given_kana, p.birth_date, p.person_id
         LIMIT p_limit;
    GET DIAGNOSTICS hits = ROW_COUNT;
    PERFORM audit.record('person.search', CASE WHEN p_person_id IS NOT NULL THEN p_person_id END, NULL,
        p_purpose, CASE WHEN hits > 0 THEN 'ok' ELSE 'not_found' END,
        format('hits=%s name=%s birth=%s person=%s address=%s my_number=%s', hits,
               coalesce(array_to_string(tokens, ' '), '-'), coalesce(p_birth_date::text, '-'),
               coalesce(p_person_id::text, '-'), coalesce(addr, '-'),
               CASE WHEN p_my_number IS NULL THEN '-' ELSE 'given' END));
END
$$;

CREATE FUNCTION api.person_get(p_person_id bigint, p_purpose text)
    RETURNS SETOF api.person_summary
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found_it boolean;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    PERFORM audit.require_purpose(p_purpose);
    RETURN QUERY
        SELECT p.person_id, p.family_name, p.given_name, p.family_kana, p.given_kana, p.birth_date,
               p.sex::text, p.postal_code, p.address, p.district, p.status,
               api.masked_my_number(p.my_number)
          FROM ledger.person AS p WHERE p.person_id = p_person_id;
    found_it := FOUND;
    PERFORM audit.record('person.read', p_person_id, NULL, p_purpose,
                         CASE WHEN found_it THEN 'ok' ELSE 'not_found' END);
END
$$;

-- The full My Number, for r_mynumber only; the reveal itself is audited.
CREATE FUNCTION api.person_my_number(p_person_id bigint, p_purpose text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n text;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_mynumber');
    PERFORM audit.require_purpose(p_purpose);
    SELECT my_number INTO n FROM ledger.person WHERE person_id = p_person_id;
    PERFORM audit.record('person.my_number', p_person_id, NULL, p_purpose,
                         CASE WHEN n IS NULL THEN 'not_found' ELSE 'ok' END);
    RETURN n;
END
$$;

CREATE FUNCTION api.assessment_get(p_person_id bigint, p_tax_year integer, p_purpose text)
    RETURNS SETOF ledger.assessment
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found_it boolean;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    PERFORM audit.require_purpose(p_purpose);
    RETURN QUERY SELECT * FROM ledger.assessment WHERE person_id = p_person_id AND tax_year = p_tax_year;
    found_it := FOUND;
    PERFORM audit.record('assessment.read', p_person_id, p_tax_year::smallint, p_purpose,
                         CASE WHEN found_it THEN 'ok' ELSE 'not_found' END);
END
$$;

-- The household the person belonged to on 1 January of the tax year, with each member's
-- relation, whether someone claims them as spouse or dependant, and whether they are taxable.
CREATE FUNCTION api.household_on_levy_date(p_person_id bigint, p_tax_year integer, p_purpose text)
    RETURNS TABLE (person_id bigint, family_name text, given_name text, family_kana text, given_kana text,
                   birth_date date, sex text, relation text, address text, claimed_as text,
                   taxable text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found_it boolean;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    PERFORM audit.require_purpose(p_purpose);
    RETURN QUERY
        SELECT p.person_id, p.family_name, p.given_name, p.family_kana, p.given_kana, p.birth_date,
               p.sex::text, r.relation, r.address,
               (SELECT d.kind FROM ledger.dependant AS d JOIN ledger.assessment AS a USING (assessment_id)
                 WHERE d.dependant_person_id = p.person_id AND a.tax_year = p_tax_year
                 ORDER BY d.kind DESC LIMIT 1),
               (SELECT CASE WHEN a.annual_tax > 0 THEN 'taxable' ELSE 'non_taxable' END
                  FROM ledger.assessment AS a WHERE a.person_id = p.person_id AND a.tax_year = p_tax_year)
          FROM ledger.levy_residence AS me
          JOIN ledger.levy_residence AS r ON r.tax_year = me.tax_year AND r.household_no = me.household_no
          JOIN ledger.person AS p ON p.person_id = r.person_id
         WHERE me.person_id = p_person_id AND me.tax_year = p_tax_year
         ORDER BY r.relation <> '世帯主', p.birth_date;
    found_it := FOUND;
    PERFORM audit.record('household.read', p_person_id, p_tax_year::smallint, p_purpose,
                         CASE WHEN found_it THEN 'ok' ELSE 'not_found' END, '',
                         ARRAY(SELECT r.person_id FROM ledger.levy_residence AS me
                                 JOIN ledger.levy_residence AS r
                                   ON r.tax_year = me.tax_year AND r.household_no = me.household_no
                                WHERE me.person_id = p_person_id AND me.tax_year = p_tax_year));
END
$$;

-- Audit review for the security officer.
CREATE FUNCTION api.audit_verify()
    RETURNS TABLE (ok boolean, checked bigint, first_bad_event bigint, reason text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_security');
    RETURN QUERY SELECT * FROM audit.verify_chain();
END
$$;

CREATE FUNCTION api.audit_events(p_from timestamptz, p_to timestamptz, p_staff text DEFAULT NULL,
                                 p_person_id bigint DEFAULT NULL, p_limit integer DEFAULT 1000)
    RETURNS TABLE (event_id bigint, at timestamptz, staff text, terminal text, action text,
                   person_id bigint, tax_year smallint, purpose text, result text, detail text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_security');
    -- Reviewing the log is itself logged, before the rows are read.
    PERFORM audit.record('audit.read', p_person_id, NULL, 'audit_review',  'ok',
                         format('from=%s to=%s staff=%s', p_from, p_to, coalesce(p_staff, '-')));
    RETURN QUERY
        SELECT e.event_id, e.at, e.staff, e.terminal, e.action, e.person_id, e.tax_year, e.purpose,
               e.result, e.detail
          FROM audit.event AS e
         WHERE e.at >= p_from AND e.at < p_to
           AND (p_staff IS NULL OR e.staff = p_staff)
           AND (p_person_id IS NULL OR e.person_id = p_person_id)
         ORDER BY e.event_id
         LIMIT least(greatest(p_limit, 1), 100000);
END
$$;

CREATE FUNCTION api.purposes() RETURNS SETOF audit.purpose
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT * FROM audit.purpose ORDER BY purpose;
END;

-- Grants: nothing by default, then each function to the capabilities that may call it.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA api, auth, audit, ledger FROM PUBLIC;
GRANT USAGE ON SCHEMA api TO juminzei_staff;
GRANT EXECUTE ON FUNCTION api.whoami(), api.purposes() TO juminzei_staff;
GRANT EXECUTE ON FUNCTION
    api.person_search(text, text, date, bigint, text, text, integer),
    api.person_get(bigint, text),
    api.assessment_get(bigint, integer, text),
    api.household_on_levy_date(bigint, integer, text)
    TO r_inquiry;
GRANT EXECUTE ON FUNCTION api.person_my_number(bigint, text) TO r_mynumber;
GRANT EXECUTE ON FUNCTION api.audit_verify(), api.audit_events(timestamptz, timestamptz, text, bigint, integer)
    TO r_security;
-- The audit connection's role appends to the chain and nothing else.
GRANT USAGE ON SCHEMA audit TO juminzei_audit_writers;
GRANT EXECUTE ON FUNCTION audit.append(text, text, inet, text, bigint, smallint, text, text, text, bigint[])
    TO juminzei_audit_writers;
