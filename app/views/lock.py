"""Terminal control: the card is watched; pulling it (or leaving the terminal idle) locks every
window at once, showing nothing of the work behind. The same card and its PIN unlock where the
clerk was, input intact; another card ends the session."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.card.errors import CardCommunicationError, CardError
from app.services import inquiry
from app.services.card_access import CardSlot, card_identity
from app.services.card_login import card_user_error, other_staff_card, pin_length
from app.services.session import StaffSession
from app.views.messages import error_text
from app.views.worker import Worker

log = logging.getLogger(__name__)
IDLE_LOCK_MS = 10 * 60 * 1000  # the city's screen-lock policy: 10 minutes without input


class CardEvents(QObject):
    """Card reader events re-emitted as Qt signals (queued when they come from the monitor thread)."""

    changed = Signal(str, str)  # "inserted" | "removed" | "reader_lost", card id or reader name


class LockPage(QWidget):
    """What a locked window shows: who locked it and how to come back. No personal data."""

    unlock_requested = Signal(str)

    def __init__(self, staff_name: str) -> None:
        super().__init__()
        self.setObjectName("lockPage")
        # A plain QWidget ignores its style sheet background unless told to draw it.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel()
        self.title.setObjectName("lockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        self.staff = QLabel(self.tr("ロック中の職員: {0}").format(staff_name))
        self.staff.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.staff)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.setFixedWidth(220)
        self.pin.returnPressed.connect(self._submit)
        layout.addWidget(self.pin, 0, Qt.AlignmentFlag.AlignHCenter)
        self.button = QPushButton(self.tr("ロック解除"))
        self.button.clicked.connect(self._submit)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.error)
        layout.addStretch(2)

    def show_state(self, reason: str, card_present: bool) -> None:
        titles = {"card": self.tr("カードが抜かれたため画面をロックしました"),
                  "idle": self.tr("一定時間操作がなかったため画面をロックしました"),
                  "reader": self.tr("カードリーダーとの通信が途絶えたため画面をロックしました")}
        self.title.setText(titles.get(reason, titles["card"]))
        if card_present:
            self.detail.setText(self.tr("同じカードでPINを入力すると、作業を続けられます。"))
        elif reason == "reader":
            self.detail.setText(self.tr("リーダーの接続を確認してください。復旧してカードが読めるようになると、"
                                        "PINを入力して作業を続けられます。"))
        else:
            self.detail.setText(self.tr("ご自分のセキュリティカードを挿入してください。"))
        self.pin.setEnabled(card_present)
        self.button.setEnabled(card_present)
        self.error.clear()
        if card_present:
            self.pin.setFocus()

    def _submit(self) -> None:
        if self.pin.text():
            self.unlock_requested.emit(self.pin.text())
            self.pin.clear()


class TerminalGuard(QObject):
    """Locks and unlocks the main window after the card and the clerk's activity."""

    locked = Signal(str)
    unlocked = Signal()
    session_ended = Signal(str)  # the reason shown to the next user

    def __init__(self, window: QWidget, session: StaffSession, slot: CardSlot, card_id: str | None,
                 events: CardEvents, worker: Worker, *, idle_ms: int = IDLE_LOCK_MS) -> None:
        super().__init__(window)
        self.window, self.session, self.slot, self.card_id = window, session, slot, card_id
        # At an administrator's terminal a second reader holds the cards being issued: only the
        # login reader's removal locks (when the slot cannot tell which reader that is, any does).
        self.login_reader = slot.reader_name()
        self.worker = worker
        self.is_locked = False
        self.reason = ""
        self.page = LockPage(session.identity.display_name)
        self.page.unlock_requested.connect(self.try_unlock)
        events.changed.connect(self._card_changed)
        self._hidden: list[QWidget] = []
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_ms)
        self.idle.timeout.connect(lambda: self.lock("idle"))
        self.idle.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # -- locking ---------------------------------------------------------------------------------

    def lock(self, reason: str) -> None:
        if self.is_locked:
            return
        self.is_locked, self.reason = True, reason
        # Every other window of the application is hidden while locked (dialogs, previews).
        self._hidden = [w for w in QApplication.topLevelWidgets()
                        if w.isVisible() and w is not self.window and w.objectName() != "demoReader"]
        for widget in self._hidden:
            widget.hide()
        self.window.set_locked(self.page)  # type: ignore[attr-defined]
        # Removal and a lost reader leave no card to read; an idle lock keeps the card in. (No card I/O
        # here: this runs on the GUI thread. A card inserted later is identified on the worker.)
        self.page.show_state(reason, card_present=reason == "idle")
        self._record({"card": "lock_card_removed", "reader": "lock_reader_lost"}.get(reason, "lock_idle"))
        self.locked.emit(reason)

    def try_unlock(self, pin: str) -> None:
        slot, expected = self.slot, self.card_id

        def verify() -> None:
            card = slot.open()
            try:
                if expected is not None and card_identity(card) != expected:
                    raise other_staff_card()
                card.verify_pin(pin)
            except ValueError:
                raise pin_length() from None
            except (CardError, CardCommunicationError) as exc:
                raise card_user_error(exc) from None
            finally:
                card.transport.close()

        self.worker.submit(verify, lambda _none: self.unlock(), self._unlock_failed)

    def unlock(self) -> None:
        if not self.is_locked:
            return
        self.is_locked = False
        self.login_reader = self.slot.reader_name()  # the card may have come back in another reader
        self.window.set_unlocked()  # type: ignore[attr-defined]
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self._record("unlock")
        self.idle.start()
        self.unlocked.emit()

    def _unlock_failed(self, error: Exception) -> None:
        self.page.error.setText(error_text(error))

    # -- events ----------------------------------------------------------------------------------

    def _card_changed(self, kind: str, detail: str) -> None:
        if kind in ("removed", "reader_lost"):
            if not (self.login_reader and detail and detail != self.login_reader):
                self.lock("card" if kind == "removed" else "reader")
            return
        if kind != "inserted":
            return
        slot = self.slot
        self.worker.submit(slot.card_id, self._card_inserted)

    def _card_inserted(self, card_id: str | None) -> None:
        if card_id is None:
            return
        if card_id == self.card_id:
            if self.is_locked:
                self.page.show_state(self.reason, card_present=True)
            return
        # Another staff member's card: this session ends, its unsaved input is discarded.
        log.warning("another card inserted: ending the session of %s", self.session.identity.staff_code)
        self._record("end_other_card")
        self.session_ended.emit(self.tr("別のカードが挿入されたため、前の職員のセッションを終了しました。"
                                        "保存していない入力は破棄されました。"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.is_locked and event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                                                   QEvent.Type.Wheel):
            self.idle.start()
        return False

    def stop(self) -> None:
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _record(self, kind: str) -> None:
        db = self.session.db
        self.worker.submit(lambda: inquiry.session_event(db, kind), lambda _none: None,
                           lambda error: log.warning("session event %s not recorded: %s", kind, error))
