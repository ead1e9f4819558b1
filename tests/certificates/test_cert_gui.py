"""The counter screens offscreen through the real database, worker threads and a private CUPS:
the whole counter workflow with preview and printing, refusals at the form, the ledger with the
daily totals, the second-person check, and verification. Screenshots go to build/screens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services import certificates
from app.services.session import StaffSession
from app.views.application import create_application
from app.views.certificate_ledger_page import (
    CertificateChecksModel,
    CertificateLedgerModel,
    CertificateLedgerPage,
    CertificateTotalsModel,
)
from app.views.certificate_page import CertificatePage
from app.views.certificate_verify_page import CertificateVerifyPage
from app.views.worker import Worker
from tests.certificates.conftest import TARO
from tests.certificates.cups_support import PrivateCups
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screens"


@pytest.fixture
def staff(cert_db: ProvisionedDb, qtbot: QtBot) -> Iterator[tuple[StaffSession, Worker]]:
    create_application([])
    worker = Worker()
    session = StaffSession.open(cert_db.staff_url("C8CLERK"))
    yield session, worker
    worker.wait_idle()
    session.close()


def idle(qtbot: QtBot, worker: Worker) -> None:
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=20_000)


def fill_counter_form(qtbot: QtBot, page: CertificatePage, worker: Worker, query: str) -> None:
    idle(qtbot, page.worker)
    page.query.setText(query)
    qtbot.keyClick(page.query, Qt.Key.Key_Return)
    idle(qtbot, worker)
    assert page.person is not None


def test_counter_workflow_issues_and_prints(qtbot: QtBot, staff: tuple[StaffSession, Worker],
                                            private_cups: PrivateCups, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", private_cups.server)
    monkeypatch.setenv("JUMINZEI_PRINTER", "C8PDF")
    session, worker = staff
    page = CertificatePage(session, worker, 2025)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    fill_counter_form(qtbot, page, worker, str(TARO))
    assert page.printer.currentText() == "C8PDF"
    assert page.fee.text() == "300円"
    page.copies.setValue(2)
    assert page.fee.text() == "600円"
    page.purpose.setCurrentIndex(page.purpose.findData("loan"))
    qtbot.keyClick(page, Qt.Key.Key_F9)  # issuing before a preview is refused at the form
    assert "プレビュー" in page.message.text()
    qtbot.keyClick(page, Qt.Key.Key_F5)
    idle(qtbot, worker)
    assert page.issue_button.isEnabled(), page.message.text()
    assert page.preview_label.pixmap() is not None and page.preview_label.pixmap().width() >= 560
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "c8_counter_preview.png"))
    target = private_cups.out_dir / "C8PDF.pdf"
    target.unlink(missing_ok=True)
    qtbot.keyClick(page, Qt.Key.Key_F9)
    idle(qtbot, worker)
    assert page.last_issued is not None and page.last_issued.outcome == "printed", page.message.text()
    number = page.last_issued.rendered.certificate.certificate_no
    assert number in page.message.text() and "600円" in page.message.text()
    qtbot.waitUntil(lambda: target.exists() and target.stat().st_size > 0, timeout=30_000)
    page.grab().save(str(SHOTS / "c8_counter_issued.png"))
    # A spoiled print: reprint with a reason (new number, no fee).
    qtbot.mouseClick(page.reprint_button, Qt.MouseButton.LeftButton)
    assert "理由" in page.message.text()
    page.reason.setText("用紙詰まり")
    qtbot.mouseClick(page.reprint_button, Qt.MouseButton.LeftButton)
    idle(qtbot, worker)
    assert page.last_issued.rendered.certificate.replaces_no == number
    assert page.last_issued.rendered.certificate.fee_total == 0


def test_refusal_keeps_the_form(qtbot: QtBot, staff: tuple[StaffSession, Worker]) -> None:
    session, worker = staff
    page = CertificatePage(session, worker, 2025)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    fill_counter_form(qtbot, page, worker, str(TARO))
    page.kind.setCurrentIndex(page.kind.findData("non_taxable"))
    page.requester.setCurrentIndex(page.requester.findData("proxy"))
    assert page.check_button.isVisibleTo(page)  # policy: an agent's request needs a second check
    qtbot.keyClick(page, Qt.Key.Key_F5)
    idle(qtbot, worker)
    assert "委任状" in page.message.text() and not page.issue_button.isEnabled()
    page.power_of_attorney.setChecked(True)
    qtbot.keyClick(page, Qt.Key.Key_F5)
    idle(qtbot, worker)
    assert "非課税証明書は交付できません" in page.message.text()
    assert page.kind.currentData() == "non_taxable" and page.power_of_attorney.isChecked()  # nothing lost
    page.grab().save(str(SHOTS / "c8_counter_refused.png"))


def test_ledger_page_totals_and_second_check(qtbot: QtBot, staff: tuple[StaffSession, Worker],
                                             cert_db: ProvisionedDb, tmp_path: Path) -> None:
    session, worker = staff
    from app.models.certificate import CertificateRequest
    from app.services.db import Database

    other = Database(cert_db.staff_url("C8CHECK"))
    try:
        certificates.issue(session.db, CertificateRequest(TARO, "tax", 2025, "self", "passport", "public_housing"))
        proxy = CertificateRequest(TARO, "income", 2025, "proxy", "drivers_license", "loan", power_of_attorney=True)
        check = certificates.request_check(other, proxy)
        page = CertificateLedgerPage(session, worker, 2025)
        qtbot.addWidget(page)
        page.resize(1400, 900)
        page.show()
        idle(qtbot, worker)
        fees = sum(t.fees for t in page.totals_model._rows)
        assert fees == sum(page.ledger_model.row_at(r).fee for r in range(page.ledger_model.rowCount())
                           if page.ledger_model.row_at(r).event in ("issue", "reprint"))
        assert f"{fees:,}円" in page.totals_label.text()
        page.grab().save(str(SHOTS / "c8_ledger.png"))
        row = next(r for r in range(page.checks_model.rowCount()) if page.checks_model.row_at(r).check_id == check)
        shown = [page.checks_model.index(row, c).data() for c in range(8, 12)]
        assert shown == ["運転免許証", "あり", "", "融資・ローンの申込み"]  # what the checker verifies
        page.checks_view.selectRow(row)
        qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
        idle(qtbot, worker)
        assert f"確認依頼 {check} を確認しました" in page.message.text()
        assert certificates.issue(other, proxy, check).fee_total == 300
        page.save_daily_report(tmp_path / "daily.pdf")
        idle(qtbot, worker)
        assert (tmp_path / "daily.pdf").read_bytes().startswith(b"%PDF-")
    finally:
        other.dispose()


def test_verify_page(qtbot: QtBot, staff: tuple[StaffSession, Worker]) -> None:
    session, worker = staff
    from app.models.certificate import CertificateRequest

    cert = certificates.issue(session.db, CertificateRequest(TARO, "tax", 2025, "self", "passport", "loan"))
    page = CertificateVerifyPage(session, worker, 2025)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.code.setText(cert.qr)
    qtbot.keyClick(page.code, Qt.Key.Key_Return)
    idle(qtbot, worker)
    assert "真正な証明書です" in page.verdict.text()
    assert page.fields["number"].text() == cert.certificate_no and "佐藤" in page.fields["person"].text()
    # The figures the paper states, to compare (the QR code does not cover them): review X8.
    taxes = cert.content["taxes"]
    assert page.figure_values["年税額合計"] == f"{int(taxes['annual_tax']):,}円"
    assert page.figure_values["市民税 均等割額"] == f"{int(taxes['municipal_per_capita']):,}円"
    assert page.figure_values["給与収入"] == f"{int(cert.content['incomes']['salary_revenue']):,}円"
    assert page.figure_values["課税・非課税の区分"] == "課税" and "所得控除合計" not in page.figure_values
    assert "金額と照合" in page.content_box.title()
    # Rows added to a shown form appear once the event loop runs (queued show).
    qtbot.waitUntil(lambda: all(page.figures.itemAt(i).widget().isVisible() for i in range(page.figures.count())))
    page.grab().save(str(SHOTS / "c8_verify_ok.png"))
    with qtbot.waitSignal(page.open_person) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [TARO, "certificate"]
    page.code.setText(cert.qr[:-2] + ("00" if not cert.qr.endswith("00") else "11"))
    qtbot.keyClick(page.code, Qt.Key.Key_Return)
    idle(qtbot, worker)
    assert "真正と確認できません" in page.verdict.text() and "改ざん" in page.verdict.text()
    page.grab().save(str(SHOTS / "c8_verify_tampered.png"))


def test_models_pass_the_model_tester(qtmodeltester: object, staff: tuple[StaffSession, Worker]) -> None:
    session, _ = staff
    from datetime import datetime
    from zoneinfo import ZoneInfo

    day = datetime.now(ZoneInfo("Asia/Tokyo")).date()
    for model, rows in ((CertificateLedgerModel(), certificates.ledger(session.db, day)),
                        (CertificateTotalsModel(), certificates.daily_report(session.db, day)),
                        (CertificateChecksModel(), certificates.pending_checks(session.db))):
        model.set_rows(rows)  # type: ignore[arg-type]
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_main_window_offers_the_certificate_area(qtbot: QtBot, staff: tuple[StaffSession, Worker]) -> None:
    from PySide6.QtWidgets import QTabWidget

    from app.views.main_window import MainWindow

    session, worker = staff
    window = MainWindow(session, worker, 2025)
    qtbot.addWidget(window)
    window.resize(1500, 950)
    window.show()
    assert [type(w).__name__ for w in window.area_pages["certificate"]] == [
        "CertificatePage", "CertificateLedgerPage", "CertificateVerifyPage"]
    tabs = window.findChild(QTabWidget, "area_certificate")
    assert tabs is not None
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["証明書交付", "交付台帳", "真正性確認"]
    idle(qtbot, worker)
    window.grab().save(str(SHOTS / "c8_main_window.png"))


def test_agent_request_with_a_second_check_and_a_cancelled_print(
        qtbot: QtBot, staff: tuple[StaffSession, Worker], cert_db: ProvisionedDb, private_cups: PrivateCups,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services.db import Database

    monkeypatch.setenv("CUPS_SERVER", private_cups.server)
    monkeypatch.setenv("JUMINZEI_PRINTER", "C8PDF")
    session, worker = staff
    page = CertificatePage(session, worker, 2025)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    fill_counter_form(qtbot, page, worker, str(TARO))
    page.requester.setCurrentIndex(page.requester.findData("proxy"))
    page.power_of_attorney.setChecked(True)
    page.document.setCurrentIndex(page.document.findData("drivers_license"))
    qtbot.keyClick(page, Qt.Key.Key_F5)
    idle(qtbot, worker)
    assert "別の職員の確認が必要" in page.message.text() and not page.issue_button.isEnabled()
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    idle(qtbot, worker)
    assert page.check_id is not None and page.issue_button.isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_F9)  # not yet confirmed: refused, the form kept
    idle(qtbot, worker)
    assert "別の職員による確認が必要" in page.message.text() and page.power_of_attorney.isChecked()
    checker = Database(cert_db.staff_url("C8CHECK"))
    try:
        certificates.approve_check(checker, page.check_id)
    finally:
        checker.dispose()
    qtbot.keyClick(page, Qt.Key.Key_F5)  # once the colleague confirmed: preview again, then issue
    idle(qtbot, worker)
    assert page.issue_button.isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_F9)
    idle(qtbot, worker)
    assert page.last_issued is not None and page.last_issued.outcome == "printed", page.message.text()
    cert = page.last_issued.rendered.certificate
    page.reason.setText("用紙の向き違い")
    qtbot.mouseClick(page.cancelled_button, Qt.MouseButton.LeftButton)
    idle(qtbot, worker)
    assert f"証明番号 {cert.certificate_no} の印刷中止を記録しました" in page.message.text()
    with cert_db.admin() as cur:
        cur.execute("SELECT c.checked_by, c.print_status, array_agg(e.event ORDER BY e.event_id)"
                    " FROM ledger.certificate c JOIN ledger.certificate_event e USING (certificate_id)"
                    " WHERE c.certificate_id = %s GROUP BY 1, 2", (cert.certificate_id,))
        assert cur.fetchone() == ("s_c8check", "cancelled", ["issue", "pdf", "printed", "print_cancelled"])


def test_reprint_of_a_checked_request_needs_a_new_check(qtbot: QtBot, staff: tuple[StaffSession, Worker],
                                                        cert_db: ProvisionedDb) -> None:
    """Review X8: a reprint does not carry the old second check over; the clerk asks again."""
    session, worker = staff
    from app.services.db import Database

    other = Database(cert_db.staff_url("C8CHECK"))
    page = CertificatePage(session, worker, 2025)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    try:
        fill_counter_form(qtbot, page, worker, str(TARO))
        page.requester.setCurrentIndex(page.requester.findData("proxy"))
        page.power_of_attorney.setChecked(True)
        page.purpose.setCurrentIndex(page.purpose.findData("loan"))
        qtbot.keyClick(page, Qt.Key.Key_F5)
        idle(qtbot, worker)
        qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
        idle(qtbot, worker)
        assert page.check_id is not None, page.message.text()
        certificates.approve_check(other, page.check_id)
        qtbot.keyClick(page, Qt.Key.Key_F9)
        idle(qtbot, worker)
        assert page.last_issued is not None, page.message.text()
        number = page.last_issued.rendered.certificate.certificate_no
        page.reason.setText("汚損")
        qtbot.mouseClick(page.reprint_button, Qt.MouseButton.LeftButton)
        idle(qtbot, worker)
        assert "別の職員による確認が必要" in page.message.text()
        assert page.last_issued.rendered.certificate.certificate_no == number and page.reason.text() == "汚損"
        qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
        idle(qtbot, worker)
        assert page.check_id is not None, page.message.text()
        certificates.approve_check(other, page.check_id)
        qtbot.mouseClick(page.reprint_button, Qt.MouseButton.LeftButton)
        idle(qtbot, worker)
        assert page.last_issued.rendered.certificate.replaces_no == number, page.message.text()
    finally:
        other.dispose()
