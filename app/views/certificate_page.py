"""証明書交付: the counter's one-screen, keyboard-first workflow.

Find the person → kind and tax year → requester and the identity document seen → purpose →
copies, fee or exemption → preview (F5) → issue and print (F9). Everything is checked again by the
database; a refusal is shown at the form, which keeps what the clerk typed. The preview is the
PDF rendered by poppler on a worker thread; after issuing, the page shows the issued PDF, exactly
the bytes handed to the printer.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import language
from app.models.certificate import CertificateOptions, CertificateRequest, Choice, CounterPerson, IssuedCertificate
from app.services import certificate_pdf, certificates, printing, wareki
from app.services.db import Database
from app.services.session import StaffSession
from app.views.messages import error_text
from app.views.worker import Worker

PREVIEW_DPI = 120  # rendered at 120 dpi (992 × 1403 px), shown at the width of the preview pane


def configured_printer() -> str:
    """The workstation's printer setting ([workstation] printer or JUMINZEI_PRINTER)."""
    from app import settings
    from app.i18n import UserError

    configured = os.environ.get("JUMINZEI_PRINTER", "")
    if configured:
        return configured
    try:
        path = settings.default_path()
        return settings.load(path).printer if path.exists() else ""
    except UserError:
        return ""


def label(choice: Choice) -> str:
    return choice.label_en if language() == "en" else choice.label_ja


