"""The client on the embedded demo: a software card reader panel, the card login, the main window
under terminal control. The flow is the workstation's; only the reader is simulated."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.card_access import DemoSlot
from app.services.demo import DEMO_PIN, DEMO_STAFF, DemoEnvironment
from app.views.application import create_application
from app.views.flow import ClientFlow
from app.views.lock import CardEvents
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

    def pin_hint(self) -> str:
        return self.tr("デモのPIN: {0}").format(DEMO_PIN)

    def insert(self) -> None:
        code = str(self.cards.currentData())
        self.slot.insert(self.env.card(code))
        self.state.setText(self.tr("挿入中: {0}").format(code))

    def _show(self, kind: str) -> None:
        if kind == "removed":
            self.state.setText(self.tr("カードは挿入されていません"))


def run_demo(env: DemoEnvironment) -> int:
    app = create_application()
    worker = Worker(app)
    slot = DemoSlot()
    events = CardEvents()
    slot.subscribe(events.changed.emit)
    reader = DemoReaderPanel(env, slot)
    reader.show()
    flow = ClientFlow(env.bootstrap_url, slot, events, worker,
                      hint=reader.pin_hint(), keep_visible=reader)
    flow.start()
    code = app.exec()
    worker.wait_idle()
    return code
