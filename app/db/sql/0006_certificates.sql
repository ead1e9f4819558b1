-- Certificates at the counter (証明事務, business ⑧ of the PIA): the issuance ledger, the keyed MAC
-- of the QR code, second-person checks, and the api the counter uses. Runs as juminzei_owner.
-- The certificate number and its MAC are made here, with a key no staff role can read, so a
-- modified client cannot produce a certificate the verification screen accepts.

-- Closed lists the counter chooses from (the screen shows label_ja / label_en).
CREATE TABLE ledger.certificate_kind (
    kind      text PRIMARY KEY CHECK (kind ~ '^[a-z_]{2,20}$'),
    label_ja  text NOT NULL,
    label_en  text NOT NULL,
    seq       smallint NOT NULL
);
INSERT INTO ledger.certificate_kind VALUES
    ('income_tax', '所得課税証明書', 'Income and tax certificate', 1),
    ('income', '所得証明書', 'Income certificate', 2),
    ('tax', '課税証明書', 'Tax certificate', 3),
    ('non_taxable', '非課税証明書', 'Non-taxable certificate', 4);

CREATE TABLE ledger.certificate_requester (
    requester  text PRIMARY KEY CHECK (requester ~ '^[a-z_]{2,20}$'),
    label_ja   text NOT NULL,
    label_en   text NOT NULL,
    seq        smallint NOT NULL
);
INSERT INTO ledger.certificate_requester VALUES
    ('self', '本人', 'The person', 1),
    ('household', '同一世帯員', 'Household member', 2),
    ('proxy', '代理人（委任状）', 'Agent (with power of attorney)', 3),
    ('official', '官公署（公用）', 'Public office (official use)', 4);

CREATE TABLE ledger.identity_document (
    document   text PRIMARY KEY CHECK (document ~ '^[a-z_]{2,30}$'),
    label_ja   text NOT NULL,
    label_en   text NOT NULL,
    seq        smallint NOT NULL
);
INSERT INTO ledger.identity_document VALUES
    ('my_number_card', 'マイナンバーカード', 'My Number card', 1),
    ('drivers_license', '運転免許証', 'Driving licence', 2),
    ('passport', '旅券（パスポート）', 'Passport', 3),
    ('residence_card', '在留カード・特別永住者証明書', 'Residence card', 4),
    ('disability_book', '身体障害者手帳等（写真付き）', 'Disability certificate with photo', 5),
    ('two_documents', '健康保険の資格確認書等（2点）', 'Two documents without photo', 6),
    ('official_request', '官公署の公用請求書・職員証', 'Official request and staff ID', 7);

CREATE TABLE ledger.certificate_purpose (
    purpose   text PRIMARY KEY CHECK (purpose ~ '^[a-z_]{2,30}$'),
    label_ja  text NOT NULL,
    label_en  text NOT NULL,
    seq       smallint NOT NULL
);
INSERT INTO ledger.certificate_purpose VALUES
    ('child_allowance', '児童手当・児童扶養手当の申請', 'Child allowance application', 1),
    ('nursery', '保育所・幼稚園の入所', 'Nursery admission', 2),
    ('public_housing', '公営住宅の入居', 'Public housing', 3),
    ('scholarship', '奨学金・就学援助の申請', 'Scholarship or school aid', 4),
    ('loan', '融資・ローンの申込み', 'Loan application', 5),
    ('welfare', '福祉サービス・年金の手続', 'Welfare or pension procedure', 6),
    ('dependant', '扶養認定・健康保険の手続', 'Dependant or health insurance procedure', 7),
    ('official_use', '官公署での公用', 'Official use by a public office', 8),
    ('visa', '在留資格の手続', 'Residence status procedure', 9),
    ('other', 'その他の手続', 'Other procedure', 10);

-- Why a request pays no fee (official use and listed welfare purposes; a reprint never pays again).
CREATE TABLE ledger.fee_exemption (
    reason    text PRIMARY KEY CHECK (reason ~ '^[a-z_]{2,30}$'),
    label_ja  text NOT NULL,
    label_en  text NOT NULL,
    seq       smallint NOT NULL
);
INSERT INTO ledger.fee_exemption VALUES
    ('official', '官公署の公用請求', 'Official request of a public office', 1),
    ('public_assistance', '生活保護の申請・受給', 'Public assistance', 2),
    ('child_support', '児童扶養手当・特別児童扶養手当の申請', 'Child support allowance', 3),
    ('disability_welfare', '障害福祉サービスの申請', 'Disability welfare services', 4),
    ('reprint', '再交付（手数料徴収済み）', 'Reprint (fee already paid)', 9);

-- Counter policy, one row: the fee a copy and when a second staff member must check the request.
CREATE TABLE ledger.certificate_policy (
    singleton               boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    fee_per_copy            integer NOT NULL DEFAULT 300 CHECK (fee_per_copy BETWEEN 0 AND 10000),
    max_copies              smallint NOT NULL DEFAULT 10 CHECK (max_copies BETWEEN 1 AND 99),
    check_proxy             boolean NOT NULL DEFAULT true,   -- 代理人 requests need a second check
    check_exemption         boolean NOT NULL DEFAULT true    -- fee exemptions need a second check (no
                                                             -- clerk waives a fee alone)
);
INSERT INTO ledger.certificate_policy DEFAULT VALUES;

-- The MAC key. No grant on this table to anyone: only the owner's api functions read it.
CREATE TABLE ledger.certificate_key (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key        bytea NOT NULL CHECK (length(key) = 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- gen_random_uuid() draws from the server's strong random source (pgcrypto is not available in
-- the embedded PostgreSQL of the demo, so the key and the HMAC use only core functions).
INSERT INTO ledger.certificate_key (key)
SELECT sha256(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text
                             || gen_random_uuid()::text, '-', ''), 'hex'));

-- HMAC-SHA256 (RFC 2104) from core sha256(), for servers without pgcrypto.
CREATE FUNCTION ledger.hmac_sha256(p_key bytea, p_message bytea) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k bytea := CASE WHEN length(p_key) > 64 THEN sha256(p_key) ELSE p_key END;
    inner_pad bytea;
    outer_pad bytea;
