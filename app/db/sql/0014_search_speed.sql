-- Person search at a million persons (issue 4). Runs as juminzei_owner.
--
-- A name search is driven by its longest word. The persons it names are found through indexes that
-- already hold them with the keys the result is ordered by, so the common searches neither read the
-- person table nor sort much:
--   * kana starting with the word (サトウ, さとう たろう): first in the list, in index order;
--   * kanji starting with it (佐藤), a given name in kana or kanji starting with it (タロウ, 太郎);
--   * a fragment of three or more characters inside a family or given name (ウイチ in コウイチ).
--   One or two characters match the start of a family or given name only.
-- Every other word must appear somewhere in the kana or the kanji name.
-- A search records the persons it returns (its first page), not every hit it counted: "who saw
-- person X" means whose details reached a screen; further pages are recorded as they are fetched.

-- Stored, not computed in the index only: a scan can then answer from the index alone.
ALTER TABLE ledger.person
    ADD COLUMN given_kana_key text GENERATED ALWAYS AS (ledger.search_key(given_kana)) STORED,
    ADD COLUMN given_name_key text GENERATED ALWAYS AS (ledger.search_key(given_name)) STORED;

-- "Inside a name": a fragment is inside a family or given name (past its first character) exactly
-- when it begins one of the name's endings, so the endings of three or more characters are kept
-- with the keys the result is ordered by, and a prefix range on their sorted index finds them.
CREATE FUNCTION ledger.name_endings(family_kana text, given_kana text, family_name text, given_name text)
    RETURNS SETOF text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT DISTINCT substr(k, i)
      FROM unnest(ARRAY[ledger.search_key(family_kana), ledger.search_key(given_kana),
                        ledger.search_key(family_name), ledger.search_key(given_name)]) AS k,
           generate_series(2, char_length(k) - 2) AS i
$$;

CREATE TABLE ledger.person_name_ending (
    ending      text COLLATE "C" NOT NULL,
    person_id   bigint NOT NULL,
    kana_key    text NOT NULL,
    birth_date  date NOT NULL
);
CREATE INDEX person_name_ending_sorted ON ledger.person_name_ending (ending) INCLUDE (kana_key, birth_date, person_id);
CREATE INDEX person_name_ending_person ON ledger.person_name_ending (person_id);

-- Kept by statement triggers (one INSERT … SELECT per loaded batch, not one per person).
CREATE FUNCTION ledger.person_name_endings_added() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO ledger.person_name_ending (ending, person_id, kana_key, birth_date)
        SELECT e, n.person_id, n.kana_key, n.birth_date
          FROM added AS n, ledger.name_endings(n.family_kana, n.given_kana, n.family_name, n.given_name) AS e;
    RETURN NULL;
END
$$;

CREATE FUNCTION ledger.person_name_endings_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM ledger.person_name_ending AS e
     USING removed AS o LEFT JOIN added AS n ON n.person_id = o.person_id
     WHERE e.person_id = o.person_id
       AND (n.person_id IS NULL OR (n.family_kana, n.given_kana, n.family_name, n.given_name, n.birth_date)
                                   IS DISTINCT FROM (o.family_kana, o.given_kana, o.family_name, o.given_name, o.birth_date));
    INSERT INTO ledger.person_name_ending (ending, person_id, kana_key, birth_date)
        SELECT e, n.person_id, n.kana_key, n.birth_date
          FROM added AS n LEFT JOIN removed AS o ON o.person_id = n.person_id,
               ledger.name_endings(n.family_kana, n.given_kana, n.family_name, n.given_name) AS e
         WHERE o.person_id IS NULL OR (n.family_kana, n.given_kana, n.family_name, n.given_name, n.birth_date)
                                      IS DISTINCT FROM (o.family_kana, o.given_kana, o.family_name, o.given_name, o.birth_date);
    RETURN NULL;
END
$$;

CREATE FUNCTION ledger.person_name_endings_removed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM ledger.person_name_ending AS e USING removed AS o WHERE e.person_id = o.person_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER person_name_endings_insert AFTER INSERT ON ledger.person
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ledger.person_name_endings_added();
CREATE TRIGGER person_name_endings_update AFTER UPDATE ON ledger.person
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.person_name_endings_changed();
CREATE TRIGGER person_name_endings_delete AFTER DELETE ON ledger.person
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION ledger.person_name_endings_removed();

