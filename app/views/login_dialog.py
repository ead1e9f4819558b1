"""Login: staff code + security card + PIN. The card does the work on a worker thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from app.i18n import UserError
from app.services import card_login
from app.services.card_access import CardSlot, card_identity
from app.services.session import StaffSession
from app.views.messages import error_text
from app.views.worker import Worker

SessionOpener = Callable[[str], StaffSession]  # DSN of the staff role → an open session


class LoginDialog(QDialog):
    def __init__(self, bootstrap_url: str, slot: CardSlot, worker: Worker, *, hint: str = "",
                 open_session: SessionOpener = StaffSession.open) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("ログイン — Juminzei Desk"))
        self.session: StaffSession | None = None
        self.card_id: str | None = None
        self._bootstrap_url, self._slot, self._worker, self._open_session = bootstrap_url, slot, worker, open_session
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("セキュリティカードを挿入し、職員コードとPINを入力してください。")
                       + (f"\n{hint}" if hint else ""))
        intro.setObjectName("loginHint")
        layout.addWidget(intro)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setMaxLength(16)
        self.code.setPlaceholderText(self.tr("例: SATO01"))
        form.addRow(self.tr("職員コード"), self.code)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        form.addRow(self.tr("PIN"), self.pin)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("ログイン"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("終了"))
        self.buttons.accepted.connect(self.login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.code.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.login)

    def login(self) -> None:
        code, pin = self.code.text().strip().upper(), self.pin.text()
        if not code:
            self._show(self.tr("職員コードを入力してください。"), self.code)
            return
        if not pin:
            self._show(self.tr("PINを入力してください。"), self.pin)
            return
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("カードで認証中…"))
        slot, url, opener = self._slot, self._bootstrap_url, self._open_session

        def work() -> tuple[StaffSession, str]:
            card = slot.open()
            try:
                dsn = card_login.login(url, code, card, pin)
                card_id = card_identity(card)  # the card the unlock and the guard will expect
            finally:
                card.transport.close()  # a reader connection is held only while the card works
            return opener(dsn), card_id

        self._worker.submit(work, self._logged_in, self._failed)

    def _logged_in(self, result: tuple[StaffSession, str]) -> None:
        self.session, self.card_id = result
        self.pin.clear()  # the PIN lives no longer than the login
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        field = error.field if isinstance(error, UserError) else None
        self._show(error_text(error), self.pin if field == "pin" else self.code)
        if field == "pin":
            self.pin.selectAll()

    def _show(self, text: str, focus: QLineEdit) -> None:
        self.error.setText(text)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