BEGIN
    k := k || decode(repeat('00', 64 - length(k)), 'hex');
    inner_pad := k;
    outer_pad := k;
    FOR i IN 0 .. 63 LOOP
        inner_pad := set_byte(inner_pad, i, get_byte(k, i) # 54);    -- 0x36
        outer_pad := set_byte(outer_pad, i, get_byte(k, i) # 92);    -- 0x5c
    END LOOP;
    RETURN sha256(outer_pad || sha256(inner_pad || p_message));
END
$$;

-- Gapless numbers per calendar year of issue (Japan time): the ledger shows every number used.
CREATE TABLE ledger.certificate_counter (
    year     smallint PRIMARY KEY,
    last_no  integer NOT NULL CHECK (last_no >= 0)
);

-- A second staff member's check of a request, bound to what will be issued.
CREATE TABLE ledger.certificate_check (
    check_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request       jsonb NOT NULL,
    person_id     bigint NOT NULL REFERENCES ledger.person,
    requested_by  text NOT NULL DEFAULT session_user,
    requested_at  timestamptz NOT NULL DEFAULT now(),
    terminal      text NOT NULL,
    approved_by   text,
    approved_at   timestamptz,
    used_at       timestamptz,
    CHECK (approved_by IS NULL OR approved_by <> requested_by)
);

-- One row per certificate number (証明書交付台帳).
CREATE TABLE ledger.certificate (
    certificate_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    certificate_no    text NOT NULL UNIQUE CHECK (certificate_no ~ '^[0-9]{4}-[0-9]{6}$'),
    person_id         bigint NOT NULL REFERENCES ledger.person,
    kind              text NOT NULL REFERENCES ledger.certificate_kind,
    tax_year          smallint NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    requester         text NOT NULL REFERENCES ledger.certificate_requester,
    requester_person_id bigint REFERENCES ledger.person,
    requester_office  text CHECK (length(requester_office) BETWEEN 1 AND 60),
    power_of_attorney boolean NOT NULL DEFAULT false,
    identity_document text NOT NULL REFERENCES ledger.identity_document,
    purpose           text NOT NULL REFERENCES ledger.certificate_purpose,
    copies            smallint NOT NULL CHECK (copies BETWEEN 1 AND 99),
    fee_per_copy      integer NOT NULL CHECK (fee_per_copy >= 0),
    fee_total         integer NOT NULL CHECK (fee_total >= 0),
    exemption         text REFERENCES ledger.fee_exemption,
    issued_at         timestamptz NOT NULL DEFAULT now(),
    staff             text NOT NULL DEFAULT session_user,
    terminal          text NOT NULL,
    checked_by        text,
    replaces_id       bigint REFERENCES ledger.certificate,
    content           jsonb NOT NULL,         -- exactly what the certificate states
    mac               bytea NOT NULL CHECK (length(mac) = 16),
    pdf_sha256        bytea CHECK (length(pdf_sha256) = 32),
    pdf_pages         smallint,
    print_status      text NOT NULL DEFAULT 'pending'
                      CHECK (print_status IN ('pending', 'printed', 'failed', 'cancelled')),
    status            text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'voided')),
    voided_at         timestamptz,
    voided_by         text,
    void_reason       text CHECK (length(void_reason) BETWEEN 1 AND 200),
    CHECK ((status = 'voided') = (voided_at IS NOT NULL)),
    CHECK (checked_by IS NULL OR checked_by <> staff),      -- a second check is another person's
    CHECK (CASE WHEN exemption IS NULL THEN fee_total = fee_per_copy * copies ELSE fee_total = 0 END),
    CHECK (requester <> 'household' OR requester_person_id IS NOT NULL),
    CHECK (requester <> 'proxy' OR power_of_attorney),
    CHECK (requester <> 'official' OR requester_office IS NOT NULL),
    CHECK (content ? 'person' AND NOT content::text ~ 'my_number')
);
CREATE INDEX certificate_person ON ledger.certificate (person_id, tax_year);
CREATE INDEX certificate_day ON ledger.certificate (issued_at);

-- Every event of the ledger: issue, void, reprint, the PDF handed to the printer, print outcome.
CREATE TABLE ledger.certificate_event (
    event_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    certificate_id  bigint NOT NULL REFERENCES ledger.certificate,
    event           text NOT NULL CHECK (event IN ('issue', 'reprint', 'void', 'pdf', 'printed',
                                                   'print_failed', 'print_cancelled')),
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    staff           text NOT NULL DEFAULT session_user,
    terminal        text NOT NULL,
    copies          smallint NOT NULL DEFAULT 0,
    fee             integer NOT NULL DEFAULT 0,
    detail          text NOT NULL DEFAULT '' CHECK (length(detail) <= 300)
);
CREATE INDEX certificate_event_day ON ledger.certificate_event (at);
CREATE INDEX certificate_event_certificate ON ledger.certificate_event (certificate_id);

CREATE FUNCTION ledger.certificate_event_insert_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = '証明書交付台帳の記録は変更・削除できません。', HINT = 'certificate events are insert-only';
END
$$;
CREATE TRIGGER certificate_event_insert_only BEFORE UPDATE OR DELETE ON ledger.certificate_event
    FOR EACH ROW EXECUTE FUNCTION ledger.certificate_event_insert_only();

-- The MAC of a certificate: over its number and what it is about, so a QR code copied onto
-- another certificate or with a changed number fails. 128 bits are printed (32 hex digits).
CREATE FUNCTION ledger.certificate_mac(c ledger.certificate) RETURNS bytea
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN substr(ledger.hmac_sha256((SELECT k.key FROM ledger.certificate_key AS k),
    convert_to(concat_ws(':', 'JZC1', c.certificate_no, c.person_id::text, c.kind, c.tax_year::text,
                         ((extract(epoch FROM c.issued_at) * 1000000)::bigint)::text), 'UTF8')), 1, 16);

CREATE FUNCTION ledger.certificate_qr(c ledger.certificate) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
RETURN 'JZC1:' || c.certificate_no || ':' || upper(encode(c.mac, 'hex'));

CREATE FUNCTION ledger.refuse(p_message text, p_hint text) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = p_message, HINT = p_hint;
END
$$;

