"""Regression tests of the security review of the salary import and the 扶養調査 (findings F3, F6, F7,
D1, and two imports of the same person at once). Each failed against the first version of 0009."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

import psycopg2
import psycopg2.errors
import pytest

from app.i18n import UserError
from app.services import dependant_check, salary_import
from app.services.db import Database
from tests.assessment_import.conftest import rows, snapshot
from tests.assessment_import.csvdata import csv_bytes, ichiro, taro
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db

APPROVED_REASON = ("2行目（受給者）: この年度の賦課は承認済みです。取込では変更しません。この行をファイルから除き、"
                   "更正の申告として入力してください。")


def _checked(db: Database, *data: dict[str, object], year: int = 2025) -> salary_import.ImportReport:
    return salary_import.check(db, salary_import.parse(csv_bytes(*data), year, "test.csv"))


def _approve(db: ProvisionedDb, person_id: int, tax_year: int) -> None:
    """Record that a second staff member approved a proposal for the person's assessment (what
    api.proposal_approve leaves behind: an approved proposal and a version of source 'proposal')."""
    with db.admin() as cur:
        cur.execute("SELECT assessment_id, version, status FROM ledger.assessment WHERE person_id = %s"
                    " AND tax_year = %s", (person_id, tax_year))
        assessment_id, version, status = cur.fetchone()
        cur.execute("INSERT INTO ledger.proposal (person_id, tax_year, kind, base_version, inputs, maker_result,"
                    " reason, proposed_by, state, decided_by, decided_at) VALUES (%s, %s, 'correction', %s, '{}',"
                    " '{}', '申告の更正', 's_b6assess', 'approved', 's_b6assess2', now()) RETURNING proposal_id",
                    (person_id, tax_year, version))
        (proposal_id,) = cur.fetchone()
        cur.execute("INSERT INTO ledger.assessment_version (assessment_id, version, person_id, tax_year, source,"
                    " proposal_id, status, inputs, amounts, steps, proposed_by, proposed_at, approved_by,"
                    " approved_at, reason) VALUES (%s, %s, %s, %s, 'proposal', %s, %s, '{}', '{}', '[]',"
                    " 's_b6assess', now(), 's_b6assess2', now(), '申告の更正')",
                    (assessment_id, version, person_id, tax_year, proposal_id, status))


def _stage_direct(cur: Any, year: int, stage: str, deps: str | None = None) -> None:
    """What a modified client can do: open the staging tables and insert any rows."""
    cur.execute("SELECT api.salary_import_open(%s)", (year,))
    cur.execute("INSERT INTO pg_temp.salary_stage (row_no, employer_no, person_no, kana, birth_date,"
                " resolved_person_id, payment, payroll_withholding) VALUES " + stage)
    if deps:
        cur.execute("INSERT INTO pg_temp.salary_stage_dep (row_no, seq, kind, person_no, kana, birth_date,"
                    " resolved_person_id, disability, cohabiting, total_income) VALUES " + deps)


# ---------------------------------------------------------------------------------------------
# F3 (1): never an assessment decided by approval (or notified)


def test_an_approved_assessment_is_reported_and_never_changed(b6_db: ProvisionedDb, assessor: Database) -> None:
    _approve(b6_db, 1000000001, 2025)
    report = _checked(assessor, taro(扶養1フリガナ="", 扶養1生年月日=""), ichiro())
    assert [i.message_ja for i in report.rejected] == [APPROVED_REASON]
    assert not report.can_commit
    before = snapshot(b6_db)
    with pytest.raises(UserError):
        salary_import.commit(assessor, report)
    # A modified client that commits anyway: the database refuses the whole file.
    conn = b6_db.staff("B6ASSESS")
    try:
        with pytest.raises(psycopg2.errors.CheckViolation, match="approved"), conn, conn.cursor() as cur:
            _stage_direct(cur, 2025, "(1, '12345678', NULL, 'サトウ タロウ', '1980-05-01', NULL, 1, true),"
                                     " (2, '87654321', NULL, 'キクチ イチロウ', '1950-01-01', NULL, 2, false)")
            cur.execute("SELECT * FROM api.salary_import_commit(2025, 'x.csv', repeat('0', 64), 2)")
    finally:
        conn.close()
    assert snapshot(b6_db) == before


def test_a_notified_assessment_keeps_its_own_reason(b6_db: ProvisionedDb, assessor: Database) -> None:
    _approve(b6_db, 1000000003, 2025)
    with b6_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET status = 'notified' WHERE person_id = 1000000003"
                    " AND tax_year = 2025")
    report = _checked(assessor, ichiro())
    assert [i.message_ja for i in report.rejected] == [
        "2行目（受給者）: この年度の賦課は通知済みです。取込ではなく更正で変更してください。"]


# ---------------------------------------------------------------------------------------------
# F3 (2): a clerk's pick must be born on the row's birth date


def test_a_pick_with_another_birth_date_is_refused(b6_db: ProvisionedDb, assessor: Database) -> None:
    report = _checked(assessor, ichiro(宛名番号="", フリガナ="キクチ イチロ", 生年月日="1950-01-02"), year=2026)
    assert [(u.row_no, u.problem) for u in report.unmatched] == [(2, "not_found")]
    salary_import.resolve(report, 2, 0, 1000000003)  # 一郎 is born 1950-01-01
    salary_import.check(assessor, report)
    assert [(u.row_no, u.problem) for u in report.unmatched] == [(2, "pick_mismatch")]
    assert "生年月日がこの行と違います" in report.unmatched[0].as_dict()["message"]
    assert not report.can_commit
    # The same pick with the right birth date (the kana spelt differently) is accepted.
    fixed = _checked(assessor, ichiro(宛名番号="", フリガナ="キクチ イチロ"), year=2026)
    salary_import.resolve(fixed, 2, 0, 1000000003)
    salary_import.check(assessor, fixed)
    assert fixed.can_commit, fixed.as_dict()
    assert salary_import.commit(assessor, fixed).reports == 1


def test_the_database_refuses_a_pick_with_another_birth_date(b6_db: ProvisionedDb) -> None:
    """The reviewer's reproduction: resolved_person_id alone used to decide the match."""
    before = snapshot(b6_db)
    conn = b6_db.staff("B6ASSESS")
    try:
        with pytest.raises(psycopg2.errors.CheckViolation, match="pick_mismatch"), conn, conn.cursor() as cur:
            _stage_direct(cur, 2025, "(1, '87654321', NULL, 'ダレデモ', '2001-01-01', 1000000001, 1, true)",
                          "(1, 1, 'spouse', NULL, 'ダレデモ', '2001-01-01', 1000000002, 'special', true, 0)")
            cur.execute("SELECT * FROM api.salary_import_commit(2025, 'z9.csv', repeat('0', 64), 1)")
    finally:
        conn.close()
    assert snapshot(b6_db) == before
    # The refusal is itself audited, naming the persons the commit looked at.
    (event,) = rows(b6_db, "SELECT e.action, e.result, p.person_ids FROM audit.event AS e"
                           " JOIN audit.event_persons AS p USING (event_id) ORDER BY e.event_id DESC LIMIT 1")
    assert event[:2] == ("salary_import.commit", "denied") and sorted(event[2]) == [1000000001, 1000000002]


