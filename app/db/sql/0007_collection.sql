-- Special collection (issue 7, domain.md §5): what each employer was notified of (withholding
-- plans), what it paid, change notices (異動届出書) with approval above a configurable amount,
-- ordinary instalments that follow a change, mid-year tax changes, the ordinary→payroll switch.
-- The client computes schedules with app.tax; the database checks every saved plan against the
-- stored amounts (the yen are preserved, months and dates are consistent) so a modified client
-- cannot lose or invent tax. Runs as juminzei_owner.

CREATE FUNCTION ledger.collection_refuse(p_message text, p_hint text) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = p_message, HINT = p_hint;
END
$$;

-- Settings of the collection work: changes moving more than approval_threshold yen need a
-- second staff member with r_approver. Payroll rounding as in the profile (地方税法321条の5).
CREATE TABLE ledger.collection_setting (
    singleton           boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    approval_threshold  bigint NOT NULL DEFAULT 100000 CHECK (approval_threshold >= 0),
    payroll_unit        integer NOT NULL DEFAULT 100 CHECK (payroll_unit > 0),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text NOT NULL DEFAULT session_user
);
INSERT INTO ledger.collection_setting DEFAULT VALUES;

-- What an employer withholds for a person in a tax year: the twelve months June…May as notified
-- (0 in months that are not this employer's). One row per person, year and employer.
CREATE TABLE ledger.withholding_plan (
    plan_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id        bigint NOT NULL REFERENCES ledger.person,
    tax_year         smallint NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    employer_no      text NOT NULL REFERENCES ledger.employer (employer_no),
    annual_notified  bigint NOT NULL CHECK (annual_notified >= 0),
    months           bigint[] NOT NULL CHECK (cardinality(months) = 12 AND 0 <= ALL (months)
                                              AND array_position(months, NULL) IS NULL),
    source           text NOT NULL CHECK (source IN ('determination', 'transfer', 'switch')),
    status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped')),
    notified_at      timestamptz NOT NULL DEFAULT now(),
    notified_by      text NOT NULL DEFAULT session_user,
    version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
    UNIQUE (person_id, tax_year, employer_no)
);
CREATE INDEX withholding_plan_employer ON ledger.withholding_plan (employer_no, tax_year);

-- What the employer paid in (納入) for a person and month (index 0 = June … 11 = May).
CREATE TABLE ledger.withholding_payment (
    plan_id      bigint NOT NULL REFERENCES ledger.withholding_plan,
    month_index  smallint NOT NULL CHECK (month_index BETWEEN 0 AND 11),
    amount       bigint NOT NULL CHECK (amount >= 0),
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    recorded_by  text NOT NULL DEFAULT session_user,
    PRIMARY KEY (plan_id, month_index)
);

-- 異動届出書 as entered, with the resulting arrangement. Pending ones wait for an approver.
CREATE TABLE ledger.withholding_change (
    change_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id            bigint NOT NULL REFERENCES ledger.withholding_plan,
    person_id          bigint NOT NULL REFERENCES ledger.person,
    tax_year           smallint NOT NULL,
    employer_no        text NOT NULL REFERENCES ledger.employer (employer_no),
    kind               text NOT NULL CHECK (kind IN ('retire', 'leave', 'death', 'transfer', 'lump_sum')),
    change_date        date NOT NULL,
    notice_date        date NOT NULL,
    months_collected   smallint NOT NULL CHECK (months_collected BETWEEN 0 AND 12),
    annual             bigint NOT NULL CHECK (annual >= 0),
    collected          bigint NOT NULL CHECK (collected >= 0),
    final_pay          bigint CHECK (final_pay >= 0),
    lump_sum_declined  boolean NOT NULL DEFAULT false,
    new_employer_no    text REFERENCES ledger.employer (employer_no),
    new_months         bigint[] CHECK (new_months IS NULL OR cardinality(new_months) = 12),
    ordinary           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(ordinary) = 'array'),
    lump_sum           bigint CHECK (lump_sum >= 0),
    moved              bigint NOT NULL CHECK (moved >= 0),
    -- the plan version the change was computed from: approval is refused once the plan changed
    plan_version       integer NOT NULL,
    status             text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    entered_at         timestamptz NOT NULL DEFAULT now(),
    entered_by         text NOT NULL DEFAULT session_user,
    decided_at         timestamptz,
    decided_by         text,
    CHECK ((kind = 'transfer') = (new_employer_no IS NOT NULL AND new_months IS NOT NULL)),
    CHECK ((status = 'pending') = (decided_by IS NULL))
);
CREATE INDEX withholding_change_pending ON ledger.withholding_change (entered_at) WHERE status = 'pending';
CREATE INDEX withholding_change_person ON ledger.withholding_change (person_id, tax_year);

-- 普通徴収 instalments that a change or a pension stop left with the taxpayer.
CREATE TABLE ledger.ordinary_instalment (
    person_id   bigint NOT NULL REFERENCES ledger.person,
    tax_year    smallint NOT NULL,
    change_id   bigint NOT NULL REFERENCES ledger.withholding_change,
    term        smallint NOT NULL CHECK (term BETWEEN 1 AND 12),
    due_date    date NOT NULL,
    amount      bigint NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (change_id, term)
);