-- What a certificate of that person and year states, from the stored assessment. Never the My
-- Number. Ages for the dependant categories are taken on 1 January of the tax year (domain §4.1).
CREATE FUNCTION ledger.certificate_content(p_person_id bigint, p_tax_year integer) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN (
    SELECT jsonb_build_object(
        'tax_year', a.tax_year, 'income_year', a.tax_year - 1,
        'person', jsonb_build_object(
            'person_id', p.person_id, 'family_name', p.family_name, 'given_name', p.given_name,
            'family_kana', p.family_kana, 'given_kana', p.given_kana, 'birth_date', p.birth_date,
            'address', p.address, 'postal_code', p.postal_code,
            'levy_address', (SELECT r.address FROM ledger.levy_residence AS r
                              WHERE r.person_id = p.person_id AND r.tax_year = a.tax_year)),
        'incomes', jsonb_build_object(
            'salary_revenue', a.salary_revenue, 'salary_income', a.salary_income,
            'pension_revenue', a.pension_revenue, 'pension_income', a.pension_income,
            'business_income', a.business_income, 'agriculture_income', a.agriculture_income,
            'real_estate_income', a.real_estate_income, 'interest_income', a.interest_income,
            'dividend_income', a.dividend_income, 'misc_income', a.misc_income,
            'total_income', a.total_income, 'income_base', a.income_base),
        'deductions', coalesce((SELECT jsonb_agg(jsonb_build_object('label', s.label, 'amount', s.amount)
                                                 ORDER BY s.seq)
                                  FROM ledger.assessment_step AS s
                                 WHERE s.assessment_id = a.assessment_id AND s.code LIKE 'deduction.%'
                                   AND s.code <> 'deduction.total' AND s.amount <> 0), '[]'),
        'deductions_total', a.deductions_total,
        'taxable_income', a.taxable_income,
        'family', (SELECT jsonb_build_object(
                       'spouse', count(*) FILTER (WHERE d.kind = 'spouse'),
                       'specific', count(*) FILTER (WHERE d.kind = 'dependant' AND g.age BETWEEN 19 AND 22),
                       'elderly', count(*) FILTER (WHERE d.kind = 'dependant' AND g.age >= 70),
                       'young', count(*) FILTER (WHERE d.kind = 'dependant' AND g.age < 16),
                       'other', count(*) FILTER (WHERE d.kind = 'dependant' AND (g.age BETWEEN 16 AND 18
                                                                              OR g.age BETWEEN 23 AND 69)),
                       'disabled', count(*) FILTER (WHERE d.disability <> 'none'))
                     FROM ledger.dependant AS d
                     JOIN ledger.person AS dp ON dp.person_id = d.dependant_person_id
                     CROSS JOIN LATERAL (SELECT extract(year FROM age(make_date(a.tax_year, 1, 1),
                                                                      dp.birth_date))::int AS age) AS g
                    WHERE d.assessment_id = a.assessment_id),
        'non_taxable', a.non_taxable,
        'taxes', jsonb_build_object(
            'municipal_income_levy', a.municipal_income_levy, 'municipal_per_capita', a.municipal_per_capita,
            'prefectural_income_levy', a.prefectural_income_levy,
            'prefectural_per_capita', a.prefectural_per_capita,
            'forest_environment_tax', a.forest_environment_tax, 'annual_tax', a.annual_tax))
      FROM ledger.assessment AS a
      JOIN ledger.person AS p ON p.person_id = a.person_id
     WHERE a.person_id = p_person_id AND a.tax_year = p_tax_year AND a.status IN ('assessed', 'notified'));

-- Validate a request; returns the content, or raises the refusal (nothing is written).
CREATE FUNCTION ledger.certificate_validate(p_request jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_person bigint := (p_request->>'person_id')::bigint;
    v_year integer := (p_request->>'tax_year')::integer;
    v_requester text := p_request->>'requester';
    v_copies integer := (p_request->>'copies')::integer;
    policy ledger.certificate_policy;
    content jsonb;
    shared boolean;
BEGIN
    SELECT * INTO STRICT policy FROM ledger.certificate_policy;
    IF NOT EXISTS (SELECT 1 FROM ledger.person AS p WHERE p.person_id = v_person) THEN
        PERFORM ledger.refuse('対象者が見つかりません。', 'unknown person');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger.certificate_kind AS k WHERE k.kind = p_request->>'kind') THEN
        PERFORM ledger.refuse('証明書の種類を選択してください。', 'unknown certificate kind');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger.certificate_requester AS r WHERE r.requester = v_requester) THEN
        PERFORM ledger.refuse('請求者の区分を選択してください。', 'unknown requester kind');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger.identity_document AS d WHERE d.document = p_request->>'identity_document') THEN
        PERFORM ledger.refuse('確認した本人確認書類を選択してください。', 'identity document required');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger.certificate_purpose AS u WHERE u.purpose = p_request->>'purpose') THEN
        PERFORM ledger.refuse('使用目的を選択してください。', 'purpose required');
    END IF;
    IF v_copies IS NULL OR v_copies < 1 OR v_copies > policy.max_copies THEN
        PERFORM ledger.refuse(format('通数は1から%s通までです。', policy.max_copies),
                              format('copies must be 1..%s', policy.max_copies));
    END IF;
    IF p_request->>'exemption' IS NOT NULL AND (p_request->>'exemption' = 'reprint' OR NOT EXISTS (
            SELECT 1 FROM ledger.fee_exemption AS f WHERE f.reason = p_request->>'exemption')) THEN
        PERFORM ledger.refuse('手数料免除の理由を一覧から選択してください。', 'unknown fee exemption reason');
    END IF;
    -- Who may ask (III-2, III-5 of the PIA).
    IF v_requester = 'household' THEN
        SELECT EXISTS (SELECT 1 FROM ledger.levy_residence AS r1
                         JOIN ledger.levy_residence AS r2 ON r2.tax_year = r1.tax_year AND r2.household_no = r1.household_no
                        WHERE r1.person_id = v_person
                          AND r2.person_id = (p_request->>'requester_person_id')::bigint
                          AND r1.person_id <> r2.person_id
                          AND r1.tax_year = (SELECT max(x.tax_year) FROM ledger.levy_residence AS x
                                              WHERE x.person_id = v_person))
          INTO shared;
        IF NOT shared THEN
            PERFORM ledger.refuse('請求者が対象者と同一世帯であることを確認できません。代理人として委任状を受けてください。',
                                  'requester is not in the same household');
        END IF;
    ELSIF v_requester = 'proxy' AND NOT coalesce((p_request->>'power_of_attorney')::boolean, false) THEN
        PERFORM ledger.refuse('代理人からの請求には委任状が必要です。委任状を確認してください。',
                              'an agent needs a power of attorney');
    ELSIF v_requester = 'official' AND coalesce(btrim(p_request->>'requester_office'), '') = '' THEN
        PERFORM ledger.refuse('請求した官公署名を入力してください。', 'the requesting office is required');
    END IF;
    IF v_requester = 'official' AND p_request->>'identity_document' <> 'official_request' THEN
        PERFORM ledger.refuse('官公署の請求は公用請求書と職員証で確認してください。',
                              'an official request is checked with the request letter and staff ID');
    END IF;
    content := ledger.certificate_content(v_person, v_year);
    IF content IS NULL THEN
        PERFORM ledger.refuse(format('令和%s年度の課税（賦課決定）の記録がないため、証明書を交付できません。',
                                     v_year - 2018),
                              format('no assessment for tax year %s', v_year));
    END IF;
    IF p_request->>'kind' = 'non_taxable' AND content->>'non_taxable' <> 'all' THEN
        PERFORM ledger.refuse(format('令和%s年度は課税されているため、非課税証明書は交付できません。課税証明書を交付してください。',
                                     v_year - 2018),
                              'the person is taxable: no non-taxable certificate');
    END IF;
    RETURN content;