class CertificatePage(QWidget):
    status_message = Signal(str)

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker, self.tax_year = session, worker, tax_year
        self.options: CertificateOptions | None = None
        self.person: CounterPerson | None = None
        self.check_id: int | None = None
        self.last_issued: certificates.PrintResult | None = None
        self.preview_pdf: bytes | None = None

        split = QSplitter()
        outer = QHBoxLayout(self)
        outer.addWidget(split)
        left = QWidget()
        form_box = QVBoxLayout(left)
        split.addWidget(left)

        find = QGroupBox(self.tr("対象者"))
        find_layout = QVBoxLayout(find)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("氏名・カナ・宛名番号を入力して Enter"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        find_layout.addWidget(self.query)
        self.persons = QListWidget()
        self.persons.setMaximumHeight(110)
        self.persons.currentItemChanged.connect(lambda *_: self._person_chosen())
        find_layout.addWidget(self.persons)
        form_box.addWidget(find)

        request = QGroupBox(self.tr("請求内容"))
        form = QFormLayout(request)
        self.kind = QComboBox()
        form.addRow(self.tr("証明書の種類(&K)"), self.kind)
        self.year = QComboBox()
        form.addRow(self.tr("年度(&Y)"), self.year)
        self.requester = QComboBox()
        self.requester.currentIndexChanged.connect(lambda *_: self._requester_changed())
        form.addRow(self.tr("請求者(&R)"), self.requester)
        self.requester_person = QLineEdit()
        self.requester_person.setPlaceholderText(self.tr("請求者の宛名番号（10桁）"))
        form.addRow(self.tr("同一世帯員"), self.requester_person)
        self.power_of_attorney = QCheckBox(self.tr("委任状を確認した"))
        form.addRow(self.tr("代理人"), self.power_of_attorney)
        self.office = QLineEdit()
        self.office.setMaxLength(60)
        self.office.setPlaceholderText(self.tr("請求した官公署名"))
        form.addRow(self.tr("官公署"), self.office)
        self.document = QComboBox()
        form.addRow(self.tr("本人確認書類(&D)"), self.document)
        self.purpose = QComboBox()
        form.addRow(self.tr("使用目的(&P)"), self.purpose)
        self.copies = QSpinBox()
        self.copies.setRange(1, 10)
        self.copies.setSuffix(self.tr(" 通"))
        self.copies.valueChanged.connect(lambda *_: self._update_fee())
        form.addRow(self.tr("通数(&N)"), self.copies)
        self.exemption = QComboBox()
        self.exemption.currentIndexChanged.connect(lambda *_: self._update_fee())
        form.addRow(self.tr("手数料免除"), self.exemption)
        self.fee = QLabel("—")
        self.fee.setObjectName("certificateFee")
        form.addRow(self.tr("手数料"), self.fee)
        self.printer = QComboBox()
        self.printer.setEditable(False)
        form.addRow(self.tr("プリンタ"), self.printer)
        form_box.addWidget(request)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton(self.tr("プレビュー (F5)"))
        self.preview_button.clicked.connect(self.preview)
        self.check_button = QPushButton(self.tr("確認を依頼"))
        self.check_button.clicked.connect(self.request_check)
        self.issue_button = QPushButton(self.tr("交付・印刷 (F9)"))
        self.issue_button.setEnabled(False)
        self.issue_button.clicked.connect(self.issue)
        for button in (self.preview_button, self.check_button, self.issue_button):
            buttons.addWidget(button)
        form_box.addLayout(buttons)

        after = QGroupBox(self.tr("交付後"))
        after_layout = QHBoxLayout(after)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("再交付・中止の理由（用紙詰まり等）"))
        after_layout.addWidget(self.reason, 1)
        self.reprint_button = QPushButton(self.tr("再交付"))
        self.reprint_button.clicked.connect(self.reprint)
        self.cancelled_button = QPushButton(self.tr("印刷中止を記録"))
        self.cancelled_button.clicked.connect(self.record_cancelled)
        after_layout.addWidget(self.reprint_button)
        after_layout.addWidget(self.cancelled_button)
        form_box.addWidget(after)

        self.message = QLabel()
        self.message.setObjectName("certificateMessage")
        self.message.setWordWrap(True)
        form_box.addWidget(self.message)
        form_box.addStretch(1)

        self.preview_label = QLabel(self.tr("プレビューはここに表示されます。"))
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._image: QImage | None = None
        self.preview_scroll = QScrollArea()
        self.preview_scroll.setWidget(self.preview_label)
        self.preview_scroll.setWidgetResizable(True)
        self.preview_scroll.setMinimumWidth(420)
        split.addWidget(self.preview_scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.preview)
        QShortcut(QKeySequence(Qt.Key.Key_F9), self, self.issue)
        for widget in (self.kind, self.year, self.requester, self.document, self.purpose, self.copies,
                       self.exemption, self.power_of_attorney, self.requester_person, self.office):
            signal = getattr(widget, "currentIndexChanged", None) or getattr(widget, "valueChanged", None) \
                or getattr(widget, "toggled", None) or getattr(widget, "textChanged", None)
            if signal is not None:
                signal.connect(lambda *_: self._form_changed())
        self._set_after_enabled(False)
        self._requester_changed()
        self.setFocusProxy(self.query)  # keyboard-first: the page opens in the search box
        self._load_options()

    # --- loading -------------------------------------------------------------------------------
    def _load_options(self) -> None:
        db = self.session.db
        self.worker.submit(lambda: (certificates.options(db), printing.list_printers(),
                                    printing.default_printer(configured_printer())),
                           self._show_options, self._show_error, key="certificate-options")

    def _show_options(self, loaded: tuple[CertificateOptions, list[str], str]) -> None:
        options, printers, default = loaded
        self.options = options
        for box, choices in ((self.kind, options.kinds), (self.requester, options.requesters),
                             (self.document, options.documents), (self.purpose, options.purposes)):
            box.blockSignals(True)
            box.clear()
            for choice in choices:
                box.addItem(label(choice), choice.code)
            box.blockSignals(False)
        self.exemption.blockSignals(True)
        self.exemption.clear()
        self.exemption.addItem(self.tr("なし（有料）"), None)
        for choice in options.exemptions:
            self.exemption.addItem(label(choice), choice.code)
        self.exemption.blockSignals(False)
        self.copies.setMaximum(options.max_copies)
        self.printer.clear()
        for name in dict.fromkeys([default, *printers]):
            if name:
                self.printer.addItem(name)
        if not self.printer.count():
            self.printer.addItem(self.tr("（プリンタがありません）"), "")
        self._requester_changed()
        self._update_fee()

    def search(self) -> None:
        text = self.query.text().strip()
        if not text:
            self._warn(self.tr("氏名・カナ・宛名番号を入力してください。"))
            return
        db = self.session.db
        self.worker.submit(lambda: certificates.find_person(db, text), self._show_persons, self._show_error,
                           key="certificate-find")

    def _show_persons(self, found: list[CounterPerson]) -> None:
        self.persons.clear()
        for person in found:
            item = QListWidgetItem(f"{person.person_id}  {person.name}（{person.family_kana}　{person.given_kana}）"
                                   f"  {wareki.format_long(person.birth_date)}  {person.address}")
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.persons.addItem(item)
        self._say(self.tr("{0}人が見つかりました。").format(len(found)) if found
                  else self.tr("該当する人はいません。"))
        if found:
            self.persons.setCurrentRow(0)
            self.persons.setFocus()

    def _person_chosen(self) -> None:
        item = self.persons.currentItem()
        self.person = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.year.clear()
        if self.person is None:
            return
        for y in self.person.years:
            state = self.tr("非課税") if y.non_taxable == "all" else self.tr("課税")
            if y.status == "draft":
                state = self.tr("未決定")
            self.year.addItem(f"{wareki.fiscal_year_label(y.tax_year)}（{state}）", y.tax_year)
        self._form_changed()

    # --- the form ------------------------------------------------------------------------------
    def _requester_changed(self) -> None:
        code = self.requester.currentData()
        self.requester_person.setEnabled(code == "household")
        self.power_of_attorney.setEnabled(code == "proxy")
        self.office.setEnabled(code == "official")
        self._update_fee()

    def _form_changed(self) -> None:
        # Anything changed after a preview or a check needs a new preview (and a new check).
        self.issue_button.setEnabled(False)
        self.check_id = None
        self._update_fee()

    def _update_fee(self) -> None:
        if self.options is None:
            return
        free = self.exemption.currentData() is not None or self.requester.currentData() == "official"
        fee = 0 if free else self.options.fee_per_copy * self.copies.value()
        self.fee.setText(self.tr("{0}円（免除）").format(0) if free else self.tr("{0}円").format(f"{fee:,}"))
        request = self._request(quiet=True)
        self.check_button.setVisible(request is not None and self.options.needs_check(request))

    def _request(self, *, quiet: bool = False) -> CertificateRequest | None:
        """The request as typed; None (with a message at the form) when something is missing."""
        def refuse(text: str, widget: QWidget) -> None:
            if not quiet:
                self._warn(text)
                widget.setFocus()

        if self.person is None:
            refuse(self.tr("対象者を検索して選択してください。"), self.query)
            return None
        if self.year.currentData() is None:
            refuse(self.tr("この人には課税の記録がありません。"), self.year)
            return None
        requester_person: int | None = None
        if self.requester.currentData() == "household":
            text = self.requester_person.text().strip()
            if not (text.isdigit() and len(text) == 10):
                refuse(self.tr("同一世帯員の宛名番号を10桁の数字で入力してください。"), self.requester_person)
                return None
            requester_person = int(text)
        return CertificateRequest(
            person_id=self.person.person_id, kind=str(self.kind.currentData()), tax_year=int(self.year.currentData()),
            requester=str(self.requester.currentData()), identity_document=str(self.document.currentData()),
            purpose=str(self.purpose.currentData()), copies=self.copies.value(),
            exemption=self.exemption.currentData(), requester_person_id=requester_person,
            requester_office=self.office.text().strip() or None,
            power_of_attorney=self.power_of_attorney.isChecked())

    # --- actions -------------------------------------------------------------------------------
    def preview(self) -> None:
        request = self._request()
        if request is None:
            return
        db = self.session.db

        def work() -> tuple[IssuedCertificate, bytes]:
            shown = certificates.preview(db, request)
            pdf = certificate_pdf.render_certificate(shown, specimen=True)
            return shown, certificate_pdf.page_image(pdf, PREVIEW_DPI)

        self._say(self.tr("確認しています…"))
        self.worker.submit(work, self._show_preview, self._show_error, key="certificate-preview")

    def _show_preview(self, result: tuple[IssuedCertificate, bytes]) -> None:
        shown, png = result
        self._show_png(png)
        request = self._request(quiet=True)
        needs_check = request is not None and self.options is not None and self.options.needs_check(request)
        self.issue_button.setEnabled(not needs_check or self.check_id is not None)
        text = self.tr("{0} {1}通 手数料{2}円。内容を確認して「交付・印刷」を押してください。").format(
            shown.kind_label, shown.copies, f"{shown.fee_total:,}")
        if needs_check and self.check_id is None:
            text += self.tr("この請求は別の職員の確認が必要です。「確認を依頼」を押してください。")
        self._say(text)

    def request_check(self) -> None:
        request = self._request()
        if request is None:
            return
        db = self.session.db
        self.worker.submit(lambda: certificates.request_check(db, request), self._check_requested,
                           self._show_error, key="certificate-check")

    def _check_requested(self, check_id: int) -> None:
        self.check_id = check_id
        self.issue_button.setEnabled(True)
        self._say(self.tr("確認依頼 {0} を登録しました。別の職員が「交付台帳」画面で確認した後に"
                                     "交付できます。").format(check_id))

    def issue(self) -> None:
        if not self.issue_button.isEnabled():
            self._warn(self.tr("先にプレビューで内容を確認してください（F5）。"))
            return
        request = self._request()
        if request is None:
            return
        printer = str(self.printer.currentText()) if self.printer.currentData() != "" else ""
        db, check_id = self.session.db, self.check_id
        self.issue_button.setEnabled(False)
        self._say(self.tr("交付しています…"))
        self.worker.submit(lambda: self._issue_work(db, request, printer, check_id), self._issued,
                           self._show_error, key="certificate-issue")

    @staticmethod
    def _issue_work(db: Database, request: CertificateRequest, printer: str,
                    check_id: int | None) -> tuple[certificates.PrintResult, bytes]:
        result = certificates.issue_and_print(db, request, printer, check_id=check_id)
        return result, certificate_pdf.page_image(result.rendered.pdf, PREVIEW_DPI)

    def _issued(self, outcome: tuple[certificates.PrintResult, bytes]) -> None:
        result, png = outcome
        self.last_issued = result
        self.check_id = None
        self._show_png(png)
        cert = result.rendered.certificate
        self._set_after_enabled(True)
        if result.outcome == "printed":
            text = self.tr("証明番号 {0} を交付しました（手数料{1}円）。{2} で印刷しました。").format(
                cert.certificate_no, f"{cert.fee_total:,}", self.printer.currentText())
        else:
            text = self.tr("証明番号 {0} を交付しましたが、印刷できませんでした: {1} 「再交付」で印刷し直してください"
                           "（手数料は再度かかりません）。").format(cert.certificate_no, result.message)
        if result.outcome == "printed":
            self._say(text)
        else:
            self._warn(text)
        self.status_message.emit(text)

    def reprint(self) -> None:
        if self.last_issued is None:
            return
        reason = self.reason.text().strip()
        if not reason:
            self._warn(self.tr("再交付の理由を入力してください。"))
            self.reason.setFocus()
            return
        old = self.last_issued.rendered.certificate
        printer = self.printer.currentText()
        # A reprint needs a new second check when the policy asks for one (「確認を依頼」 again).
        db, check_id = self.session.db, self.check_id

        def work() -> tuple[certificates.PrintResult, bytes]:
            rendered = certificates.render_and_record(db, certificates.reprint(db, old.certificate_id, reason,
                                                                               check_id))
            result = certificates.print_recorded(db, rendered, printer)
            return result, certificate_pdf.page_image(result.rendered.pdf, PREVIEW_DPI)

        self._set_after_enabled(False)
        self.worker.submit(work, self._issued, self._show_error, key="certificate-issue")

    def record_cancelled(self) -> None:
        if self.last_issued is None:
            return
        cert = self.last_issued.rendered.certificate
        db, printer, reason = self.session.db, self.printer.currentText(), self.reason.text().strip()
        self.worker.submit(lambda: certificates.record_print(db, cert.certificate_id, "cancelled", printer, reason),
                           lambda _: self.message.setText(
                               self.tr("証明番号 {0} の印刷中止を記録しました。").format(cert.certificate_no)),
                           self._show_error)

    # --- display -------------------------------------------------------------------------------
    def _warn(self, text: str) -> None:
        """A refusal or failure: in red, until the next normal message."""
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setText(text)

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def _set_after_enabled(self, enabled: bool) -> None:
        self.reprint_button.setEnabled(enabled)
        self.cancelled_button.setEnabled(enabled)

    def _show_png(self, png: bytes) -> None:
        self._image = QImage.fromData(png)
        self._fit_preview()

    def _fit_preview(self) -> None:
        """The page at the width of its pane (scrolling down), never below a readable 560 px."""
        if self._image is None or self._image.isNull():
            return
        width = max(560, self.preview_scroll.width() - self.preview_scroll.verticalScrollBar().sizeHint().width() - 6)
        self.preview_label.setPixmap(QPixmap.fromImage(self._image.scaledToWidth(
            width, Qt.TransformationMode.SmoothTransformation)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_preview()

    def _show_error(self, error: Exception) -> None:
        # The form keeps everything typed; only the message changes.
        self._warn(error_text(error))
        self.issue_button.setEnabled(False)
        if self.last_issued is not None:
            self._set_after_enabled(True)