# ---------------------------------------------------------------------------------------------
# F3 (3): recorded relatives are never overwritten; differences are warnings


def test_recorded_relatives_stay_and_differences_are_warnings(b6_db: ProvisionedDb, assessor: Database) -> None:
    spouse_sql = ("SELECT d.kind, d.disability, d.cohabiting, d.total_income FROM ledger.dependant AS d"
                  " JOIN ledger.assessment AS a USING (assessment_id) WHERE a.person_id = 1000000001"
                  " AND a.tax_year = 2025 AND d.dependant_person_id = %s")
    recorded = rows(b6_db, spouse_sql, (1000000002,))
    assert recorded == [("spouse", "none", True, None)]
    report = _checked(assessor, taro(配偶者障害="特別障害者", 配偶者同居="別居", 配偶者の合計所得="900000"))
    assert report.can_commit, report.as_dict()
    assert [(w.row_no, w.kind) for w in report.warnings] == [(2, "warning")]
    assert report.warnings[0].message_ja.startswith("2行目（配偶者）: 既に登録済み")
    assert report.as_dict()["warnings"][0]["kind"] == "warning"
    result = salary_import.commit(assessor, report)
    assert result.dependants == 1  # the son, not yet recorded
    assert rows(b6_db, spouse_sql, (1000000002,)) == recorded
    assert rows(b6_db, spouse_sql, (2000000004,)) == [("dependant", "none", True, None)]


