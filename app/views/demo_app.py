"""The client on the embedded demo: a software card reader panel, the card login, the main window
under terminal control. The flow is the workstation's; only the reader is simulated."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import inquiry, wareki
from app.services.card_access import DemoSlot
from app.services.demo import DEMO_PIN, DEMO_STAFF, DemoEnvironment
from app.views.application import create_application
from app.views.lock import CardEvents, TerminalGuard
from app.views.login_dialog import LoginDialog
from app.views.main_window import MainWindow
from app.views.worker import Worker


class DemoReaderPanel(QWidget):
    """Stands in for the card reader: insert one of the demo staff cards, or pull it out."""

    def __init__(self, env: DemoEnvironment, slot: DemoSlot) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("demoReader")
        self.setWindowTitle(self.tr("カードリーダー（デモ）"))
        self.env, self.slot = env, slot
        layout = QVBoxLayout(self)
        self.cards = QComboBox()
        for code, name, caps in DEMO_STAFF:
            self.cards.addItem(f"{code}  {name}  ({', '.join(caps)})", code)
        layout.addWidget(self.cards)
        row = QHBoxLayout()
        self.insert_button = QPushButton(self.tr("カードを挿入"))
        self.insert_button.clicked.connect(self.insert)
        row.addWidget(self.insert_button)
        self.remove_button = QPushButton(self.tr("カードを抜く"))
        self.remove_button.clicked.connect(slot.remove)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.state = QLabel()
        layout.addWidget(self.state)
        layout.addWidget(QLabel(self.tr("デモのPINはすべて {0} です。").format(DEMO_PIN)))
        slot.subscribe(lambda kind, _card: self._show(kind))
        self._show("removed")

    def insert(self) -> None:
        code = str(self.cards.currentData())
        self.slot.insert(self.env.card(code))
        self.state.setText(self.tr("挿入中: {0}").format(code))

    def _show(self, kind: str) -> None:
        if kind == "removed":
            self.state.setText(self.tr("カードは挿入されていません"))


class DemoFlow(QObject):
    """Login → main window under terminal control → (another card) back to the login, in one event loop."""

    def __init__(self, env: DemoEnvironment, worker: Worker) -> None:
        super().__init__()
        self.env, self.worker = env, worker
        self.slot = DemoSlot()
        self.events = CardEvents()
        self.slot.subscribe(self.events.changed.emit)
        self.reader = DemoReaderPanel(env, self.slot)
        self.window: MainWindow | None = None
        self.guard: TerminalGuard | None = None
        self.dialog: LoginDialog | None = None

    def start(self, message: str = "") -> None:
        self.reader.show()
        self.dialog = LoginDialog(self.env.bootstrap_url, self.slot, self.worker,
                                  hint=self.tr("デモのPIN: {0}").format(DEMO_PIN) + (f"\n{message}" if message else ""))
        self.dialog.accepted.connect(self._logged_in)
        self.dialog.rejected.connect(QApplication.quit)
        self.dialog.show()

    def _logged_in(self) -> None:
        assert self.dialog is not None and self.dialog.session is not None
        session = self.dialog.session
        self.window = MainWindow(session, self.worker, wareki.fiscal_year(date.today()))
        self.guard = TerminalGuard(self.window, session, self.slot, self.dialog.card_id, self.events, self.worker)
        self.guard.session_ended.connect(self._session_ended)
        self.window.show()
        db = session.db
        self.worker.submit(lambda: inquiry.session_event(db, "login"), lambda _none: None)

    def _session_ended(self, message: str) -> None:
        """Another card: the window goes (unsaved input discarded), and the login comes back."""
        if self.guard is not None:
            self.guard.stop()
        if self.window is not None:
            self.window.hide()
            self.window.deleteLater()
            self.window.session.close()
        self.window = self.guard = None
        QMessageBox.warning(self.reader, self.tr("セッション終了"), message)
        self.start(message)


def run_demo(env: DemoEnvironment) -> int:
    app = create_application()
    app.setQuitOnLastWindowClosed(True)
    worker = Worker(app)
    flow = DemoFlow(env, worker)
    flow.start()
    code = app.exec()
    worker.wait_idle()
    return code
