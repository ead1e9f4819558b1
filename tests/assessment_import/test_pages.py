"""The three screens offscreen, through the real database and the real worker threads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.models.salary_import import PROBLEMS, RowIssue, Unmatched
from app.services import salary_import
from app.services.session import StaffSession
from app.views.application import create_application
from app.views.batch_page import BatchErrorModel, BatchPage
from app.views.dependant_check_page import DependantCheckPage, FindingModel
from app.views.salary_import_page import CandidateModel, IssueModel, SalaryImportPage, UnmatchedModel
from app.views.worker import Worker
from tests.assessment_import.conftest import rows, snapshot
from tests.assessment_import.csvdata import csv_bytes, ichiro, miki, taro
from tests.assessment_import.test_dependant_check import _claims
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screens"


@pytest.fixture
def page_env(qtbot: QtBot, b6_db: ProvisionedDb) -> Iterator[tuple[StaffSession, Worker]]:
    create_application([])
    worker = Worker()
    session = StaffSession.open(b6_db.staff_url("B6ASSESS"))
    yield session, worker
    worker.wait_idle()
    session.close()


def _shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.resize(1100, 640)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def test_a_bad_file_is_reported_and_changes_nothing(qtbot: QtBot, page_env: Any, b6_db: ProvisionedDb,
                                                    tmp_path: Path) -> None:
    session, worker = page_env
    page = SalaryImportPage(session, worker, 2026)
    qtbot.addWidget(page)
    page.show()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(taro(), ichiro(支払金額="六十万", 生年月日="昭和99年"), miki(), miki()))
    before = snapshot(b6_db)
    with qtbot.waitSignal(page.report_ready, timeout=20_000):
        page.load_file(bad)
    assert page.rejected.rowCount() == 2 and page.duplicates.rowCount() == 1
    assert page.rejected.display(page.rejected.row_at(0), 2).startswith("3行目「生年月日」")
    assert not page.commit_button.isEnabled() and "何も登録していません" in page.summary.text()
    assert page.tabs.tabText(0) == "不備（2）"
    _shot(page, "b6_salary_import_rejected")
    assert snapshot(b6_db) == before


def test_unmatched_rows_are_matched_on_screen_then_committed(qtbot: QtBot, page_env: Any, b6_db: ProvisionedDb,
                                                             tmp_path: Path) -> None:
    session, worker = page_env
    page = SalaryImportPage(session, worker, 2026)
    qtbot.addWidget(page)
    page.show()
    path = tmp_path / "report.csv"
    path.write_bytes(csv_bytes(taro(), miki(氏名="山田 次郎", フリガナ="ヤマダ ジロウ", 生年月日="S50.4.10")))
    with qtbot.waitSignal(page.report_ready, timeout=20_000):
        page.load_file(path)
    assert page.unmatched.rowCount() == 1 and page.tabs.currentIndex() == 2
    assert page.query.text() == "ヤマダ ジロウ S50.4.10"
    page.search()
    qtbot.waitUntil(lambda: page.candidates.rowCount() == 2, timeout=10_000)
    _shot(page, "b6_salary_import_matching")
    page.candidate_view.selectRow(1)
    chosen = page.candidates.row_at(1).person_id
    page.pick()
    assert page.unmatched.display(page.unmatched.row_at(0), 7) == str(chosen)
    assert page.recheck_button.isEnabled() and not page.commit_button.isEnabled()
    with qtbot.waitSignal(page.report_ready, timeout=20_000):
        page.recheck_button.click()
    assert page.unmatched.rowCount() == 0 and page.commit_button.isEnabled()
    with qtbot.waitSignal(page.committed, timeout=30_000) as done:
        page.commit_button.click()
    assert done.args[0].reports == 2
    assert "登録しました" in page.summary.text() and not page.commit_button.isEnabled()
    _shot(page, "b6_salary_import_committed")
    assert rows(b6_db, "SELECT person_id FROM ledger.salary_report ORDER BY row_no") == [(1000000001,), (chosen,)]


def test_warnings_and_an_approved_assessment_are_shown(qtbot: QtBot, page_env: Any, b6_db: ProvisionedDb,
                                                      tmp_path: Path) -> None:
    """令和7年度: 太郎's spouse is recorded without disability (the file says 特別障害者, a note); 一郎's
    assessment was decided by an approval (the file is refused)."""
    from tests.assessment_import.test_import_security import _approve

    session, worker = page_env
    page = SalaryImportPage(session, worker, 2025)
    qtbot.addWidget(page)
    page.show()
    path = tmp_path / "notes.csv"
    path.write_bytes(csv_bytes(taro(配偶者障害="特別障害者")))
    with qtbot.waitSignal(page.report_ready, timeout=20_000):
        page.load_file(path)
    assert page.warnings.rowCount() == 1 and page.tabs.currentIndex() == 3
    assert page.tabs.tabText(3) == "注意（1）" and page.commit_button.isEnabled()
    assert "注意 1件" in page.summary.text()
    assert page.warnings.display(page.warnings.row_at(0), 2).startswith("2行目（配偶者）: 既に登録済み")
    _shot(page, "b6_salary_import_warnings")
    _approve(b6_db, 1000000003, 2025)
    path.write_bytes(csv_bytes(taro(配偶者障害="特別障害者"), ichiro()))
    with qtbot.waitSignal(page.report_ready, timeout=20_000):
        page.load_file(path)
    assert page.tabs.currentIndex() == 0 and not page.commit_button.isEnabled()
    assert "承認済み" in page.rejected.display(page.rejected.row_at(0), 2)
    _shot(page, "b6_salary_import_approved")


def test_dependant_findings_open_the_persons_involved(qtbot: QtBot, page_env: Any, b6_db: ProvisionedDb) -> None:
    _claims(b6_db)
    session, worker = page_env
    page = DependantCheckPage(session, worker, 2025)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.status_message, timeout=20_000):
        page.run_button.click()
    assert [page.kinds.item(i).text() for i in range(3)] == [
        "重複扶養（1件）", "所得超過（1件）", "市外居住（居住地に確認）（1件）"]
    assert page.model.rowCount() == 1 and page.model.row_at(0).dependant_person_id == 1000000002
    assert page.involved() == [1000000002, 1000000001, 2000000001]
    assert page.model.display(page.model.row_at(0), 6) == "佐藤　太郎（配偶者）、山田　次郎（扶養親族）"
    with qtbot.waitSignal(page.open_person) as opened:
        page.table.activated.emit(page.model.index(0, 1))
    assert opened.args == [1000000002, "assessment"]
    with qtbot.waitSignal(page.open_person) as opened:
        page.persons.itemActivated.emit(page.persons.item(2))
    assert opened.args == [2000000001, "assessment"]
    page.kinds.setCurrentRow(1)
    assert page.model.display(page.model.row_at(0), 3) == "1,500,000"
    _shot(page, "b6_dependant_check")


def test_the_batch_runs_from_the_screen_with_progress_and_summary(qtbot: QtBot, page_env: Any,
                                                                  b6_db: ProvisionedDb, tmp_path: Path) -> None:
    session, worker = page_env
    salary = tmp_path / "b6_batch.csv"
    salary.write_bytes(csv_bytes(taro(), ichiro(), miki()))
    report = salary_import.check(session.db, salary_import.read_file(salary, 2026))
    salary_import.commit(session.db, report)
    page = BatchPage(session, worker, 2026)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.values["returns"].text() == "3", timeout=10_000)
    assert page.values["draft"].text() == "3"
    page.run_button.click()
    assert page.is_running() and not page.run_button.isEnabled() and page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=60_000)
    assert page.last_report is not None and page.last_report.finished, page.message.text()
    qtbot.waitUntil(lambda: page.values["assessed"].text() == "3", timeout=10_000)
    assert page.progress.value() == page.progress.maximum() == 3
    (total,) = rows(b6_db, "SELECT sum(annual_tax) FROM ledger.assessment WHERE tax_year = 2026")[0]
    assert page.values["annual_tax"].text() == f"{total:,}" and total > 0
    assert "計算 3件、エラー 0件" in page.message.text()
    _shot(page, "b6_batch")


def test_a_cancelled_batch_keeps_what_it_stored_and_resumes(qtbot: QtBot, page_env: Any) -> None:
    session, worker = page_env
    page = BatchPage(session, worker, 2025)
    qtbot.addWidget(page)
    page.run_button.click()
    page.cancel_button.click()
    assert not page.cancel_button.isEnabled() and "中止しています" in page.message.text()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=60_000)
    report = page.last_report
    assert report is not None and report.cancelled != report.finished
    if report.cancelled:
        assert "中止しました" in page.message.text()
        page.run_button.click()
        qtbot.waitUntil(lambda: not page.is_running(), timeout=60_000)
        assert page.last_report is not None and page.last_report.finished and page.last_report.resumed


def test_the_item_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    issues = IssueModel()
    issues.set_rows([RowIssue(3, "支払金額", "3行目「支払金額」: 入力してください。", "line 3: required."),
                     RowIssue(4, "already_imported", *PROBLEMS["already_imported"][1:], kind="duplicate")])
    qtmodeltester.check(issues)
    unmatched = UnmatchedModel()
    unmatched.set_rows([Unmatched(2, 0, "受給者", "山田 次郎", "ヤマダ ジロウ", date(1975, 4, 10), None,
                                  "ambiguous", 2),
                        Unmatched(3, 3, "扶養親族2", "", "サトウ ケン", date(2010, 7, 7), 5, "not_found", 0)])
    unmatched.picks[(2, 0)] = 2000000001
    qtmodeltester.check(unmatched)
    assert unmatched.display(unmatched.row_at(1), 1) == "扶養親族2"
    qtmodeltester.check(CandidateModel())
    qtmodeltester.check(FindingModel())
    errors = BatchErrorModel()
    errors.set_rows([(1000000001, "計算できません / cannot compute")])
    qtmodeltester.check(errors)
    assert errors.display(errors.row_at(0), 1) == "計算できません"
