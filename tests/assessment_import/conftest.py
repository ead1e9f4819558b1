"""Fixtures of the salary import, 扶養調査 and batch-screen tests: a database of their own with the
known persons plus a few made for these tests, and staff members B6… (codes unique to these tests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.services.db import Database
from app.services.staff import add_staff
from tests.support.database import STAFF_PASSWORD, ProvisionedDb, new_database
from tests.support.pgcluster import PgCluster

B6_STAFF = {
    "B6ASSESS": ("r_inquiry", "r_assessor"),
    "B6ASSESS2": ("r_inquiry", "r_assessor"),
    "B6CLERK": ("r_inquiry",),
}
_counter = iter(range(1, 1000))

# Extra synthetic persons: two namesakes born the same day (ambiguous), a relative living outside the
# city (with a 令和7年度 residence outside), a young relative and an older one.
EXTRA_PERSONS = [
    (2000000001, "ヤマダ", "ジロウ", "山田", "次郎", "1975-04-10", "M", "花巻市材木町1-1", "花巻"),
    (2000000002, "ヤマダ", "ジロウ", "山田", "二郎", "1975-04-10", "M", "花巻市大迫町1-2", "大迫"),
    (2000000003, "タカハシ", "ウメ", "高橋", "うめ", "1948-02-02", "F", "盛岡市内丸1-1", "市外"),
    (2000000004, "サトウ", "ケン", "佐藤", "健", "2010-07-07", "M", "花巻市花城町9番30号", "花巻"),
    (2000000005, "チバ", "ミキ", "千葉", "美紀", "1990-09-09", "F", "花巻市東和町1-3", "東和"),
    (2000000006, "オイカワ", "サブロウ", "及川", "三郎", "1985-12-12", "M", "花巻市石鳥谷町2-2", "石鳥谷"),
]


def _add_extras(db: ProvisionedDb) -> None:
    with db.admin() as cur:
        for pid, fk, gk, fn, gn, birth, sex, address, district in EXTRA_PERSONS:
            cur.execute("INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana,"
                        " birth_date, sex, postal_code, address, district) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                        (pid, fn, gn, fk, gk, birth, sex, "025-0000", address, district))
        cur.execute("INSERT INTO ledger.employer (employer_no, name, kana, postal_code, address, phone)"
                    " VALUES ('87654321', '有限会社東和商店', 'ユウゲンガイシャトウワショウテン', '028-0100',"
                    " '花巻市東和町土沢1-1', '0198-00-1111')")


@pytest.fixture
def b6_db(pg_cluster: PgCluster) -> ProvisionedDb:
    """A database of its own (the tests change assessments)."""
    db = new_database(pg_cluster, f"juminzei_b6_{next(_counter)}")
    for code, caps in B6_STAFF.items():
        add_staff(db.admin_url, code, f"試験 {code}", caps, STAFF_PASSWORD)
    _add_extras(db)
    return db


@pytest.fixture
def assessor(b6_db: ProvisionedDb) -> Iterator[Database]:
    db = Database(b6_db.staff_url("B6ASSESS"))
    yield db
    db.dispose()


def rows(db: ProvisionedDb, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with db.admin() as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def snapshot(db: ProvisionedDb) -> dict[str, Any]:
    """Everything an import could change, to prove that a refused import changed nothing."""
    out: dict[str, Any] = {}
    for table in ("ledger.salary_import", "ledger.salary_report", "ledger.assessment", "ledger.assessment_item",
                  "ledger.dependant", "ledger.employment"):
        out[table] = rows(db, f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} AS t")
    return out