def test_a_relative_named_twice_in_a_file_is_recorded_once(b6_db: ProvisionedDb, assessor: Database) -> None:
    """Two employers of one person both naming the son, differently: the first row stands, the other
    is a warning (this used to fail: ON CONFLICT DO UPDATE cannot change a row twice)."""
    second = taro(指定番号="87654321", 事業所名="有限会社東和商店", 支払金額="100000", 給与所得控除後の金額="",
                  徴収区分="普通徴収",
                  普通徴収理由="普E", 配偶者フリガナ="", 配偶者生年月日="", 配偶者同居="", 配偶者の合計所得="",
                  扶養1障害="障害者")
    report = _checked(assessor, taro(), second, year=2026)
    assert report.can_commit, report.as_dict()
    assert [(w.row_no, w.message_ja.split(":")[0]) for w in report.warnings] == [(3, "3行目（扶養親族1）")]
    salary_import.commit(assessor, report)
    assert rows(b6_db, "SELECT d.dependant_person_id, d.disability FROM ledger.dependant AS d"
                       " JOIN ledger.assessment AS a USING (assessment_id) WHERE a.person_id = 1000000001"
                       " AND a.tax_year = 2026 ORDER BY 1") == [(1000000002, "none"), (2000000004, "none")]


# ---------------------------------------------------------------------------------------------
# F6 and concurrency: the commit locks, checks again and guards its update


def _wait_until_blocked(db: ProvisionedDb, thread: threading.Thread) -> None:
    """Until the thread's transaction waits for a lock (no timing assumption: poll the server)."""
    while thread.is_alive():
        waiting = rows(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                           " AND wait_event_type = 'Lock'")
        if waiting[0][0] > 0:
            return
        threading.Event().wait(0.05)


def _in_thread(work: Callable[[], None]) -> tuple[threading.Thread, dict[str, BaseException]]:
    out: dict[str, BaseException] = {}

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # reported to the test thread
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def test_a_notification_during_the_import_is_not_overwritten(b6_db: ProvisionedDb) -> None:
    ichiro_sql = ("SELECT status, salary_revenue, version FROM ledger.assessment WHERE person_id = 1000000003"
                  " AND tax_year = 2025")
    (before,) = rows(b6_db, ichiro_sql)
    assert before[0] == "assessed"
    notifier = psycopg2.connect(b6_db.admin_url)
    importer = b6_db.staff("B6ASSESS")
    try:
        with notifier.cursor() as cur:  # the notification run holds the row until it commits
            cur.execute("UPDATE ledger.assessment SET status = 'notified' WHERE person_id = 1000000003"
                        " AND tax_year = 2025")

        def commit() -> None:
            with importer, importer.cursor() as cur:
                _stage_direct(cur, 2025, "(1, '87654321', 1000000003, 'キクチ イチロウ', '1950-01-01', NULL,"
                                         " 777, true)")
                cur.execute("SELECT * FROM api.salary_import_commit(2025, 'race.csv', repeat('1', 64), 1)")

        thread, out = _in_thread(commit)
        _wait_until_blocked(b6_db, thread)
        notifier.commit()
        thread.join()
    finally:
        notifier.close()
        importer.close()
    assert isinstance(out.get("error"), psycopg2.errors.CheckViolation), out
    assert "検証の後に他の操作で賦課が変更された" in str(out["error"]) and "賦課が通知済みです" in str(out["error"])
    assert rows(b6_db, ichiro_sql) == [("notified", before[1], before[2])]
    assert rows(b6_db, "SELECT count(*) FROM ledger.salary_report") == [(0,)]


def _blocked_by(db: ProvisionedDb, waiter: int, holder: int) -> bool:
    return bool(rows(db, "SELECT %s = ANY (pg_blocking_pids(%s))", (holder, waiter))[0][0])


