"""A provisioned Juminzei database on the test cluster, with known staff and persons."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg2

from app.db.urls import libpq_dsn
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

    @contextmanager
    def admin(self) -> Iterator[psycopg2.extensions.cursor]:
        """A superuser cursor in autocommit mode: each statement stands alone."""
        conn = psycopg2.connect(self.admin_url)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                yield cur
        finally:
            conn.close()

    def staff(self, code: str) -> psycopg2.extensions.connection:
        return psycopg2.connect(self.staff_url(code))

    def audit_count(self) -> int:
        with self.admin() as cur:
            cur.execute("SELECT count(*) FROM audit.event")
            count: int = cur.fetchone()[0]
        return count


def cluster_url(cluster: PgCluster, database: str) -> str:
    return f"postgresql://postgres@/{database}?host={cluster.socket_dir}&port={cluster.port}"


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
    return db


