"""A provisioned Juminzei database on the test cluster, with known staff and persons."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import psycopg2

from app.db.urls import libpq_dsn
from app.services import batch, terminals
from app.services.provision import init_database
from app.services.staff import add_staff
from tests.support.pgcluster import PgCluster

STAFF_PASSWORD = "test-password-not-secret-0123456789"
# code -> capabilities, for the tests of access control
STAFF = {
    "CLERK": ("r_inquiry",),
    "NUMBER": ("r_inquiry", "r_mynumber"),
    "AUDITOR": ("r_security",),
    "ASSESSOR": ("r_inquiry", "r_assessor"),
}


@dataclass(frozen=True)
class ProvisionedDb:
    cluster: PgCluster
    name: str

    @property
    def admin_url(self) -> str:
        return cluster_url(self.cluster, self.name)

    def staff_url(self, code: str) -> str:
        return libpq_dsn(self.admin_url, username=f"s_{code.lower()}", password=STAFF_PASSWORD)

    def admin(self) -> AbstractContextManager[psycopg2.extensions.cursor]:
        """A superuser cursor in autocommit mode: each statement stands alone."""
        return autocommit_cursor(self.admin_url)

    def staff(self, code: str) -> psycopg2.extensions.connection:
        return psycopg2.connect(self.staff_url(code))

    def audit_count(self) -> int:
        with self.admin() as cur:
            cur.execute("SELECT count(*) FROM audit.event")
            count: int = cur.fetchone()[0]
        return count


@contextmanager
def autocommit_cursor(dsn: str) -> Iterator[psycopg2.extensions.cursor]:
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.close()


def cluster_url(cluster: PgCluster, database: str) -> str:
    return f"postgresql://postgres@/{database}?host={cluster.socket_dir}&port={cluster.port}"


def empty_database(cluster: PgCluster, name: str) -> str:
    """A new database without any migration (for the migration tests); its superuser URL."""
    with autocommit_cursor(cluster_url(cluster, "postgres")) as cur:
        cur.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                    " TEMPLATE template0")
    return cluster_url(cluster, name)


# Persons every database test can rely on (synthetic; My Numbers with valid check digits).
KNOWN_PERSONS = [
    # person_id, my_number, family, given, family_kana, given_kana, birth, sex, postal, address, district
    (1000000001, "123456789018", "佐藤", "太郎", "サトウ", "タロウ", "1980-05-01", "M", "025-0075",
     "花巻市花城町9番30号", "花巻"),
    (1000000002, "987654321093", "佐藤", "花子", "サトウ", "ハナコ", "1982-11-03", "F", "025-0075",
     "花巻市花城町9番30号", "花巻"),
    (1000000003, "111111111118", "菊池", "一郎", "キクチ", "イチロウ", "1950-01-01", "M", "028-3101",
     "花巻市石鳥谷町好地12-4", "石鳥谷"),
]


def new_database(cluster: PgCluster, name: str, *, with_known_persons: bool = True) -> ProvisionedDb:
    db = ProvisionedDb(cluster, name)
    init_database(db.admin_url)
    terminals.allow_local_socket(db.admin_url)
    for code, caps in STAFF.items():
        add_staff(db.admin_url, code, f"試験 {code}", caps, STAFF_PASSWORD)
    if not with_known_persons:
        return db
    with db.admin() as cur:
        cur.executemany(
            "INSERT INTO ledger.person (person_id, my_number, family_name, given_name, family_kana, given_kana,"
            " birth_date, sex, postal_code, address, district) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            KNOWN_PERSONS,
        )
        # 令和7年度: 太郎 and 花子 one household; 太郎 salaried at a known employer and claiming 花子;
        # 一郎 a pensioner on his own. Then the batch assessment computes their tax.
        cur.execute("INSERT INTO ledger.employer (employer_no, name, kana, postal_code, address, phone)"
                    " VALUES ('12345678', '株式会社花巻精工', 'カブシキガイシャハナマキセイコウ', '025-0001',"
                    " '花巻市大通り一丁目1番1号', '0198-00-0000')")
        cur.execute("INSERT INTO ledger.household VALUES (2025, 1, 1000000001), (2025, 2, 1000000003)")
        cur.execute("INSERT INTO ledger.levy_residence VALUES"
                    " (1000000001, 2025, 1, '世帯主', '025-0075', '花巻市花城町9番30号', '花巻'),"
                    " (1000000002, 2025, 1, '妻', '025-0075', '花巻市花城町9番30号', '花巻'),"
                    " (1000000003, 2025, 2, '世帯主', '028-3101', '花巻市石鳥谷町好地12-4', '石鳥谷')")
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, employer_no, collection_method,"
                    " salary_revenue, pension_revenue) VALUES"
                    " (1000000001, 2025, 'salary_report', '12345678', 'payroll', 5200000, 0),"
                    " (1000000002, 2025, 'none', NULL, 'none', 0, 0),"
                    " (1000000003, 2025, 'pension_report', NULL, 'ordinary', 0, 2400000)")
        cur.execute("INSERT INTO ledger.assessment_item (assessment_id, item_code, amount)"
                    " SELECT assessment_id, 139, 750000 FROM ledger.assessment WHERE person_id = 1000000001")
        cur.execute("INSERT INTO ledger.dependant (assessment_id, person_id, dependant_person_id, kind)"
                    " SELECT assessment_id, 1000000001, 1000000002, 'spouse' FROM ledger.assessment"
                    " WHERE person_id = 1000000001")
        cur.execute("INSERT INTO ledger.employment VALUES (1000000001, 2025, '12345678', 5200000, true)")
    report = batch.run(db.staff_url("ASSESSOR"), 2025)
    assert report.finished and report.assessed == 3, report.as_dict()
    return db


