-- Ledger: the tax division's records. Staff roles have no privilege here: every read and write
-- goes through the api schema. Runs as juminzei_owner.

CREATE SCHEMA ext;          -- extensions, so their objects never shadow ours
CREATE SCHEMA ledger;
CREATE SCHEMA auth;
CREATE SCHEMA audit;
CREATE SCHEMA api;
REVOKE ALL ON SCHEMA ext, ledger, auth, audit, api FROM PUBLIC;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA ext;

-- My Number check digit (domain.md §9): digits P1..P11 counted from the right, weights
-- Q = n + 1 for n = 1..6 and n - 5 for n = 7..11; r = sum mod 11; check = 0 if r <= 1 else 11 - r.
CREATE FUNCTION ledger.my_number_valid(n text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN n ~ '^[0-9]{12}$' AND (
    SELECT CASE WHEN s % 11 <= 1 THEN 0 ELSE 11 - s % 11 END = substr(n, 12, 1)::int
    -- Weights of the digits read left to right (P11 … P1): 6 5 4 3 2 7 6 5 4 3 2.
    FROM (SELECT substr(n, 1, 1)::int * 6 + substr(n, 2, 1)::int * 5 + substr(n, 3, 1)::int * 4
               + substr(n, 4, 1)::int * 3 + substr(n, 5, 1)::int * 2 + substr(n, 6, 1)::int * 7
               + substr(n, 7, 1)::int * 6 + substr(n, 8, 1)::int * 5 + substr(n, 9, 1)::int * 4
               + substr(n, 10, 1)::int * 3 + substr(n, 11, 1)::int * 2 AS s) AS w);

-- One normal form for name and kana search: NFKC folds full/half width, then hiragana become
-- katakana and spaces go, so 'さとう　たろう', 'ｻﾄｳ ﾀﾛｳ' and 'サトウタロウ' are the same key.
CREATE FUNCTION ledger.search_key(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN replace(replace(translate(lower(normalize(coalesce(t, ''), NFKC)),
    'ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんゔゕゖ',
    'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴヵヶ'),
    ' ', ''), '・', '');

-- 別添1 of the PIA: the closed list of recorded items. Loaded by the migration from
-- app/db/sql/pia_annex1_items.tsv; nothing outside this list can be stored as an item.
CREATE TABLE ledger.item_code (
    item_code   smallint PRIMARY KEY CHECK (item_code BETWEEN 1 AND 999),
    name_ja     text NOT NULL,          -- as printed in the PIA (均等割額 appears under 県 and 市)
    kind        text NOT NULL CHECK (kind IN ('identity', 'column', 'amount', 'count', 'code')),
    column_name text CHECK ((kind = 'column') = (column_name IS NOT NULL))
);

CREATE TABLE ledger.person (
    person_id     bigint PRIMARY KEY CHECK (person_id BETWEEN 1 AND 9999999999),  -- 宛名番号
    my_number     char(12) UNIQUE CHECK (ledger.my_number_valid(my_number)),
    family_name   text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 30),
    given_name    text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 30),
    family_kana   text NOT NULL CHECK (family_kana ~ '^[ァ-ヶー]{1,40}$'),
    given_kana    text NOT NULL CHECK (given_kana ~ '^[ァ-ヶー]{1,40}$'),
    birth_date    date NOT NULL CHECK (birth_date BETWEEN '1890-01-01' AND '2100-12-31'),
    sex           char(1) NOT NULL CHECK (sex IN ('M', 'F')),
    postal_code   text NOT NULL CHECK (postal_code ~ '^[0-9]{3}-[0-9]{4}$'),
    address       text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
    district      text NOT NULL CHECK (district IN ('花巻', '大迫', '石鳥谷', '東和', '市外')),
    status        text NOT NULL DEFAULT 'resident'
                  CHECK (status IN ('resident', 'moved_out', 'deceased', 'non_resident')),
    status_date   date,
    name_key      text GENERATED ALWAYS AS (ledger.search_key(family_name || given_name)) STORED,
    kana_key      text GENERATED ALWAYS AS (ledger.search_key(family_kana || given_kana)) STORED,
    address_key   text GENERATED ALWAYS AS (ledger.search_key(address)) STORED,
    version       integer NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text NOT NULL DEFAULT session_user,
    CHECK ((status = 'resident') = (status_date IS NULL) OR status = 'non_resident')
);
CREATE INDEX person_kana_trgm ON ledger.person USING gin (kana_key ext.gin_trgm_ops);
CREATE INDEX person_name_trgm ON ledger.person USING gin (name_key ext.gin_trgm_ops);
CREATE INDEX person_address_trgm ON ledger.person USING gin (address_key ext.gin_trgm_ops);
CREATE INDEX person_birth ON ledger.person (birth_date);
CREATE INDEX person_kana_order ON ledger.person (family_kana, given_kana, birth_date);

