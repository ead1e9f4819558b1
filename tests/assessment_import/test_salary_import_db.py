"""The salary report import through the api: matching, reports, all or nothing, attacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from app.i18n import UserError
from app.services import salary_import
from app.services.db import Database
from app.services.errors import PermissionDenied, Refused
from tests.assessment_import.conftest import rows, snapshot
from tests.assessment_import.csvdata import csv_bytes, ichiro, miki, taro
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db


def _checked(db: Database, *data: dict[str, object], year: int = 2026) -> salary_import.ImportReport:
    return salary_import.check(db, salary_import.parse(csv_bytes(*data), year, "test.csv"))


def test_a_good_file_is_imported_whole(b6_db: ProvisionedDb, assessor: Database) -> None:
    report = _checked(assessor, taro(), ichiro(), miki())
    assert report.can_commit and report.accepted == 3, report.as_dict()
    events_before = b6_db.audit_count()
    result = salary_import.commit(assessor, report)
    assert (result.reports, result.persons, result.assessments_created, result.dependants) == (3, 3, 3, 2)

    (a,) = rows(b6_db, "SELECT filing_kind, employer_no, collection_method, salary_revenue, status, updated_by"
                       " FROM ledger.assessment WHERE person_id = 1000000001 AND tax_year = 2026")
    assert a == ("salary_report", "12345678", "payroll", 5_300_000, "draft", "s_b6assess")
    items = dict(rows(b6_db, "SELECT i.item_code, i.amount FROM ledger.assessment_item AS i JOIN ledger.assessment"
                             " AS a USING (assessment_id) WHERE a.person_id = 1000000001 AND a.tax_year = 2026"))
    assert items == {135: 5_300_000, 139: 780_000, 150: 60_000, 149: 20_000, 215: 98_700}
    deps = rows(b6_db, "SELECT d.dependant_person_id, d.kind, d.cohabiting, d.total_income FROM ledger.dependant AS d"
                       " JOIN ledger.assessment AS a USING (assessment_id)"
                       " WHERE a.person_id = 1000000001 AND a.tax_year = 2026 ORDER BY 1")
    assert deps == [(1000000002, "spouse", True, 0), (2000000004, "dependant", True, None)]
    assert rows(b6_db, "SELECT employer_no, salary_revenue, payroll_withholding FROM ledger.employment"
                       " WHERE person_id = 1000000003 AND tax_year = 2026") == [("87654321", 600_000, False)]
    (ichiro_a,) = rows(b6_db, "SELECT collection_method, employer_no FROM ledger.assessment"
                              " WHERE person_id = 1000000003 AND tax_year = 2026")
    assert ichiro_a == ("ordinary", None)

    # One audited change, naming every person touched (employees and dependants).
    assert b6_db.audit_count() == events_before + 1
    (event,) = rows(b6_db, "SELECT e.action, e.staff, e.tax_year, e.purpose, p.person_ids FROM audit.event AS e"
                           " JOIN audit.event_persons AS p USING (event_id) WHERE e.event_id = %s", (result.event_id,))
    assert event[:4] == ("salary_import.commit", "s_b6assess", 2026, "assessment")
    assert sorted(event[4]) == [1000000001, 1000000002, 1000000003, 2000000004, 2000000005]
    assert rows(b6_db, "SELECT row_count, file_sha256 FROM ledger.salary_import") == [(3, report.sha256)]


def test_a_second_employer_adds_to_the_year(b6_db: ProvisionedDb, assessor: Database) -> None:
    salary_import.commit(assessor, _checked(assessor, miki()))
    second = _checked(assessor, miki(指定番号="12345678", 事業所名="株式会社花巻精工", 支払金額="1,000,000",
                                     社会保険料等の金額="150,000", 徴収区分="普通徴収", 普通徴収理由="普E"))
    salary_import.commit(assessor, second)
    (a,) = rows(b6_db, "SELECT salary_revenue, employer_no, collection_method FROM ledger.assessment"
                       " WHERE person_id = 2000000005 AND tax_year = 2026")
    assert a == (3_400_000, "87654321", "payroll")
    assert rows(b6_db, "SELECT i.amount FROM ledger.assessment_item AS i JOIN ledger.assessment AS a"
                       " USING (assessment_id) WHERE a.person_id = 2000000005 AND i.item_code = 139") == [(510_000,)]


def test_a_file_with_a_bad_row_changes_nothing(b6_db: ProvisionedDb, assessor: Database) -> None:
    before = snapshot(b6_db)
    report = _checked(assessor, taro(), ichiro(支払金額="六十万"), miki())
    assert not report.can_commit and report.accepted == 2
    assert [(i.row_no, i.field) for i in report.rejected] == [(3, "支払金額")]
    with pytest.raises(UserError, match="取り込めない行"):
        salary_import.commit(assessor, report)
    assert snapshot(b6_db) == before


def test_the_database_refuses_a_row_the_client_let_through(b6_db: ProvisionedDb, assessor: Database) -> None:
    """A modified client that skips the check: the commit matches again and stores nothing."""
    report = _checked(assessor, taro(), miki())
    assert report.can_commit
    report.rows.append(salary_import.parse(csv_bytes(ichiro(), ichiro(), ichiro(フリガナ="ダレ カ")), 2026,
                                           "x").rows[2])
    before = snapshot(b6_db)
    with pytest.raises(Refused, match="取り込めない行が 1 件"):
        salary_import.commit(assessor, report)
    assert snapshot(b6_db) == before
    # A notified assessment is a correction's business, never an import's.
    with b6_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET status = 'notified' WHERE person_id = 1000000001"
                    " AND tax_year = 2025")
    notified = _checked(assessor, taro(), year=2025)
    assert [i.message_ja for i in notified.rejected] == ["2行目（受給者）: この年度の賦課は通知済みです。"
                                                         "取込ではなく更正で変更してください。"]


def test_duplicates_in_the_file_and_already_imported(b6_db: ProvisionedDb, assessor: Database) -> None:
    twice = _checked(assessor, miki(), taro(), miki(支払金額="2,500,000"))
    assert [(d.row_no, d.field) for d in twice.duplicates] == [(4, "duplicate_in_file")]
    assert not twice.can_commit
    salary_import.commit(assessor, _checked(assessor, miki()))
    again = _checked(assessor, miki(), taro())
    assert [(d.row_no, d.field) for d in again.duplicates] == [(2, "already_imported")]
    assert again.can_commit and again.accepted == 1
    result = salary_import.commit(assessor, again)
    assert (result.reports, result.skipped) == (1, 1)
    assert rows(b6_db, "SELECT count(*) FROM ledger.salary_report WHERE person_id = 2000000005") == [(1,)]


def test_unmatched_persons_go_to_the_matching_screen(b6_db: ProvisionedDb, assessor: Database) -> None:
    report = _checked(assessor,
                      miki(氏名="山田 次郎", フリガナ="ヤマダ ジロウ", 生年月日="S50.4.10"),  # two namesakes
                      miki(氏名="及川 三郎", フリガナ="オイカワ サブロ", 生年月日="1985-12-12"),  # kana misspelt
                      ichiro(宛名番号="1000000001"),  # the 宛名番号 of someone else
                      taro(扶養1フリガナ="サトウ ケンジ"))  # a dependant unknown
    got = [(u.row_no, u.seq, u.role, u.problem, u.candidates) for u in report.unmatched]
    assert got == [(2, 0, "受給者", "ambiguous", 2), (3, 0, "受給者", "not_found", 0),
                   (4, 0, "受給者", "mismatch", 0), (5, 2, "扶養親族1", "not_found", 0)]
    assert not report.can_commit and report.accepted == 0
    with pytest.raises(UserError):
        salary_import.commit(assessor, report)
    salary_import.resolve(report, 2, 0, 2000000002)
    salary_import.resolve(report, 3, 0, 2000000006)
    salary_import.resolve(report, 4, 0, 1000000003)
    salary_import.resolve(report, 5, 2, 2000000004)
    salary_import.check(assessor, report)
    assert report.can_commit and report.accepted == 4, report.as_dict()
    salary_import.commit(assessor, report)
    assert rows(b6_db, "SELECT person_id FROM ledger.salary_report ORDER BY row_no") == [
        (2000000002,), (2000000006,), (1000000003,), (1000000001,)]


def test_a_second_spouse_is_refused(b6_db: ProvisionedDb, assessor: Database) -> None:
    report = _checked(assessor, taro(配偶者フリガナ="チバ ミキ", 配偶者生年月日="1990-09-09"), year=2025)
    assert [i.message_ja for i in report.rejected] == ["2行目（配偶者）: 別の配偶者が既に登録されています。"]
    self_claim = _checked(assessor, taro(扶養1フリガナ="サトウ タロウ", 扶養1生年月日="1980-05-01"))
    assert "本人を扶養親族にはできません" in self_claim.rejected[0].message_ja


def test_staff_without_r_assessor_and_direct_sql_are_refused(b6_db: ProvisionedDb) -> None:
    clerk = Database(b6_db.staff_url("B6CLERK"))
    try:
        with pytest.raises(PermissionDenied):
            salary_import.check(clerk, salary_import.parse(csv_bytes(miki()), 2026, "x.csv"))
    finally:
        clerk.dispose()
    conn = b6_db.staff("B6ASSESS")
    try:
        cur = conn.cursor()
        for sql in ("SELECT * FROM ledger.salary_report", "SELECT * FROM ledger.salary_import",
                    "INSERT INTO ledger.salary_import (tax_year, file_name, file_sha256, row_count)"
                    " VALUES (2026, 'x', repeat('0', 64), 1)",
                    "SELECT ledger.salary_stage_match(2026)"):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute(sql)
            conn.rollback()
        # The staging tables take rows from their session's staff member, but never give any back.
        cur.execute("SELECT api.salary_import_open(2026)")
        cur.execute("INSERT INTO pg_temp.salary_stage (row_no, employer_no, kana, birth_date, payment,"
                    " payroll_withholding) VALUES (1, '12345678', 'サトウ タロウ', '1980-05-01', 1, true)")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("SELECT * FROM pg_temp.salary_match")
        conn.rollback()
        # A commit cannot smuggle more rows than it declares.
        cur.execute("SELECT api.salary_import_open(2026)")
        cur.execute("INSERT INTO pg_temp.salary_stage (row_no, employer_no, kana, birth_date, payment,"
                    " payroll_withholding) VALUES (1, '12345678', 'サトウ タロウ', '1980-05-01', 1, true)")
        with pytest.raises(psycopg2.errors.InvalidParameterValue, match="件数が一致しません"):
            cur.execute("SELECT * FROM api.salary_import_commit(2026, 'x', repeat('0', 64), 5)")
        conn.rollback()
        # Amounts the ledger does not allow are refused by the database itself.
        cur.execute("SELECT api.salary_import_open(2026)")
        cur.execute("INSERT INTO pg_temp.salary_stage (row_no, employer_no, kana, birth_date, payment,"
                    " payroll_withholding) VALUES (1, '12345678', 'サトウ タロウ', '1980-05-01', -1, true)")
        with pytest.raises(psycopg2.errors.CheckViolation):
            cur.execute("SELECT * FROM api.salary_import_commit(2026, 'x', repeat('0', 64), 1)")
        conn.rollback()
    finally:
        conn.close()
    assert rows(b6_db, "SELECT count(*) FROM ledger.salary_report") == [(0,)]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "assessment", *args], capture_output=True, text=True,
                          check=False, env={"JUMINZEI_LANG": "ja", "PATH": "/usr/bin:/bin"})


def test_the_command_reports_and_imports(b6_db: ProvisionedDb, tmp_path: Path) -> None:
    url = b6_db.staff_url("B6ASSESS")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(taro(), ichiro(生年月日="昭和99年1月1日")))
    result = _cli("import-salary", str(bad), "--tax-year", "2026", "--url", url)
    assert result.returncode == 1, result.stderr
    assert "3行目「生年月日」" in result.stdout and "何も登録していません" in result.stdout
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(taro(), ichiro()))
    dry = _cli("import-salary", str(good), "--tax-year", "2026", "--dry-run", "--json", "--url", url)
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert (report["accepted"], report["can_commit"], report["committed"]) == (2, True, None)
    assert rows(b6_db, "SELECT count(*) FROM ledger.salary_report") == [(0,)]
    done = _cli("import-salary", str(good), "--tax-year", "2026", "--json", "--url", url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["committed"]["reports"] == 2
    refused = _cli("import-salary", str(good), "--tax-year", "1999", "--url", url)
    assert refused.returncode == 2 and refused.stdout == "" and "賦課年度" in refused.stderr
    missing = _cli("import-salary", str(tmp_path / "none.csv"), "--tax-year", "2026", "--url", url)
    assert missing.returncode == 2 and missing.stdout == "" and "ファイルを読めません" in missing.stderr
