-- Staff, terminals and the append-only, hash-chained audit trail. Runs as juminzei_owner.

CREATE TABLE auth.staff (
    staff_code    text PRIMARY KEY CHECK (staff_code ~ '^[A-Z0-9]{2,16}$'),
    role_name     text NOT NULL UNIQUE CHECK (role_name = 's_' || lower(staff_code)),
    display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 60),
    active        boolean NOT NULL DEFAULT true,
    -- The SCRAM verifier set at enrolment. A staff member can change their own PostgreSQL password
    -- (nothing in PostgreSQL forbids it); the api then refuses them, so the card stays the only way in.
    password_verifier text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text NOT NULL DEFAULT session_user
);

-- Terminals holding a certificate from the city CA; a revoked terminal reaches nothing.
CREATE TABLE auth.terminal (
    terminal_id   text PRIMARY KEY CHECK (terminal_id ~ '^T-[A-Z0-9]{2,8}-[0-9]{3,4}$' OR terminal_id = 'local-socket'),
    description   text NOT NULL DEFAULT '',
    registered_at timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);

-- Purposes a look-up may be made for (照会目的); the audit trail records one with every read.
CREATE TABLE audit.purpose (
    purpose   text PRIMARY KEY CHECK (purpose ~ '^[a-z_]{2,30}$'),
    label_ja  text NOT NULL,
    label_en  text NOT NULL
);
INSERT INTO audit.purpose VALUES
    ('counter_inquiry', '窓口・電話での照会対応', 'Counter or telephone inquiry'),
    ('assessment', '賦課決定・更正', 'Assessment or correction'),
    ('dependant_check', '扶養調査', 'Dependant check'),
    ('collection', '特別徴収・普通徴収事務', 'Collection work'),
    ('certificate', '証明書発行', 'Certificate issue'),
    ('reduction', '減免審査', 'Reduction review'),
    ('audit_review', '監査・操作ログ確認', 'Audit review'),
    ('system_check', '動作確認', 'System check');

-- The terminal of the current connection: the CN of its TLS client certificate, or how it
-- connected when there is none (Unix socket for the embedded demo and local administration).
CREATE FUNCTION auth.current_terminal() RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN coalesce(
    (SELECT substring(client_dn FROM 'CN=([^/,]+)') FROM pg_stat_ssl
      WHERE pid = pg_backend_pid() AND ssl AND client_dn IS NOT NULL),
    CASE WHEN inet_client_addr() IS NULL THEN 'local-socket'
         ELSE 'no-certificate:' || host(inet_client_addr()) END);