def test_two_imports_of_one_person_at_once_add_up(b6_db: ProvisionedDb) -> None:
    """Two files, two employers of 太郎 (whose 令和7年度 assessment exists), committed at the same time.
    The schedule that used to lose the first report: the second import has passed its start when the
    first one updates the assessment, and sums the reports before the first commits (a third session
    holding an employment row pauses it in between). Now the second import locks the assessment at its
    start, so the first waits for it and then counts its report."""
    first, second = b6_db.staff("B6ASSESS"), b6_db.staff("B6ASSESS2")
    blocker = psycopg2.connect(b6_db.admin_url)
    returned = {"first": threading.Event(), "second": threading.Event()}
    go = threading.Event()

    def importer(conn: Any, name: str, employer: str, payment: int) -> Callable[[], None]:
        def work() -> None:
            with conn, conn.cursor() as cur:
                _stage_direct(cur, 2025, f"(1, '{employer}', 1000000001, 'サトウ タロウ', '1980-05-01', NULL,"
                                         f" {payment}, true)")
                cur.execute("SELECT * FROM api.salary_import_commit(2025, %s, repeat('a', 64), 1)", (name,))
                returned[name].set()
                go.wait()  # the transaction stays open until the test lets both commit
        return work

    try:
        with blocker.cursor() as cur:  # the row the second import's employment insert will wait for
            cur.execute("INSERT INTO ledger.employment VALUES (1000000001, 2025, '87654321', 1, true)")
        # Each report alone is at least the 5,200,000 of his return (an import may not lower it).
        t2, out2 = _in_thread(importer(second, "second", "87654321", 5_200_000))
        while not _blocked_by(b6_db, second.get_backend_pid(), blocker.get_backend_pid()):
            assert t2.is_alive(), out2
            threading.Event().wait(0.05)
        t1, out1 = _in_thread(importer(first, "first", "12345678", 5_300_000))
        # Before the fix the first import ran to its end here; now it waits for the second's lock.
        while not (returned["first"].is_set()
                   or _blocked_by(b6_db, first.get_backend_pid(), second.get_backend_pid())):
            assert t1.is_alive(), out1
            threading.Event().wait(0.05)
        blocker.rollback()
        while not (returned["second"].is_set()
                   or _blocked_by(b6_db, second.get_backend_pid(), first.get_backend_pid())):
            assert t2.is_alive(), out2
            threading.Event().wait(0.05)
        go.set()
        t1.join()
        t2.join()
    finally:
        go.set()
        blocker.close()
        first.close()
        second.close()
    assert out1 == {} and out2 == {}
    assert rows(b6_db, "SELECT salary_revenue, employer_no, collection_method FROM ledger.assessment"
                       " WHERE person_id = 1000000001 AND tax_year = 2025") == [(10_500_000, "12345678", "payroll")]
    assert rows(b6_db, "SELECT i.amount FROM ledger.assessment_item AS i JOIN ledger.assessment AS a"
                       " USING (assessment_id) WHERE a.person_id = 1000000001 AND a.tax_year = 2025"
                       " AND i.item_code = 135") == [(10_500_000,)]


# ---------------------------------------------------------------------------------------------
# F7: the check's audit row names every person it looked at


def test_the_check_audits_every_person_it_looked_at(b6_db: ProvisionedDb) -> None:
    conn = b6_db.staff("B6ASSESS")
    try:
        with conn, conn.cursor() as cur:
            _stage_direct(cur, 2025, "(1, '12345678', 1000000003, 'x', '2001-01-01', NULL, 1, true),"
                                     " (2, '12345678', 1000000099, 'x', '2001-01-01', NULL, 1, true),"
                                     " (3, '12345678', NULL, 'ヤマダ ジロウ', '1975-04-10', NULL, 1, true),"
                                     " (4, '12345678', NULL, 'x', '2001-01-01', 2000000005, 1, true)")
            cur.execute("SELECT row_no, person_id, candidates, problem FROM api.salary_import_check(2025)")
            found = cur.fetchall()
    finally:
        conn.close()
    # The clerk still reads 'mismatch' (the number exists, the kana or birth date differ)…
    assert found == [(1, None, 0, "mismatch"), (2, None, 0, "not_found"), (3, None, 2, "ambiguous"),
                     (4, None, 0, "pick_mismatch")]
    # …and the read is attributable: the audit row names each person the answer was about.
    (event,) = rows(b6_db, "SELECT e.action, p.person_ids FROM audit.event AS e"
                           " JOIN audit.event_persons AS p USING (event_id) ORDER BY e.event_id DESC LIMIT 1")
    assert event[0] == "salary_import.check"
    assert sorted(event[1]) == [1000000003, 2000000001, 2000000002, 2000000005]


