"""管理 › 操作ログ: verify the hash chain and list recent events (r_security)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.services import audit_review
from app.services.session import StaffSession
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.worker import Worker

ACTION_LABELS = {
    "person.search": QT_TRANSLATE_NOOP("AuditEventModel", "宛名検索"),
    "person.search_page": QT_TRANSLATE_NOOP("AuditEventModel", "検索結果の続き"),
    "audit.chain_holder_ended": QT_TRANSLATE_NOOP("AuditEventModel", "記録を止めた接続の切断"),
    "person.read": QT_TRANSLATE_NOOP("AuditEventModel", "個人照会"),
    "person.my_number": QT_TRANSLATE_NOOP("AuditEventModel", "個人番号表示"),
    "assessment.read": QT_TRANSLATE_NOOP("AuditEventModel", "課税内容照会"),
    "household.read": QT_TRANSLATE_NOOP("AuditEventModel", "世帯照会"),
    "audit.read": QT_TRANSLATE_NOOP("AuditEventModel", "操作ログ閲覧"),
    "staff.upsert": QT_TRANSLATE_NOOP("AuditEventModel", "職員登録"),
    "terminal.register": QT_TRANSLATE_NOOP("AuditEventModel", "端末登録"),
    "terminal.revoke": QT_TRANSLATE_NOOP("AuditEventModel", "端末失効"),
    "seed.load": QT_TRANSLATE_NOOP("AuditEventModel", "架空データ投入"),
}


class AuditEventModel(RowTableModel[audit_review.AuditEvent]):
    COLUMNS = (QT_TRANSLATE_NOOP("AuditEventModel", "番号"), QT_TRANSLATE_NOOP("AuditEventModel", "日時"),
               QT_TRANSLATE_NOOP("AuditEventModel", "職員"), QT_TRANSLATE_NOOP("AuditEventModel", "端末"),
               QT_TRANSLATE_NOOP("AuditEventModel", "操作"), QT_TRANSLATE_NOOP("AuditEventModel", "宛名番号"),
               QT_TRANSLATE_NOOP("AuditEventModel", "目的"), QT_TRANSLATE_NOOP("AuditEventModel", "結果"))

    def set_rows(self, rows: list[audit_review.AuditEvent]) -> None:
        super().set_rows(list(reversed(rows)))  # newest first

    def display(self, e: audit_review.AuditEvent, column: int) -> str:
        action = self.tr(ACTION_LABELS.get(e.action, e.action))
        values = (e.event_id, e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), e.staff, e.terminal, action,
                  e.person_id or "", e.purpose or "", e.result)
        return str(values[column])


class AuditPage(QWidget):
    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.verify_button = QPushButton(self.tr("改ざん検査を実行"))
        self.verify_button.clicked.connect(self.verify)
        row.addWidget(self.verify_button)
        self.refresh_button = QPushButton(self.tr("最近7日間のログを表示"))
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        # Issued staff cards wait for a security officer's approval (two-person rule; card_admin_page).
        self.card_approvals_button = QPushButton(self.tr("カード発行の承認(&C)…"))
        self.card_approvals_button.clicked.connect(self.open_card_approvals)
        row.addWidget(self.card_approvals_button)
        self.result = QLabel()
        self.result.setObjectName("chainResult")
        row.addWidget(self.result, 1)
        layout.addLayout(row)
        self.model = AuditEventModel(self)
        table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setDefaultSectionSize(24)
        for column, width in enumerate((60, 150, 90, 110, 110, 100, 120)):
            table.setColumnWidth(column, width)
        table.setWordWrap(False)
        layout.addWidget(table, 1)

    def open_card_approvals(self) -> QWidget:
        from app.views.card_admin_page import CardApprovalDialog

        dialog = CardApprovalDialog(self.session, self.worker, self)
        dialog.open()
        return dialog

    def verify(self) -> None:
        self.result.setText(self.tr("検査中…"))
        db = self.session.db
        self.worker.submit(lambda: audit_review.verify(db), self._show_report, self._show_error)

    def refresh(self) -> None:
        db = self.session.db
        self.worker.submit(lambda: audit_review.recent_events(db), self.model.set_rows, self._show_error)

    def _show_report(self, report: audit_review.ChainReport) -> None:
        if report.ok:
            self.result.setText(self.tr("正常: {0}件のログに改ざんはありません。").format(f"{report.checked:,}"))
        else:
            self.result.setText(self.tr("異常: ログ番号 {0} で不整合（{1}）").format(report.first_bad_event,
                                                                                  report.reason))

    def _show_error(self, error: Exception) -> None:
        self.result.setText(error_text(error))
