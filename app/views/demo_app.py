"""The client on the embedded demo: a software card reader panel, the card login, the main window
under terminal control. The flow is the workstation's; only the reader is simulated."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.card_access import DemoSlot, set_issuing_slot
from app.services.demo import DEMO_PIN, DEMO_PUK, DEMO_STAFF, DemoEnvironment
from app.views.application import create_application
from app.views.flow import ClientFlow
from app.views.lock import CardEvents
from app.views.worker import Worker


class DemoReaderPanel(QWidget):
    """Stands in for the card readers: the login reader (insert one of the demo staff cards, or pull
    it out) and a second reader for the card an administrator issues or unblocks in 管理."""

    def __init__(self, env: DemoEnvironment, slot: DemoSlot, issuing: DemoSlot | None = None) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("demoReader")
        self.setWindowTitle(self.tr("カードリーダー（デモ）"))
        self.env, self.slot = env, slot
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("ログイン用リーダー")))
        self.cards = self._card_choice()
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
        layout.addWidget(QLabel(self.tr("デモのPINはすべて {0}、PUKは {1} です。").format(DEMO_PIN, DEMO_PUK)))
        slot.subscribe(lambda kind, _card: self._show(kind))
        self._show("removed")
        self.issuing = issuing
        if issuing is not None:
            # Only the demo staff's own cards: a card issued here to someone else would leave the
            # login reader's card of that staff member out of date.
            layout.addWidget(QLabel(self.tr("発行用リーダー（管理の職員カード発行・PIN解除）")))
            self.issuing_cards = self._card_choice()
            layout.addWidget(self.issuing_cards)
            issue_row = QHBoxLayout()
            issue_insert = QPushButton(self.tr("発行用に挿入"))
            issue_insert.clicked.connect(
                lambda: issuing.insert(self.env.card(str(self.issuing_cards.currentData()))))
            issue_row.addWidget(issue_insert)
            issue_remove = QPushButton(self.tr("発行用から抜く"))
            issue_remove.clicked.connect(issuing.remove)
            issue_row.addWidget(issue_remove)
            layout.addLayout(issue_row)

    def _card_choice(self) -> QComboBox:
        cards = QComboBox()
        for code, name, caps in DEMO_STAFF:
            cards.addItem(f"{code}  {name}  ({', '.join(caps)})", code)
        return cards

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
    issuing = DemoSlot()  # not watched by terminal control: pulling an issued card locks nothing
    set_issuing_slot(issuing)
    reader = DemoReaderPanel(env, slot, issuing)
    reader.show()
    flow = ClientFlow(env.bootstrap_url, slot, events, worker,
                      hint=reader.pin_hint(), keep_visible=reader)
    flow.start()
    code = app.exec()
    worker.wait_idle()
    return code