-- Households as of 1 January (賦課期日) of each tax year, and where each person lived then.
CREATE TABLE ledger.household (
    tax_year       smallint NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    household_no   bigint NOT NULL CHECK (household_no > 0),
    head_person_id bigint NOT NULL REFERENCES ledger.person,
    PRIMARY KEY (tax_year, household_no)
);

CREATE TABLE ledger.levy_residence (
    person_id    bigint NOT NULL REFERENCES ledger.person,
    tax_year     smallint NOT NULL,
    household_no bigint NOT NULL,
    relation     text NOT NULL CHECK (relation IN ('世帯主', '妻', '夫', '子', '父', '母', '孫',
                                                   '兄弟姉妹', '祖父', '祖母', 'その他')),
    postal_code  text NOT NULL CHECK (postal_code ~ '^[0-9]{3}-[0-9]{4}$'),
    address      text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
    district     text NOT NULL CHECK (district IN ('花巻', '大迫', '石鳥谷', '東和', '市外')),
    PRIMARY KEY (person_id, tax_year),
    FOREIGN KEY (tax_year, household_no) REFERENCES ledger.household
);
CREATE INDEX levy_residence_household ON ledger.levy_residence (tax_year, household_no);

-- 特別徴収義務者 (payroll withholding agents) and their 指定番号.
CREATE TABLE ledger.employer (
    employer_id  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_no  text NOT NULL UNIQUE CHECK (employer_no ~ '^[0-9]{6,10}$'),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kana         text NOT NULL CHECK (kana ~ '^[ァ-ヶー・　 （）()A-Za-z0-9]{1,100}$'),
    postal_code  text NOT NULL CHECK (postal_code ~ '^[0-9]{3}-[0-9]{4}$'),
    address      text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
    phone        text NOT NULL CHECK (phone ~ '^[0-9]{2,5}-[0-9]{1,4}-[0-9]{3,4}$'),
    name_key     text GENERATED ALWAYS AS (ledger.search_key(name || kana)) STORED,
    version      integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE INDEX employer_name_trgm ON ledger.employer USING gin (name_key ext.gin_trgm_ops);

-- One assessment per person and tax year. The core amounts are typed columns (their 別添1 item
-- codes map to these columns in ledger.item_code); all other items are in assessment_item.
CREATE TABLE ledger.assessment (
    assessment_id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    person_id                bigint NOT NULL REFERENCES ledger.person,
    tax_year                 smallint NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    filing_kind              text NOT NULL CHECK (filing_kind IN
                             ('salary_report', 'pension_report', 'final_return', 'resident_return', 'none')),
    employer_no              text REFERENCES ledger.employer (employer_no),
    collection_method        text NOT NULL CHECK (collection_method IN
                             ('ordinary', 'payroll', 'pension', 'payroll_and_ordinary',
                              'pension_and_ordinary', 'none')),
    salary_revenue           bigint NOT NULL DEFAULT 0 CHECK (salary_revenue >= 0),
    salary_income            bigint NOT NULL DEFAULT 0 CHECK (salary_income >= 0),
    pension_revenue          bigint NOT NULL DEFAULT 0 CHECK (pension_revenue >= 0),
    pension_income           bigint NOT NULL DEFAULT 0 CHECK (pension_income >= 0),
    business_income          bigint NOT NULL DEFAULT 0,
    agriculture_income       bigint NOT NULL DEFAULT 0,
    real_estate_income       bigint NOT NULL DEFAULT 0,
    interest_income          bigint NOT NULL DEFAULT 0 CHECK (interest_income >= 0),
    dividend_income          bigint NOT NULL DEFAULT 0,
    misc_income              bigint NOT NULL DEFAULT 0,
    total_income             bigint NOT NULL DEFAULT 0,              -- 合計所得金額
    income_base              bigint NOT NULL DEFAULT 0,              -- 総所得金額等
    deductions_total         bigint NOT NULL DEFAULT 0 CHECK (deductions_total >= 0),
    taxable_income           bigint NOT NULL DEFAULT 0
                             CHECK (taxable_income >= 0 AND taxable_income % 1000 = 0),
    non_taxable              text NOT NULL DEFAULT 'none' CHECK (non_taxable IN ('none', 'all', 'income_levy')),
    municipal_income_levy    bigint NOT NULL DEFAULT 0
                             CHECK (municipal_income_levy >= 0 AND municipal_income_levy % 100 = 0),
    prefectural_income_levy  bigint NOT NULL DEFAULT 0
                             CHECK (prefectural_income_levy >= 0 AND prefectural_income_levy % 100 = 0),
    municipal_per_capita     bigint NOT NULL DEFAULT 0 CHECK (municipal_per_capita >= 0),
    prefectural_per_capita   bigint NOT NULL DEFAULT 0 CHECK (prefectural_per_capita >= 0),
    forest_environment_tax   bigint NOT NULL DEFAULT 0 CHECK (forest_environment_tax >= 0),
    municipal_tax            bigint GENERATED ALWAYS AS (municipal_income_levy + municipal_per_capita) STORED,
    prefectural_tax          bigint GENERATED ALWAYS AS (prefectural_income_levy + prefectural_per_capita) STORED,
    annual_tax               bigint GENERATED ALWAYS AS (municipal_income_levy + municipal_per_capita
                             + prefectural_income_levy + prefectural_per_capita + forest_environment_tax) STORED,
    status                   text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'assessed', 'notified')),
    version                  integer NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    updated_by               text NOT NULL DEFAULT session_user,
    UNIQUE (person_id, tax_year),
    UNIQUE (assessment_id, person_id),
    CHECK (non_taxable <> 'all' OR (municipal_income_levy + prefectural_income_levy + municipal_per_capita
                                    + prefectural_per_capita + forest_environment_tax) = 0),
    CHECK (non_taxable <> 'income_levy' OR municipal_income_levy + prefectural_income_levy = 0),
    CHECK (salary_income <= salary_revenue AND pension_income <= pension_revenue)
);
CREATE INDEX assessment_year ON ledger.assessment (tax_year);
CREATE INDEX assessment_employer ON ledger.assessment (employer_no, tax_year) WHERE employer_no IS NOT NULL;

