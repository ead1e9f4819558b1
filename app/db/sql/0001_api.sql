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
GRANT EXECUTE ON FUNCTION api.household_on_levy_date(bigint, integer, text) TO r_inquiry;
GRANT EXECUTE ON FUNCTION api.person_my_number(bigint, text) TO r_mynumber;
GRANT EXECUTE ON FUNCTION api.audit_verify(), api.audit_events(timestamptz, timestamptz, text, bigint, integer)
    TO r_security;
-- The audit connection's role appends to the chain and nothing else.
GRANT USAGE ON SCHEMA audit TO juminzei_audit_writers;
GRANT EXECUTE ON FUNCTION audit.append(text, text, inet, text, bigint, smallint, text, text, text, bigint[])
    TO juminzei_audit_writers;