END
$$;

-- Does this request need a second staff member's check under the policy?
CREATE FUNCTION ledger.certificate_needs_check(p_request jsonb) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN (SELECT (p.check_proxy AND p_request->>'requester' = 'proxy')
            OR (p.check_exemption AND p_request->>'exemption' IS NOT NULL AND p_request->>'requester' <> 'official')
          FROM ledger.certificate_policy AS p);

-- The request fields that a check binds (so an approved check cannot be reused for another one).
CREATE FUNCTION ledger.certificate_request_key(p_request jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
RETURN jsonb_build_object('person_id', (p_request->>'person_id')::bigint, 'kind', p_request->>'kind',
    'tax_year', (p_request->>'tax_year')::integer, 'requester', p_request->>'requester',
    'requester_person_id', (p_request->>'requester_person_id')::bigint,
    'requester_office', nullif(btrim(p_request->>'requester_office'), ''),
    'power_of_attorney', coalesce((p_request->>'power_of_attorney')::boolean, false),
    'identity_document', p_request->>'identity_document', 'purpose', p_request->>'purpose',
    'copies', (p_request->>'copies')::integer, 'exemption', p_request->>'exemption');

-- Use a second check for a request, when the policy needs one: the check must have been asked for
-- by the staff member now issuing and approved by another one (so the issuer cannot be the checker),
-- bound to this request, unused and recent. Returns who checked, or NULL when no check is needed.
CREATE FUNCTION ledger.certificate_use_check(p_key jsonb, p_check_id bigint) RETURNS text
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    chk ledger.certificate_check;
BEGIN
    IF NOT ledger.certificate_needs_check(p_key) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO chk FROM ledger.certificate_check AS k WHERE k.check_id = p_check_id FOR UPDATE;
    IF NOT FOUND OR chk.approved_by IS NULL OR chk.used_at IS NOT NULL OR chk.request <> p_key
       OR chk.requested_at < now() - interval '1 day' THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'この請求は別の職員による確認が必要です。確認を依頼してください。',
            HINT = 'second check required';
    END IF;
    IF chk.requested_by <> session_user OR chk.approved_by = session_user THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = 'この確認は別の職員の依頼によるものです。確認を依頼した職員が交付してください。',
            HINT = 'the check must be requested by the issuing staff member and approved by another';
    END IF;
    UPDATE ledger.certificate_check SET used_at = now() WHERE check_id = chk.check_id;
    RETURN chk.approved_by;
END
$$;

-- A new certificate row with its number and MAC; the ledger event is written by the caller.
CREATE FUNCTION ledger.certificate_new(p_request jsonb, p_content jsonb, p_fee_per_copy integer,
                                       p_exemption text, p_checked_by text, p_replaces bigint)
    RETURNS ledger.certificate
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c ledger.certificate;
    yr smallint := extract(year FROM now() AT TIME ZONE 'Asia/Tokyo')::smallint;
    n integer;
BEGIN
    INSERT INTO ledger.certificate_counter AS cc (year, last_no) VALUES (yr, 1)
        ON CONFLICT (year) DO UPDATE SET last_no = cc.last_no + 1
        RETURNING cc.last_no INTO n;
    c.certificate_no := format('%s-%s', yr, lpad(n::text, 6, '0'));
    c.person_id := (p_request->>'person_id')::bigint;
    c.kind := p_request->>'kind';
    c.tax_year := (p_request->>'tax_year')::smallint;
    c.requester := p_request->>'requester';
    c.requester_person_id := (p_request->>'requester_person_id')::bigint;
    c.requester_office := nullif(btrim(p_request->>'requester_office'), '');
    c.power_of_attorney := coalesce((p_request->>'power_of_attorney')::boolean, false);
    c.identity_document := p_request->>'identity_document';
    c.purpose := p_request->>'purpose';
    c.copies := (p_request->>'copies')::smallint;
    c.exemption := p_exemption;
    c.fee_per_copy := p_fee_per_copy;
    c.fee_total := CASE WHEN p_exemption IS NULL THEN p_fee_per_copy * c.copies ELSE 0 END;
    c.issued_at := date_trunc('milliseconds', clock_timestamp());
    c.staff := session_user;
    c.terminal := auth.current_terminal();
    c.checked_by := p_checked_by;
    c.replaces_id := p_replaces;
    c.content := p_content;
    c.mac := ledger.certificate_mac(c);
    INSERT INTO ledger.certificate (certificate_no, person_id, kind, tax_year, requester, requester_person_id,
                                    requester_office, power_of_attorney, identity_document, purpose, copies,
                                    fee_per_copy, fee_total, exemption, issued_at, staff, terminal, checked_by,
                                    replaces_id, content, mac)
    VALUES (c.certificate_no, c.person_id, c.kind, c.tax_year, c.requester, c.requester_person_id,
            c.requester_office, c.power_of_attorney, c.identity_document, c.purpose, c.copies,
            c.fee_per_copy, c.fee_total, c.exemption, c.issued_at, c.staff, c.terminal, c.checked_by,
            c.replaces_id, c.content, c.mac)
    RETURNING * INTO c;
    RETURN c;
END
$$;

-- What the client needs to render and print one certificate.
CREATE FUNCTION ledger.certificate_issued(c ledger.certificate) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN jsonb_build_object(
    'certificate_id', c.certificate_id, 'certificate_no', c.certificate_no, 'qr', ledger.certificate_qr(c),
    'kind', c.kind, 'kind_label', (SELECT k.label_ja FROM ledger.certificate_kind AS k WHERE k.kind = c.kind),
    'tax_year', c.tax_year, 'issued_at', c.issued_at,
    'purpose_label', (SELECT u.label_ja FROM ledger.certificate_purpose AS u WHERE u.purpose = c.purpose),
    'copies', c.copies, 'fee_total', c.fee_total, 'exemption', c.exemption,
    'replaces_no', (SELECT o.certificate_no FROM ledger.certificate AS o WHERE o.certificate_id = c.replaces_id),
    'content', c.content);

-- Lists for the counter screen.
CREATE FUNCTION api.certificate_options() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    RETURN jsonb_build_object(
        'kinds', (SELECT jsonb_agg(to_jsonb(k) ORDER BY k.seq) FROM ledger.certificate_kind AS k),
        'requesters', (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.seq) FROM ledger.certificate_requester AS r),
        'documents', (SELECT jsonb_agg(to_jsonb(d) ORDER BY d.seq) FROM ledger.identity_document AS d),
        'purposes', (SELECT jsonb_agg(to_jsonb(u) ORDER BY u.seq) FROM ledger.certificate_purpose AS u),
        'exemptions', (SELECT jsonb_agg(to_jsonb(f) ORDER BY f.seq) FROM ledger.fee_exemption AS f
                        WHERE f.reason <> 'reprint'),
        'policy', (SELECT to_jsonb(p) - 'singleton' FROM ledger.certificate_policy AS p));