-- Mid-year changes of the annual tax (§5.1): remaining months recomputed, over-payment refunded
-- or offset (還付・充当).
CREATE TABLE ledger.withholding_tax_change (
    tax_change_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id        bigint NOT NULL REFERENCES ledger.withholding_plan,
    old_annual     bigint NOT NULL,
    new_annual     bigint NOT NULL CHECK (new_annual >= 0),
    months_paid    smallint NOT NULL CHECK (months_paid BETWEEN 0 AND 11),
    old_months     bigint[] NOT NULL,
    new_months     bigint[] NOT NULL,
    refund         bigint NOT NULL CHECK (refund >= 0),
    refund_kind    text CHECK (refund_kind IN ('refund', 'offset')),
    entered_at     timestamptz NOT NULL DEFAULT now(),
    entered_by     text NOT NULL DEFAULT session_user,
    CHECK ((refund > 0) = (refund_kind IS NOT NULL))
);

-- Monthly amounts for an annual tax (domain.md §5.1): floor(annual / 12 / unit) × unit, June takes
-- the rest; below 12 units all in June. Same rule as app.tax.schedule.payroll.
CREATE FUNCTION ledger.payroll_split(p_amount bigint, p_months integer, p_unit integer) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN p_amount < p_unit::bigint * p_months
            THEN array_prepend(p_amount, array_fill(0::bigint, ARRAY[p_months - 1]))
            ELSE array_prepend(p_amount - (p_amount / p_months / p_unit * p_unit) * (p_months - 1),
                               array_fill(p_amount / p_months / p_unit * p_unit, ARRAY[p_months - 1])) END;

