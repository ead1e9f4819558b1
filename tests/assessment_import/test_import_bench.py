"""100,000 salary reports: parse + validate + match + commit, next to a plain COPY of the same rows.

Never asserts on time; prints the figures (the issue asks for under a minute)."""

from __future__ import annotations

import csv
import io
import time
from datetime import date, timedelta

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from app.services import salary_import
from app.services.bulk import copy_rows
from app.services.db import Database
from app.services.staff import add_staff
from tests.assessment_import.conftest import rows
from tests.support.database import STAFF_PASSWORD, new_database
from tests.support.pgcluster import PgCluster

pytestmark = [pytest.mark.db, pytest.mark.slow]
N = 100_000
FAMILY = ("サトウ", "スズキ", "タカハシ", "タナカ", "ワタナベ", "イトウ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ",
          "ヨシダ", "ヤマダ", "ササキ", "ヤマグチ", "マツモト", "イノウエ", "キムラ", "ハヤシ", "シミズ", "ヤマザキ")
GIVEN = ("タロウ", "ハナコ", "イチロウ", "ジロウ", "サクラ", "ケン", "ユイ", "ダイキ", "ミサキ", "ショウタ",
         "アオイ", "ハルト", "ユウナ", "ソウタ", "リン", "カイト", "メイ", "ユウト", "ヒナ", "レン")


def _person(i: int) -> tuple[int, str, str, date]:
    """Person i: a unique (kana, birth date) so every row matches one person."""
    return (3_000_000_000 + i, FAMILY[i % 20], GIVEN[(i // 20) % 20], date(1950, 1, 1) + timedelta(days=i // 400))


def _csv() -> bytes:
    out = []
    for i in range(N):
        _pid, fk, gk, birth = _person(i)
        row: dict[str, object] = {
            "指定番号": f"{10_000_000 + i % 500}", "事業所名": f"試験事業所{i % 500}", "氏名": f"試験 {i}",
            "フリガナ": f"{fk} {gk}", "生年月日": birth.isoformat(), "住所": "花巻市花城町1-1",
            "支払金額": f"{2_000_000 + (i * 7919) % 6_000_000:,}", "社会保険料等の金額": f"{300_000 + i % 90_000}",
            "新生命保険料の金額": "40000", "徴収区分": "特別徴収"}
        if i % 3 == 0 and i + 1 < N:  # a third claim the next person as spouse, by 宛名番号
            spid, sfk, sgk, sbirth = _person(i + 1)
            row |= {"配偶者宛名番号": spid, "配偶者フリガナ": f"{sfk} {sgk}", "配偶者生年月日": sbirth.isoformat(),
                    "配偶者の合計所得": "0"}
        out.append(row)
    return salary_import.write_csv(out).encode()


def test_import_100000_rows(benchmark: BenchmarkFixture, pg_cluster: PgCluster) -> None:
    db = new_database(pg_cluster, "juminzei_b6_bench", with_known_persons=False)
    add_staff(db.admin_url, "B6BENCH", "試験 B6BENCH", ("r_inquiry", "r_assessor"), STAFF_PASSWORD)
    with db.admin() as cur:
        copy_rows(cur, "ledger.employer", ("employer_no", "name", "kana", "postal_code", "address", "phone"),
                  ((f"{10_000_000 + e}", f"試験事業所{e}", "シケンジギョウショ", "025-0000", "花巻市", "0198-00-0000")
                   for e in range(500)))
        copy_rows(cur, "ledger.person", ("person_id", "family_name", "given_name", "family_kana", "given_kana",
                                         "birth_date", "sex", "postal_code", "address", "district"),
                  ((pid, "試験", f"{i}", fk, gk, birth, "F", "025-0000", "花巻市花城町1-1", "花巻")
                   for i in range(N) for pid, fk, gk, birth in [_person(i)]))
        cur.execute("ANALYZE")
    content = _csv()
    staff = Database(db.staff_url("B6BENCH"))
    phases: dict[str, float] = {}

    def import_all() -> salary_import.CommitResult:
        started = time.perf_counter()
        report = salary_import.parse(content, 2026, "bench.csv")
        phases["parse + validate"] = time.perf_counter() - started
        mark = time.perf_counter()
        salary_import.check(staff, report)
        phases["stage + match (check)"] = time.perf_counter() - mark
        assert report.can_commit, report.as_dict()["rejected"][:3]
        mark = time.perf_counter()
        result = salary_import.commit(staff, report)
        phases["stage + commit"] = time.perf_counter() - mark
        return result

    try:
        result = benchmark.pedantic(import_all, rounds=1, iterations=1)
    finally:
        staff.dispose()
    assert result.reports == N
    assert rows(db, "SELECT count(*), sum(salary_revenue) FROM ledger.assessment")[0][0] == N
    # Baseline in the same run: the same rows parsed by csv alone and COPYed into a plain table.
    started = time.perf_counter()
    records = list(csv.reader(io.StringIO(content.decode())))[1:]
    with db.admin() as cur:
        cur.execute("CREATE UNLOGGED TABLE bench_copy (" + ", ".join(f"c{i} text" for i in range(len(records[0])))
                    + ")")
        copy_rows(cur, "bench_copy", [f"c{i}" for i in range(len(records[0]))], records)
    baseline = time.perf_counter() - started
    total = sum(phases.values())  # the same with --benchmark-disable, where no stats are kept
    print(f"\nsalary import of {N:,} rows: {total:.1f} s ({N / total:,.0f} rows/s); "
          + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items())
          + f"\nbaseline, csv.reader + plain COPY of the same rows into a text table: {baseline:.1f} s")