CREATE FUNCTION ledger.person_name_endings_emptied() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    TRUNCATE ledger.person_name_ending;
    RETURN NULL;
END
$$;
CREATE TRIGGER person_name_endings_truncate AFTER TRUNCATE ON ledger.person
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.person_name_endings_emptied();

-- The persons already on file.
INSERT INTO ledger.person_name_ending (ending, person_id, kana_key, birth_date)
    SELECT e, p.person_id, p.kana_key, p.birth_date
      FROM ledger.person AS p, ledger.name_endings(p.family_kana, p.given_kana, p.family_name, p.given_name) AS e;

-- Name prefixes move to C-collated indexes (byte order is kana order) that carry what the result is
-- ordered and filtered by. (person_kana_key_prefix stays: the salary import matches kana_key by equality.)
DROP INDEX ledger.person_name_key_prefix;
CREATE INDEX person_kana_sorted ON ledger.person ((kana_key COLLATE "C"), birth_date, person_id) INCLUDE (name_key);
CREATE INDEX person_name_sorted ON ledger.person ((name_key COLLATE "C"))
    INCLUDE (kana_key, birth_date, person_id);
CREATE INDEX person_given_kana_sorted ON ledger.person ((given_kana_key COLLATE "C"))
    INCLUDE (kana_key, name_key, birth_date, person_id);
CREATE INDEX person_given_name_sorted ON ledger.person ((given_name_key COLLATE "C"))
    INCLUDE (kana_key, name_key, birth_date, person_id);

-- The statement that lists a search's hits in result order, as one expression over the parameters
-- $1 word patterns ('%word%'), $2 birth date, $3 宛名番号, $4 address pattern, $5 My Number,
-- $6 the driving word's prefix pattern ('word%'), $7 the limit, and which word drives it. Only
-- fixed fragments are assembled here; values always travel as parameters. Also run as plain SQL by
-- `juminzei bench search`.
CREATE FUNCTION ledger.person_search_statement(p_words text[], p_birth boolean, p_person boolean,
                                               p_address boolean, p_my_number boolean)
    RETURNS TABLE (statement text, driver integer)
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    words integer := coalesce(cardinality(p_words), 0);
    filters text := '';
    sorted text := ' ORDER BY {t}.kana_key COLLATE "C", {t}.birth_date, {t}.person_id';
    branch text := ' SELECT p.person_id, p.kana_key, p.birth_date FROM ledger.person AS p WHERE ';
    not_lead text := ' AND NOT (p.kana_key COLLATE "C") LIKE $6';
BEGIN
    -- The longest word drives the search: the most selective start to look up. Among words of equal
    -- length the first in kana order, so the order the words were typed in never matters.
    SELECT u.n INTO driver FROM unnest(p_words) WITH ORDINALITY AS u(w, n)
     ORDER BY char_length(u.w) DESC, u.w COLLATE "C", u.n LIMIT 1;
    FOR i IN 1 .. words LOOP
        IF i <> driver THEN
            filters := filters || format(' AND (p.kana_key LIKE $1[%s] OR p.name_key LIKE $1[%s])', i, i);
        END IF;
    END LOOP;
    IF p_birth THEN filters := filters || ' AND p.birth_date = $2'; END IF;
    IF p_person THEN filters := filters || ' AND p.person_id = $3'; END IF;
    IF p_address THEN filters := filters || ' AND p.address_key LIKE $4'; END IF;
    IF p_my_number THEN filters := filters || ' AND p.my_number = $5'; END IF;
    IF words = 0 THEN
        RETURN QUERY SELECT 'array(SELECT p.person_id FROM ledger.person AS p WHERE true' || filters
                            || replace(sorted, '{t}', 'p') || ' LIMIT $7)', driver;
        RETURN;
    END IF;
    -- Kana starting with the driving word first, in index order; then the other names that have it
    -- (the branches may overlap, hence UNION), in kana order.
    RETURN QUERY SELECT '(SELECT l.ids || array(SELECT h.person_id FROM ('
        || branch || '(p.name_key COLLATE "C") LIKE $6' || not_lead || filters
        || ' UNION' || branch || '(p.given_kana_key COLLATE "C") LIKE $6' || not_lead || filters
        || ' UNION' || branch || '(p.given_name_key COLLATE "C") LIKE $6' || not_lead || filters
        -- Fragments inside a name only from three characters on (the endings kept are that long).
        || CASE WHEN char_length(p_words[driver]) >= 3 THEN ' UNION SELECT f.person_id, f.kana_key, f.birth_date'
                || ' FROM ledger.person_name_ending AS f'
                || CASE WHEN filters <> '' THEN ' JOIN ledger.person AS p ON p.person_id = f.person_id' ELSE '' END
                || ' WHERE f.ending LIKE $6 AND NOT (f.kana_key COLLATE "C") LIKE $6' || filters ELSE '' END
        || ') AS h' || replace(sorted, '{t}', 'h') || ' LIMIT $7 - cardinality(l.ids))'
        || ' FROM (SELECT array(SELECT p.person_id FROM ledger.person AS p WHERE (p.kana_key COLLATE "C") LIKE $6'
        || filters || ' ORDER BY (p.kana_key COLLATE "C"), p.birth_date, p.person_id LIMIT $7) AS ids) AS l)',
        driver;