# ---------------------------------------------------------------------------------------------
# D1: the 扶養調査 limits are the server's


def test_the_dependant_check_takes_no_limits_from_the_client(b6_db: ProvisionedDb, assessor: Database) -> None:
    conn = b6_db.staff("B6ASSESS")
    try:
        cur = conn.cursor()
        with pytest.raises(psycopg2.errors.UndefinedFunction):  # the reviewer's −1 limits
            cur.execute("SELECT * FROM api.dependant_check(2025, 'dependant_check', -1, -1, 0, '2000-01-01',"
                        " '2000-01-01')")
        conn.rollback()
        for sql in ("SELECT * FROM ledger.dependant_income_limit",
                    "UPDATE ledger.dependant_income_limit SET limit_yen = -1",
                    "INSERT INTO ledger.dependant_income_limit VALUES (2030, 'dependant', 0, NULL, NULL, 'x')"):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute(sql)
            conn.rollback()
        # A year provisioning has no parameter file for is refused, with the reason.
        with pytest.raises(psycopg2.errors.InvalidParameterValue, match="2024年度の扶養の所得限度額"):
            cur.execute("SELECT * FROM api.dependant_check(2024, 'dependant_check')")
        conn.rollback()
    finally:
        conn.close()
    stored = rows(b6_db, "SELECT tax_year, kind, limit_yen, age_from, age_to FROM ledger.dependant_income_limit"
                         " ORDER BY 1, 2")
    assert stored == [(2025, "dependant", 480_000, None, None), (2025, "spouse", 1_330_000, None, None),
                      (2026, "dependant", 580_000, None, None), (2026, "relative", 1_230_000, 19, 22),
                      (2026, "spouse", 1_330_000, None, None), (2027, "dependant", 620_000, None, None),
                      (2027, "relative", 1_230_000, 19, 22), (2027, "spouse", 1_330_000, None, None)]
    assert all("地方税法" in s for (s,) in rows(b6_db, "SELECT source FROM ledger.dependant_income_limit"))
    # Provisioning again replaces the rows from the files (a changed limit is put right).
    with b6_db.admin() as admin:
        admin.execute("UPDATE ledger.dependant_income_limit SET limit_yen = 1 WHERE tax_year = 2025")
    assert dependant_check.store_limits(b6_db.admin_url) == len(stored)
    assert rows(b6_db, "SELECT limit_yen FROM ledger.dependant_income_limit WHERE tax_year = 2025 ORDER BY kind") \
        == [(480_000,), (1_330_000,)]


def test_the_command_refuses_a_year_without_limits(b6_db: ProvisionedDb) -> None:
    done = subprocess.run([sys.executable, "-m", "app", "assessment", "dependant-check", "--tax-year", "2024",
                           "--url", b6_db.staff_url("B6ASSESS")], capture_output=True, text=True, check=False,
                          env={"JUMINZEI_LANG": "ja", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 2 and done.stdout == ""
    assert "2024年度の扶養の所得限度額が登録されていません" in done.stderr


def test_an_import_cannot_lower_a_salary_that_did_not_come_from_reports(b6_db: ProvisionedDb,
                                                                         assessor: Database) -> None:
    # 佐藤 太郎's 令和7年度 salary revenue (5,200,000) came from his return, not from reports: a
    # one-row report of 100,000 would lower his tax base by one clerk alone (security review).
    report = _checked(assessor, taro(支払金額="100,000", 給与所得控除後の金額="45,000"))
    assert [i.message_ja for i in report.rejected] == [
        "2行目（受給者）: この方の給与収入（申告等による）を取込で減らすことはできません。更正として入力してください。"]
    assert not report.can_commit
    before = snapshot(b6_db)
    with pytest.raises(UserError):
        salary_import.commit(assessor, report)
    assert snapshot(b6_db) == before
