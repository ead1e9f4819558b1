"""Fixtures of the special-collection tests: one database with collection staff (codes C7…), and a
helper that seeds an employer with employees withheld by payroll (synthetic persons)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from app.services import collection
from app.services.db import Database
from app.services.staff import add_staff
from tests.support.database import STAFF_PASSWORD, ProvisionedDb, new_database
from tests.support.pgcluster import PgCluster

TAX_YEAR = 2025
# code -> capabilities
C7_STAFF = {
    "C7COLL": ("r_inquiry", "r_collection"),
    "C7COLL2": ("r_inquiry", "r_collection"),
    "C7APPR": ("r_inquiry", "r_collection", "r_approver"),
    "C7CLERK": ("r_inquiry",),
    "C7ADMIN": ("r_admin",),
}

_employer_numbers = itertools.count(70000001)
_person_ids = itertools.count(7000000001)

KANA = ("アオキ", "イトウ", "ウエダ", "エンドウ", "オオタ", "カトウ", "キムラ", "クドウ")
GIVEN = (("一郎", "イチロウ"), ("花子", "ハナコ"), ("次郎", "ジロウ"), ("春香", "ハルカ"))
FAMILY = ("青木", "伊藤", "上田", "遠藤", "太田", "加藤", "木村", "工藤")


@pytest.fixture(scope="session")
def coll_db(pg_cluster: PgCluster) -> ProvisionedDb:
    db = new_database(pg_cluster, "juminzei_c7")
    for code, caps in C7_STAFF.items():
        add_staff(db.admin_url, code, f"徴収 {code}", caps, STAFF_PASSWORD)
    return db


def _staff_db(coll_db: ProvisionedDb, code: str) -> Iterator[Database]:
    db = Database(coll_db.staff_url(code))
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def clerk(coll_db: ProvisionedDb) -> Iterator[Database]:
    yield from _staff_db(coll_db, "C7COLL")


@pytest.fixture(scope="session")
def clerk2(coll_db: ProvisionedDb) -> Iterator[Database]:
    yield from _staff_db(coll_db, "C7COLL2")


@pytest.fixture(scope="session")
def approver(coll_db: ProvisionedDb) -> Iterator[Database]:
    yield from _staff_db(coll_db, "C7APPR")


@pytest.fixture(scope="session")
def inquirer(coll_db: ProvisionedDb) -> Iterator[Database]:
    yield from _staff_db(coll_db, "C7CLERK")


Seeder = Callable[..., tuple[str, list[int]]]


def seed_employer(db: ProvisionedDb, annuals: list[int], *, name: str = "株式会社試験工業",
                  tax_year: int = TAX_YEAR) -> tuple[str, list[int]]:
    """An employer with one employee per annual tax, assessed and withheld by payroll (as the owner)."""
    employer_no = str(next(_employer_numbers))
    ids = []
    with db.admin() as cur:
        cur.execute("INSERT INTO ledger.employer (employer_no, name, kana, postal_code, address, phone)"
                    " VALUES (%s, %s, 'カブシキガイシャシケンコウギョウ', '025-0001', '花巻市大通り一丁目2番3号',"
                    " '0198-11-2222')", (employer_no, f"{name}{employer_no[-3:]}"))
        for i, annual in enumerate(annuals):
            pid = next(_person_ids)
            ids.append(pid)
            given, given_kana = GIVEN[i % len(GIVEN)]
            cur.execute("INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana,"
                        " birth_date, sex, postal_code, address, district) VALUES (%s, %s, %s, %s, %s, '1980-04-01',"
                        " 'M', '025-0075', '花巻市花城町1番1号', '花巻')",
                        (pid, FAMILY[i % len(FAMILY)], given, KANA[i % len(KANA)], given_kana))
            cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, employer_no,"
                        " collection_method,"
                        " salary_revenue, municipal_per_capita, status, computed_at)"
                        " VALUES (%s, %s, 'salary_report', %s, 'payroll', 5000000, %s, 'assessed', now())",
                        (pid, tax_year, employer_no, annual))
            cur.execute("INSERT INTO ledger.employment VALUES (%s, %s, %s, 5000000, true)",
                        (pid, tax_year, employer_no))
    return employer_no, ids


@pytest.fixture
def seeded(coll_db: ProvisionedDb, clerk: Database) -> Seeder:
    """seeded([annual, …], paid=n) → (employer_no, person ids), with the plans determined and the first n
    months (June …) recorded as paid in: a change or tax change may claim no more months than that."""
    def make(annuals: list[int], paid: int = 0, **kwargs: object) -> tuple[str, list[int]]:
        employer_no, ids = seed_employer(coll_db, annuals, **kwargs)  # type: ignore[arg-type]
        assert collection.determine(clerk, TAX_YEAR, employer_no) == len(annuals)
        for m in range(paid):
            collection.record_month(clerk, employer_no, TAX_YEAR, m)
        return employer_no, ids
    return make


def set_annual(db: ProvisionedDb, person_id: int, annual: int, tax_year: int = TAX_YEAR) -> None:
    """A correction as the assessment-work side would store it (current annual tax)."""
    with db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET municipal_per_capita = %s WHERE person_id = %s AND tax_year = %s",
                    (annual, person_id, tax_year))
