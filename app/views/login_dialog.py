"""Demo login: pick a demo staff member (the smart-card login replaces this in production)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from app.services.session import StaffSession
from app.views.messages import error_text
from app.views.worker import Worker


class DemoLoginDialog(QDialog):
    def __init__(self, staff: list[tuple[str, str, str]], connect: Callable[[str], StaffSession],
                 worker: Worker) -> None:
        """`staff`: (code, display name, roles text); `connect(code)` opens that staff member's session."""
        super().__init__()
        self.setWindowTitle(self.tr("ログイン（デモ）"))
        self.session: StaffSession | None = None
        self._connect, self._worker = connect, worker
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("デモ環境です。セキュリティカードの代わりに職員を選んでください。\n"
                              "データはすべて架空のものです。"))
        hint.setObjectName("loginHint")
        layout.addWidget(hint)
        form = QFormLayout()
        self.staff = QComboBox()
        for code, name, roles in staff:
            self.staff.addItem(f"{code}  {name}  ({roles})", code)
        form.addRow(self.tr("職員"), self.staff)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("ログイン"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("終了"))
        self.buttons.accepted.connect(self._login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _login(self) -> None:
        code = str(self.staff.currentData())
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("接続中…"))
        self._worker.submit(lambda: self._connect(code), self._logged_in, self._failed)

    def _logged_in(self, session: StaffSession) -> None:
        self.session = session
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(error))
