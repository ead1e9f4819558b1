"""Pieces the assessment-work pages share: an amount field with separators and a field-level
message, and the table models of 計算根拠 steps, differences and versions."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.i18n import UserError
from app.models.assessment_work import DiffLine, VersionRecord
from app.services import change_notice_pdf, errors, proposals, returns, wareki
from app.services.db import Database
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.worker import Worker

ERROR_STYLE = "color: #b00020;"
BANNER_ERROR = "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a8a8; padding: 6px; }"
BANNER_INFO = "QLabel { background: #e8f1fb; color: #1f3f66; border: 1px solid #a9c4e4; padding: 6px; }"


class AmountEdit(QLineEdit):
    """Yen amount: right-aligned, full-width digits accepted, separators added when the field is left.
    A loss is typed with a leading minus or △ where the field allows one."""

    amount_changed = Signal()

    def __init__(self, *, signed: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signed = signed
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(20)
        self.setMinimumWidth(120)
        self.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.textChanged.connect(lambda _t: self.amount_changed.emit())
        self.editingFinished.connect(self.reformat)

    def value(self) -> int:
        """The amount, or a UserError saying why the text is not one."""
        return returns.parse_amount(self.text(), signed=self.signed)

    def set_value(self, value: int) -> None:
        self.setText(returns.format_amount(value) if value else "")

    def reformat(self) -> None:
        try:
            value = self.value()
        except UserError:
            return  # leave what was typed; the message says what is wrong
        self.setText(returns.format_amount(value) if value else "")


class Field(QWidget):
    """An input with its message line underneath (empty unless the input is wrong)."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

    def set_error(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
        self.editor.setProperty("invalid", bool(text))
        self.editor.setStyleSheet("border: 1px solid #b00020;" if text else "")


def yen(value: Any) -> str:
    return "" if value is None else returns.format_amount(int(value))


class StepModel(RowTableModel[tuple[str, str, int, str, str]]):
    """計算根拠: label, amount, rule (the source in the tooltip)."""

    COLUMNS: ClassVar[tuple[str, ...]] = (QT_TRANSLATE_NOOP("StepModel", "項目"),
                                          QT_TRANSLATE_NOOP("StepModel", "金額"),
                                          QT_TRANSLATE_NOOP("StepModel", "計算方法"))
    NUMERIC: ClassVar[frozenset[int]] = frozenset({1})

    def display(self, row: tuple[str, str, int, str, str], column: int) -> str:
        return (row[1], yen(row[2]), row[3])[column]

    def tooltip(self, row: tuple[str, str, int, str, str], column: int) -> str | None:
        return f"{row[3]}\n{row[4]}" if row[4] else row[3]


class DiffModel(RowTableModel[DiffLine]):
    COLUMNS: ClassVar[tuple[str, ...]] = (QT_TRANSLATE_NOOP("DiffModel", "項目"),
                                          QT_TRANSLATE_NOOP("DiffModel", "変更前"),
                                          QT_TRANSLATE_NOOP("DiffModel", "変更後"))

    def display(self, row: DiffLine, column: int) -> str:
        # Labels and choice values come from app.models.assessment_work; return_entry_page marks them.
        text = (row.label, row.before, row.after)[column]
        return QCoreApplication.translate("ReturnEntryPage", text) if text else text

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() > 0:
            row = self.row_at(index.row())
            if row.key.startswith(("items.", "salary", "pension", "business", "agri", "real", "interest",
                                   "dividend", "misc")) or row.key.endswith(("_tax", "_levy", "_capita", "income",
                                                                             "_base", "_total")):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


SOURCE_LABELS = {
    "before": QT_TRANSLATE_NOOP("VersionModel", "当初（一括計算・取込）"),
    "proposal": QT_TRANSLATE_NOOP("VersionModel", "申告・更正"),
    "reduction": QT_TRANSLATE_NOOP("VersionModel", "減免"),
}


class VersionModel(RowTableModel[VersionRecord]):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("VersionModel", "版"), QT_TRANSLATE_NOOP("VersionModel", "内容"),
        QT_TRANSLATE_NOOP("VersionModel", "年税額"), QT_TRANSLATE_NOOP("VersionModel", "提案者"),
        QT_TRANSLATE_NOOP("VersionModel", "承認者・更新者"), QT_TRANSLATE_NOOP("VersionModel", "承認日時"),
        QT_TRANSLATE_NOOP("VersionModel", "理由"))
    NUMERIC: ClassVar[frozenset[int]] = frozenset({0, 2})

    def display(self, row: VersionRecord, column: int) -> str:
        if column == 0:
            return str(row.version)
        if column == 1:
            text = QCoreApplication.translate("VersionModel", SOURCE_LABELS.get(row.source, row.source))
            return text + (QCoreApplication.translate("VersionModel", "（通知書 第{0}号）").format(row.notice_id)
                           if row.notice_id else "")
        if column == 2:
            return yen(row.amounts.get("annual_tax"))
        if column == 3:
            return row.proposed_by or ""
        if column == 4:
            return row.approved_by
        if column == 5:
            local = row.approved_at.astimezone()
            return f"{wareki.format_short(local.date())} {local:%H:%M}"
        return row.reason or ""

    def tooltip(self, row: VersionRecord, column: int) -> str | None:
        return row.engine if column == 1 and row.engine else None


class DecisionBanner(QLabel):
    """The message line of a page where staff decide (approval, 減免), and saving the 税額変更通知書
    the last decision produced."""

    def __init__(self, worker: Worker, db: Database, purpose: str) -> None:
        super().__init__()
        self.worker, self.db, self.purpose = worker, db, purpose
        self.last_notice: int | None = None
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str, *, error: bool) -> None:
        self.setText(text)
        self.setStyleSheet(BANNER_ERROR if error else BANNER_INFO)
        self.show()

    def show_error(self, error: Exception) -> None:
        self.show_message(error_text(error), error=True)

    def ask_notice_path(self) -> None:
        if self.last_notice is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("税額変更通知書の保存先"),
                                              f"税額変更通知書_{self.last_notice}.pdf", "PDF (*.pdf)")
        if path:
            self.save_notice(self.last_notice, Path(path))

    def save_notice(self, notice_id: int, path: Path) -> None:
        """Fetch the notice (an audited read), render it and write the PDF, off the GUI thread."""
        db, purpose = self.db, self.purpose

        def work() -> Path:
            notice = proposals.change_notice(db, notice_id, purpose)
            if notice is None:
                raise errors.Refused("通知書が見つかりません。", "Notice not found.")
            path.write_bytes(change_notice_pdf.render(notice, datetime.date.today()))
            return path

        self.worker.submit(work, lambda p: self.show_message(self.tr("税額変更通知書を保存しました: {0}").format(p),
                                                             error=False),
                           self.show_error, key=f"notice-{notice_id}")