END
$$;

-- Result lists are working data for paging: kept out of the WAL (a crash empties the table and the
-- client says the result has expired), stored uncompressed (ids do not compress; compressing a
-- 100,000-id list cost more than writing it), and expired through an index instead of a scan.
TRUNCATE ledger.search_result;  -- clients simply search again
ALTER TABLE ledger.search_result SET UNLOGGED;
ALTER TABLE ledger.search_result ALTER COLUMN person_ids SET STORAGE EXTERNAL;
-- The purpose was checked by the search that stored it (no foreign key: its row lock would make
-- every search's commit wait for a WAL flush).
ALTER TABLE ledger.search_result
    ADD COLUMN purpose text NOT NULL,
    ADD COLUMN shown_by_search integer NOT NULL DEFAULT 0 CHECK (shown_by_search >= 0);
CREATE INDEX search_result_created ON ledger.search_result (created_at);
DROP INDEX ledger.search_result_staff;
CREATE INDEX search_result_latest ON ledger.search_result (staff, search_id);

DROP FUNCTION api.person_search(text, text, date, bigint, text, text, integer);

-- One call runs the search, records it and returns its first page: one round trip for the clerk.
CREATE FUNCTION api.person_search(p_purpose text, p_name text DEFAULT NULL, p_birth_date date DEFAULT NULL,
                                  p_person_id bigint DEFAULT NULL, p_address text DEFAULT NULL,
                                  p_my_number text DEFAULT NULL, p_limit integer DEFAULT 100000,
                                  p_page_size integer DEFAULT 200)
    RETURNS TABLE (search_id bigint, total integer, page jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET work_mem = '64MB'
AS $$
DECLARE
    words text[];
    patterns text[];
    addr text := nullif(ledger.search_key(p_address), '');
    found text;  -- the statement that finds the hits
    driver integer;
    ids bigint[];
    shown bigint[];
    recorded bigint[];
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
    IF p_page_size IS NULL OR p_page_size NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '1ページの件数は1から1,000までです。', HINT = 'page size must be 1..1000';
    END IF;
    -- Bounded before any work: each word adds conditions to every branch of the statement.
    IF char_length(p_name) > 100 OR char_length(p_address) > 200 OR char_length(p_my_number) > 12
       OR cardinality(regexp_split_to_array(btrim(coalesce(p_name, ''), E' \t\n　'), '[\s　]+')) > 10 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '検索条件が長すぎます（名前は10語・100文字、住所は200文字まで）。',
            HINT = 'search text too long: name up to 10 words and 100 characters, address up to 200';
    END IF;
    SELECT array_agg(k ORDER BY n) INTO words
      FROM (SELECT ledger.search_key(w) AS k, n
              FROM regexp_split_to_table(coalesce(p_name, ''), '[\s　]+') WITH ORDINALITY AS t(w, n)) AS s
     WHERE k <> '';
    IF words IS NULL AND p_birth_date IS NULL AND p_person_id IS NULL AND addr IS NULL AND p_my_number IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '検索条件を入力してください。', HINT = 'at least one search criterion is required';
    END IF;
    patterns := ARRAY(SELECT '%' || ledger.like_escape(w) || '%' FROM unnest(words) WITH ORDINALITY AS u(w, n) ORDER BY n);
    SELECT s.statement, s.driver INTO found, driver
      FROM ledger.person_search_statement(words, p_birth_date IS NOT NULL, p_person_id IS NOT NULL,
                                          addr IS NOT NULL, p_my_number IS NOT NULL) AS s;
    EXECUTE 'SELECT ' || found
       INTO ids
      USING patterns, p_birth_date, p_person_id, '%' || ledger.like_escape(addr) || '%', p_my_number,
            ledger.like_escape(words[driver]) || '%', p_limit;
    hits := coalesce(cardinality(ids), 0);
    shown := ids[1:p_page_size];
    -- The count of a narrow search says something about each person it counted (a My Number and a
    -- name give 1 or 0), so every hit is recorded when there are at most 1,000; a broader search
    -- records the page it returns, and each further page is recorded when it is fetched.
    recorded := CASE WHEN hits <= 1000 THEN ids ELSE shown END;
    -- Recorded (and committed on the audit connection) before any detail is returned.
    event := audit.record('person.search', coalesce(CASE WHEN hits = 1 THEN ids[1] END, p_person_id), NULL,
        p_purpose, CASE WHEN hits > 0 THEN 'ok' ELSE 'not_found' END,
        format('hits=%s shown=%s name=%s birth=%s person=%s address=%s my_number=%s', hits,
               coalesce(cardinality(shown), 0), coalesce(p_name, '-'), coalesce(p_birth_date::text, '-'),
               coalesce(p_person_id::text, '-'), coalesce(addr, '-'),
               CASE WHEN p_my_number IS NULL THEN '-' ELSE 'given' END), recorded);
    -- Results are kept 8 hours, and only a staff member's ten latest (searching as one types makes many).
    DELETE FROM ledger.search_result AS r WHERE r.created_at < now() - interval '8 hours';
    DELETE FROM ledger.search_result AS r
     WHERE r.staff = session_user
       AND r.search_id <= (SELECT k.search_id FROM ledger.search_result AS k WHERE k.staff = session_user
                            ORDER BY k.search_id DESC OFFSET 9 LIMIT 1);
    INSERT INTO ledger.search_result (search_id, staff, purpose, person_ids, shown_by_search)
        VALUES (event, session_user, p_purpose, coalesce(ids, '{}'), coalesce(cardinality(recorded), 0));
    -- The first page as the client shows it (My Number masked), in the list's order.
    RETURN QUERY SELECT event, hits, coalesce(jsonb_agg(jsonb_build_object(
            'person_id', p.person_id, 'family_name', p.family_name, 'given_name', p.given_name,
            'family_kana', p.family_kana, 'given_kana', p.given_kana, 'birth_date', p.birth_date,
            'sex', p.sex, 'postal_code', p.postal_code, 'address', p.address, 'district', p.district,
            'status', p.status, 'my_number', api.masked_my_number(p.my_number)) ORDER BY page.n), '[]')
      FROM unnest(shown) WITH ORDINALITY AS page(person_id, n)
      JOIN ledger.person AS p USING (person_id);
END
$$;

-- Rows offset+1 … offset+limit of one of the caller's own searches. The search itself recorded the
-- first rows (all when few); any other page is recorded, with the search's purpose, before it is returned.
CREATE OR REPLACE FUNCTION api.search_page(p_search_id bigint, p_offset integer, p_limit integer)
    RETURNS SETOF api.person_summary
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result ledger.search_result;
    first_row integer := greatest(p_offset, 0) + 1;
    last_row integer;
    page_ids bigint[];
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_inquiry');
    SELECT r.* INTO result FROM ledger.search_result AS r
     WHERE r.search_id = p_search_id AND r.staff = session_user AND r.created_at > now() - interval '8 hours';
    IF result.search_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '検索結果の有効期限が切れました。もう一度検索してください。',
            HINT = 'unknown or expired search';
    END IF;
    last_row := least(first_row - 1 + least(greatest(p_limit, 0), 1000), cardinality(result.person_ids));
    page_ids := result.person_ids[first_row:last_row];
    IF last_row > result.shown_by_search AND cardinality(page_ids) > 0 THEN
        PERFORM audit.record('person.search_page', NULL, NULL, result.purpose, 'ok',
                             format('search=%s rows=%s..%s', p_search_id, first_row, last_row), page_ids);
    END IF;
    RETURN QUERY
        SELECT p.person_id, p.family_name, p.given_name, p.family_kana, p.given_kana, p.birth_date,
               p.sex::text, p.postal_code, p.address, p.district, p.status, api.masked_my_number(p.my_number)
          FROM unnest(page_ids) WITH ORDINALITY AS page(person_id, n)
          JOIN ledger.person AS p USING (person_id)
         ORDER BY page.n;
END
$$;

REVOKE EXECUTE ON FUNCTION api.person_search(text, text, date, bigint, text, text, integer, integer),
                           ledger.name_endings(text, text, text, text),
                           ledger.person_search_statement(text[], boolean, boolean, boolean, boolean),
                           ledger.person_name_endings_added(), ledger.person_name_endings_changed(),
                           ledger.person_name_endings_removed(), ledger.person_name_endings_emptied()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api.person_search(text, text, date, bigint, text, text, integer, integer) TO r_inquiry;

-- The certificate counter's look-up (0006) through the same ordered indexes: each way a person can
-- be named (kana or kanji name starting with the query, 宛名番号) is read already in kana order and
-- only the first 50 of each are merged. Planned with the values (EXECUTE), so prefixes use the index.
CREATE OR REPLACE FUNCTION api.certificate_find_person(p_query text, p_birth_date date DEFAULT NULL)
    RETURNS TABLE (person_id bigint, family_name text, given_name text, family_kana text, given_kana text,
                   birth_date date, address text, years jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key text := ledger.search_key(p_query);
    -- A 宛名番号 typed at the counter; computed apart so the cast never meets a name.
    wanted bigint := CASE WHEN ledger.search_key(p_query) ~ '^[0-9]{1,10}$' THEN ledger.search_key(p_query)::bigint END;
    born text := CASE WHEN p_birth_date IS NOT NULL THEN ' AND p.birth_date = $3' ELSE '' END;
    branch text := '(SELECT p.person_id, p.kana_key, p.birth_date FROM ledger.person AS p WHERE ';
    sorted text := ' ORDER BY p.kana_key COLLATE "C", p.birth_date, p.person_id LIMIT 50)';
    ids bigint[];
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    IF key = '' AND p_birth_date IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '氏名・カナ・宛名番号のいずれかを入力してください。', HINT = 'a query is required';
    END IF;
    EXECUTE 'SELECT array(SELECT h.person_id FROM ('
            || CASE WHEN key = '' THEN branch || 'true' || born || sorted
                    ELSE branch || '(p.kana_key COLLATE "C") LIKE $1' || born || sorted
                         || ' UNION ' || branch || '(p.name_key COLLATE "C") LIKE $1' || born || sorted
                         || ' UNION ' || branch || 'p.person_id = $2' || born || ')' END
            || ') AS h ORDER BY h.kana_key COLLATE "C", h.birth_date, h.person_id LIMIT 50)'
       INTO ids
      USING ledger.like_escape(key) || '%', wanted, p_birth_date;
    PERFORM audit.record('person.search', NULL, NULL, 'certificate',
                         CASE WHEN cardinality(ids) > 0 THEN 'ok' ELSE 'not_found' END,
                         format('certificate counter hits=%s', cardinality(ids)), ids);
    RETURN QUERY
        SELECT p.person_id, p.family_name, p.given_name, p.family_kana, p.given_kana, p.birth_date, p.address,
               coalesce((SELECT jsonb_agg(jsonb_build_object('tax_year', a.tax_year, 'status', a.status,
                                                             'non_taxable', a.non_taxable)
                                          ORDER BY a.tax_year DESC)
                           FROM ledger.assessment AS a WHERE a.person_id = p.person_id), '[]')
          FROM unnest(ids) WITH ORDINALITY AS t(id, n)
          JOIN ledger.person AS p ON p.person_id = t.id
         ORDER BY t.n;
END
$$;

-- "Who saw person X" in the log review: events that name the person in their list of persons
-- (searches, pages, households, employees) as well as those about the person.
CREATE OR REPLACE FUNCTION api.audit_events(p_from timestamptz, p_to timestamptz, p_staff text DEFAULT NULL,
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
           AND (p_person_id IS NULL
                OR e.event_id IN (SELECT v.event_id FROM audit.event AS v WHERE v.person_id = p_person_id
                                  UNION ALL
                                  SELECT x.event_id FROM audit.event_persons AS x
                                   WHERE x.person_ids @> ARRAY[p_person_id]))
         ORDER BY e.event_id
         LIMIT least(greatest(p_limit, 1), 100000);
END
$$;