END
$$;

-- Persons for the counter: by 宛名番号, or by name/kana (and birth date), with the tax years on
-- record. One audited look-up.
CREATE FUNCTION api.certificate_find_person(p_query text, p_birth_date date DEFAULT NULL)
    RETURNS TABLE (person_id bigint, family_name text, given_name text, family_kana text, given_kana text,
                   birth_date date, address text, years jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key text := ledger.search_key(p_query);
    -- A 宛名番号 typed at the counter; computed apart so the cast never meets a name.
    wanted bigint := CASE WHEN ledger.search_key(p_query) ~ '^[0-9]{1,10}$' THEN ledger.search_key(p_query)::bigint END;
    ids bigint[];
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    IF key = '' AND p_birth_date IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = '氏名・カナ・宛名番号のいずれかを入力してください。', HINT = 'a query is required';
    END IF;
    SELECT array(SELECT p.person_id FROM ledger.person AS p
                  WHERE (key = '' OR p.person_id = wanted
                         OR p.kana_key LIKE ledger.like_escape(key) || '%'
                         OR p.name_key LIKE ledger.like_escape(key) || '%')
                    AND (p_birth_date IS NULL OR p.birth_date = p_birth_date)
                  ORDER BY p.kana_key COLLATE "C", p.birth_date, p.person_id
                  LIMIT 50) INTO ids;
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

-- Ask a second staff member to check a request (policy: 代理人 requests, and exemptions if set).
CREATE FUNCTION api.certificate_request_check(p_request jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    id bigint;
    key jsonb := ledger.certificate_request_key(p_request);
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    PERFORM ledger.certificate_validate(key);
    INSERT INTO ledger.certificate_check (request, person_id, terminal)
    VALUES (key, (key->>'person_id')::bigint, auth.current_terminal()) RETURNING check_id INTO id;
    PERFORM audit.record_change('certificate.check_request', (key->>'person_id')::bigint,
                                (key->>'tax_year')::smallint, 'certificate', 'ok', format('check=%s', id));
    RETURN id;
END
$$;

CREATE FUNCTION api.certificate_pending_checks()
    RETURNS TABLE (check_id bigint, requested_by text, requested_at timestamptz, terminal text, person_id bigint,
                   person_name text, kind_label text, tax_year integer, requester_label text, copies integer,
                   document_label text, power_of_attorney boolean, exemption_label text, purpose_label text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    -- The list names persons: one audited read.
    PERFORM audit.record('certificate.checks', NULL, NULL, 'certificate', 'ok', 'pending second checks',
                         ARRAY(SELECT DISTINCT k.person_id FROM ledger.certificate_check AS k
                                WHERE k.approved_by IS NULL AND k.requested_at > now() - interval '1 day'));
    RETURN QUERY
        SELECT c.check_id, c.requested_by, c.requested_at, c.terminal, c.person_id,
               p.family_name || '　' || p.given_name, k.label_ja, (c.request->>'tax_year')::integer, r.label_ja,
               (c.request->>'copies')::integer, d.label_ja, coalesce((c.request->>'power_of_attorney')::boolean, false),
               f.label_ja, u.label_ja
          FROM ledger.certificate_check AS c
          JOIN ledger.person AS p ON p.person_id = c.person_id
          JOIN ledger.certificate_kind AS k ON k.kind = c.request->>'kind'
          JOIN ledger.certificate_requester AS r ON r.requester = c.request->>'requester'
          -- What the checker verifies: the document seen, the 委任状, the fee waiver and the purpose.
          JOIN ledger.identity_document AS d ON d.document = c.request->>'identity_document'
          JOIN ledger.certificate_purpose AS u ON u.purpose = c.request->>'purpose'
          LEFT JOIN ledger.fee_exemption AS f ON f.reason = c.request->>'exemption'
         WHERE c.approved_by IS NULL AND c.requested_at > now() - interval '1 day'
         ORDER BY c.check_id;
END
$$;

CREATE FUNCTION api.certificate_approve_check(p_check_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    chk ledger.certificate_check;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    SELECT * INTO chk FROM ledger.certificate_check AS c WHERE c.check_id = p_check_id FOR UPDATE;
    IF NOT FOUND OR chk.approved_by IS NOT NULL THEN
        PERFORM ledger.refuse('確認依頼が見つからないか、確認済みです。', 'no such open check');
    END IF;
    IF chk.requested_by = session_user THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = '依頼した職員本人は確認できません。別の職員が確認してください。',
            HINT = 'the second check must be made by another staff member';
    END IF;
    UPDATE ledger.certificate_check SET approved_by = session_user, approved_at = now()
     WHERE check_id = p_check_id;
    PERFORM audit.record_change('certificate.check_approve', chk.person_id, (chk.request->>'tax_year')::smallint,
                                'certificate', 'ok', format('check=%s requested_by=%s', p_check_id,
                                                            chk.requested_by));
END
$$;

-- Preview before issuing: the same checks and content, no number, nothing in the ledger (an
-- audited read). Refusals show here already, at the counter, before anything is issued.
CREATE FUNCTION api.certificate_preview(p_request jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key jsonb := ledger.certificate_request_key(p_request);
    content jsonb;
    policy ledger.certificate_policy;
    free boolean := key->>'exemption' IS NOT NULL OR key->>'requester' = 'official';
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    BEGIN
        content := ledger.certificate_validate(key);
    EXCEPTION WHEN check_violation THEN
        DECLARE
            msg text;
            hint text;
        BEGIN
            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
            PERFORM audit.record('certificate.preview', (key->>'person_id')::bigint, (key->>'tax_year')::smallint,
                                 'certificate', 'denied', left(hint, 200));
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = msg, HINT = hint;
        END;
    END;
    SELECT * INTO STRICT policy FROM ledger.certificate_policy;
    PERFORM audit.record('certificate.preview', (key->>'person_id')::bigint, (key->>'tax_year')::smallint,
                         'certificate', 'ok', format('kind=%s', key->>'kind'));
    RETURN jsonb_build_object(
        'certificate_id', 0, 'certificate_no', '0000-000000', 'qr', 'JZC1:0000-000000:' || repeat('0', 32),
        'kind', key->>'kind',
        'kind_label', (SELECT k.label_ja FROM ledger.certificate_kind AS k WHERE k.kind = key->>'kind'),
        'tax_year', (key->>'tax_year')::integer, 'issued_at', now(),
        'purpose_label', (SELECT u.label_ja FROM ledger.certificate_purpose AS u WHERE u.purpose = key->>'purpose'),
        'copies', (key->>'copies')::integer,
        'fee_total', CASE WHEN free THEN 0 ELSE policy.fee_per_copy * (key->>'copies')::integer END,
        'exemption', CASE WHEN key->>'requester' = 'official' THEN 'official' ELSE key->>'exemption' END,
        'replaces_no', NULL, 'needs_check', ledger.certificate_needs_check(key), 'content', content);
END
$$;

-- Issue: validate, number, MAC, ledger row, audit; returns what the client renders. A refusal
-- raises and leaves nothing in the ledger (the refused attempt is in the audit trail).
CREATE FUNCTION api.certificate_issue(p_request jsonb, p_check_id bigint DEFAULT NULL) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key jsonb := ledger.certificate_request_key(p_request);
    content jsonb;
    policy ledger.certificate_policy;
    checked_by text;
    c ledger.certificate;
    exemption text := key->>'exemption';
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    BEGIN
        content := ledger.certificate_validate(key);
    EXCEPTION WHEN check_violation THEN
        DECLARE
            msg text;
            hint text;
        BEGIN
            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
            PERFORM audit.record('certificate.issue', (key->>'person_id')::bigint, (key->>'tax_year')::smallint,
                                 'certificate', 'denied', left(hint, 200));
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = msg, HINT = hint;
        END;
    END;
    SELECT * INTO STRICT policy FROM ledger.certificate_policy;
    IF key->>'requester' = 'official' THEN
        exemption := 'official';  -- official use is free by law
    END IF;
    checked_by := ledger.certificate_use_check(key, p_check_id);
    c := ledger.certificate_new(key, content, policy.fee_per_copy, exemption, checked_by, NULL);
    INSERT INTO ledger.certificate_event (certificate_id, event, terminal, copies, fee, detail)
    VALUES (c.certificate_id, 'issue', c.terminal, c.copies, c.fee_total, coalesce(c.exemption, ''));
    PERFORM audit.record_change('certificate.issue', c.person_id, c.tax_year, 'certificate', 'ok',
                                format('no=%s kind=%s requester=%s copies=%s fee=%s', c.certificate_no, c.kind,
                                       c.requester, c.copies, c.fee_total));
    RETURN ledger.certificate_issued(c);
END
$$;

CREATE FUNCTION ledger.certificate_void_row(p_id bigint, p_reason text) RETURNS ledger.certificate
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c ledger.certificate;
BEGIN
    IF coalesce(btrim(p_reason), '') = '' OR length(p_reason) > 200 THEN
        PERFORM ledger.refuse('無効にする理由を入力してください（200字まで）。', 'a reason (max 200) is required');
    END IF;
    UPDATE ledger.certificate AS x SET status = 'voided', voided_at = clock_timestamp(), voided_by = session_user,
           void_reason = btrim(p_reason)
     WHERE x.certificate_id = p_id AND x.status = 'issued'
    RETURNING * INTO c;
    IF NOT FOUND THEN
        PERFORM ledger.refuse('この証明書は見つからないか、すでに無効です。', 'no such issued certificate');
    END IF;
    INSERT INTO ledger.certificate_event (certificate_id, event, terminal, detail)
    VALUES (c.certificate_id, 'void', auth.current_terminal(), left(btrim(p_reason), 300));
    RETURN c;
END
$$;

CREATE FUNCTION api.certificate_void(p_certificate_id bigint, p_reason text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c ledger.certificate;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    c := ledger.certificate_void_row(p_certificate_id, p_reason);
    PERFORM audit.record_change('certificate.void', c.person_id, c.tax_year, 'certificate', 'ok',
                                format('no=%s', c.certificate_no));
END
$$;

-- Reprint (spoiled or lost print): the old number is voided, a new one issued with the same
-- content and no second fee. The old request is validated again as at issue, and the reprint is
-- refused when the database would now certify something else (a corrected assessment, a move):
-- that needs a new certificate. A second check is not carried over: when the policy needs one,
-- a new check (asked for by the reprinting staff member) must be given.
CREATE FUNCTION api.certificate_reprint(p_certificate_id bigint, p_reason text, p_check_id bigint DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    old ledger.certificate;
    orig ledger.certificate;
    key jsonb;
    content jsonb;
    checked_by text;
    c ledger.certificate;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    IF coalesce(btrim(p_reason), '') = '' THEN
        PERFORM ledger.refuse('再交付の理由を入力してください。', 'a reason is required');
    END IF;
    SELECT * INTO old FROM ledger.certificate AS x WHERE x.certificate_id = p_certificate_id AND x.status = 'issued'
       FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM ledger.refuse('この証明書は見つからないか、すでに無効です。', 'no such issued certificate');
    END IF;
    -- The exemption of the request as made (a reprint of a reprint carries 'reprint').
    orig := old;
    WHILE orig.exemption = 'reprint' AND orig.replaces_id IS NOT NULL LOOP
        SELECT * INTO STRICT orig FROM ledger.certificate AS x WHERE x.certificate_id = orig.replaces_id;
    END LOOP;
    key := ledger.certificate_request_key(jsonb_build_object(
            'person_id', old.person_id, 'kind', old.kind, 'tax_year', old.tax_year, 'requester', old.requester,
            'requester_person_id', old.requester_person_id, 'requester_office', old.requester_office,
            'power_of_attorney', old.power_of_attorney, 'identity_document', old.identity_document,
            'purpose', old.purpose, 'copies', old.copies, 'exemption', nullif(orig.exemption, 'reprint')));
    BEGIN
        content := ledger.certificate_validate(key);
        IF content IS DISTINCT FROM old.content THEN
            PERFORM ledger.refuse('交付後に課税の記録または宛名が変わったため、同じ内容では再交付できません。'
                                  || '新たに交付してください。', 'content changed since issue: issue anew');
        END IF;
    EXCEPTION WHEN check_violation THEN
        DECLARE
            msg text;
            hint text;
        BEGIN
            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
            PERFORM audit.record('certificate.reprint', old.person_id, old.tax_year, 'certificate', 'denied',
                                 left(format('no=%s %s', old.certificate_no, hint), 200));
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = msg, HINT = hint;
        END;
    END;
    checked_by := ledger.certificate_use_check(key, p_check_id);
    old := ledger.certificate_void_row(p_certificate_id, '再交付: ' || btrim(p_reason));
    c := ledger.certificate_new(key, old.content, old.fee_per_copy, 'reprint', checked_by, old.certificate_id);
    INSERT INTO ledger.certificate_event (certificate_id, event, terminal, copies, fee, detail)
    VALUES (c.certificate_id, 'reprint', c.terminal, c.copies, 0, 'replaces ' || old.certificate_no);
    PERFORM audit.record_change('certificate.reprint', c.person_id, c.tax_year, 'certificate', 'ok',
                                format('no=%s replaces=%s', c.certificate_no, old.certificate_no));
    RETURN ledger.certificate_issued(c);
END
$$;

-- The archived PDF: exactly the bytes handed to the printer, kept with the certificate. The hash
-- in the ledger is computed here from those bytes, not taken from the client.
CREATE TABLE ledger.certificate_pdf (
    certificate_id  bigint PRIMARY KEY REFERENCES ledger.certificate,
    pdf             bytea NOT NULL CHECK (substr(pdf, 1, 5) = '\x255044462d'::bytea AND length(pdf) <= 5000000),
    stored_at       timestamptz NOT NULL DEFAULT now()
);

-- Archive the PDF (once per certificate, by its issuer); returns its sha256.
CREATE FUNCTION api.certificate_record_pdf(p_certificate_id bigint, p_pdf bytea, p_pages integer) RETURNS bytea
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c ledger.certificate;
    digest bytea;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    IF p_pdf IS NULL OR substr(p_pdf, 1, 5) <> '\x255044462d'::bytea OR length(p_pdf) > 5000000
       OR p_pages IS NULL OR p_pages NOT BETWEEN 1 AND 99 THEN
        PERFORM ledger.refuse('PDF の記録が不正です。', 'a PDF (at most 5 MB) of 1..99 pages is required');
    END IF;
    digest := sha256(p_pdf);
    UPDATE ledger.certificate AS x SET pdf_sha256 = digest, pdf_pages = p_pages
     WHERE x.certificate_id = p_certificate_id AND x.staff = session_user AND x.pdf_sha256 IS NULL
       AND x.status = 'issued'
    RETURNING * INTO c;
    IF NOT FOUND THEN
        PERFORM ledger.refuse('この証明書の PDF はすでに記録されているか、記録できません。',
                              'pdf already recorded, not yours, or voided');
    END IF;
    INSERT INTO ledger.certificate_pdf (certificate_id, pdf) VALUES (c.certificate_id, p_pdf);
    INSERT INTO ledger.certificate_event (certificate_id, event, terminal, detail)
    VALUES (c.certificate_id, 'pdf', auth.current_terminal(), encode(digest, 'hex'));
    PERFORM audit.record_change('certificate.pdf', c.person_id, c.tax_year, 'certificate', 'ok',
                                format('no=%s sha256=%s', c.certificate_no, encode(digest, 'hex')));
    RETURN digest;
END
$$;

-- The outcome of printing: printed, failed or cancelled (a spoiled print is recorded, then reprinted).
CREATE FUNCTION api.certificate_record_print(p_certificate_id bigint, p_outcome text, p_printer text,
                                             p_detail text DEFAULT '') RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c ledger.certificate;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    IF p_outcome NOT IN ('printed', 'failed', 'cancelled') THEN
        PERFORM ledger.refuse('印刷結果が不正です。', 'outcome must be printed, failed or cancelled');
    END IF;
    -- A voided certificate is never "printed" (a failure or cancellation is still recorded).
    IF p_outcome = 'printed' AND EXISTS (SELECT 1 FROM ledger.certificate AS x
                                          WHERE x.certificate_id = p_certificate_id AND x.status <> 'issued') THEN
        PERFORM ledger.refuse('無効にした証明書は印刷済みとして記録できません。', 'the certificate is voided');
    END IF;
    UPDATE ledger.certificate AS x SET print_status = p_outcome
     WHERE x.certificate_id = p_certificate_id AND x.staff = session_user AND x.pdf_sha256 IS NOT NULL
    RETURNING * INTO c;
    IF NOT FOUND THEN
        PERFORM ledger.refuse('PDF が記録されていない証明書の印刷結果は記録できません。',
                              'record the pdf first (own certificates only)');
    END IF;
    INSERT INTO ledger.certificate_event (certificate_id, event, terminal, detail)
    VALUES (c.certificate_id, CASE p_outcome WHEN 'printed' THEN 'printed' WHEN 'failed' THEN 'print_failed'
                                             ELSE 'print_cancelled' END,
            auth.current_terminal(), left(concat_ws(' ', coalesce(p_printer, '-'), nullif(p_detail, '')), 300));
    PERFORM audit.record_change('certificate.print', c.person_id, c.tax_year, 'certificate', 'ok',
                                format('no=%s outcome=%s', c.certificate_no, p_outcome));
END
$$;

-- The ledger of one day (Japan time), optionally one counter (terminal). Audited: it names persons.
CREATE FUNCTION api.certificate_ledger(p_day date, p_terminal text DEFAULT NULL)
    RETURNS TABLE (event_id bigint, at timestamptz, event text, certificate_id bigint, certificate_no text,
                   status text, person_id bigint, person_name text, kind_label text, tax_year integer,
                   requester_label text, document_label text, purpose_label text, copies integer, fee integer,
                   exemption_label text, staff text, terminal text, print_status text, pdf_sha256 text,
                   detail text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    PERFORM audit.record('certificate.ledger', NULL, NULL, 'certificate', 'ok',
                         format('day=%s terminal=%s', p_day, coalesce(p_terminal, '*')),
                         ARRAY(SELECT DISTINCT c.person_id FROM ledger.certificate_event AS e
                                 JOIN ledger.certificate AS c ON c.certificate_id = e.certificate_id
                                WHERE (e.at AT TIME ZONE 'Asia/Tokyo')::date = p_day
                                  AND (p_terminal IS NULL OR e.terminal = p_terminal)));
    RETURN QUERY
        SELECT e.event_id, e.at, e.event, c.certificate_id, c.certificate_no, c.status, c.person_id,
               p.family_name || '　' || p.given_name, k.label_ja, c.tax_year::integer, r.label_ja, d.label_ja,
               u.label_ja, e.copies::integer, e.fee, f.label_ja, e.staff, e.terminal, c.print_status,
               encode(c.pdf_sha256, 'hex'), e.detail
          FROM ledger.certificate_event AS e
          JOIN ledger.certificate AS c ON c.certificate_id = e.certificate_id
          JOIN ledger.person AS p ON p.person_id = c.person_id
          JOIN ledger.certificate_kind AS k ON k.kind = c.kind
          JOIN ledger.certificate_requester AS r ON r.requester = c.requester
          JOIN ledger.identity_document AS d ON d.document = c.identity_document
          JOIN ledger.certificate_purpose AS u ON u.purpose = c.purpose
          LEFT JOIN ledger.fee_exemption AS f ON f.reason = c.exemption
         WHERE (e.at AT TIME ZONE 'Asia/Tokyo')::date = p_day
           AND (p_terminal IS NULL OR e.terminal = p_terminal)
         ORDER BY e.at, e.event_id;
END
$$;

-- Totals per counter for reconciliation with the cash register (no personal data).
CREATE FUNCTION api.certificate_daily_report(p_day date)
    RETURNS TABLE (terminal text, issued integer, reprinted integer, voided integer, copies integer,
                   paid_copies integer, exempt_copies integer, fees integer, print_failures integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    RETURN QUERY
        SELECT e.terminal,
               count(*) FILTER (WHERE e.event = 'issue')::integer,
               count(*) FILTER (WHERE e.event = 'reprint')::integer,
               count(*) FILTER (WHERE e.event = 'void')::integer,
               coalesce(sum(e.copies) FILTER (WHERE e.event IN ('issue', 'reprint')), 0)::integer,
               coalesce(sum(e.copies) FILTER (WHERE e.event = 'issue' AND e.fee > 0), 0)::integer,
               coalesce(sum(e.copies) FILTER (WHERE e.event IN ('issue', 'reprint') AND e.fee = 0), 0)::integer,
               coalesce(sum(e.fee), 0)::integer,
               count(*) FILTER (WHERE e.event IN ('print_failed', 'print_cancelled'))::integer
          FROM ledger.certificate_event AS e
         WHERE (e.at AT TIME ZONE 'Asia/Tokyo')::date = p_day
         GROUP BY e.terminal
         ORDER BY e.terminal;
END
$$;

-- Verification of a presented certificate from its QR content. Audited with the person found.
CREATE FUNCTION api.certificate_verify(p_qr text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[] := regexp_match(btrim(coalesce(p_qr, '')), '^JZC1:([0-9]{4}-[0-9]{6}):([0-9A-Fa-f]{32})$');
    c ledger.certificate;
    genuine boolean;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_certificate');
    IF parts IS NULL THEN
        PERFORM audit.record('certificate.verify', NULL, NULL, 'certificate', 'not_found', 'malformed');
        RETURN jsonb_build_object('genuine', false, 'reason', 'malformed');
    END IF;
    SELECT * INTO c FROM ledger.certificate AS x WHERE x.certificate_no = parts[1];
    IF NOT FOUND THEN
        PERFORM audit.record('certificate.verify', NULL, NULL, 'certificate', 'not_found',
                             format('no=%s unknown', parts[1]));
        RETURN jsonb_build_object('genuine', false, 'reason', 'unknown', 'certificate_no', parts[1]);
    END IF;
    genuine := decode(lower(parts[2]), 'hex') = ledger.certificate_mac(c);
    PERFORM audit.record('certificate.verify', c.person_id, c.tax_year, 'certificate',
                         CASE WHEN genuine THEN 'ok' ELSE 'denied' END,
                         format('no=%s genuine=%s status=%s', c.certificate_no, genuine, c.status));
    IF NOT genuine THEN
        RETURN jsonb_build_object('genuine', false, 'reason', 'mac', 'certificate_no', c.certificate_no);
    END IF;
    RETURN jsonb_build_object(
        'genuine', true, 'reason', 'ok', 'certificate_no', c.certificate_no, 'status', c.status,
        'kind', c.kind,
        -- What the certificate states (figures the counter compares with the paper; never the My Number).
        'content', jsonb_build_object(
            'tax_year', c.content->'tax_year', 'income_year', c.content->'income_year',
            'incomes', c.content->'incomes', 'deductions_total', c.content->'deductions_total',
            'taxable_income', c.content->'taxable_income', 'non_taxable', c.content->'non_taxable',
            'taxes', c.content->'taxes'),
        'kind_label', (SELECT k.label_ja FROM ledger.certificate_kind AS k WHERE k.kind = c.kind),
        'tax_year', c.tax_year, 'person_id', c.person_id,
        'person_name', (c.content->'person'->>'family_name') || '　' || (c.content->'person'->>'given_name'),
        'birth_date', c.content->'person'->>'birth_date',
        'issued_at', c.issued_at, 'terminal', c.terminal, 'staff', c.staff, 'voided_at', c.voided_at,
        'void_reason', c.void_reason, 'pdf_sha256', encode(c.pdf_sha256, 'hex'),
        'replaced_by', (SELECT n.certificate_no FROM ledger.certificate AS n WHERE n.replaces_id = c.certificate_id));
END
$$;

-- The counter policy (fee a copy, copies, when a second check is needed): set by an administrator.
CREATE FUNCTION api.certificate_set_policy(p_fee_per_copy integer, p_max_copies integer, p_check_proxy boolean,
                                           p_check_exemption boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    IF p_fee_per_copy IS NULL OR p_fee_per_copy NOT BETWEEN 0 AND 10000
       OR p_max_copies IS NULL OR p_max_copies NOT BETWEEN 1 AND 99
       OR p_check_proxy IS NULL OR p_check_exemption IS NULL THEN
        PERFORM ledger.refuse('手数料は0〜10,000円、通数の上限は1〜99通で指定してください。',
                              'fee 0..10000 yen, max copies 1..99, both check flags required');
    END IF;
    UPDATE ledger.certificate_policy SET fee_per_copy = p_fee_per_copy, max_copies = p_max_copies,
           check_proxy = p_check_proxy, check_exemption = p_check_exemption;
    PERFORM audit.record_change('certificate.policy', NULL, NULL, NULL, 'ok',
                                format('fee=%s max=%s check_proxy=%s check_exemption=%s', p_fee_per_copy,
                                       p_max_copies, p_check_proxy, p_check_exemption));
END
$$;

REVOKE ALL ON ledger.certificate, ledger.certificate_event, ledger.certificate_pdf, ledger.certificate_key, ledger.certificate_check,
              ledger.certificate_counter, ledger.certificate_policy FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA api, ledger FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    api.certificate_options(),
    api.certificate_find_person(text, date),
    api.certificate_preview(jsonb),
    api.certificate_request_check(jsonb),
    api.certificate_pending_checks(),
    api.certificate_approve_check(bigint),
    api.certificate_issue(jsonb, bigint),
    api.certificate_void(bigint, text),
    api.certificate_reprint(bigint, text, bigint),
    api.certificate_record_pdf(bigint, bytea, integer),
    api.certificate_record_print(bigint, text, text, text),
    api.certificate_ledger(date, text),
    api.certificate_daily_report(date),
    api.certificate_verify(text)
    TO r_certificate;
GRANT EXECUTE ON FUNCTION api.certificate_set_policy(integer, integer, boolean, boolean) TO r_admin;