CREATE FUNCTION ledger.array_sum(a bigint[], p_from integer, p_to integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
RETURN coalesce((SELECT sum(x) FROM unnest(a[p_from:p_to]) AS x), 0);

-- Months of a plan recorded as paid in (納入) without a gap from June: the first month with an amount
-- due and no payment recorded ends them. What a clerk claims as collected or paid may not go beyond
-- this, so a refund or a smaller approval amount cannot rest on money that never came in.
CREATE FUNCTION ledger.plan_months_paid(p_plan_id bigint) RETURNS integer
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN coalesce((SELECT min(g.i) FROM ledger.withholding_plan AS w CROSS JOIN generate_series(0, 11) AS g(i)
                  WHERE w.plan_id = p_plan_id AND w.months[g.i + 1] > 0
                    AND NOT EXISTS (SELECT 1 FROM ledger.withholding_payment AS y
                                     WHERE y.plan_id = p_plan_id AND y.month_index = g.i)), 12);

-- What was really paid in for a plan.
CREATE FUNCTION ledger.plan_paid_amount(p_plan_id bigint) RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN coalesce((SELECT sum(y.amount) FROM ledger.withholding_payment AS y WHERE y.plan_id = p_plan_id), 0);

-- ---------------------------------------------------------------------------------------- employers

CREATE FUNCTION api.collection_settings() RETURNS TABLE (approval_threshold bigint, payroll_unit integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    RETURN QUERY SELECT s.approval_threshold, s.payroll_unit FROM ledger.collection_setting AS s;
END
$$;

CREATE FUNCTION api.collection_set_threshold(p_amount bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_admin');
    IF p_amount IS NULL OR p_amount < 0 THEN
        PERFORM ledger.collection_refuse('承認が必要な金額は0円以上で指定してください。', 'threshold must be >= 0');
    END IF;
    UPDATE ledger.collection_setting SET approval_threshold = p_amount, updated_at = now(),
           updated_by = session_user;
    PERFORM audit.record_change('collection.threshold', NULL, NULL, NULL, 'ok', format('threshold=%s', p_amount));
END
$$;

-- Register (p_version NULL) or edit (p_version = the version read) an employer.
CREATE FUNCTION api.employer_save(p_employer_no text, p_name text, p_kana text, p_postal_code text,
                                  p_address text, p_phone text, p_version integer DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v integer;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    IF p_employer_no IS NULL OR p_employer_no !~ '^[0-9]{6,10}$' THEN
        PERFORM ledger.collection_refuse('指定番号は6〜10桁の数字です。', 'employer_no: 6-10 digits');
    END IF;
    IF p_version IS NULL THEN
        IF EXISTS (SELECT 1 FROM ledger.employer WHERE employer_no = p_employer_no) THEN
            PERFORM ledger.collection_refuse(format('指定番号 %s は登録済みです。', p_employer_no),
                                             'employer_no already registered');
        END IF;
        INSERT INTO ledger.employer (employer_no, name, kana, postal_code, address, phone)
        VALUES (p_employer_no, p_name, p_kana, p_postal_code, p_address, p_phone) RETURNING version INTO v;
    ELSE
        UPDATE ledger.employer SET name = p_name, kana = p_kana, postal_code = p_postal_code,
               address = p_address, phone = p_phone, version = version + 1
         WHERE employer_no = p_employer_no AND version = p_version RETURNING version INTO v;
        IF v IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
                MESSAGE = '他の職員が先に更新したか、事業所がありません。', HINT = 'stale version or no such employer';
        END IF;
    END IF;
    PERFORM audit.record_change('employer.save', NULL, NULL, 'collection', 'ok',
                                format('employer=%s version=%s', p_employer_no, v));
    RETURN v;
END
$$;

CREATE FUNCTION api.employer_get(p_employer_no text)
    RETURNS TABLE (employer_no text, name text, kana text, postal_code text, address text, phone text,
                   version integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    RETURN QUERY SELECT e.employer_no, e.name, e.kana, e.postal_code, e.address, e.phone, e.version
                   FROM ledger.employer AS e WHERE e.employer_no = p_employer_no;
END
$$;

-- Employers with withholding plans in a tax year, with their totals (no personal data).
CREATE FUNCTION api.collection_employers(p_query text, p_tax_year integer, p_limit integer DEFAULT 500)
    RETURNS TABLE (employer_no text, name text, kana text, postal_code text, address text, phone text,
                   version integer, employees bigint, annual bigint, collected bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key text := ledger.search_key(p_query);
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    RETURN QUERY
        SELECT e.employer_no, e.name, e.kana, e.postal_code, e.address, e.phone, e.version,
               count(w.plan_id), coalesce(sum(ledger.array_sum(w.months, 1, 12)), 0)::bigint,
               coalesce(sum((SELECT sum(p.amount) FROM ledger.withholding_payment AS p
                              WHERE p.plan_id = w.plan_id)), 0)::bigint
          FROM ledger.employer AS e
          LEFT JOIN ledger.withholding_plan AS w ON w.employer_no = e.employer_no AND w.tax_year = p_tax_year
         WHERE key = '' OR e.employer_no = key OR e.name_key LIKE '%' || ledger.like_escape(key) || '%'
         GROUP BY e.employer_id
         ORDER BY e.employer_no = key DESC, e.kana, e.employer_no
         LIMIT least(greatest(p_limit, 1), 5000);
END
$$;

-- ---------------------------------------------------------------------------------------- plans

-- 税額決定: plans for every employee withheld by payroll (employment.payroll_withholding and an
-- assessment collected by 'payroll') of one employer or all, not yet planned. Returns the count.
CREATE FUNCTION api.collection_determine(p_tax_year integer, p_employer_no text DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    unit integer := (SELECT s.payroll_unit FROM ledger.collection_setting AS s);
    ids bigint[];
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    WITH ins AS (
        INSERT INTO ledger.withholding_plan (person_id, tax_year, employer_no, annual_notified, months, source)
        SELECT m.person_id, m.tax_year, m.employer_no, a.annual_tax,
               ledger.payroll_split(a.annual_tax, 12, unit), 'determination'
          FROM ledger.employment AS m
          JOIN ledger.assessment AS a ON a.person_id = m.person_id AND a.tax_year = m.tax_year
         WHERE m.tax_year = p_tax_year AND m.payroll_withholding AND a.collection_method = 'payroll'
           AND a.annual_tax > 0 AND a.status <> 'draft'
           AND (p_employer_no IS NULL OR m.employer_no = p_employer_no)
           AND coalesce(a.employer_no, m.employer_no) = m.employer_no
        ON CONFLICT (person_id, tax_year, employer_no) DO NOTHING
        RETURNING person_id)
    SELECT coalesce(array_agg(person_id), '{}') INTO ids FROM ins;
    PERFORM audit.record_change('collection.determine', NULL, p_tax_year::smallint, 'collection', 'ok',
                                format('employer=%s count=%s', coalesce(p_employer_no, '*'), cardinality(ids)),
                                ids);
    RETURN cardinality(ids);
END
$$;

-- An employer's employees under withholding with their June–May amounts, collected, remaining,
-- and the current annual tax (which differs from the notified one after a correction).
CREATE FUNCTION api.collection_employees(p_employer_no text, p_tax_year integer, p_purpose text)
    RETURNS TABLE (plan_id bigint, person_id bigint, family_name text, given_name text, family_kana text,
                   given_kana text, birth_date date, address text, annual_notified bigint, annual_current bigint,
                   months bigint[], paid bigint[], collected bigint, remaining bigint, status text,
                   version integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    PERFORM audit.require_purpose(p_purpose);
    RETURN QUERY
        SELECT w.plan_id, p.person_id, p.family_name, p.given_name, p.family_kana, p.given_kana, p.birth_date,
               p.address, w.annual_notified, coalesce(a.annual_tax, 0), w.months,
               ARRAY(SELECT y.amount FROM generate_series(0, 11) AS g(i)
                       LEFT JOIN ledger.withholding_payment AS y ON y.plan_id = w.plan_id AND y.month_index = g.i
                      ORDER BY g.i),
               c.collected, ledger.array_sum(w.months, 1, 12) - c.collected, w.status, w.version
          FROM ledger.withholding_plan AS w
          JOIN ledger.person AS p ON p.person_id = w.person_id
          LEFT JOIN ledger.assessment AS a ON a.person_id = w.person_id AND a.tax_year = w.tax_year
          CROSS JOIN LATERAL (SELECT coalesce(sum(y.amount), 0)::bigint AS collected
                                FROM ledger.withholding_payment AS y WHERE y.plan_id = w.plan_id) AS c
         WHERE w.employer_no = p_employer_no AND w.tax_year = p_tax_year
         ORDER BY p.family_kana, p.given_kana, p.person_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM audit.record('collection.employees', NULL, p_tax_year::smallint, p_purpose,
                         CASE WHEN n > 0 THEN 'ok' ELSE 'not_found' END,
                         format('employer=%s count=%s', p_employer_no, n),
                         ARRAY(SELECT w.person_id FROM ledger.withholding_plan AS w
                                WHERE w.employer_no = p_employer_no AND w.tax_year = p_tax_year));
END
$$;

-- The employer's payment (納入) for a month: every active plan's amount of that month is collected.
CREATE FUNCTION api.collection_record_month(p_employer_no text, p_tax_year integer, p_month_index integer)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ids bigint[];
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    IF p_month_index IS NULL OR p_month_index NOT BETWEEN 0 AND 11 THEN
        PERFORM ledger.collection_refuse('月の指定が正しくありません。', 'month index 0-11');
    END IF;
    WITH ins AS (
        INSERT INTO ledger.withholding_payment (plan_id, month_index, amount)
        SELECT w.plan_id, p_month_index, w.months[p_month_index + 1]
          FROM ledger.withholding_plan AS w
         WHERE w.employer_no = p_employer_no AND w.tax_year = p_tax_year AND w.status = 'active'
        ON CONFLICT (plan_id, month_index) DO NOTHING
        RETURNING plan_id)
    SELECT coalesce(array_agg(w.person_id), '{}') INTO ids
      FROM ins JOIN ledger.withholding_plan AS w USING (plan_id);
    PERFORM audit.record_change('collection.payment', NULL, p_tax_year::smallint, 'collection', 'ok',
                                format('employer=%s month_index=%s count=%s', p_employer_no, p_month_index,
                                       cardinality(ids)), ids);
    RETURN cardinality(ids);
END
$$;

-- ---------------------------------------------------------------------------------------- change notices

-- Put an approved change into effect: the old employer stops after the months collected; a transfer
-- gives the new employer its months; ordinary instalments go to the taxpayer.
CREATE FUNCTION ledger.apply_change(p_change_id bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c ledger.withholding_change;
    i integer;
BEGIN
    SELECT * INTO STRICT c FROM ledger.withholding_change WHERE change_id = p_change_id;
    UPDATE ledger.withholding_plan
       SET months = months[1:c.months_collected] || array_fill(0::bigint, ARRAY[12 - c.months_collected]),
           status = 'stopped', version = version + 1
     WHERE plan_id = c.plan_id;
    IF c.kind = 'transfer' THEN
        INSERT INTO ledger.withholding_plan AS w (person_id, tax_year, employer_no, annual_notified, months, source)
        VALUES (c.person_id, c.tax_year, c.new_employer_no, c.annual, c.new_months, 'transfer')
        ON CONFLICT (person_id, tax_year, employer_no) DO UPDATE
           SET months = ARRAY(SELECT a + b FROM unnest(w.months, excluded.months) AS u(a, b)),
               annual_notified = excluded.annual_notified, status = 'active', version = w.version + 1;
    END IF;
    FOR i IN 0 .. jsonb_array_length(c.ordinary) - 1 LOOP
        INSERT INTO ledger.ordinary_instalment VALUES (c.person_id, c.tax_year, c.change_id, i + 1,
            (c.ordinary->i->>'due')::date, (c.ordinary->i->>'amount')::bigint);
    END LOOP;
END
$$;

-- Save a 異動届出書 with the arrangement the client computed (app.tax.collection_change). The
-- database checks it against the stored plan: collected = the plan's months through the last month
-- collected, and collected + new employer + ordinary + lump sum = the notified annual tax to the yen;
-- the 1 January–30 April rule; months after the last collected; due dates after the notice.
-- Moving more than the approval threshold leaves it pending for an approver. Returns the change.
CREATE FUNCTION api.collection_change_save(p_plan_id bigint, p_plan_version integer, p_kind text,
                                           p_change_date date, p_notice_date date, p_months_collected integer,
                                           p_final_pay bigint, p_lump_sum_declined boolean,
                                           p_new_employer_no text, p_new_months bigint[], p_ordinary jsonb,
                                           p_lump_sum bigint)
    RETURNS TABLE (change_id bigint, status text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    w ledger.withholding_plan;
    collected bigint;
    rest bigint;
    ord_sum bigint;
    threshold bigint := (SELECT s.approval_threshold FROM ledger.collection_setting AS s);
    st text;
    cid bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    SELECT * INTO w FROM ledger.withholding_plan AS x WHERE x.plan_id = p_plan_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM ledger.collection_refuse('特別徴収の計画が見つかりません。', 'no such plan');
    END IF;
    IF w.version <> p_plan_version THEN
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = '他の職員が先に更新しました。',
            HINT = 'stale plan version';
    END IF;
    IF w.status <> 'active' THEN
        PERFORM ledger.collection_refuse('この特別徴収は既に停止しています。', 'plan already stopped');
    END IF;
    IF EXISTS (SELECT 1 FROM ledger.withholding_change AS c WHERE c.plan_id = p_plan_id AND c.status = 'pending') THEN
        PERFORM ledger.collection_refuse('この方の異動届出書が承認待ちです。', 'a change is already pending');
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('retire', 'leave', 'death', 'transfer', 'lump_sum') THEN
        PERFORM ledger.collection_refuse('異動の種類が正しくありません。', 'unknown kind');
    END IF;
    IF p_months_collected IS NULL OR p_months_collected NOT BETWEEN 0 AND 12 THEN
        PERFORM ledger.collection_refuse('徴収済みの月数が正しくありません。', 'months collected 0-12');
    END IF;
    IF p_notice_date IS NULL OR p_change_date IS NULL OR p_change_date > p_notice_date + 366
       OR p_notice_date NOT BETWEEN make_date(w.tax_year, 6, 1) AND make_date(w.tax_year + 1, 5, 31) THEN
        PERFORM ledger.collection_refuse('異動年月日・受付日がこの年度にありません。', 'dates outside the tax year');
    END IF;
    IF p_months_collected > ledger.plan_months_paid(w.plan_id) THEN
        PERFORM ledger.collection_refuse(format('徴収済みの月数が納入済みの月数（%s か月）を超えています。',
                                                ledger.plan_months_paid(w.plan_id)),
                                         'months collected beyond the months recorded as paid');
    END IF;
    collected := ledger.array_sum(w.months, 1, p_months_collected);
    rest := w.annual_notified - collected;
    IF ledger.array_sum(w.months, 1, 12) <> w.annual_notified THEN
        PERFORM ledger.collection_refuse('この計画は既に変更されています。', 'plan no longer covers the annual tax');
    END IF;
    IF jsonb_typeof(coalesce(p_ordinary, '[]')) <> 'array' THEN
        PERFORM ledger.collection_refuse('普通徴収の納期限・金額が正しくありません。', 'ordinary must be an array');
    END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(p_ordinary, '[]')) AS o(v)
                WHERE CASE WHEN jsonb_typeof(o.v->'amount') IS DISTINCT FROM 'number'
                             OR NOT coalesce(o.v->>'due' ~ '^\d{4}-\d{2}-\d{2}$', false) THEN true
                           ELSE (o.v->>'amount')::numeric < 0
                             OR (o.v->>'amount')::numeric <> trunc((o.v->>'amount')::numeric)
                             OR (o.v->>'due')::date <= p_notice_date
                             -- due dates are moved off weekends (地方税法20条の5第2項); holidays are
                             -- the client's calendar (app/tax/holidays.py)
                             OR extract(isodow FROM (o.v->>'due')::date) > 5 END) THEN
        PERFORM ledger.collection_refuse('普通徴収の納期限・金額が正しくありません。', 'bad ordinary instalments');
    END IF;
    ord_sum := coalesce((SELECT sum((o.v->>'amount')::bigint) FROM jsonb_array_elements(coalesce(p_ordinary, '[]')) AS o(v)), 0);
    IF p_kind = 'transfer' THEN
        IF p_new_employer_no IS NULL OR p_new_employer_no = w.employer_no
           OR NOT EXISTS (SELECT 1 FROM ledger.employer AS e WHERE e.employer_no = p_new_employer_no) THEN
            PERFORM ledger.collection_refuse('新しい事業所の指定番号が正しくありません。', 'bad new employer');
        END IF;
        IF p_new_months IS NULL OR cardinality(p_new_months) <> 12 OR NOT (0 <= ALL (p_new_months))
           OR ledger.array_sum(p_new_months, 1, p_months_collected) <> 0
           OR ledger.array_sum(p_new_months, 1, 12) <> rest OR ord_sum <> 0 OR p_lump_sum IS NOT NULL THEN
            PERFORM ledger.collection_refuse('新しい事業所の月割額の合計が未徴収税額と一致しません。',
                                             'new employer months must add up to the rest');
        END IF;
    ELSIF p_new_employer_no IS NOT NULL OR p_new_months IS NOT NULL THEN
        PERFORM ledger.collection_refuse('新しい事業所は転勤・転職のときだけ指定できます。', 'transfer only');
    ELSIF p_kind = 'lump_sum'
          OR (p_kind = 'retire' AND extract(month FROM p_change_date) <= 4 AND rest > 0
              AND coalesce(p_final_pay, 0) >= rest AND NOT coalesce(p_lump_sum_declined, false)) THEN
        -- 一括徴収, requested or mandatory (地方税法321条の5第2項ただし書, domain.md §5.2)
        -- an unknown final pay does not cover the rest (NULL must not pass the check)
        IF p_lump_sum IS DISTINCT FROM rest OR ord_sum <> 0 OR coalesce(p_final_pay, 0) < rest THEN
            PERFORM ledger.collection_refuse('一括徴収額が未徴収税額と一致しないか、最終給与で賄えません。',
                                             'the lump sum must be the rest, covered by the final pay');
        END IF;
    ELSIF p_lump_sum IS NOT NULL OR ord_sum <> rest THEN
        PERFORM ledger.collection_refuse('普通徴収の合計が未徴収税額と一致しません。',
                                         'ordinary instalments must add up to the rest');
    END IF;
    -- the approval threshold applies to what is really unpaid, whatever was claimed
    st := CASE WHEN greatest(rest, w.annual_notified - ledger.plan_paid_amount(w.plan_id)) > threshold
               THEN 'pending' ELSE 'approved' END;
    INSERT INTO ledger.withholding_change (plan_id, person_id, tax_year, employer_no, kind, change_date, notice_date,
                                      months_collected, annual, collected, final_pay, lump_sum_declined,
                                      new_employer_no, new_months, ordinary, lump_sum, moved, plan_version, status,
                                      decided_at, decided_by)
    VALUES (w.plan_id, w.person_id, w.tax_year, w.employer_no, p_kind, p_change_date, p_notice_date,
            p_months_collected, w.annual_notified, collected, p_final_pay, coalesce(p_lump_sum_declined, false),
            p_new_employer_no, p_new_months, coalesce(p_ordinary, '[]'), p_lump_sum, rest, w.version, st,
            CASE WHEN st = 'approved' THEN now() END, CASE WHEN st = 'approved' THEN session_user END)
    RETURNING ledger.withholding_change.change_id INTO cid;
    IF st = 'approved' THEN
        PERFORM ledger.apply_change(cid);
    END IF;
    PERFORM audit.record_change('collection.change', w.person_id, w.tax_year, 'collection', 'ok',
                                format('change=%s kind=%s employer=%s moved=%s status=%s', cid, p_kind,
                                       w.employer_no, rest, st));
    RETURN QUERY SELECT cid, st;
END
$$;

-- Pending changes with the persons' names: a read of persons, so a purpose is required and audited.
CREATE FUNCTION api.collection_pending_changes(p_purpose text)
    RETURNS TABLE (change_id bigint, person_id bigint, family_name text, given_name text, tax_year smallint,
                   employer_no text, kind text, moved bigint, entered_by text, entered_at timestamptz)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_approver');
    PERFORM audit.require_purpose(p_purpose);
    RETURN QUERY
        SELECT c.change_id, c.person_id, p.family_name, p.given_name, c.tax_year, c.employer_no, c.kind, c.moved,
               c.entered_by, c.entered_at
          FROM ledger.withholding_change AS c JOIN ledger.person AS p USING (person_id)
         WHERE c.status = 'pending' ORDER BY c.entered_at;
    PERFORM audit.record('collection.pending', NULL, NULL, p_purpose, 'ok', '',
                         ARRAY(SELECT c.person_id FROM ledger.withholding_change AS c WHERE c.status = 'pending'));
END
$$;

-- An approver (never the clerk who entered it) approves or rejects a pending change.
CREATE FUNCTION api.collection_change_decide(p_change_id bigint, p_approve boolean) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c ledger.withholding_change;
    st text := CASE WHEN p_approve THEN 'approved' ELSE 'rejected' END;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_approver');
    SELECT * INTO c FROM ledger.withholding_change AS x WHERE x.change_id = p_change_id FOR UPDATE;
    IF NOT FOUND OR c.status <> 'pending' THEN
        PERFORM ledger.collection_refuse('承認待ちの異動届出書が見つかりません。', 'no such pending change');
    END IF;
    IF c.entered_by = session_user THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = '入力した職員本人は承認できません。別の職員が承認してください。',
            HINT = 'a change must be approved by another staff member';
    END IF;
    -- approving puts into effect what was computed from the plan as it was then: refused once the plan
    -- changed (tax change, other change) or stopped; the change must be entered again
    PERFORM 1 FROM ledger.withholding_plan AS w WHERE w.plan_id = c.plan_id FOR UPDATE;
    IF p_approve AND NOT EXISTS (SELECT 1 FROM ledger.withholding_plan AS w
                                  WHERE w.plan_id = c.plan_id AND w.status = 'active'
                                    AND w.version = c.plan_version) THEN
        PERFORM ledger.collection_refuse('届出書の受付後に特別徴収の計画が変わりました。却下して入力し直してください。',
                                         'the plan changed since the change was entered');
    END IF;
    UPDATE ledger.withholding_change AS x SET status = st, decided_at = now(), decided_by = session_user
     WHERE x.change_id = p_change_id;
    IF p_approve THEN
        PERFORM ledger.apply_change(p_change_id);
    END IF;
    PERFORM audit.record_change('collection.decide', c.person_id, c.tax_year, 'collection', 'ok',
                                format('change=%s %s entered_by=%s', p_change_id, st, c.entered_by));
    RETURN st;
END
$$;

-- A person's collection across employers in a tax year: plans, change notices, ordinary instalments.
CREATE FUNCTION api.collection_person(p_person_id bigint, p_tax_year integer, p_purpose text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    out jsonb;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    PERFORM audit.require_purpose(p_purpose);
    SELECT jsonb_build_object(
        'plans', coalesce((SELECT jsonb_agg(jsonb_build_object(
                    'plan_id', w.plan_id, 'employer_no', w.employer_no, 'employer_name', e.name,
                    'annual_notified', w.annual_notified, 'months', to_jsonb(w.months), 'status', w.status,
                    'version', w.version,
                    'collected', (SELECT coalesce(sum(y.amount), 0) FROM ledger.withholding_payment AS y
                                   WHERE y.plan_id = w.plan_id)) ORDER BY w.plan_id)
                   FROM ledger.withholding_plan AS w JOIN ledger.employer AS e USING (employer_no)
                  WHERE w.person_id = p_person_id AND w.tax_year = p_tax_year), '[]'),
        'changes', coalesce((SELECT jsonb_agg(to_jsonb(c) - 'entered_by' - 'decided_by' ORDER BY c.change_id)
                   FROM ledger.withholding_change AS c WHERE c.person_id = p_person_id AND c.tax_year = p_tax_year), '[]'),
        'ordinary', coalesce((SELECT jsonb_agg(jsonb_build_object('due', o.due_date, 'amount', o.amount)
                                               ORDER BY o.due_date)
                   FROM ledger.ordinary_instalment AS o JOIN ledger.withholding_change AS c USING (change_id)
                  WHERE o.person_id = p_person_id AND o.tax_year = p_tax_year AND c.status = 'approved'), '[]'),
        'annual_current', (SELECT a.annual_tax FROM ledger.assessment AS a
                            WHERE a.person_id = p_person_id AND a.tax_year = p_tax_year))
      INTO out;
    PERFORM audit.record('collection.person', p_person_id, p_tax_year::smallint, p_purpose, 'ok');
    RETURN out;
END
$$;

-- ---------------------------------------------------------------------------------------- tax change, switch

-- A mid-year change of the annual tax (the assessment was corrected): the remaining months as the
-- client recomputed them by §5.1; the database checks collected + remaining − refund = current tax.
CREATE FUNCTION api.collection_tax_change_save(p_plan_id bigint, p_plan_version integer, p_months_paid integer,
                                               p_new_months bigint[], p_refund bigint, p_refund_kind text)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    w ledger.withholding_plan;
    current_tax bigint;
    collected bigint;
    tid bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    SELECT * INTO w FROM ledger.withholding_plan AS x WHERE x.plan_id = p_plan_id FOR UPDATE;
    IF NOT FOUND OR w.status <> 'active' THEN
        PERFORM ledger.collection_refuse('特別徴収中の計画が見つかりません。', 'no active plan');
    END IF;
    IF w.version <> p_plan_version THEN
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = '他の職員が先に更新しました。',
            HINT = 'stale plan version';
    END IF;
    SELECT a.annual_tax INTO current_tax FROM ledger.assessment AS a
     WHERE a.person_id = w.person_id AND a.tax_year = w.tax_year;
    IF EXISTS (SELECT 1 FROM ledger.withholding_change AS c WHERE c.plan_id = w.plan_id AND c.status = 'pending') THEN
        PERFORM ledger.collection_refuse('この方の異動届出書が承認待ちです。承認・却下の後に税額変更を反映してください。',
                                         'a change is pending for this plan');
    END IF;
    IF current_tax IS NULL OR current_tax = w.annual_notified THEN
        PERFORM ledger.collection_refuse('年税額は変わっていません。', 'annual tax unchanged');
    END IF;
    IF p_months_paid IS NULL OR p_months_paid NOT BETWEEN 0 AND 11 OR p_new_months IS NULL
       OR cardinality(p_new_months) <> 12 - p_months_paid OR NOT (0 <= ALL (p_new_months)) THEN
        PERFORM ledger.collection_refuse('残りの月割額が正しくありません。', 'bad remaining months');
    END IF;
    IF p_months_paid > ledger.plan_months_paid(w.plan_id) THEN
        PERFORM ledger.collection_refuse(format('納入済みの月数が記録（%s か月）を超えています。',
                                                ledger.plan_months_paid(w.plan_id)),
                                         'months paid beyond the months recorded as paid');
    END IF;
    collected := ledger.array_sum(w.months, 1, p_months_paid);
    -- a refund never exceeds what was really paid in above the new tax
    IF p_refund > greatest(ledger.plan_paid_amount(w.plan_id) - current_tax, 0) THEN
        PERFORM ledger.collection_refuse('還付・充当額が納入済みの額を超えています。',
                                         'refund beyond what was recorded as paid');
    END IF;
    IF p_refund IS NULL OR collected + ledger.array_sum(p_new_months, 1, 12) - p_refund <> current_tax
       OR p_refund < 0 OR p_refund > greatest(collected - current_tax, 0)
       OR (p_refund > 0) <> (p_refund_kind IS NOT NULL) THEN
        PERFORM ledger.collection_refuse('変更後の月割額と還付・充当額の合計が年税額と一致しません。',
                                         'collected + remaining - refund must equal the new annual tax');
    END IF;
    INSERT INTO ledger.withholding_tax_change (plan_id, old_annual, new_annual, months_paid, old_months, new_months,
                                               refund, refund_kind)
    VALUES (w.plan_id, w.annual_notified, current_tax, p_months_paid, w.months,
            w.months[1:p_months_paid] || p_new_months, p_refund, p_refund_kind)
    RETURNING tax_change_id INTO tid;
    UPDATE ledger.withholding_plan SET months = w.months[1:p_months_paid] || p_new_months,
           annual_notified = current_tax, notified_at = now(), notified_by = session_user, version = version + 1
     WHERE plan_id = w.plan_id;
    PERFORM audit.record_change('collection.tax_change', w.person_id, w.tax_year, 'collection', 'ok',
                                format('plan=%s old=%s new=%s refund=%s', w.plan_id, w.annual_notified, current_tax,
                                       p_refund));
    RETURN tid;
END
$$;

-- 普通徴収 → 給与特別徴収 on request: the employer withholds the instalments not yet due, from the month
-- after the notice. p_months are the twelve June…May amounts (0 before the first month).
CREATE FUNCTION api.collection_switch_to_payroll(p_person_id bigint, p_tax_year integer, p_employer_no text,
                                                 p_notice_date date, p_ordinary_kept bigint, p_months bigint[])
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    current_tax bigint;
    first_index integer;
    pid bigint;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    SELECT a.annual_tax INTO current_tax FROM ledger.assessment AS a
     WHERE a.person_id = p_person_id AND a.tax_year = p_tax_year AND a.collection_method = 'ordinary'
       FOR UPDATE;     -- two switches of one person wait for each other; the second sees 'payroll'
    IF current_tax IS NULL THEN
        PERFORM ledger.collection_refuse('普通徴収の賦課がありません。', 'no ordinary-collection assessment');
    END IF;
    IF EXISTS (SELECT 1 FROM ledger.withholding_plan AS w
                WHERE w.person_id = p_person_id AND w.tax_year = p_tax_year AND w.status = 'active') THEN
        PERFORM ledger.collection_refuse('この方はこの年度に特別徴収中です。', 'an active plan exists for the year');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ledger.employment AS m WHERE m.person_id = p_person_id
                      AND m.tax_year = p_tax_year AND m.employer_no = p_employer_no) THEN
        PERFORM ledger.collection_refuse('この事業所での給与の支払いが登録されていません。',
                                         'no employment with this employer in the year');
    END IF;
    IF p_notice_date IS NULL OR p_notice_date NOT BETWEEN make_date(p_tax_year, 6, 1)
                                                    AND make_date(p_tax_year + 1, 4, 30) THEN
        PERFORM ledger.collection_refuse('受付日がこの年度にありません。', 'notice date outside the tax year');
    END IF;
    -- months 0 … index of the notice month stay 0: withholding starts the month after the notice
    first_index := ((extract(month FROM p_notice_date)::integer - 6 + 12) % 12) + 1;
    IF p_months IS NULL OR cardinality(p_months) <> 12 OR NOT (0 <= ALL (p_months))
       OR ledger.array_sum(p_months, 1, first_index) <> 0
       OR coalesce(p_ordinary_kept, -1) < 0 OR p_ordinary_kept + ledger.array_sum(p_months, 1, 12) <> current_tax THEN
        PERFORM ledger.collection_refuse('月割額と普通徴収済みの額の合計が年税額と一致しません。',
                                         'kept + months must equal the annual tax');
    END IF;
    INSERT INTO ledger.withholding_plan (person_id, tax_year, employer_no, annual_notified, months, source)
    VALUES (p_person_id, p_tax_year, p_employer_no, current_tax, p_months, 'switch')
    RETURNING plan_id INTO pid;
    -- the assessment is now collected by payroll through this employer (same transaction)
    UPDATE ledger.assessment SET collection_method = 'payroll', employer_no = p_employer_no
     WHERE person_id = p_person_id AND tax_year = p_tax_year;
    PERFORM audit.record_change('collection.switch', p_person_id, p_tax_year::smallint, 'collection', 'ok',
                                format('plan=%s employer=%s kept=%s', pid, p_employer_no, p_ordinary_kept));
    RETURN pid;
END
$$;

-- ---------------------------------------------------------------------------------------- notices

-- The rows of 特別徴収税額決定通知書 (one employer or all), in print order: employer, then employees by
-- kana. p_export marks the audit row as the print-data export for the outsourced printer.
CREATE FUNCTION api.collection_notice_rows(p_tax_year integer, p_employer_no text, p_purpose text,
                                           p_export boolean DEFAULT false)
    RETURNS TABLE (employer_no text, employer_name text, employer_kana text, employer_postal_code text,
                   employer_address text, person_id bigint, family_name text, given_name text,
                   family_kana text, given_kana text, postal_code text, address text, annual bigint,
                   months bigint[])
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer;
BEGIN
    PERFORM auth.require_terminal();
    PERFORM auth.require_capability('r_collection');
    PERFORM audit.require_purpose(p_purpose);
    RETURN QUERY
        SELECT e.employer_no, e.name, e.kana, e.postal_code, e.address, p.person_id, p.family_name, p.given_name,
               p.family_kana, p.given_kana, p.postal_code, p.address, w.annual_notified, w.months
          FROM ledger.withholding_plan AS w
          JOIN ledger.employer AS e USING (employer_no)
          JOIN ledger.person AS p ON p.person_id = w.person_id
         WHERE w.tax_year = p_tax_year AND (p_employer_no IS NULL OR w.employer_no = p_employer_no)
         ORDER BY e.employer_no, p.family_kana, p.given_kana, p.person_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM audit.record(CASE WHEN p_export THEN 'collection.export' ELSE 'collection.notices' END, NULL,
                         p_tax_year::smallint, p_purpose, CASE WHEN n > 0 THEN 'ok' ELSE 'not_found' END,
                         format('employer=%s count=%s', coalesce(p_employer_no, '*'), n),
                         ARRAY(SELECT w.person_id FROM ledger.withholding_plan AS w
                                WHERE w.tax_year = p_tax_year
                                  AND (p_employer_no IS NULL OR w.employer_no = p_employer_no)));
END
$$;

-- (Functions of juminzei_owner are callable by nobody by default; 0001_roles.sql.)
GRANT EXECUTE ON FUNCTION
    api.collection_settings(),
    api.employer_save(text, text, text, text, text, text, integer),
    api.employer_get(text),
    api.collection_employers(text, integer, integer),
    api.collection_determine(integer, text),
    api.collection_employees(text, integer, text),
    api.collection_record_month(text, integer, integer),
    api.collection_change_save(bigint, integer, text, date, date, integer, bigint, boolean, text, bigint[], jsonb,
                               bigint),
    api.collection_person(bigint, integer, text),
    api.collection_tax_change_save(bigint, integer, integer, bigint[], bigint, text),
    api.collection_switch_to_payroll(bigint, integer, text, date, bigint, bigint[]),
    api.collection_notice_rows(integer, text, text, boolean)
    TO r_collection;
GRANT EXECUTE ON FUNCTION api.collection_pending_changes(text), api.collection_change_decide(bigint, boolean)
    TO r_approver;
GRANT EXECUTE ON FUNCTION api.collection_set_threshold(bigint) TO r_admin;
