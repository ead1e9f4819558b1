"""Fixtures of the assessment-work tests (issue 6): one database of their own with staff A6…, and
fresh synthetic taxpayers so each test works on persons nobody else touches."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest

from app.services.db import Database
from app.services.staff import add_staff
from tests.support.database import STAFF_PASSWORD, ProvisionedDb, new_database
from tests.support.pgcluster import PgCluster

# Staff of these tests: two clerks, an approver, and one holding both (for self-approval).
A6_STAFF = {
    "A6CLERK1": ("r_inquiry", "r_assessor"),
    "A6CLERK2": ("r_inquiry", "r_assessor"),
    "A6CHECK": ("r_inquiry", "r_approver"),
    "A6BOTH": ("r_inquiry", "r_assessor", "r_approver"),
    "A6VIEW": ("r_inquiry",),
}
_ids = itertools.count(2_060_000_001)


@pytest.fixture(scope="session")
def a6_db(pg_cluster: PgCluster) -> ProvisionedDb:
    db = new_database(pg_cluster, "juminzei_a6")
    for code, caps in A6_STAFF.items():
        add_staff(db.admin_url, code, f"試験 {code}", caps, STAFF_PASSWORD)
    return db


@pytest.fixture
def staff_db(a6_db: ProvisionedDb) -> Iterator[Callable[[str], Database]]:
    """Database handles of staff members (what a logged-in client holds)."""
    made: list[Database] = []

    def make(code: str) -> Database:
        db = Database(a6_db.staff_url(code))
        made.append(db)
        return db

    yield make
    for db in made:
        db.dispose()


@pytest.fixture
def taxpayer(a6_db: ProvisionedDb) -> Callable[..., int]:
    """A new synthetic taxpayer with a draft assessment for 令和7年度 (salary revenue as given)."""

    def make(salary: int = 3_000_000, birth: str = "1975-04-10", sex: str = "M", assessment: bool = True) -> int:
        pid = next(_ids)
        with a6_db.admin() as cur:
            cur.execute(
                "INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana, birth_date,"
                " sex, postal_code, address, district) VALUES (%s, '試験', %s, 'シケン', 'タロウ', %s, %s, '025-0075',"
                " '花巻市花城町1番1号', '花巻')", (pid, f"太郎{pid % 1000}", birth, sex))
            if assessment:
                cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method,"
                            " salary_revenue) VALUES (%s, 2025, 'salary_report', 'ordinary', %s)", (pid, salary))
        return pid

    return make
