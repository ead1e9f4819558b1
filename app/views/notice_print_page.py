"""特別徴収税額決定通知書: for one employer or all, the PDF (employer's list and each employee's copy)
or the print data for the outsourced mass printer; a progress bar and a cancel button. The data is
read through the api (one audited read, r_collection); files are written only when complete."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import collection
from app.services import collection_notice_pdf as notice_pdf
from app.services.session import StaffSession
from app.views.messages import error_text
from app.views.widgets import tax_year_choice
from app.views.worker import Worker


class _Progress(QObject):
    """Lives in the GUI thread; emitted from the worker thread, delivered queued."""

    changed = Signal(int, int)


class NoticePrintPage(QWidget):
    status_message = Signal(str)

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.changed.connect(self._show_progress)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.year = tax_year_choice(tax_year)
        form.addRow(self.tr("賦課年度"), self.year)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("特別徴収税額決定通知書"), notice_pdf.DETERMINATION)
        self.kind.addItem(self.tr("特別徴収税額変更通知書"), notice_pdf.CHANGE)
        form.addRow(self.tr("通知書"), self.kind)
        self.employer_no = QLineEdit()
        self.employer_no.setPlaceholderText(self.tr("空欄で全事業所"))
        form.addRow(self.tr("指定番号"), self.employer_no)
        self.persons = QLineEdit()
        self.persons.setPlaceholderText(self.tr("変更通知書: 対象者の宛名番号(カンマ区切り、空欄で全員)"))
        form.addRow(self.tr("宛名番号"), self.persons)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(Path.home() / "juminzei_notices"))
        folder_row.addWidget(self.folder, 1)
        self.browse = QPushButton(self.tr("参照…"))
        folder_row.addWidget(self.browse)
        form.addRow(self.tr("出力先フォルダ"), folder_row)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton(self.tr("通知書PDFを作成(&P)"))
        self.export_button = QPushButton(self.tr("印刷データを出力(&E)"))
        self.cancel_button = QPushButton(self.tr("中止"))
        self.cancel_button.setEnabled(False)
        for b in (self.pdf_button, self.export_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("%v / %m 事業所"))
        layout.addWidget(self.bar)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.pdf_button.clicked.connect(lambda: self.run(export=False))
        self.export_button.clicked.connect(lambda: self.run(export=True))
        self.cancel_button.clicked.connect(self.cancel)
        self.browse.clicked.connect(self._browse)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("出力先フォルダ"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def target(self, export: bool) -> Path:
        no = self.employer_no.text().strip() or "all"
        year = int(self.year.currentData())
        stem = "kettei" if self.kind.currentData() == notice_pdf.DETERMINATION else "henko"
        name = f"tokucho_{stem}_{year}_{no}" + (".csv" if export else ".pdf")
        return Path(self.folder.text().strip()) / name

    def run(self, *, export: bool) -> None:
        no = self.employer_no.text().strip() or None
        year, db, kind = int(self.year.currentData()), self.session.db, str(self.kind.currentData())
        text = self.persons.text().replace("、", ",").replace(" ", "")
        if text and not all(part.isdigit() for part in text.split(",")):
            self.result.setText(self.tr("宛名番号は数字をカンマで区切って入力してください。"))
            self.persons.setFocus()
            return
        persons = {int(part) for part in text.split(",")} if text else None
        target = self.target(export)
        self._cancel.clear()
        self._busy(True)
        self.result.setText(self.tr("作成中…"))
        cancel, progress = self._cancel, self._progress

        def work() -> notice_pdf.NoticeRun:
            notices = collection.notice_data(db, year, no, export=export, person_ids=persons)
            target.parent.mkdir(parents=True, exist_ok=True)
            if export:
                run = notice_pdf.write_export(notices, year, target)
                progress.changed.emit(len(notices), len(notices))
                return run
            # a 変更通知書 for named persons also carries their 納税通知書 when the rest went to ordinary
            ordinary = collection.ordinary_instalments(db, year, persons) \
                if persons and kind == notice_pdf.CHANGE else None
            return notice_pdf.write_pdf(notices, year, target, progress=progress.changed.emit,
                                        cancelled=cancel.is_set, kind=kind, ordinary=ordinary)

        self.worker.submit(work, lambda r: self._done(r, target, export), self._failed)

    def cancel(self) -> None:
        self._cancel.set()
        self.result.setText(self.tr("中止しています…"))

    def _busy(self, busy: bool) -> None:
        self.pdf_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _done(self, run: notice_pdf.NoticeRun, target: Path, export: bool) -> None:
        self._busy(False)
        if export:
            text = self.tr("印刷データを出力しました: {0}({1}事業所・{2}人、SHA-256 {3})").format(
                target, run.employers, run.employees, run.sha256[:16])
        else:
            text = self.tr("通知書を作成しました: {0}({1}事業所・{2}人・{3}頁)").format(
                target, run.employers, run.employees, run.pages)
        self.result.setText(text)
        self.status_message.emit(text)

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        self.result.setText(error_text(error))
