"""The client's life cycle in one event loop: card login → main window under terminal control →
(another card) back to the login. Used by the workstation client and the demo alike."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.services import inquiry, wareki
from app.services.card_access import CardSlot
from app.views.lock import IDLE_LOCK_MS, CardEvents, TerminalGuard
from app.views.login_dialog import LoginDialog
from app.views.main_window import MainWindow
from app.views.worker import Worker


class ClientFlow(QObject):
    def __init__(self, bootstrap_url: str, slot: CardSlot, events: CardEvents, worker: Worker, *,
                 hint: str = "", keep_visible: QWidget | None = None, idle_ms: int = IDLE_LOCK_MS) -> None:
        super().__init__()
        self.bootstrap_url, self.slot, self.events, self.worker = bootstrap_url, slot, events, worker
        self.hint, self.keep_visible, self.idle_ms = hint, keep_visible, idle_ms
        self.window: MainWindow | None = None
        self.guard: TerminalGuard | None = None
        self.dialog: LoginDialog | None = None

    def start(self, message: str = "") -> None:
        self.dialog = LoginDialog(self.bootstrap_url, self.slot, self.worker,
                                  hint="\n".join(x for x in (self.hint, message) if x))
        self.dialog.accepted.connect(self._logged_in)
        self.dialog.rejected.connect(QApplication.quit)
        self.dialog.show()

    def _logged_in(self) -> None:
        assert self.dialog is not None and self.dialog.session is not None
        session = self.dialog.session
        self.window = MainWindow(session, self.worker, wareki.fiscal_year(date.today()))
        self.guard = TerminalGuard(self.window, session, self.slot, self.dialog.card_id, self.events, self.worker,
                                   idle_ms=self.idle_ms)
        self.guard.session_ended.connect(self._session_ended)
        self.window.show()
        db = session.db
        self.worker.submit(lambda: inquiry.session_event(db, "login"), lambda _none: None)

    def _session_ended(self, message: str) -> None:
        """Another card: the window goes (unsaved input discarded) and the login comes back."""
        if self.guard is not None:
            self.guard.stop()
        if self.window is not None:
            self.window.hide()
            self.window.session.close()
            self.window.deleteLater()
        self.window = self.guard = None
        QMessageBox.warning(self.keep_visible, self.tr("セッション終了"), message)
        self.start(message)