-- Refuse a connection whose terminal is not registered or has been revoked. Connections without a
-- certificate are 'local-socket' (allowed only where that pseudo-terminal is registered: the
-- embedded demo and the tests) or 'no-certificate:…' (never registered, so always refused).
CREATE FUNCTION auth.require_terminal() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text := auth.current_terminal();
BEGIN
    IF NOT EXISTS (SELECT 1 FROM auth.terminal WHERE terminal_id = t AND revoked_at IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('この端末 (%s) は登録されていないか、失効しています。', t),
            HINT = 'terminal not registered or revoked';
    END IF;
    RETURN t;
END
$$;

-- Is the logged-in staff member (session_user, which SET ROLE cannot change) a holder of the
-- capability role?
CREATE FUNCTION auth.has_capability(capability text) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN pg_has_role(session_user, capability, 'MEMBER');

CREATE FUNCTION auth.require_capability(capability text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM auth.staff AS s
                     JOIN pg_catalog.pg_authid AS a ON a.rolname = s.role_name
                    WHERE s.role_name = session_user AND s.active
                      AND a.rolpassword IS NOT DISTINCT FROM s.password_verifier) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = '職員の登録が無効か、パスワードが登録時から変更されています。管理者に連絡してください。',
            HINT = 'staff inactive, unknown, or password changed since enrolment';
    END IF;
    IF NOT auth.has_capability(capability) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('この操作には権限 %s が必要です。', capability),
            HINT = format('permission denied: %s required', capability);
    END IF;
END
$$;

-- Audit trail. Rows are only ever inserted by audit.record(); each carries the hash of the row
-- before it, so an edited, deleted or inserted-out-of-order row breaks the chain.
CREATE TABLE audit.event (
    event_id     bigint PRIMARY KEY CHECK (event_id > 0),
    at           timestamptz NOT NULL,
    staff        text NOT NULL,
    terminal     text NOT NULL,
    client_addr  inet,
    action       text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    person_id    bigint,
    tax_year     smallint,
    purpose      text REFERENCES audit.purpose,
    result       text NOT NULL CHECK (result IN ('ok', 'not_found', 'denied')),
    detail       text NOT NULL DEFAULT '' CHECK (length(detail) <= 2000),
    prev_hash    bytea NOT NULL CHECK (length(prev_hash) = 32),
    row_hash     bytea NOT NULL CHECK (length(row_hash) = 32)
);
CREATE INDEX event_by_person ON audit.event (person_id, at) WHERE person_id IS NOT NULL;
CREATE INDEX event_by_staff ON audit.event (staff, at);

-- The head of the chain: one row, locked by each writer, so rows get gapless ids in commit order.
CREATE TABLE audit.chain_head (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_id    bigint NOT NULL,
    last_hash  bytea NOT NULL
);
INSERT INTO audit.chain_head VALUES (true, 0, sha256(convert_to('juminzei audit genesis', 'UTF8')));

-- The bytes a row's hash covers. Times are taken as epoch microseconds so the hash does not
-- depend on the session's TimeZone or DateStyle.
CREATE FUNCTION audit.row_digest(e audit.event) RETURNS bytea
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
RETURN sha256(e.prev_hash || convert_to(concat_ws(chr(31),
    e.event_id::text, (extract(epoch FROM e.at) * 1000000)::bigint::text, e.staff, e.terminal,
    coalesce(host(e.client_addr), '-'), e.action, coalesce(e.person_id::text, '-'),
    coalesce(e.tax_year::text, '-'), coalesce(e.purpose, '-'), e.result, e.detail), 'UTF8'));

-- Persons an audited call returned beyond the one it names (search hits, household members,
-- employees, batch chunks): "who saw person X" stays answerable. Their digest is in the event's
-- detail, so the chain covers them too.
-- One row per event with the ids as an array: a search of tens of thousands of hits costs one row.
CREATE TABLE audit.event_persons (
    event_id    bigint PRIMARY KEY REFERENCES audit.event,
    person_ids  bigint[] NOT NULL
);
CREATE INDEX event_persons_person ON audit.event_persons USING gin (person_ids);

-- The one writer of the chain. Who and where are arguments because reads reach it through
-- the audit connection (see audit.record), whose own session user is the writer role.
CREATE FUNCTION audit.append(p_staff text, p_terminal text, p_client_addr inet, p_action text,
                             p_person_id bigint, p_tax_year smallint, p_purpose text, p_result text,
                             p_detail text, p_persons bigint[])
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    head audit.chain_head;
    e audit.event;
BEGIN
    SELECT * INTO STRICT head FROM audit.chain_head FOR UPDATE;
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
    RETURN e.event_id;
END
$$;

-- The password of this database's audit writer role, for the audit connection. Owner only.
CREATE TABLE auth.audit_writer (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    role_name  text NOT NULL,
    password   text NOT NULL
);

-- A read's audit row is committed on its own connection before the data is returned: a client
-- that rolls back its transaction keeps no unaudited data, and the chain lock is held for the
-- append only. (Changes use audit.record_change, in the caller's transaction.)
CREATE FUNCTION audit.record(p_action text, p_person_id bigint, p_tax_year smallint,
                             p_purpose text, p_result text, p_detail text DEFAULT '',
                             p_persons bigint[] DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    connection_string text;
    event bigint;
BEGIN
    -- After an audited change this transaction holds the chain until it ends; the audit connection
    -- would wait for it forever. Reads and changes go in separate transactions.
    IF EXISTS (SELECT 1 FROM audit.chain_head AS h
                WHERE h.xmin = (pg_current_xact_id_if_assigned()::text::numeric % 4294967296)::bigint::text::xid) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_transaction_state',
            MESSAGE = '記録の変更と照会は別々のトランザクションで行ってください。',
            HINT = 'a read cannot follow an audited change in the same transaction';
    END IF;
    IF NOT coalesce('juminzei_audit' = ANY (ext.dblink_get_connections()), false) THEN
        SELECT format('host=%s port=%s dbname=%s user=%s password=%s',
                      quote_literal(split_part(current_setting('unix_socket_directories'), ',', 1)),
                      current_setting('port'), quote_literal(current_database()), w.role_name,
                      quote_literal(w.password))
          INTO STRICT connection_string FROM auth.audit_writer AS w;
        PERFORM ext.dblink_connect('juminzei_audit', connection_string);
    END IF;
    SELECT id INTO STRICT event FROM ext.dblink('juminzei_audit', format(
        'SELECT audit.append(%L, %L, %L, %L, %L, %L, %L, %L, %L, %L)', session_user, auth.current_terminal(),
        inet_client_addr(), p_action, p_person_id, p_tax_year, p_purpose, p_result, p_detail, p_persons))
        AS t(id bigint);
    RETURN event;
END
$$;

-- A change's audit row, in the caller's transaction: it exists exactly when the change does.
CREATE FUNCTION audit.record_change(p_action text, p_person_id bigint, p_tax_year smallint,
                                    p_purpose text, p_result text, p_detail text DEFAULT '',
                                    p_persons bigint[] DEFAULT NULL)
    RETURNS bigint
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
RETURN audit.append(session_user, auth.current_terminal(), inet_client_addr(), p_action, p_person_id,
                    p_tax_year, p_purpose, p_result, p_detail, p_persons);

-- The purpose is mandatory for every read of a person and must be one of audit.purpose.
CREATE FUNCTION audit.require_purpose(p_purpose text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_purpose IS NULL OR NOT EXISTS (SELECT 1 FROM audit.purpose WHERE purpose = p_purpose) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '照会目的を選択してください。',
            HINT = 'a purpose from audit.purpose is required';
    END IF;
END
$$;

-- Audit rows are not changed or removed through SQL. (The owner or a superuser can disable the
-- trigger; the chain check finds such an edit unless the head is rewritten too, which an exported
-- anchor of the chain head would reveal.)
CREATE FUNCTION audit.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = '操作ログは変更・削除できません。', HINT = 'audit rows are insert-only';
END
$$;
CREATE TRIGGER event_insert_only BEFORE UPDATE OR DELETE ON audit.event
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON audit.event
    FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER event_persons_insert_only BEFORE UPDATE OR DELETE ON audit.event_persons
    FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();

-- Walk the chain from the start; report the first row whose id, predecessor hash or own hash
-- does not match, and whether the head agrees with the last row.
CREATE FUNCTION audit.verify_chain()
    RETURNS TABLE (ok boolean, checked bigint, first_bad_event bigint, reason text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    expected_prev bytea := sha256(convert_to('juminzei audit genesis', 'UTF8'));
    expected_id bigint := 1;
    e audit.event;
    head audit.chain_head;
BEGIN
    checked := 0;
    FOR e IN SELECT * FROM audit.event ORDER BY event_id LOOP
        IF e.event_id <> expected_id THEN
            RETURN QUERY SELECT false, checked, expected_id, format('event %s is missing', expected_id);
            RETURN;
        END IF;
        IF e.prev_hash <> expected_prev THEN
            RETURN QUERY SELECT false, checked, e.event_id, 'previous-row hash does not match'::text;
            RETURN;
        END IF;
        IF audit.row_digest(e) <> e.row_hash THEN
            RETURN QUERY SELECT false, checked, e.event_id, 'row content does not match its hash'::text;
            RETURN;
        END IF;
        expected_prev := e.row_hash;
        expected_id := expected_id + 1;
        checked := checked + 1;
    END LOOP;
    SELECT * INTO STRICT head FROM audit.chain_head;
    IF head.last_id <> expected_id - 1 OR head.last_hash <> expected_prev THEN
        RETURN QUERY SELECT false, checked, head.last_id, 'chain head does not match the last row'::text;
        RETURN;
    END IF;
    RETURN QUERY SELECT true, checked, NULL::bigint, NULL::text;
END
$$;
