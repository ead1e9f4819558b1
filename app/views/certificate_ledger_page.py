"""交付台帳: the issuance ledger of a day (per counter or all), the daily totals per counter for
reconciliation with the cash register (on screen and as PDF), voiding a certificate, and the
second-person checks other clerks have asked for."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.certificate import CounterTotals, LedgerRow, PendingCheck
from app.services import certificate_pdf, certificates, wareki
from app.services.session import StaffSession
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.worker import Worker

EVENTS = {"issue": QT_TRANSLATE_NOOP("CertificateLedgerModel", "交付"),
          "reprint": QT_TRANSLATE_NOOP("CertificateLedgerModel", "再交付"),
          "void": QT_TRANSLATE_NOOP("CertificateLedgerModel", "無効"),
          "pdf": QT_TRANSLATE_NOOP("CertificateLedgerModel", "PDF記録"),
          "printed": QT_TRANSLATE_NOOP("CertificateLedgerModel", "印刷"),
          "print_failed": QT_TRANSLATE_NOOP("CertificateLedgerModel", "印刷失敗"),
          "print_cancelled": QT_TRANSLATE_NOOP("CertificateLedgerModel", "印刷中止")}


class CertificateLedgerModel(RowTableModel[LedgerRow]):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("CertificateLedgerModel", "時刻"), QT_TRANSLATE_NOOP("CertificateLedgerModel", "区分"),
        QT_TRANSLATE_NOOP("CertificateLedgerModel", "証明番号"), QT_TRANSLATE_NOOP("CertificateLedgerModel", "状態"),
        QT_TRANSLATE_NOOP("CertificateLedgerModel", "種類"), QT_TRANSLATE_NOOP("CertificateLedgerModel", "年度"),
        QT_TRANSLATE_NOOP("CertificateLedgerModel", "氏名"), QT_TRANSLATE_NOOP("CertificateLedgerModel", "請求者"),
        QT_TRANSLATE_NOOP("CertificateLedgerModel", "本人確認"),
        QT_TRANSLATE_NOOP("CertificateLedgerModel", "使用目的"),
        QT_TRANSLATE_NOOP("CertificateLedgerModel", "通数"), QT_TRANSLATE_NOOP("CertificateLedgerModel", "手数料"),
        QT_TRANSLATE_NOOP("CertificateLedgerModel", "免除理由"), QT_TRANSLATE_NOOP("CertificateLedgerModel", "職員"),
        QT_TRANSLATE_NOOP("CertificateLedgerModel", "端末"), QT_TRANSLATE_NOOP("CertificateLedgerModel", "詳細"))
    NUMERIC: ClassVar[frozenset[int]] = frozenset({10, 11})

    def display(self, row: LedgerRow, column: int) -> str:
        if column == 0:
            return row.at.astimezone(certificate_pdf.TOKYO).strftime("%H:%M:%S")
        if column == 1:
            return self.tr(EVENTS[row.event]) if row.event in EVENTS else row.event
        if column == 3:
            return self.tr("無効") if row.status == "voided" else self.tr("有効")
        if column == 5:
            return wareki.fiscal_year_label(row.tax_year)
        if column == 10:
            return str(row.copies) if row.copies else ""
        if column == 11:
            return f"{row.fee:,}" if row.event in ("issue", "reprint") else ""
        values = {2: row.certificate_no, 4: row.kind_label, 6: row.person_name, 7: row.requester_label,
                  8: row.document_label, 9: row.purpose_label, 12: row.exemption_label or "", 13: row.staff,
                  14: row.terminal, 15: row.detail}
        return values.get(column, "")


class CertificateTotalsModel(RowTableModel[CounterTotals]):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("CertificateTotalsModel", "窓口（端末）"),
        QT_TRANSLATE_NOOP("CertificateTotalsModel", "交付"),
        QT_TRANSLATE_NOOP("CertificateTotalsModel", "再交付"), QT_TRANSLATE_NOOP("CertificateTotalsModel", "無効"),
        QT_TRANSLATE_NOOP("CertificateTotalsModel", "通数"), QT_TRANSLATE_NOOP("CertificateTotalsModel", "有料通数"),
        QT_TRANSLATE_NOOP("CertificateTotalsModel", "免除通数"), QT_TRANSLATE_NOOP("CertificateTotalsModel", "手数料"),
        QT_TRANSLATE_NOOP("CertificateTotalsModel", "印刷失敗・中止"))
    NUMERIC: ClassVar[frozenset[int]] = frozenset(range(1, 9))

    def display(self, row: CounterTotals, column: int) -> str:
        values = (row.terminal, row.issued, row.reprinted, row.voided, row.copies, row.paid_copies,
                  row.exempt_copies, f"{row.fees:,}", row.print_failures)
        return str(values[column]) if 0 <= column < len(values) else ""


class CertificateChecksModel(RowTableModel[PendingCheck]):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("CertificateChecksModel", "依頼番号"), QT_TRANSLATE_NOOP("CertificateChecksModel", "依頼者"),
        QT_TRANSLATE_NOOP("CertificateChecksModel", "端末"), QT_TRANSLATE_NOOP("CertificateChecksModel", "氏名"),
        QT_TRANSLATE_NOOP("CertificateChecksModel", "種類"), QT_TRANSLATE_NOOP("CertificateChecksModel", "年度"),
        QT_TRANSLATE_NOOP("CertificateChecksModel", "請求者"), QT_TRANSLATE_NOOP("CertificateChecksModel", "通数"),
        # What the checker verifies with the papers at the counter.
        QT_TRANSLATE_NOOP("CertificateChecksModel", "本人確認書類"),
        QT_TRANSLATE_NOOP("CertificateChecksModel", "委任状"),
        QT_TRANSLATE_NOOP("CertificateChecksModel", "手数料免除"),
        QT_TRANSLATE_NOOP("CertificateChecksModel", "使用目的"))
    NUMERIC: ClassVar[frozenset[int]] = frozenset({0, 7})

    def display(self, row: PendingCheck, column: int) -> str:
        values = (str(row.check_id), row.requested_by, row.terminal, row.person_name, row.kind_label,
                  wareki.fiscal_year_label(row.tax_year), row.requester_label, str(row.copies), row.document_label,
                  self.tr("あり") if row.power_of_attorney else self.tr("なし"), row.exemption_label or "",
                  row.purpose_label)
        return values[column] if 0 <= column < len(values) else ""


def _table(model: CertificateLedgerModel | CertificateTotalsModel | CertificateChecksModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class CertificateLedgerPage(QWidget):
    status_message = Signal(str)

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        self.day = datetime.now(certificate_pdf.TOKYO).date()
        self._note = ""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("日付")))
        self.date = QDateEdit(QDate(self.day.year, self.day.month, self.day.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        top.addWidget(self.date)
        top.addWidget(QLabel(self.tr("窓口")))
        self.counter = QComboBox()
        self.counter.addItem(self.tr("すべての窓口"), None)
        self.counter.addItem(self.tr("この端末（{0}）").format(session.identity.terminal), session.identity.terminal)
        top.addWidget(self.counter)
        self.show_button = QPushButton(self.tr("表示"))
        self.show_button.clicked.connect(self.refresh)
        top.addWidget(self.show_button)
        self.pdf_button = QPushButton(self.tr("日報 PDF を保存"))
        self.pdf_button.clicked.connect(self._ask_pdf_path)
        top.addWidget(self.pdf_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        split = QSplitter()
        split.setOrientation(Qt.Orientation.Vertical)
        totals_box = QGroupBox(self.tr("窓口別集計（レジ照合用）"))
        totals_layout = QVBoxLayout(totals_box)
        self.totals_model = CertificateTotalsModel(self)
        self.totals_view = _table(self.totals_model)
        self.totals_view.setColumnWidth(0, 140)
        totals_layout.addWidget(self.totals_view)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("certificateTotals")
        totals_layout.addWidget(self.totals_label)
        split.addWidget(totals_box)

        ledger_box = QGroupBox(self.tr("証明書交付台帳"))
        ledger_layout = QVBoxLayout(ledger_box)
        self.ledger_model = CertificateLedgerModel(self)
        self.ledger_view = _table(self.ledger_model)
        for column, width in enumerate((70, 70, 105, 50, 110, 90, 100, 110, 130, 150, 45, 60, 170, 80, 100, 160)):
            self.ledger_view.setColumnWidth(column, width)
        ledger_layout.addWidget(self.ledger_view)
        void_row = QHBoxLayout()
        self.void_reason = QLineEdit()
        self.void_reason.setMaxLength(200)
        self.void_reason.setPlaceholderText(self.tr("無効にする理由（選択した証明書）"))
        void_row.addWidget(self.void_reason, 1)
        self.void_button = QPushButton(self.tr("選択した証明書を無効にする"))
        self.void_button.clicked.connect(self.void_selected)
        void_row.addWidget(self.void_button)
        ledger_layout.addLayout(void_row)
        split.addWidget(ledger_box)

        checks_box = QGroupBox(self.tr("確認待ちの請求（二人目の確認）"))
        checks_layout = QVBoxLayout(checks_box)
        self.checks_model = CertificateChecksModel(self)
        self.checks_view = _table(self.checks_model)
        checks_layout.addWidget(self.checks_view)
        self.approve_button = QPushButton(self.tr("選択した請求を確認した"))
        self.approve_button.clicked.connect(self.approve_selected)
        checks_layout.addWidget(self.approve_button)
        split.addWidget(checks_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setStretchFactor(2, 1)
        split.setSizes([150, 520, 170])
        layout.addWidget(split, 1)
        self.refresh()

    def selected_day(self) -> date:
        value = self.date.date()
        return date(value.year(), value.month(), value.day())

    def refresh(self) -> None:
        db, day, terminal = self.session.db, self.selected_day(), self.counter.currentData()

        def work() -> tuple[list[CounterTotals], list[LedgerRow], list[PendingCheck]]:
            return (certificates.daily_report(db, day), certificates.ledger(db, day, terminal),
                    certificates.pending_checks(db))

        self.worker.submit(work, self._show, self._error, key="certificate-ledger")

    def _show(self, loaded: tuple[list[CounterTotals], list[LedgerRow], list[PendingCheck]]) -> None:
        totals, rows, checks = loaded
        terminal = self.counter.currentData()
        if terminal is not None:
            totals = [t for t in totals if t.terminal == terminal]
        self.totals_model.set_rows(totals)
        self.ledger_model.set_rows(rows)
        self.checks_model.set_rows(checks)
        self.checks_view.resizeColumnsToContents()  # the checker reads every field, none cut off
        self.totals_label.setText(self.tr("合計: 交付 {0}件・{1}通、手数料 {2}円").format(
            sum(t.issued for t in totals), sum(t.copies for t in totals), f"{sum(t.fees for t in totals):,}"))
        count = self.tr("{0}の記録 {1}件").format(wareki.format_long(self.selected_day()), len(rows))
        self.message.setText(f"{self._note} {count}" if self._note else count)
        self._note = ""

    def _error(self, error: Exception) -> None:
        self.message.setText(error_text(error))

    def _ask_pdf_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("日報 PDF の保存先"),
                                              f"certificate-daily-{self.selected_day().isoformat()}.pdf", "PDF (*.pdf)")
        if path:
            self.save_daily_report(Path(path))

    def save_daily_report(self, path: Path) -> None:
        db, day = self.session.db, self.selected_day()

        def work() -> Path:
            pdf = certificate_pdf.render_daily_report(day, certificates.daily_report(db, day),
                                                      certificates.ledger(db, day))
            path.write_bytes(pdf)
            return path

        self.worker.submit(work, lambda p: self.message.setText(self.tr("日報を保存しました: {0}").format(p)),
                           self._error, key="certificate-report")

    def void_selected(self) -> None:
        rows = self.ledger_view.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("無効にする証明書を台帳で選択してください。"))
            return
        reason = self.void_reason.text().strip()
        if not reason:
            self.message.setText(self.tr("無効にする理由を入力してください。"))
            self.void_reason.setFocus()
            return
        row = self.ledger_model.row_at(rows[0].row())
        db = self.session.db
        self.worker.submit(lambda: certificates.void(db, row.certificate_id, reason),
                           lambda _: self._after_change(self.tr("証明番号 {0} を無効にしました。").format(
                               row.certificate_no)), self._error)

    def approve_selected(self) -> None:
        rows = self.checks_view.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("確認する請求を選択してください。"))
            return
        check = self.checks_model.row_at(rows[0].row())
        db = self.session.db
        done = self.tr("確認依頼 {0} を確認しました。").format(check.check_id)
        self.worker.submit(lambda: certificates.approve_check(db, check.check_id),
                           lambda _: self._after_change(done), self._error)

    def _after_change(self, text: str) -> None:
        self.void_reason.clear()
        self._note = text  # shown with the refreshed ledger
        self.message.setText(text)
        self.status_message.emit(text)
        self.refresh()
