"""真正性確認: type or scan a presented certificate's QR content (a scanner types it and presses
Enter) and see whether the database knows it as genuine, for whom, when and where it was issued,
and whether it has been voided. The QR code covers the number, not the figures: the screen shows
what the certificate states (incomes, taxes, non-taxable status) so the counter compares them with
the paper and catches a copy with altered amounts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.models.certificate import Verification
from app.services import certificate_pdf, certificates, wareki
from app.services.session import StaffSession
from app.views.messages import error_text
from app.views.worker import Worker

GOOD, BAD, WARN = "#1b5e20", "#b71c1c", "#8a5a00"


class CertificateVerifyPage(QWidget):
    open_person = Signal(int, str)
    status_message = Signal(str)

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        self.result: Verification | None = None
        self.figure_values: dict[str, str] = {}  # label -> shown value (what the counter compares)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        caption = QLabel(self.tr("QR コードの内容(&Q)"))
        row.addWidget(caption)
        self.code = QLineEdit()
        caption.setBuddy(self.code)
        self.code.setPlaceholderText(self.tr("JZC1:証明番号:検証符号 — スキャナで読み取るか入力して Enter"))
        self.code.setClearButtonEnabled(True)
        self.code.returnPressed.connect(self.verify)
        row.addWidget(self.code, 1)
        self.verify_button = QPushButton(self.tr("確認"))
        self.verify_button.clicked.connect(self.verify)
        row.addWidget(self.verify_button)
        layout.addLayout(row)

        self.verdict = QLabel(self.tr("証明書の QR コードを読み取ってください。"))
        self.verdict.setObjectName("verifyVerdict")
        self.verdict.setWordWrap(True)
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.verdict.setFont(font)
        layout.addWidget(self.verdict)

        box = QGroupBox(self.tr("台帳の記録"))
        form = QFormLayout(box)
        self.fields: dict[str, QLabel] = {}
        for key, text in (("number", self.tr("証明番号")), ("status", self.tr("状態")), ("kind", self.tr("種類")),
                          ("year", self.tr("年度")), ("person", self.tr("対象者")), ("issued", self.tr("交付日時")),
                          ("counter", self.tr("交付窓口（端末）・職員")), ("voided", self.tr("無効日時・理由")),
                          ("replaced", self.tr("再交付後の番号"))):
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(text, value)
        top = QHBoxLayout()
        top.addWidget(box, 1)
        self.content_box = QGroupBox(self.tr("証明書の記載内容（紙の証明書の金額と照合してください）"))
        content_layout = QVBoxLayout(self.content_box)
        self.content_note = QLabel(self.tr("QR コードは金額を保証しません。下の金額が紙の証明書の記載と一つでも"
                                           "異なるときは、改ざんの疑いがあります。"))
        self.content_note.setWordWrap(True)
        content_layout.addWidget(self.content_note)
        self.figures = QFormLayout()
        content_layout.addLayout(self.figures)
        content_layout.addStretch(1)
        top.addWidget(self.content_box, 1)
        layout.addLayout(top)
        self.open_button = QPushButton(self.tr("対象者を照会で開く"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.setFocusProxy(self.code)  # a scanner types into the code box

    def verify(self) -> None:
        content = self.code.text().strip()
        if not content:
            self.verdict.setText(self.tr("QR コードの内容を入力してください。"))
            return
        db = self.session.db
        self.worker.submit(lambda: certificates.verify(db, content), self._show, self._error, key="certificate-verify")

    def _show(self, result: Verification) -> None:
        self.result = result
        for value in self.fields.values():
            value.setText("—")
        self._show_figures([])
        if not result.genuine:
            reason = {"malformed": self.tr("QR コードの形式が正しくありません。"),
                      "unknown": self.tr("この証明番号は交付台帳にありません。偽造の疑いがあります。"),
                      "mac": self.tr("検証符号が一致しません。改ざん・偽造の疑いがあります。")}.get(result.reason, "")
            self._verdict(self.tr("真正と確認できません。") + reason, BAD)
            if result.certificate_no:
                self.fields["number"].setText(result.certificate_no)
            self.open_button.setEnabled(False)
            return
        voided = result.status == "voided"
        self._verdict(self.tr("交付台帳の記録と一致しますが、この証明書は無効にされています。") if voided
                      else self.tr("真正な証明書です（交付台帳の記録と一致）。"), WARN if voided else GOOD)
        self.fields["number"].setText(result.certificate_no or "")
        self.fields["status"].setText(self.tr("無効") if voided else self.tr("有効"))
        self.fields["kind"].setText(result.kind_label or "")
        self.fields["year"].setText(wareki.fiscal_year_label(result.tax_year) if result.tax_year else "")
        self.fields["person"].setText(f"{result.person_name}（{result.person_id}）")
        if result.issued_at is not None:
            self.fields["issued"].setText(self._when(result.issued_at))
        self.fields["counter"].setText(f"{result.terminal}　{result.staff}")
        if result.voided_at is not None:
            self.fields["voided"].setText(f"{self._when(result.voided_at)}　{result.void_reason or ''}")
        if result.replaced_by:
            self.fields["replaced"].setText(result.replaced_by)
        self._show_figures(self._figures(result.kind or "", result.content or {}))
        self.open_button.setEnabled(result.person_id is not None)
        self.status_message.emit(self.verdict.text())

    def _figures(self, kind: str, content: dict[str, Any]) -> list[tuple[str, str]]:
        """The figures the certificate of that kind states, in the order of the paper."""
        def yen(value: object) -> str:
            return f"{int(str(value)):,}円" if value is not None else "—"

        status = {"all": self.tr("非課税（均等割・所得割とも）"), "income_levy": self.tr("所得割のみ非課税"),
                  "none": self.tr("課税")}.get(str(content.get("non_taxable")), "—")
        rows: list[tuple[str, str]] = [(self.tr("課税・非課税の区分"), status)]
        incomes: dict[str, Any] = content.get("incomes") or {}
        for label, key in ((self.tr("給与収入"), "salary_revenue"), (self.tr("給与所得"), "salary_income"),
                           (self.tr("公的年金等収入"), "pension_revenue"),
                           (self.tr("公的年金等所得"), "pension_income"),
                           (self.tr("営業等所得"), "business_income"), (self.tr("農業所得"), "agriculture_income"),
                           (self.tr("不動産所得"), "real_estate_income"), (self.tr("利子所得"), "interest_income"),
                           (self.tr("配当所得"), "dividend_income"),
                           (self.tr("雑所得（公的年金等以外）"), "misc_income"),
                           (self.tr("合計所得金額"), "total_income"), (self.tr("総所得金額等"), "income_base")):
            # Incomes the paper leaves out (zero, other than salary and pension) are left out here too.
            if key in incomes and (incomes[key] or key.startswith(("salary", "pension", "total", "income"))):
                rows.append((label, yen(incomes[key])))
        if kind in ("income_tax", "income"):
            rows += [(self.tr("所得控除合計"), yen(content.get("deductions_total"))),
                     (self.tr("課税標準額"), yen(content.get("taxable_income")))]
        taxes: dict[str, Any] = content.get("taxes") or {}
        if kind in ("income_tax", "tax") and taxes:
            rows += [(self.tr("市民税 所得割額"), yen(taxes.get("municipal_income_levy"))),
                     (self.tr("市民税 均等割額"), yen(taxes.get("municipal_per_capita"))),
                     (self.tr("県民税 所得割額"), yen(taxes.get("prefectural_income_levy"))),
                     (self.tr("県民税 均等割額"), yen(taxes.get("prefectural_per_capita"))),
                     (self.tr("森林環境税"), yen(taxes.get("forest_environment_tax"))),
                     (self.tr("年税額合計"), yen(taxes.get("annual_tax")))]
        return rows

    def _show_figures(self, rows: list[tuple[str, str]]) -> None:
        while self.figures.rowCount():
            self.figures.removeRow(0)
        self.figure_values = {}
        for label, value in rows:
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.figures.addRow(label, shown)
            self.figure_values[label] = value

    @staticmethod
    def _when(moment: object) -> str:
        from datetime import datetime

        assert isinstance(moment, datetime)
        local = moment.astimezone(certificate_pdf.TOKYO)
        return f"{wareki.format_long(local.date())} {local:%H:%M}"

    def _verdict(self, text: str, color: str) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {color};")

    def _error(self, error: Exception) -> None:
        self._verdict(error_text(error), BAD)

    def _open(self) -> None:
        if self.result is not None and self.result.person_id is not None:
            self.open_person.emit(self.result.person_id, "certificate")