-- Every other 別添1 item: exactly one typed value, of the kind the closed list says.
CREATE TABLE ledger.assessment_item (
    assessment_id bigint NOT NULL REFERENCES ledger.assessment ON DELETE CASCADE,
    item_code     smallint NOT NULL REFERENCES ledger.item_code,
    amount        bigint,
    count         integer CHECK (count >= 0),
    code          text CHECK (code ~ '^[0-9A-Z]{1,4}$'),
    PRIMARY KEY (assessment_id, item_code),
    CHECK (num_nonnulls(amount, count, code) = 1)
);

CREATE FUNCTION ledger.check_item_kind() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text;
BEGIN
    SELECT kind INTO k FROM ledger.item_code WHERE item_code = NEW.item_code;
    IF k IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('項目コード %s は記録項目（別添1）にありません。', NEW.item_code),
            HINT = 'item code not in the closed list of recorded items';
    END IF;
    IF k IS DISTINCT FROM (CASE WHEN NEW.amount IS NOT NULL THEN 'amount'
                                WHEN NEW.count IS NOT NULL THEN 'count'
                                ELSE 'code' END) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation',
            MESSAGE = format('項目 %s にはこの種類の値を登録できません (%s)', NEW.item_code, k),
            HINT = 'item value does not match the kind of the item in the closed list';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER assessment_item_kind BEFORE INSERT OR UPDATE ON ledger.assessment_item
    FOR EACH ROW EXECUTE FUNCTION ledger.check_item_kind();

-- Spouse and dependants claimed on an assessment.
CREATE TABLE ledger.dependant (
    assessment_id        bigint NOT NULL,
    person_id            bigint NOT NULL,                -- the taxpayer
    dependant_person_id  bigint NOT NULL REFERENCES ledger.person,
    kind                 text NOT NULL CHECK (kind IN ('spouse', 'dependant')),
    -- As declared; the categories (特定, 老人, 年少 …) follow from the birth date and the tax year.
    disability           text NOT NULL DEFAULT 'none'
                         CHECK (disability IN ('none', 'general', 'special', 'special_cohabiting')),
    cohabiting           boolean NOT NULL DEFAULT true,
    -- As declared on the return; NULL when not declared (the dependant's own assessment counts).
    total_income         bigint,
    PRIMARY KEY (assessment_id, dependant_person_id),
    FOREIGN KEY (assessment_id, person_id) REFERENCES ledger.assessment (assessment_id, person_id)
        ON DELETE CASCADE,
    CHECK (person_id <> dependant_person_id)
);
CREATE UNIQUE INDEX dependant_one_spouse ON ledger.dependant (assessment_id) WHERE kind = 'spouse';
CREATE INDEX dependant_person ON ledger.dependant (dependant_person_id);

-- Employer links: who paid whom in the income year, and whether the employer withholds.
CREATE TABLE ledger.employment (
    person_id       bigint NOT NULL REFERENCES ledger.person,
    tax_year        smallint NOT NULL CHECK (tax_year BETWEEN 2000 AND 2100),
    employer_no     text NOT NULL REFERENCES ledger.employer (employer_no),
    salary_revenue  bigint NOT NULL CHECK (salary_revenue >= 0),
    payroll_withholding boolean NOT NULL DEFAULT true,
    PRIMARY KEY (person_id, tax_year, employer_no)
);
CREATE INDEX employment_employer ON ledger.employment (employer_no, tax_year);
